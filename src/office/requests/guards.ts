/** The refusals every request operation shares: a stale version (naming who changed it), a wrong state. @internal */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { vietnamIso } from '../../shared/vietnam-time.ts';
import type { FormDef } from '../forms/index.ts';
import { OfficeError } from '../office.errors.ts';
import { cleanNote } from './clean-input.ts';
import { userLabel, type BatchRow, type EntryRow } from './requests.repo.ts';
import type { Seen } from './requests.types.ts';

export const MAX_REASON = 1000;

const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: 'đang lập', submitted: 'đã gửi', merged: 'đã gộp lên cấp trên', returned: 'bị trả lại',
  approved: 'đã duyệt', done: 'đã hoàn thành', withdrawn: 'đã rút',
};

/** The time as a clerk reads it: 09:15 22/03/2026 (Vietnam) */
const readableTime = (iso: string): string => {
  const v = vietnamIso(new Date(iso));
  return `${v.slice(11, 16)} ${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
};

export async function requireBatchVersion(db: Kysely<Database>, row: BatchRow, seen: number): Promise<void> {
  if (row.version === seen) return;
  throw new OfficeError('OFFICE_REQUEST_BATCH_STALE', { by: await userLabel(db, row.updated_by), at: readableTime(row.updated_at), seen, current: row.version });
}

export async function requireEntryVersion(db: Kysely<Database>, row: EntryRow, seen: number): Promise<void> {
  if (row.version === seen) return;
  throw new OfficeError('OFFICE_REQUEST_ENTRY_STALE', { by: await userLabel(db, row.updated_by), at: readableTime(row.updated_at), seen, current: row.version });
}

/** `action` is Vietnamese, as the refusal reads: "gửi danh sách", "trả lại đề nghị" */
export function requireState(row: { readonly state: string }, allowed: readonly string[], action: string, target: 'danh sách' | 'đề nghị'): void {
  if (!allowed.includes(row.state)) throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action, target, state: STATE_LABELS[row.state] ?? row.state });
}

/** A list of what the user saw, as the HTTP schema shapes it (in-process callers are not held to it): each row an object with a text id, no id twice */
export const isSeenList = (value: unknown, max: number): value is readonly Seen[] =>
  Array.isArray(value) && value.length > 0 && value.length <= max
  && value.every((s: Partial<Seen> | null) => typeof s?.id === 'string') && new Set(value.map((s: Seen) => s.id)).size === value.length;

/** Why an entry is sent back: required, and cleaned as the form's own text fields are */
export function requireReason(form: FormDef, reason: unknown): string {
  const why = cleanNote(form, 'reason', reason, MAX_REASON);
  if (!why) throw new OfficeError('OFFICE_REASON_REQUIRED');
  return why;
}
