/**
 * The requests filed in a list, wherever they are now: once the district merges a commune's list its rows move to
 * the district's list, and the commune still follows each of them — its state and the list and desk holding it
 * (or the origin, for one returned). @internal
 */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { canSee } from './queries.ts';
import { findBatch, toEntry } from './requests.repo.ts';
import type { BatchLevel, BatchState, RequestEntry } from './requests.types.ts';
import { holderOf, kysely, type RequestContext } from './work.ts';

/** Where a filed request is now */
export interface FiledEntry {
  readonly entry: RequestEntry;
  /** The list holding it, its agency, level and state */
  readonly batchId: string;
  readonly batchAgencyId: string;
  readonly batchLevel: BatchLevel;
  readonly batchState: BatchState;
  /** Whose turn it is: the desk it waits at, the list's own agency filling it, or its origin when returned; null when done or withdrawn */
  readonly withAgencyId: string | null;
}

const PAGE = 5000;

export function createFiledEntries(rc: RequestContext) {
  const db = kysely(rc);
  return {
    /** The entries first filed in this list, oldest first, each with where it is now (withdrawn ones too: the origin sees them) */
    async filedIn(actor: Actor, batchId: string): Promise<FiledEntry[]> {
      const origin = typeof batchId === 'string' ? await findBatch(db, batchId) : undefined;
      if (!origin || !(await canSee(rc, actor, origin))) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
      const rows = await db.selectFrom('request_entries').innerJoin('request_batches as b', 'b.id', 'request_entries.batch_id')
        .selectAll('request_entries')
        .select(['b.agency_id as b_agency_id', 'b.level as b_level', 'b.state as b_state', 'b.target_agency_id as b_target', 'b.target_level as b_target_level'])
        .where('request_entries.origin_agency_id', '=', origin.agency_id).where('request_entries.origin_batch_id', '=', origin.id)
        .orderBy('request_entries.created_at').orderBy('request_entries.row_order').orderBy('request_entries.id').limit(PAGE).execute();
      return rows.map(({ b_agency_id, b_level, b_state, b_target, b_target_level, ...row }) => {
        const entry = toEntry(row);
        const holder = holderOf({ ...origin, agency_id: b_agency_id, level: b_level, state: b_state, target_agency_id: b_target, target_level: b_target_level });
        const isOpen = entry.state === 'draft' || entry.state === 'submitted' || entry.state === 'approved';
        const withAgencyId = entry.state === 'returned' ? entry.originAgencyId : isOpen ? (holder?.agencyId ?? b_agency_id) : null;
        return { entry, batchId: row.batch_id, batchAgencyId: b_agency_id, batchLevel: b_level as BatchLevel, batchState: b_state as BatchState, withAgencyId };
      });
    },
  };
}
