/**
 * A list's documents for whoever may see it: the list as XLSX (any time), and the covering letter made when the list
 * is sent on — numbered from the agency's outgoing register, laid out by LibreOffice, signed by the actor's
 * server-held personal key (or on their USB token: batch-letter-token.ts) and then sealed with the agency's seal (a
 * personal signature first, seed 003 §6), kept in the blob store and recorded on the list's events with an audit
 * entry. The letter is made outside any transaction (LibreOffice takes seconds): one short transaction reserves it
 * with its number, another records it.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { takeNumberIn } from '../documents/registers.ts';
import { XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import type { CleanEntry } from '../forms/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import { batchToXlsx } from './batch-xlsx.ts';
import { isBeingMade, latestLetter, letterEvent, type LetterNumber, type LetterRecord, type LetterStep } from './batch-letter-record.ts';
import { letterheadOf, recipientOf, signerOf, type Letterhead } from './batch-letterhead.ts';
import { formOf } from './clean-input.ts';
import { signedCoveringLetter, type LetterSigning } from './covering-letter.ts';
import type { CoveringLetterInput } from './covering-letter.types.ts';
import { completeLetterFromToken, prepareLetterForToken } from './batch-letter-token.ts';
import { requireState } from './guards.ts';
import { LEVEL_ROLES } from './levels.ts';
import { canSee } from './queries.ts';
import { entriesOf, findBatch, insertEvents, userLabel, type BatchRow, type EntryRow } from './requests.repo.ts';
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

const PDF_TYPE = 'application/pdf';
const SENT_STATES = ['submitted', 'approved', 'done'] as const;
const LISTED_STATES = ['draft', 'submitted', 'approved', 'done'] as const;

export const infoOf = (batchId: string, step: LetterStep): BatchLetterInfo => ({
  batchId, state: step.record.state, notation: step.record.notation, recipient: step.record.recipient, signerId: step.record.signerId,
  at: step.at, size: step.record.size ?? null, entries: step.record.entries ?? null,
});

/** A readable file name (the route adds an ASCII fallback): no path or quote characters, not too long */
const fileName = (base: string, ext: string) => `${base.replace(/["\\/:*?<>|\r\n]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 150)}.${ext}`;

export const cleanOf = (rows: readonly EntryRow[]): CleanEntry[] => rows.map((r) => JSON.parse(r.data) as CleanEntry);

export function createBatchDocuments(rc: RequestContext, deps: BatchLetterDeps | undefined) {
  const db = kysely(rc);
  const visible = async (actor: Actor, id: string): Promise<BatchRow> => {
    const row = typeof id === 'string' ? await findBatch(db, id) : undefined;
    if (!row || !(await canSee(rc, actor, row))) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
    return row;
  };

  /** The list's rows as it stands; a list merged above lists the rows that went up with it */
  const listedEntries = async (batch: BatchRow): Promise<EntryRow[]> => {
    if (batch.state !== 'merged') return entriesOf(db, batch.id, LISTED_STATES);
    const carried = db.selectFrom('request_events').select('target_id').where('target_kind', '=', 'entry').where('batch_id', '=', batch.id);
    return db.selectFrom('request_entries').selectAll().where('id', 'in', carried).where('state', '!=', 'withdrawn').orderBy('created_at').orderBy('row_order').orderBy('id').execute();
  };

  return {
    /** The list in the seed's column order, for anyone who may see it */
    async listXlsx(actor: Actor, batchId: string): Promise<ExportedFile> {
      const batch = await visible(actor, batchId);
      const form = formOf(batch.form_id);
      const [head, rows] = await Promise.all([letterheadOf(db, batch.agency_id), listedEntries(batch)]);
      const file = await batchToXlsx({ form, agency: head.agency, entries: cleanOf(rows) });
      return { ...file, contentType: XLSX_TYPE, name: fileName(`Danh sách ${form.title} - ${head.agency.name}`, 'xlsx') };
    },

    /** The letter's state, or null when none was made */
    async letterInfo(actor: Actor, batchId: string): Promise<BatchLetterInfo | null> {
      const batch = await visible(actor, batchId);
      const step = await latestLetter(db, batch.id);
      return step ? infoOf(batch.id, step) : null;
    },

    /** The signed letter as kept */
    async letterPdf(actor: Actor, batchId: string): Promise<ExportedFile> {
      const batch = await visible(actor, batchId);
      const step = await latestLetter(db, batch.id);
      if (step?.record.state !== 'made' || !step.record.blob) throw new OfficeError('OFFICE_REQUEST_LETTER_NOT_FOUND');
      const head = await letterheadOf(db, batch.agency_id);
      return { name: fileName(`Công văn ${step.record.notation.replace('/', '-')} - ${head.agency.name}`, 'pdf'), contentType: PDF_TYPE, bytes: await rc.ctx.blobs.get(step.record.blob) };
    },

    /** Makes, signs and keeps the letter of a list sent on; a list that has one returns it (`isNew` false) */
    makeLetter: (actor: Actor, batchId: string) => makeLetter(rc, requireDeps(deps), actor, batchId, visible),
    /** The letter laid out and prepared for the signer's token certificate: the digest for congvan agent */
    prepareLetterForToken: (actor: Actor, batchId: string, certificatePem: string) => prepareLetterForToken(rc, requireDeps(deps), actor, batchId, certificatePem, visible),
    /** The token's value embedded, the agency's seal over it, the letter kept */
    completeLetterFromToken: (actor: Actor, batchId: string, signatureValue: Uint8Array) => completeLetterFromToken(rc, requireDeps(deps), actor, batchId, signatureValue, visible),
  };
}

export type VisibleBatch = (actor: Actor, id: string) => Promise<BatchRow>;

const requireDeps = (deps: BatchLetterDeps | undefined): BatchLetterDeps => {
  if (!deps) throw new Error('the request service was created without signing: covering letters need office.signing');
  return deps;
};

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

export type Reserved = { kind: 'stored'; step: LetterStep } | { kind: 'reserved'; step: LetterStep; batch: BatchRow; entries: EntryRow[] };

/** Under the list's lock: the stored letter, or a reservation with the register's next number (kept from an earlier attempt) */
export function reserveLetter(rc: RequestContext, actor: Actor, batchId: string, recipient: string, head: Letterhead): Promise<Reserved> {
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

async function makeLetter(rc: RequestContext, deps: BatchLetterDeps, actor: Actor, batchId: string, visible: (actor: Actor, id: string) => Promise<BatchRow>): Promise<{ letter: BatchLetterInfo; isNew: boolean }> {
  const db = kysely(rc);
  const seen = await visible(actor, batchId);
  const stored = await latestLetter(db, seen.id);
  if (stored?.record.state === 'made') return { letter: infoOf(seen.id, stored), isNew: false };
  await requireSigner(rc, deps, actor, seen);
  const reserved = await reserveWithInput(rc, actor, seen);
  if (reserved.kind === 'stored') return { letter: infoOf(seen.id, reserved.step), isNew: false };
  const { batch, step, input } = reserved;
  const pdf = await orFailed(rc, actor, batch, step, () => signedCoveringLetter(input, deps, { agencyId: batch.agency_id, signerUserId: actor.userId, signingTime: input.date }, deps.env));
  return { letter: await recordMade(rc, actor, batch, step, pdf, reserved.entries.length), isNew: true };
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

export type BatchDocuments = ReturnType<typeof createBatchDocuments>;
