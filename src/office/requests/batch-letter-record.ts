/**
 * A list's covering letter on record: its steps are request events of kind `letter` on the list (making → made,
 * or making → failed → making …; signed on a USB token, making → awaiting-token → made), appended, never updated,
 * so the latest one is its state. The number taken from
 * the outgoing register when it was first made stays with it: a retry after a failure prints the same number, and
 * the primary key (kind, list, version) lets only one caller start making it. @internal
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { PreparedHalf } from '../signing/token-signature.ts';
import type { BatchRow, NewEvent } from './requests.repo.ts';

const LETTER_KIND = 'letter';
/** A letter started longer ago than this without an outcome (the process died meanwhile) may be made again */
const LETTER_STALE_MS = 10 * 60_000;

type LetterState = 'making' | 'awaiting-token' | 'made' | 'failed';

/** The number from the agency's outgoing register, printed as "Số: 05/UBND-VHTT" */
export interface LetterNumber {
  readonly registerId: string;
  readonly year: number;
  readonly number: number;
  readonly notation: string;
}

export interface LetterRecord extends LetterNumber {
  readonly state: LetterState;
  readonly recipient: string;
  readonly signerId: string;
  readonly since: string;
  readonly blob?: string;
  readonly size?: number;
  readonly entries?: number;
  readonly failure?: string;
  /** Awaiting the signer's token: the letter prepared for their certificate (blob), what completes it, until when */
  readonly prepared?: { readonly blob: string; readonly half: PreparedHalf; readonly expiresAt: string };
}

export interface LetterStep {
  readonly version: number;
  readonly at: string;
  readonly record: LetterRecord;
}

export async function latestLetter(db: Kysely<Database>, batchId: string): Promise<LetterStep | undefined> {
  const row = await db.selectFrom('request_events').select(['version', 'at', 'details'])
    .where('target_kind', '=', LETTER_KIND).where('target_id', '=', batchId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, at: row.at, record: JSON.parse(row.details) as LetterRecord } : undefined;
}

export const letterEvent = (batch: BatchRow, previous: LetterStep | undefined, record: LetterRecord, actor: Actor, at: string): NewEvent => ({
  target_kind: LETTER_KIND, target_id: batch.id, version: (previous?.version ?? 0) + 1, action: `letter-${record.state}`,
  from_state: previous?.record.state ?? null, to_state: record.state, batch_id: batch.id, actor_id: actor.userId, agency_id: actor.agencyId,
  at, reason: record.failure ?? null, details: record as unknown as Record<string, unknown>,
});

/**
 * Someone else is making it now: a second caller waits rather than taking another number. A letter awaiting a
 * token waits for its signer until the session lapses; the signer may prepare it again (a wrong token, say).
 */
export const isBeingMade = (step: LetterStep | undefined, now: Date, by: string): boolean =>
  (step?.record.state === 'making' && now.getTime() - Date.parse(step.record.since) < LETTER_STALE_MS)
  || (step?.record.state === 'awaiting-token' && step.record.signerId !== by && now.toISOString() < (step.record.prepared?.expiresAt ?? ''));
