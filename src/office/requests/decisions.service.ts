/**
 * The DIC's decisions on the province's list: entries approved (then handed to the CA through the
 * ApprovedEntrySink seam, after commit) and, once the CA has acted, marked done with what it brought.
 * @internal
 */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { cleanNote, formOf } from './clean-input.ts';
import { isSeenList, requireEntryVersion, requireState } from './guards.ts';
import { requireDeskActor } from './levels.ts';
import { insertEvents, toEntry, updateBatch, updateEntry, type BatchRow, type EntryRow, type NewEvent } from './requests.repo.ts';
import type { EntryState, RequestEntry, Seen } from './requests.types.ts';
import { entryEvent, holderOf, inTransaction, lockedEntry, type RequestContext, type Work } from './work.ts';

const MAX_DECISIONS = 5000;
const MAX_OUTCOME = 500;

/**
 * The entry the DIC decides on, locked with its list: the list held at the province, the actor that province's
 * desk, the version the actor saw, the state the decision takes it from (`action` names it in the refusal)
 */
async function decidedEntry(rc: RequestContext, w: Work, actor: Actor, seen: Seen, from: EntryState, action: string): Promise<{ entry: EntryRow; batch: BatchRow }> {
  const { entry, batch } = await lockedEntry(rc, w.trx, seen.id);
  const holder = holderOf(batch);
  if (holder?.level !== 'province') throw new OfficeError('OFFICE_FORBIDDEN');
  await requireDeskActor(w.trx, actor, holder.agencyId, 'province');
  await requireEntryVersion(w.trx, entry, seen.version);
  requireState(entry, [from], action, 'đề nghị');
  return { entry, batch };
}

export function createDecisionService(rc: RequestContext) {
  return {
    /** The DIC approves entries of the province's list (all or none); the CA seam then receives them */
    async approve(actor: Actor, seen: readonly Seen[]): Promise<RequestEntry[]> {
      if (!isSeenList(seen, MAX_DECISIONS)) throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
      const ordered = [...seen].sort((a, b) => (a.id < b.id ? -1 : 1));
      const approved = await inTransaction(rc, async (w) => {
        const out: RequestEntry[] = [];
        const events: NewEvent[] = [];
        const touched = new Map<string, BatchRow>();
        for (const s of ordered) {
          const { entry, batch } = await decidedEntry(rc, w, actor, s, 'submitted', 'duyệt đề nghị');
          const next = await updateEntry(w.trx, entry, { state: 'approved' }, actor.userId, w.at);
          events.push(entryEvent(next, 'approve', entry.state, actor, w.at));
          touched.set(batch.id, touched.get(batch.id) ?? batch);
          out.push(toEntry(next));
        }
        for (const batch of touched.values()) await updateBatch(w.trx, batch, {}, actor.userId, w.at);
        await insertEvents(w.trx, events);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entries.approved', targetType: 'request_entry', targetId: null, details: { entries: out.map((e) => e.id) } });
        return out;
      });
      await rc.options.onApproved?.(approved);
      return approved;
    },

    /**
     * The CA has acted (issued, renewed, revoked …): the entry is done, with what it brought (a serial, an account).
     * `also` writes what came with it (a certificate for the registry) in the same transaction.
     */
    async markDone(actor: Actor, seen: Seen, outcome?: string, also?: (w: Work, entry: RequestEntry) => Promise<void>): Promise<RequestEntry> {
      return inTransaction(rc, async (w) => {
        const { entry, batch } = await decidedEntry(rc, w, actor, seen, 'approved', 'đánh dấu hoàn thành');
        const note = cleanNote(formOf(entry.form_id), 'outcome', outcome, MAX_OUTCOME) || null;
        const next = await updateEntry(w.trx, entry, { state: 'done', outcome: note }, actor.userId, w.at);
        await updateBatch(w.trx, batch, {}, actor.userId, w.at);
        await insertEvents(w.trx, [entryEvent(next, 'done', entry.state, actor, w.at, { details: note ? { outcome: note } : {} })]);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.done', targetType: 'request_entry', targetId: entry.id, details: { outcome: note } });
        const done = toEntry(next);
        await also?.(w, done);
        await rc.options.onDone?.(w, done, actor);
        return done;
      });
    },
  };
}
