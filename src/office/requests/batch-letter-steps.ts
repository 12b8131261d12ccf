/**
 * The covering letter's steps, whichever key signs it (batch-documents.ts on the server, batch-letter-token.ts on
 * the signer's token): who may make it, its number reserved under the list's lock with what LibreOffice lays out,
 * a failure recorded, the finished letter kept with its audit entry. @internal
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { takeNumberIn } from '../documents/registers.ts';
import type { CleanEntry } from '../forms/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import { isBeingMade, latestLetter, letterEvent, type LetterNumber, type LetterRecord, type LetterStep } from './batch-letter-record.ts';
import { letterheadOf, recipientOf, signerOf, type Letterhead } from './batch-letterhead.ts';
import { formOf } from './clean-input.ts';
import type { LetterSigning } from './covering-letter.ts';
import type { CoveringLetterInput } from './covering-letter.types.ts';
import { requireState } from './guards.ts';
import { LEVEL_ROLES } from './levels.ts';
import { entriesOf, insertEvents, userLabel, type BatchRow, type EntryRow } from './requests.repo.ts';
import { inTransaction, kysely, lockedBatch, type RequestContext } from './work.ts';

/** What the letter needs from the office: the signing keys (and whether a person has one) and what it trusts */
export interface BatchLetterDeps extends LetterSigning {
  readonly keys: Pick<SigningKeys, 'signerFor' | 'hasKey'>;
  /** Finds soffice as documents/convert.ts does */
  readonly env?: NodeJS.ProcessEnv;
}

/** The covering letter as the list shows it */
export interface BatchLetterInfo {
  readonly batchId: string;
  readonly state: LetterRecord['state'];
  readonly notation: string;
  readonly recipient: string;
  readonly signerId: string;
  readonly at: string;
  readonly size: number | null;
  readonly entries: number | null;
}

const SENT_STATES = ['submitted', 'approved', 'done'] as const;

export const infoOf = (batchId: string, step: LetterStep): BatchLetterInfo => ({
  batchId, state: step.record.state, notation: step.record.notation, recipient: step.record.recipient, signerId: step.record.signerId,
  at: step.at, size: step.record.size ?? null, entries: step.record.entries ?? null,
});

export const cleanOf = (rows: readonly EntryRow[]): CleanEntry[] => rows.map((r) => JSON.parse(r.data) as CleanEntry);

export type VisibleBatch = (actor: Actor, id: string) => Promise<BatchRow>;

/**
 * Its own agency's clerk, IT officer, leader or the DIC's operator, with the agency's seal on the server, and a
 * personal key there too unless they sign on their token
 */
export async function requireSigner(rc: RequestContext, deps: BatchLetterDeps, actor: Actor, batch: BatchRow, on: 'server' | 'token' = 'server'): Promise<void> {
  const roles = [...LEVEL_ROLES[batch.level as keyof typeof LEVEL_ROLES], 'leader'] as const;
  if (actor.agencyId !== batch.agency_id || !roles.some((r) => actor.roles.includes(r))) throw new OfficeError('OFFICE_FORBIDDEN');
  requireState(batch, ['submitted'], 'lập công văn gửi kèm', 'danh sách');
  if (on === 'server' && !(await deps.keys.hasKey(batch.agency_id, actor.userId, 'personal'))) {
    throw new OfficeError('OFFICE_REQUEST_LETTER_SIGNER_KEY_MISSING', { holder: await userLabel(kysely(rc), actor.userId) });
  }
  if (!(await deps.keys.hasKey(batch.agency_id, null, 'seal'))) {
    const agency = await kysely(rc).selectFrom('agencies').select('name').where('id', '=', batch.agency_id).executeTakeFirst();
    throw new OfficeError('OFFICE_SIGNING_KEY_MISSING', { purpose: 'con dấu', holder: agency?.name ?? batch.agency_id });
  }
}

type Reserved = { kind: 'stored'; step: LetterStep } | { kind: 'reserved'; step: LetterStep; batch: BatchRow; entries: EntryRow[] };

/** Under the list's lock: the stored letter, or a reservation with the register's next number (kept from an earlier attempt) */
function reserveLetter(rc: RequestContext, actor: Actor, batchId: string, recipient: string, head: Letterhead): Promise<Reserved> {
  return inTransaction(rc, async (w) => {
    const batch = await lockedBatch(rc, w.trx, batchId);
    const previous = await latestLetter(w.trx, batch.id);
    if (previous?.record.state === 'made') return { kind: 'stored', step: previous };
    if (isBeingMade(previous, rc.ctx.now(), actor.userId)) throw new OfficeError('OFFICE_REQUEST_LETTER_PENDING', { since: previous!.record.since });
    requireState(batch, ['submitted'], 'lập công văn gửi kèm', 'danh sách');
    const entries = await entriesOf(w.trx, batch.id, SENT_STATES);
    if (entries.length === 0) throw new OfficeError('OFFICE_REQUEST_EMPTY');
    const number: LetterNumber = previous?.record ?? await takeNumberIn(w.trx, rc.ctx, w.audit, actor, { direction: 'out', typeCode: 'cong-van', issuer: head.issuer, unit: head.unit })
      .then((t) => ({ registerId: t.registerId, year: t.year, number: t.number, notation: t.notation! }));
    const record: LetterRecord = { registerId: number.registerId, year: number.year, number: number.number, notation: number.notation, state: 'making', recipient, signerId: actor.userId, since: w.at };
    const event = letterEvent(batch, previous, record, actor, w.at);
    await insertEvents(w.trx, [event]);
    return { kind: 'reserved', step: { version: event.version, at: w.at, record }, batch, entries };
  });
}

/** The letter reserved under its number, with what LibreOffice lays out: the letterhead, the recipient, the rows, the signer */
export async function reserveWithInput(rc: RequestContext, actor: Actor, seen: BatchRow): Promise<{ kind: 'stored'; step: LetterStep } | { kind: 'reserved'; step: LetterStep; batch: BatchRow; entries: EntryRow[]; input: CoveringLetterInput }> {
  const db = kysely(rc);
  const [head, recipient, signer] = await Promise.all([
    letterheadOf(db, seen.agency_id), recipientOf(db, seen.target_agency_id),
    db.selectFrom('users').select('full_name').where('id', '=', actor.userId).executeTakeFirstOrThrow(),
  ]);
  const reserved = await reserveLetter(rc, actor, seen.id, recipient, head);
  if (reserved.kind === 'stored') return reserved;
  const { batch, entries, step } = reserved;
  const input: CoveringLetterInput = {
    form: formOf(batch.form_id), agency: head.agency, entries: cleanOf(entries), notation: step.record.notation, place: head.place, date: rc.ctx.now(), recipient,
    signer: signerOf(actor, signer.full_name, head),
  };
  return { ...reserved, input };
}

/** The work on a reserved letter; when it fails, the failure is recorded (the number stays for the next try) */
export async function orFailed<T>(rc: RequestContext, actor: Actor, batch: BatchRow, step: LetterStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failure = { ...step.record, state: 'failed' as const, failure: (err as { code?: string }).code ?? 'SRV_INTERNAL' };
    await inTransaction(rc, (w) => insertEvents(w.trx, [letterEvent(batch, step, failure, actor, w.at)]));
    throw err;
  }
}

/** The signed and sealed letter kept and recorded after `step`, with its audit entry */
export async function recordMade(rc: RequestContext, actor: Actor, batch: BatchRow, step: LetterStep, pdf: Uint8Array, entries: number, check?: (latest: LetterStep | undefined) => void): Promise<BatchLetterInfo> {
  const blob = await rc.ctx.blobs.put(pdf);
  const made: LetterRecord = { ...step.record, state: 'made', blob, size: pdf.length, entries, prepared: undefined };
  const at = await inTransaction(rc, async (w) => {
    if (check) {
      await lockedBatch(rc, w.trx, batch.id);
      check(await latestLetter(w.trx, batch.id));
    }
    await insertEvents(w.trx, [letterEvent(batch, step, made, actor, w.at)]);
    await w.audit({
      actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.letter', targetType: 'request_batch', targetId: batch.id,
      details: { notation: made.notation, recipient: made.recipient, entries, sha256: createHash('sha256').update(pdf).digest('hex') },
    });
    return w.at;
  });
  return infoOf(batch.id, { version: step.version + 1, at, record: made });
}
