/**
 * The standard's date forms and its document identifier. Dates are Vietnam time (UTC+7), as the agencies
 * write them; the agency identifier is checked by pattern only (codes change when provinces merge).
 */
import { EdxmlError } from './edxml.errors.ts';

const OFFSET_MS = 7 * 3_600_000;
const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Circular 10/2016 form, or the longer schemes Decision 20/2020 allows (specs.md §1) */
const ORGAN_ID = /^[0-9A-Z.]{1,35}$/;

const realDate = (y: number, m: number, d: number) => {
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
};

export const isEdxmlDate = (value: string): boolean => {
  const m = DATE.exec(value);
  return !!m && realDate(+m[1]!, +m[2]!, +m[3]!);
};

export const isEdxmlTimestamp = (value: string): boolean => {
  const m = TIMESTAMP.exec(value);
  return !!m && realDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! < 24 && +m[5]! < 60 && +m[6]! < 60;
};

export const isOrganId = (value: string): boolean => ORGAN_ID.test(value);

const shifted = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString();
/** 2015/09/30, the day in Vietnam */
export const edxmlDate = (at: Date): string => shifted(at).slice(0, 10).replace(/-/g, '/');
/** 2015/09/30 14:05:09, Vietnam time */
export const edxmlTimestamp = (at: Date): string => `${edxmlDate(at)} ${shifted(at).slice(11, 19)}`;

/** The instant a timestamp names, read as Vietnam time */
export function dateOfTimestamp(value: string): Date {
  const m = TIMESTAMP.exec(value);
  if (!m || !isEdxmlTimestamp(value)) throw new EdxmlError('EDXML_FIELD_INVALID', { path: 'Timestamp', reason: 'cần dạng yyyy/MM/dd HH:mm:ss' });
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - OFFSET_MS);
}

export interface DocumentIdParts { readonly organId: string; readonly date: string; readonly number: string; readonly notation: string }

/** `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT` */
export const documentIdOf = (p: DocumentIdParts): string => `${p.organId},${p.date},${p.number}/${p.notation}`;

export function parseDocumentId(value: string): DocumentIdParts | undefined {
  const m = /^([^,]+),([^,]+),([^/,]+)\/([^,]+)$/.exec(value);
  if (!m || !isOrganId(m[1]!) || !isEdxmlDate(m[2]!)) return undefined;
  return { organId: m[1]!, date: m[2]!, number: m[3]!, notation: m[4]! };
}
