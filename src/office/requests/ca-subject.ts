/**
 * From a request's fields to what the CA writes, and back from a certificate to its subject: the subject profiles of
 * src/pki/profiles.ts (name, agency, province, e-mail, the ID number or tax and budget codes in UID). The profiles
 * carry no position (chức vụ): it stays on the request. @internal
 */
import { parseUid, PkiError, revocationReason, x509, type Identifier, type RevocationReason, type SubjectRequest } from '../../pki/index.ts';
import { foldText } from '../../shared/fold.ts';
import type { CleanEntry } from '../forms/index.ts';
import { idKindOf } from '../forms/index.ts';

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_ST = '2.5.4.8';
const OID_UID = '0.9.2342.19200300.100.1.1';

/** A text field of a request, trimmed; '' when absent or not text */
export const textOf = (entry: CleanEntry, key: string): string => {
  const value = entry[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** The ID paper as the UID prefix writes it: CMND (9 digits), CCCD (12), HC (passport) */
function personIdentifier(number: string): Identifier {
  const kind = idKindOf(number);
  if (!kind) throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'idNumber', reason: 'CMND, CCCD hoặc HC' });
  return { kind: kind === 'cmnd' ? 'CMND' : kind === 'cccd' ? 'CCCD' : 'HC', value: number };
}

/** Mẫu 01 (seed 000 sheet or seed 003 list row): the person, their agency and province, e-mail and ID paper */
export function personalSubject(entry: CleanEntry, defaultProvince: string): SubjectRequest {
  return {
    profile: 'individual', fullName: textOf(entry, 'fullName'), agency: textOf(entry, 'workplace'), province: textOf(entry, 'province') || defaultProvince,
    email: textOf(entry, 'email'), idNumber: personIdentifier(textOf(entry, 'personIdNumber')),
  };
}

/** Mẫu 02: the agency with its tax code (10 digits, or 13 for a dependent unit, written without its dash) and budget code */
export function organisationSubject(entry: CleanEntry, defaultProvince: string): SubjectRequest {
  const taxCode = textOf(entry, 'taxCode').replace('-', '');
  const budgetCode = textOf(entry, 'budgetCode');
  return {
    profile: 'organisation', agencyName: textOf(entry, 'organisationName'), province: textOf(entry, 'province') || defaultProvince,
    ...(taxCode ? { taxCode } : {}), ...(budgetCode ? { budgetCode } : {}),
  };
}

export interface CertificateSubject {
  readonly profile: string;
  readonly commonName: string;
  readonly organization: string;
  readonly province: string;
  readonly identifiers: readonly Identifier[];
  readonly email: string | null;
}

/** What a certificate of the register says about its subject */
export function readSubject(pem: string, profile: string): CertificateSubject {
  const certificate = new x509.X509Certificate(pem);
  const first = (oid: string) => certificate.subjectName.getField(oid)[0] ?? '';
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const email = san?.names.items.find((n) => n.type === 'email')?.value ?? null;
  return { profile, commonName: first(OID_CN), organization: first(OID_O), province: first(OID_ST), identifiers: parseUid(first(OID_UID)).identifiers, email };
}

/** The subject request that gives the same subject again (a renewal), before any change */
export function subjectRequestOf(subject: CertificateSubject): SubjectRequest {
  const id = (kinds: readonly string[]) => subject.identifiers.find((i) => kinds.includes(i.kind));
  switch (subject.profile) {
    case 'individual': {
      const idNumber = id(['CMND', 'CCCD', 'HC']);
      if (!idNumber) throw new PkiError('PKI_SUBJECT_FIELD_MISSING', { field: 'idNumber', profile: 'individual' });
      return { profile: 'individual', fullName: subject.commonName, agency: subject.organization, province: subject.province, email: subject.email ?? '', idNumber };
    }
    case 'organisation': {
      const taxCode = id(['MST'])?.value;
      const budgetCode = id(['MQHNS'])?.value;
      return { profile: 'organisation', agencyName: subject.commonName, province: subject.province, ...(taxCode ? { taxCode } : {}), ...(budgetCode ? { budgetCode } : {}) };
    }
    default:
      return { profile: 'device', deviceName: subject.commonName, agency: subject.organization, province: subject.province };
  }
}

/** A name or a label compared as a reader would: without diacritics or case, spaces collapsed */
export const foldName = (value: string): string => foldText(value).replace(/\s+/g, ' ').trim();

/** "Thông tin mới" as the forms print it, a line per field: "Cơ quan: Văn phòng UBND tỉnh", "Email: …", "Họ và tên: …" */
const CHANGE_LABELS: readonly { readonly field: 'name' | 'agency' | 'email' | 'province' | 'idNumber'; readonly pattern: RegExp }[] = [
  { field: 'email', pattern: /^(dia chi )?(thu dien tu|email|e-mail|hop thu)( cong vu)?$/ },
  { field: 'agency', pattern: /^(ten )?(co quan|don vi|co quan, to chuc|noi cong tac)( cong tac)?$/ },
  { field: 'province', pattern: /^(tinh|tinh\/thanh pho|tinh, thanh pho)$/ },
  { field: 'idNumber', pattern: /^(so )?(cmnd|cccd|ho chieu|so dinh danh|cmnd\/cccd)$/ },
  { field: 'name', pattern: /^(ho va ten|ho ten|ten|ten co quan|ten chung thu so)$/ },
];

/** Mẫu 03 "Thông tin mới" applied to the subject; a line that names no field it knows refuses the whole change */
export function applySubjectChanges(request: SubjectRequest, changeTo: string, email: string): SubjectRequest {
  let next: SubjectRequest = request.profile === 'individual' && email ? { ...request, email } : request;
  const lines = changeTo.split(/\r?\n|;/).map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const colon = line.indexOf(':');
    const label = colon > 0 ? foldName(line.slice(0, colon)) : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    const field = CHANGE_LABELS.find((c) => c.pattern.test(label))?.field;
    if (!field || !value) throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'Thông tin mới', reason: `không đọc được "${line.slice(0, 80)}": ghi mỗi dòng "Tên thông tin: giá trị mới" (Họ và tên, Cơ quan, Tỉnh, Thư điện tử, Số CMND/CCCD)` });
    next = withField(next, field, value);
  }
  if (lines.length === 0) throw new PkiError('PKI_SUBJECT_FIELD_MISSING', { field: 'Thông tin mới', profile: request.profile });
  return next;
}

function withField(request: SubjectRequest, field: (typeof CHANGE_LABELS)[number]['field'], value: string): SubjectRequest {
  switch (request.profile) {
    case 'individual':
      if (field === 'name') return { ...request, fullName: value };
      if (field === 'agency') return { ...request, agency: value };
      if (field === 'email') return { ...request, email: value };
      if (field === 'province') return { ...request, province: value };
      return { ...request, idNumber: personIdentifier(value.replace(/\s/g, '').toUpperCase()) };
    case 'organisation':
      if (field === 'name' || field === 'agency') return { ...request, agencyName: value };
      if (field === 'province') return { ...request, province: value };
      break;
    case 'device':
      if (field === 'name') return { ...request, deviceName: value };
      if (field === 'agency') return { ...request, agency: value };
      if (field === 'province') return { ...request, province: value };
      break;
  }
  throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field, reason: `mẫu chứng thư ${request.profile} không có thông tin này` });
}

const KEY_COMPROMISE = ['mất', 'bị mất', 'thất lạc', 'lộ khóa', 'lộ khoá', 'lộ mã pin', 'lộ mật khẩu', 'bị lộ', 'bị đánh cắp', 'đánh mất'];
const AFFILIATION = ['nghỉ hưu', 'chuyển công tác', 'thôi việc', 'nghỉ việc', 'điều động', 'luân chuyển'];
const SUPERSEDED = ['thay đổi thông tin', 'cấp mới', 'cấp lại', 'thay thế'];
const CESSATION = ['giải thể', 'sáp nhập', 'ngừng hoạt động', 'không sử dụng', 'không còn sử dụng', 'chấm dứt'];

/** Mẫu 04 "Lý do thu hồi" in words, as RFC 5280 names it; what is not recognised is "unspecified" */
export function revocationReasonOf(reason: string): RevocationReason {
  const trimmed = reason.trim();
  if (/^[a-zA-Z]+$/.test(trimmed)) {
    try { return revocationReason(trimmed); } catch { /* a word, not a reason name */ }
  }
  const words = ` ${trimmed.normalize('NFC').toLocaleLowerCase('vi').replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const says = (phrases: readonly string[]) => phrases.some((p) => words.includes(` ${p} `));
  if (says(KEY_COMPROMISE)) return 'keyCompromise';
  if (says(AFFILIATION)) return 'affiliationChanged';
  if (says(SUPERSEDED)) return 'superseded';
  if (says(CESSATION)) return 'cessationOfOperation';
  return 'unspecified';
}

/** Does the certificate named by a request belong to whom the request is about? By e-mail, an identifier or the name. */
export function certificateMatches(subject: CertificateSubject, entry: CleanEntry): boolean {
  const email = textOf(entry, 'email').toLowerCase();
  if (email && subject.email?.toLowerCase() === email) return true;
  const ids = ['subjectIdNumber', 'personIdNumber', 'keeperIdNumber', 'taxCode', 'budgetCode'].map((k) => textOf(entry, k).replace('-', '')).filter(Boolean);
  if (subject.identifiers.some((i) => ids.includes(i.value))) return true;
  const name = foldName(textOf(entry, 'certificateName'));
  return name !== '' && foldName(subject.commonName) === name;
}
