/**
 * The outgoing document's life as an explicit state machine (Decree 30 Art. 14-18): draft → review by leaders in
 * order → approved → signed → numbered → sealed → issued, with returns for revision and cancellation. The table
 * says which states an action leaves from, where it goes and which roles may take it; every transition is an
 * event kept forever. Secret documents are never issued electronically: the attempt is refused and audited.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { SECRET_SERIES, takeNumberIn } from './registers.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { documentStateMachine, type Doc, type Rule } from './state-machine.ts';
import { addVersion, currentVersion, type FileKind } from './files.ts';
import type { Audit } from '../context.ts';

/** A new version of the file a step makes, on the version it was made from (a newer one in between refuses the step) */
export interface FileChange { readonly blobId: string; readonly name: string; readonly kind: FileKind; readonly baseVersion: number }
/** What a step does to the file, in the step's transaction; it learns the notation when numbering */
export type FileStep = (trx: Transaction<Database>, doc: Doc, notation?: string) => Promise<FileChange | undefined>;
/** What issuing does besides the state change: deliveries, in the same transaction */
export type Delivery = (trx: Transaction<Database>, doc: Doc, audit: Audit) => Promise<Record<string, unknown>>;

export type OutgoingStatus = 'draft' | 'in_review' | 'returned' | 'approved' | 'signed' | 'numbered' | 'sealed' | 'issued' | 'cancelled';
export type OutgoingAction = 'submit' | 'approve' | 'return' | 'sign' | 'number' | 'seal' | 'issue' | 'cancel' | 'recall';

type Who = 'author' | 'reviewer';

export const OUTGOING_TRANSITIONS: Readonly<Record<OutgoingAction, Rule<OutgoingStatus, Who>>> = {
  submit: { from: ['draft', 'returned'], to: 'in_review', roles: ['specialist', 'leader'], who: 'author' },
  approve: { from: ['in_review'], to: 'in_review', roles: ['leader'], who: 'reviewer' }, // 'approved' after the last reviewer
  return: { from: ['in_review'], to: 'returned', roles: ['leader'], who: 'reviewer' },
  sign: { from: ['approved'], to: 'signed', roles: ['leader'] },
  number: { from: ['signed'], to: 'numbered', roles: ['clerk'] },
  seal: { from: ['numbered'], to: 'sealed', roles: ['clerk'] },
  issue: { from: ['sealed'], to: 'issued', roles: ['clerk'] },
  cancel: { from: ['draft', 'returned'], to: 'cancelled', roles: ['specialist', 'leader'], who: 'author' },
  // Asks the agencies it went to over the axis to give it back (status 13); it stays issued until they answer
  recall: { from: ['issued'], to: 'issued', roles: ['clerk', 'leader'] },
};

export function createWorkflowService(ctx: OfficeContext) {
  async function currentReviewer(trx: Transaction<Database>, id: string) {
    return trx.selectFrom('document_reviewers').selectAll().where('document_id', '=', id).where('decision', 'is', null).orderBy('position').executeTakeFirst();
  }

  const machine = documentStateMachine(ctx, 'out', OUTGOING_TRANSITIONS, {
    author: async (_trx, doc, actor) => { if (doc.created_by !== actor.userId) throw new OfficeError('OFFICE_FORBIDDEN'); },
    reviewer: async (trx, doc, actor) => { if ((await currentReviewer(trx, doc.id))?.user_id !== actor.userId) throw new OfficeError('OFFICE_NOT_YOUR_TURN'); },
  });
  const transition = machine.transition;

  async function applyFile(trx: Transaction<Database>, doc: Doc, actor: Actor, step: FileStep | undefined, notation?: string): Promise<Record<string, unknown>> {
    const change = await step?.(trx, doc, notation);
    if (!change) return {};
    const current = await currentVersion(trx, doc.id);
    if (current !== change.baseVersion) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: `tệp đã đổi sang phiên bản ${current}` });
    const version = await addVersion(trx, ctx, { documentId: doc.id, blobId: change.blobId, name: change.name, kind: change.kind, actorId: actor.userId });
    return { file: { version, kind: change.kind } };
  }

  return {
    /** The author sends the draft to leaders, reviewed in the order given */
    submit(actor: Actor, id: string, reviewerIds: readonly string[]) {
      return transition(actor, id, 'submit', undefined, async (trx, doc) => {
        if (reviewerIds.length === 0 || new Set(reviewerIds).size !== reviewerIds.length) throw new OfficeError('OFFICE_REVIEWERS_INVALID');
        const leaders = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id')
          .select('users.id').where('users.id', 'in', [...reviewerIds]).where('users.agency_id', '=', doc.agency_id).where('user_roles.role', '=', 'leader').where('users.is_active', '=', 1).execute();
        if (leaders.length !== reviewerIds.length) throw new OfficeError('OFFICE_REVIEWERS_INVALID');
        await trx.deleteFrom('document_reviewers').where('document_id', '=', id).execute();
        await trx.insertInto('document_reviewers').values(reviewerIds.map((userId, position) => ({ document_id: id, position, user_id: userId, decision: null, decided_at: null }))).execute();
        return { details: { reviewers: reviewerIds } };
      });
    },

    /** The reviewer whose turn it is approves; after the last one the draft is approved */
    approve(actor: Actor, id: string, comment?: string) {
      return transition(actor, id, 'approve', comment, async (trx) => {
        const mine = (await currentReviewer(trx, id))!;
        await trx.updateTable('document_reviewers').set({ decision: 'approved', decided_at: ctx.now().toISOString() }).where('document_id', '=', id).where('position', '=', mine.position).execute();
        return { to: (await currentReviewer(trx, id)) ? 'in_review' : 'approved' };
      });
    },

    /** Back to the author for revision, with why */
    returnForRevision(actor: Actor, id: string, comment: string) {
      if (!comment?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return transition(actor, id, 'return', comment, async (trx) => {
        const mine = (await currentReviewer(trx, id))!;
        await trx.updateTable('document_reviewers').set({ decision: 'returned', decided_at: ctx.now().toISOString() }).where('document_id', '=', id).where('position', '=', mine.position).execute();
      });
    },

    /** The authorised person has signed (the PAdES signature itself is made by the caller with the file) */
    sign(actor: Actor, id: string, signerName: string, file?: FileStep) {
      if (!signerName?.trim()) return Promise.reject(new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'signerName', reason: 'bắt buộc' }));
      return transition(actor, id, 'sign', undefined, async (trx, doc) => ({ changes: { signer_name: signerName.trim() }, details: await applyFile(trx, doc, actor, file) }));
    },

    /** The clerk gives the next number of the right series and writes the notation */
    number(actor: Actor, id: string, issuer: string, unit?: string, file?: FileStep) {
      return transition(actor, id, 'number', undefined, async (trx, doc, audit) => {
        const taken = await takeNumberIn(trx, ctx, audit, actor, { direction: 'out', series: doc.secrecy !== 'thuong' ? SECRET_SERIES : undefined, typeCode: doc.type_code, issuer, unit, documentId: id });
        const written = await applyFile(trx, doc, actor, file, taken.notation ?? taken.formatted);
        return { changes: { number: taken.number, notation: taken.notation ?? null, document_date: vietnamDate(ctx.now()) }, details: { number: taken.number, notation: taken.notation, ...written } };
      });
    },

    seal(actor: Actor, id: string, file?: FileStep) {
      return transition(actor, id, 'seal', undefined, async (trx, doc) => ({ details: await applyFile(trx, doc, actor, file) }));
    },

    /**
     * Issue; a secret document never leaves electronically — refused, and the attempt is audited. The clerk says
     * whether a paper copy goes too (seed 004, annex II §1.10 counts those issued electronically without one).
     */
    async issue(actor: Actor, id: string, deliver?: Delivery, how: { paperCopy?: unknown } = {}) {
      if (how.paperCopy !== undefined && typeof how.paperCopy !== 'boolean') throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'paperCopy', reason: 'chỉ nhận có (true) hoặc không (false)' });
      const paperCopy = how.paperCopy === true ? 1 : 0;
      const doc = await ctx.db.kysely.selectFrom('documents').select(['secrecy', 'agency_id']).where('id', '=', id).executeTakeFirst();
      if (doc && doc.agency_id === actor.agencyId && doc.secrecy !== 'thuong') {
        await writeWithAudit(ctx, (_trx, audit) => audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.issue.refused', targetType: 'document', targetId: id, details: { secrecy: doc.secrecy } }));
        throw new OfficeError('OFFICE_SECRET_NOT_ELECTRONIC');
      }
      return transition(actor, id, 'issue', undefined, async (trx, doc, audit) => ({ changes: { paper_copy: paperCopy }, details: { ...(deliver ? await deliver(trx, doc, audit) : {}), paperCopy: paperCopy === 1 } }));
    },

    cancel(actor: Actor, id: string, comment: string) {
      if (!comment?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return transition(actor, id, 'cancel', comment);
    },

    /** Asks for it back from the agencies reached over the axis, with why (status 13 to each) */
    recall(actor: Actor, id: string, reason: string) {
      if (!reason?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return transition(actor, id, 'recall', reason, async (trx, doc) => {
        const sent = await trx.selectFrom('document_deliveries').select('target').where('document_id', '=', doc.id).where('kind', '=', 'agency').where('status', '=', 'sent').execute();
        if (sent.length === 0) throw new OfficeError('OFFICE_AXIS_NOT_SENT');
        return { details: { agencies: sent.map((r) => r.target) } };
      });
    },

    trail: machine.trail,
  };
}

