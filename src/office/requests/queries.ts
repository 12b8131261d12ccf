/** What each level sees: a list with its rows, its inbox, what came back to it, and the tracking of a request. @internal */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { formOf } from './clean-input.ts';
import { holderOf, kysely, type RequestContext } from './work.ts';
import { entriesOf, findBatch, findEntry, selectTimeline, toBatch, toEntry, type BatchRow } from './requests.repo.ts';
import type { BatchView, RequestBatch, RequestEntry, TimelineEvent } from './requests.types.ts';

const LIVE = ['draft', 'submitted', 'returned', 'approved', 'done'] as const;
const PAGE = 500;

export async function canSee(rc: RequestContext, actor: Actor, batch: BatchRow): Promise<boolean> {
  if (actor.agencyId === batch.agency_id || actor.agencyId === batch.target_agency_id || actor.agencyId === holderOf(batch)?.agencyId) return true;
  return (await rc.scope.visibleIds(kysely(rc), actor)).includes(batch.agency_id);
}

export function createRequestQueries(rc: RequestContext) {
  const db = kysely(rc);
  return {
    /** A list with its rows (withdrawn rows left out) */
    async batch(actor: Actor, id: string): Promise<BatchView> {
      const row = typeof id === 'string' ? await findBatch(db, id) : undefined;
      if (!row || !(await canSee(rc, actor, row))) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
      return { ...toBatch(row), entries: (await entriesOf(db, row.id, LIVE)).map(toEntry) };
    },

    /** The actor's agency's own lists, newest first */
    async mine(actor: Actor, filter: { formId?: string; state?: string } = {}): Promise<RequestBatch[]> {
      let query = db.selectFrom('request_batches').selectAll().where('agency_id', '=', actor.agencyId);
      if (filter.formId) query = query.where('form_id', '=', formOf(filter.formId).id);
      if (filter.state) query = query.where('state', '=', filter.state);
      return (await query.orderBy('created_at', 'desc').orderBy('id').limit(PAGE).execute()).map(toBatch);
    },

    /** Lists submitted to the actor's agency and not merged yet */
    async inbox(actor: Actor, formId?: string): Promise<RequestBatch[]> {
      let query = db.selectFrom('request_batches').selectAll().where('target_agency_id', '=', actor.agencyId).where('state', '=', 'submitted');
      if (formId) query = query.where('form_id', '=', formOf(formId).id);
      return (await query.orderBy('submitted_at').orderBy('id').limit(PAGE).execute()).map(toBatch);
    },

    /** The agency's entries that came back with a reason, waiting for a correction */
    async returned(actor: Actor): Promise<RequestEntry[]> {
      const rows = await db.selectFrom('request_entries').selectAll().where('origin_agency_id', '=', actor.agencyId).where('state', '=', 'returned')
        .orderBy('updated_at').orderBy('id').limit(PAGE).execute();
      return rows.map(toEntry);
    },

    /** Approved entries the CA has not yet acted on: what the CA seam still has to carry, for the province's DIC */
    async pendingApproved(actor: Actor): Promise<RequestEntry[]> {
      const visible = await rc.scope.visibleIds(db, actor);
      if (!actor.roles.includes('dic_operator') || visible.length === 0) throw new OfficeError('OFFICE_FORBIDDEN');
      const rows = await db.selectFrom('request_entries').selectAll().where('state', '=', 'approved').where('origin_agency_id', 'in', visible)
        .orderBy('updated_at').orderBy('id').limit(PAGE).execute();
      return rows.map(toEntry);
    },

    /** A request tracked from its filing to the end: every step, who, when, why */
    async timeline(actor: Actor, entryId: string): Promise<{ entry: RequestEntry; events: TimelineEvent[] }> {
      const entry = typeof entryId === 'string' ? await findEntry(db, entryId) : undefined;
      const batch = entry ? await findBatch(db, entry.batch_id) : undefined;
      const visible = entry && batch && (actor.agencyId === entry.origin_agency_id || (await canSee(rc, actor, batch)));
      if (!visible) throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
      return { entry: toEntry(entry), events: await selectTimeline(db, 'entry', entry.id) };
    },

    async batchTimeline(actor: Actor, batchId: string): Promise<TimelineEvent[]> {
      const row = typeof batchId === 'string' ? await findBatch(db, batchId) : undefined;
      if (!row || !(await canSee(rc, actor, row))) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
      return selectTimeline(db, 'batch', row.id);
    },
  };
}
