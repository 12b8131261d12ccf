/**
 * A list's documents for whoever may see it: the list as XLSX (any time), and the covering letter made when the list
 * is sent on — numbered from the agency's outgoing register, laid out by LibreOffice, signed by the actor's
 * server-held personal key (or on their USB token: batch-letter-token.ts) and then sealed with the agency's seal (a
 * personal signature first, seed 003 §6), kept in the blob store and recorded on the list's events with an audit
 * entry. The letter is made outside any transaction (LibreOffice takes seconds): one short transaction reserves it
 * with its number, another records it.
 */
import type { Actor } from '../actor.ts';
import { XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import { OfficeError } from '../office.errors.ts';
import { batchToXlsx } from './batch-xlsx.ts';
import { latestLetter } from './batch-letter-record.ts';
import { letterheadOf } from './batch-letterhead.ts';
import { cleanOf, infoOf, orFailed, recordMade, requireSigner, reserveWithInput, type BatchLetterDeps, type BatchLetterInfo, type VisibleBatch } from './batch-letter-steps.ts';
import { completeLetterFromToken, prepareLetterForToken } from './batch-letter-token.ts';
import { formOf } from './clean-input.ts';
import { signedCoveringLetter } from './covering-letter.ts';
import { canSee } from './queries.ts';
import { entriesOf, findBatch, type BatchRow, type EntryRow } from './requests.repo.ts';
import { kysely, type RequestContext } from './work.ts';

export type { BatchLetterDeps, BatchLetterInfo } from './batch-letter-steps.ts';

const PDF_TYPE = 'application/pdf';
const LISTED_STATES = ['draft', 'submitted', 'approved', 'done'] as const;


/** A readable file name (the route adds an ASCII fallback): no path or quote characters, not too long */
const fileName = (base: string, ext: string) => `${base.replace(/["\\/:*?<>|\r\n]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 150)}.${ext}`;


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


const requireDeps = (deps: BatchLetterDeps | undefined): BatchLetterDeps => {
  if (!deps) throw new Error('the request service was created without signing: covering letters need office.signing');
  return deps;
};

async function makeLetter(rc: RequestContext, deps: BatchLetterDeps, actor: Actor, batchId: string, visible: VisibleBatch): Promise<{ letter: BatchLetterInfo; isNew: boolean }> {
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

export type BatchDocuments = ReturnType<typeof createBatchDocuments>;
