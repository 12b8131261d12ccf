/**
 * An incoming document after registration (Decree 30 Art. 20-21): a leader assigns one lead handler, any
 * co-handlers and a deadline; the lead handler records progress and completes it with a result; the clerk may
 * instead return it to the sender with a reason. Each step goes through the shared state machine and stays on
 * the trail. Overdue and due-soon lists count days in Vietnam.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { addDays, isIsoDate, vietnamDate } from '../../shared/vietnam-time.ts';
import { documentStateMachine, type Rule } from './state-machine.ts';
import { SECRET_SERIES, takeNumberIn } from './registers.ts';
import { checkArrivalFields, type ArrivalFields } from './arrivals.ts';

export type IncomingStatus = 'arrived' | 'registered' | 'assigned' | 'in_progress' | 'completed' | 'returned' | 'withdrawn';
export type IncomingAction = 'register' | 'assign' | 'progress' | 'complete' | 'return' | 'recall_accept' | 'recall_refuse';

export const INCOMING_TRANSITIONS: Readonly<Record<IncomingAction, Rule<IncomingStatus, 'lead'>>> = {
  register: { from: ['arrived'], to: 'registered', roles: ['clerk'] },
  assign: { from: ['registered', 'assigned', 'in_progress'], to: 'assigned', roles: ['leader'] },
  progress: { from: ['assigned', 'in_progress'], to: 'in_progress', roles: ['specialist', 'leader'], who: 'lead' },
  complete: { from: ['assigned', 'in_progress'], to: 'completed', roles: ['specialist', 'leader'], who: 'lead' },
  return: { from: ['arrived', 'registered'], to: 'returned', roles: ['clerk'] },
  // The sender asked for it back (status 13): given back (15, withdrawn from handling) or kept, with why (16)
  recall_accept: { from: ['arrived', 'registered', 'assigned', 'in_progress'], to: 'withdrawn', roles: ['clerk', 'leader'] },
  recall_refuse: { from: ['arrived', 'registered', 'assigned', 'in_progress', 'completed'], to: 'registered', roles: ['clerk', 'leader'] },
};

export interface Assignment {
  readonly leadId: string;
  readonly coHandlerIds?: readonly string[];
  /** YYYY-MM-DD, today or later in Vietnam */
  readonly dueDate: string;
}


export function createIncomingService(ctx: OfficeContext) {
  const machine = documentStateMachine(ctx, 'in', INCOMING_TRANSITIONS, {
    lead: async (_trx, doc, actor) => { if (doc.lead_handler_id !== actor.userId) throw new OfficeError('OFFICE_FORBIDDEN'); },
  });

  const handlersOf = async (trx: Transaction<Database>, agencyId: string, ids: readonly string[]) =>
    trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').distinct()
      .where('users.id', 'in', [...ids]).where('users.agency_id', '=', agencyId).where('users.is_active', '=', 1)
      .where('user_roles.role', 'in', ['specialist', 'leader']).execute();

  const active = (actor: Actor) => ctx.db.kysely.selectFrom('documents').selectAll()
    .where('agency_id', '=', actor.agencyId).where('direction', '=', 'in').where('status', 'in', ['assigned', 'in_progress']);

  return {
    /** The leader names one lead handler, co-handlers and a deadline (again to reassign) */
    assign(actor: Actor, id: string, input: Assignment, comment?: string) {
      const co = [...new Set(input.coHandlerIds ?? [])];
      if (!isIsoDate(input.dueDate)) return Promise.reject(new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'dueDate', reason: `ngày "${input.dueDate}" (cần YYYY-MM-DD)` }));
      if (input.dueDate < vietnamDate(ctx.now())) return Promise.reject(new OfficeError('OFFICE_DEADLINE_PAST', { date: input.dueDate }));
      if (co.includes(input.leadId)) return Promise.reject(new OfficeError('OFFICE_HANDLERS_INVALID'));
      return machine.transition(actor, id, 'assign', comment, async (trx, doc) => {
        const ids = [input.leadId, ...co];
        if ((await handlersOf(trx, doc.agency_id, ids)).length !== ids.length) throw new OfficeError('OFFICE_HANDLERS_INVALID');
        const at = ctx.now().toISOString();
        await trx.deleteFrom('document_handlers').where('document_id', '=', id).execute();
        await trx.insertInto('document_handlers').values(ids.map((userId, i) => ({ document_id: id, user_id: userId, kind: i === 0 ? 'lead' : 'co', assigned_at: at }))).execute();
        return { changes: { lead_handler_id: input.leadId, due_date: input.dueDate }, details: { lead: input.leadId, co, dueDate: input.dueDate } };
      });
    },

    /** The lead handler notes where things stand */
    progress(actor: Actor, id: string, note: string) {
      if (!note?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return machine.transition(actor, id, 'progress', note);
    },

    /** The lead handler finishes, with the result */
    complete(actor: Actor, id: string, result: string) {
      if (!result?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return machine.transition(actor, id, 'complete', result);
    },

    /** The clerk sends it back to the sender instead of handling it (status 02 on the axis); the sender sees it */
    returnToSender(actor: Actor, id: string, reason: string) {
      if (!reason?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return machine.transition(actor, id, 'return', reason, async (trx) => {
        await trx.updateTable('document_deliveries').set({ status: 'returned', updated_at: ctx.now().toISOString() }).where('arrival_id', '=', id).execute();
      });
    },

    /**
     * The clerk registers an arrival from another unit: the next incoming number of the year. An arrival whose
     * signatures did not all pass may still be registered (Decree 30), with a note saying so.
     */
    registerArrival(actor: Actor, id: string, note?: string, details: Partial<Pick<ArrivalFields, 'typeCode' | 'subject' | 'notation' | 'documentDate' | 'sender'>> = {}) {
      try {
        checkArrivalFields(details);
      } catch (err) {
        return Promise.reject(err);
      }
      return machine.transition(actor, id, 'register', note, async (trx, doc, audit) => {
        const report = doc.arrival_report ? JSON.parse(doc.arrival_report) as { passed: boolean } : { passed: false };
        if (!report.passed && !note?.trim()) throw new OfficeError('OFFICE_ARRIVAL_NOTE_REQUIRED');
        const taken = await takeNumberIn(trx, ctx, audit, actor, { direction: 'in', series: doc.secrecy !== 'thuong' ? SECRET_SERIES : undefined, documentId: id });
        await trx.updateTable('document_deliveries').set({ status: 'registered', updated_at: ctx.now().toISOString() }).where('arrival_id', '=', id).execute();
        // What the clerk reads off the document itself (an e-mail or a scan does not say its notation)
        const corrected = {
          ...(details.typeCode ? { type_code: details.typeCode } : {}), ...(details.subject?.trim() ? { subject: details.subject.trim() } : {}),
          ...(details.notation?.trim() ? { notation: details.notation.trim() } : {}), ...(details.documentDate ? { document_date: details.documentDate } : {}),
          ...(details.sender?.trim() ? { sender: details.sender.trim() } : {}),
        };
        return { changes: { number: taken.number, arrival_note: note?.trim() || null, ...corrected }, details: { number: taken.number, ...(Object.keys(corrected).length ? { corrected } : {}) } };
      });
    },

    /** Arrivals waiting for the clerk, oldest first */
    async arrivals(actor: Actor) {
      return ctx.db.kysely.selectFrom('documents').selectAll().where('agency_id', '=', actor.agencyId).where('direction', '=', 'in').where('status', '=', 'arrived').orderBy('seq').execute();
    },

    /** Answers the sender's request to give the document back: accepted (15) or refused with the reason (16) */
    answerRecall(actor: Actor, id: string, accept: boolean, comment?: string) {
      if (!accept && !comment?.trim()) return Promise.reject(new OfficeError('OFFICE_REASON_REQUIRED'));
      return machine.transition(actor, id, accept ? 'recall_accept' : 'recall_refuse', comment, async (trx, doc) => {
        const asked = await trx.selectFrom('axis_statuses').select('status_code').where('document_id', '=', id).where('status_code', '=', '13').executeTakeFirst();
        if (!asked) throw new OfficeError('OFFICE_AXIS_NOT_RECALLED');
        // Refused: the document stays where it was in its handling
        return accept ? undefined : { to: doc.status as IncomingStatus };
      });
    },

    trail: machine.trail,

    /** Not finished and past the deadline, oldest deadline first */
    async overdue(actor: Actor) {
      return active(actor).where('due_date', '<', vietnamDate(ctx.now())).orderBy('due_date').orderBy('id').execute();
    },

    /** Not finished and due within `days` days (today included) */
    async dueSoon(actor: Actor, days = 2) {
      const today = vietnamDate(ctx.now());
      return active(actor).where('due_date', '>=', today).where('due_date', '<=', addDays(today, days)).orderBy('due_date').orderBy('id').execute();
    },

    /** What the actor handles, as lead or co-handler */
    async mine(actor: Actor) {
      return ctx.db.kysely.selectFrom('documents').innerJoin('document_handlers', 'document_handlers.document_id', 'documents.id')
        .selectAll('documents').select('document_handlers.kind')
        .where('document_handlers.user_id', '=', actor.userId).where('documents.status', 'in', ['assigned', 'in_progress'])
        .orderBy('documents.due_date').execute();
    },
  };
}
