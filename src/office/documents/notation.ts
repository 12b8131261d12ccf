/**
 * Numbers and notations as Decree 30/2020 writes them (specs.md §2): numbers below 10 with a leading zero, the
 * notation as type abbreviation and issuer abbreviation joined by "-", a công văn naming issuer and drafting
 * unit: `15/QĐ-UBND`, `296/UBND-VHTT`. The year of a number is the year in Vietnam (UTC+7), not on the server.
 */
import { OfficeError } from '../office.errors.ts';
import type { DocumentType } from './catalogue.ts';

/** 5 → "05", 296 → "296" */
export const formatNumber = (n: number): string => String(n).padStart(2, '0');

// Upper-case letters with Đ, digits and the mixed-case abbreviations of Annex III (QyĐ, CTr, TTr, TrS)
const ABBREVIATION = /^[A-ZĐa-zđ0-9&]{1,20}$/u;

export interface NotationParts {
  readonly number: number;
  readonly type: DocumentType;
  /** The issuing agency's abbreviation: UBND, STTTT, VPCP */
  readonly issuer: string;
  /** The drafting unit: required for a công văn (VHTT in 296/UBND-VHTT), optional otherwise */
  readonly unit?: string;
}

export function notation(parts: NotationParts): string {
  for (const [field, value] of [['issuer', parts.issuer], ['unit', parts.unit]] as const) {
    if (value !== undefined && !ABBREVIATION.test(value.normalize('NFC'))) throw new OfficeError('OFFICE_NOTATION_INVALID', { field, value });
  }
  if (!Number.isInteger(parts.number) || parts.number < 1) throw new OfficeError('OFFICE_NOTATION_INVALID', { field: 'number', value: String(parts.number) });
  if (!parts.type.abbreviation && !parts.unit) throw new OfficeError('OFFICE_NOTATION_INVALID', { field: 'unit', value: '' });
  const groups = parts.type.abbreviation ? [parts.type.abbreviation, parts.issuer, ...(parts.unit ? [parts.unit] : [])] : [parts.issuer, parts.unit!];
  return `${formatNumber(parts.number)}/${groups.map((g) => g.normalize('NFC')).join('-')}`;
}
