/**
 * The metadata of a case file (Circular 05/2025/TT-BNV; specs.md §6) and its checks. The lists of access levels
 * and reliability levels follow Circular 02/2019 as we read it; they are data here, easy to correct.
 */
import type { Database } from '../../store/index.ts';
import { OfficeError } from '../office.errors.ts';

/** Kept for ever ("Vĩnh viễn"); otherwise a number of years */
export const RETENTION_PERMANENT = 'vinh-vien';
/** Chế độ sử dụng: public, restricted, secret */
export const ACCESS_LEVELS = ['cong-khai', 'han-che', 'mat'] as const;
/** Mức độ tin cậy: born digital, digitised from paper, both */
export const RELIABILITY_LEVELS = ['goc-dien-tu', 'so-hoa', 'hon-hop'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export type Reliability = (typeof RELIABILITY_LEVELS)[number];
export type Retention = number | typeof RETENTION_PERMANENT;

export interface NewCaseFile {
  readonly title: string;
  readonly retention: Retention;
  readonly accessLevel?: AccessLevel;
  /** ISO 639 codes; Vietnamese when not given */
  readonly languages?: readonly string[];
  readonly keywords?: readonly string[];
  /** Ký hiệu thông tin */
  readonly informationSign?: string | null;
  readonly reliability?: Reliability;
  /** The year the case file belongs to; this year in Vietnam when not given */
  readonly year?: number;
}

export type CaseFileChanges = Partial<Omit<NewCaseFile, 'year'>>;

export interface Totals { readonly documents: number; readonly pages: number; readonly start: string | null; readonly end: string | null }

export interface CaseFile {
  readonly id: string;
  readonly code: string;
  readonly year: number;
  readonly title: string;
  readonly retention: Retention;
  readonly accessLevel: AccessLevel;
  readonly languages: string[];
  readonly keywords: string[];
  readonly informationSign: string | null;
  readonly reliability: Reliability;
  readonly status: 'open' | 'closed';
  /** Of the documents held: the earliest and latest document date, YYYY-MM-DD */
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly documentCount: number;
  readonly pages: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly closedAt: string | null;
}

const MAX_TITLE = 1000;
const MAX_KEYWORDS = 20;
const LANGUAGE = /^[a-z]{2,3}$/;

const invalid = (field: string, reason: string) => new OfficeError('OFFICE_CASE_FILE_INVALID', { field, reason });

function checkRetention(value: unknown): string {
  if (value === RETENTION_PERMANENT) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100) return String(value);
  throw invalid('retention', `thời hạn bảo quản là "${RETENTION_PERMANENT}" hoặc số năm từ 1 đến 100, không phải "${String(value)}"`);
}

function checkKeywords(value: unknown): string {
  if (!Array.isArray(value) || value.length > MAX_KEYWORDS) throw invalid('keywords', `từ khóa là danh sách tối đa ${MAX_KEYWORDS} mục`);
  const words = value.map((k) => (typeof k === 'string' ? k.trim() : ''));
  if (words.some((k) => !k || k.length > 100)) throw invalid('keywords', 'mỗi từ khóa từ 1 đến 100 ký tự');
  return JSON.stringify([...new Set(words)]);
}

function checkLanguages(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0 || value.length > 5 || !value.every((l) => typeof l === 'string' && LANGUAGE.test(l))) {
    throw invalid('languages', 'ngôn ngữ là 1 đến 5 mã ISO 639 viết thường, ví dụ ["vi"] hoặc ["vi", "en"]');
  }
  return [...new Set(value as string[])].join(',');
}

function checkChoice<T extends string>(field: string, value: unknown, allowed: readonly T[], label: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) throw invalid(field, `${label} "${String(value)}" (chọn một trong: ${allowed.join(', ')})`);
  return value as T;
}

/** The columns to write; on creation the defaults fill what was not given */
export function checkCaseFileInput(input: CaseFileChanges, creating: boolean): Partial<Database['case_files']> {
  const out: Partial<Database['case_files']> = {};
  if (creating || input.title !== undefined) {
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (!title || title.length > MAX_TITLE) throw invalid('title', `tiêu đề hồ sơ cần từ 1 đến ${MAX_TITLE} ký tự`);
    out.title = title;
  }
  if (creating || input.retention !== undefined) out.retention = checkRetention(input.retention);
  if (creating || input.accessLevel !== undefined) out.access_level = checkChoice('accessLevel', input.accessLevel ?? 'cong-khai', ACCESS_LEVELS, 'chế độ sử dụng');
  if (creating || input.reliability !== undefined) out.reliability = checkChoice('reliability', input.reliability ?? 'goc-dien-tu', RELIABILITY_LEVELS, 'mức độ tin cậy');
  if (creating || input.languages !== undefined) out.language = checkLanguages(input.languages ?? ['vi']);
  if (creating || input.keywords !== undefined) out.keywords = checkKeywords(input.keywords ?? []);
  if (input.informationSign !== undefined) {
    const sign = input.informationSign === null ? '' : typeof input.informationSign === 'string' ? input.informationSign.trim() : undefined;
    if (sign === undefined || sign.length > 50) throw invalid('informationSign', 'ký hiệu thông tin tối đa 50 ký tự');
    out.information_sign = sign || null;
  }
  return out;
}

export function toCaseFile(row: Database['case_files'], totals: Totals): CaseFile {
  return {
    id: row.id, code: row.code, year: row.year, title: row.title,
    retention: row.retention === RETENTION_PERMANENT ? RETENTION_PERMANENT : Number(row.retention),
    accessLevel: row.access_level as AccessLevel, languages: row.language.split(','), keywords: JSON.parse(row.keywords) as string[],
    informationSign: row.information_sign, reliability: row.reliability as Reliability, status: row.status as 'open' | 'closed',
    startDate: totals.start, endDate: totals.end, documentCount: totals.documents, pages: totals.pages,
    createdBy: row.created_by, createdAt: row.created_at, closedAt: row.closed_at,
  };
}
