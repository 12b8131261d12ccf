/**
 * Agency identifier codes (mã định danh) are data checked by pattern, never an enum: codes change when
 * provinces merge. The QCVN 102:2016 form is V1V2V3.Z1Z2.Y1Y2.MX1X2; Decision 20/2020/QĐ-TTg also
 * allows other schemes of up to 35 characters of 0-9, A-Z and dots.
 */
export const AGENCY_CODE_PATTERNS: readonly RegExp[] = [
  /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/,
  /^(?=.{1,35}$)[0-9A-Z]+(\.[0-9A-Z]+)+$/,
];

export const isAgencyCode = (code: string): boolean => AGENCY_CODE_PATTERNS.some((p) => p.test(code));
