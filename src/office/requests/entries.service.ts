/**
 * The rows of a list. Its unit adds, edits and removes them while the list is a draft; any level holding an entry
 * returns it to its origin with a reason; the origin corrects it and resubmits it to the level that returned it,
 * or withdraws it. Every row is checked by the forms module before anything is written. @internal
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { cleanNote, cleanRows, formOf } from './clean-input.ts';
import { MAX_REASON, requireBatchVersion, requireEntryVersion, requireReason, requireState } from './guards.ts';
import { isDeskActor, requireUnitActor } from './levels.ts';
import { OfficeError } from '../office.errors.ts';
import { insertEvents, toBatch, toEntry, updateBatch, updateEntry, type BatchRow, type EntryRow, type Trx } from './requests.repo.ts';
import type { BatchLevel, RequestBatch, RequestEntry, Seen } from './requests.types.ts';
import { batchEvent, entryEvent, holderOf, inTransaction, lockedBatch, lockedEntry, type RequestContext, type Work } from './work.ts';
import type { CleanEntry, FormDef } from '../forms/index.ts';
import { resubmitEntry } from './resubmit.ts';

export function createEntryService(rc: RequestContext) {
  return {
    /** Rows added to a unit's draft list: all valid and stored, or OFFICE_FORM_INVALID listing every problem and none stored */
    async add(actor: Actor, seen: Seen, rows: readonly unknown[]): Promise<{ batch: RequestBatch; entries: RequestEntry[] }> {
      const batchForm = await rc.ctx.db.kysely.selectFrom('request_batches').select(['form_id', 'agency_id']).where('id', '=', String(seen?.id)).executeTakeFirst();
      if (!batchForm) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
      const form = formOf(batchForm.form_id);
      const clean = await cleanRows(rc, form, rows, batchForm.agency_id);
      return inTransaction(rc, async (w) => {
        const batch = await lockedBatch(rc, w.trx, seen.id);
        requireUnitActor(actor, batch.agency_id);
        await requireBatchVersion(w.trx, batch, seen.version);
        requireState(batch, ['draft'], 'thêm đề nghị', 'danh sách');
        return insertEntries(w, batch, form, clean, actor);
      });
    },

    /** Its unit corrects a row: while the list is a draft, or once it came back returned */
    async edit(actor: Actor, seen: Seen, values: unknown): Promise<RequestEntry> {
      const current = await rc.ctx.db.kysely.selectFrom('request_entries').select(['form_id', 'origin_agency_id']).where('id', '=', String(seen?.id)).executeTakeFirst();
      if (!current) throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
      const form = formOf(current.form_id);
      const clean = (await cleanRows(rc, form, [values], current.origin_agency_id))[0]!;
      return inTransaction(rc, async (w) => {
        const { entry, batch } = await lockedEntry(rc, w.trx, seen.id);
        requireUnitActor(actor, entry.origin_agency_id);
        await requireEntryVersion(w.trx, entry, seen.version);
        requireState(entry, ['draft', 'returned'], 'sửa đề nghị', 'đề nghị');
        const next = await updateEntry(w.trx, entry, { data: JSON.stringify(clean) }, actor.userId, w.at);
        // A draft row is the list's content: the list's version moves with it
        if (entry.state === 'draft') await updateBatch(w.trx, batch, {}, actor.userId, w.at);
        await insertEvents(w.trx, [entryEvent(next, 'edit', entry.state, actor, w.at, { details: { changed: changedKeys(entry.data, clean) } })]);
        return toEntry(next);
      });
    },

    /** Its unit removes a draft row, or withdraws a returned one it will not correct; the row's history stays */
    async remove(actor: Actor, seen: Seen, reason?: string): Promise<RequestEntry> {
      return inTransaction(rc, async (w) => {
        const { entry, batch } = await lockedEntry(rc, w.trx, seen.id);
        requireUnitActor(actor, entry.origin_agency_id);
        await requireEntryVersion(w.trx, entry, seen.version);
        requireState(entry, ['draft', 'returned'], 'rút đề nghị', 'đề nghị');
        const note = cleanNote(formOf(entry.form_id), 'reason', reason, MAX_REASON) || undefined;
        const next = await updateEntry(w.trx, entry, { state: 'withdrawn' }, actor.userId, w.at);
        if (entry.state === 'draft') await updateBatch(w.trx, batch, {}, actor.userId, w.at);
        await insertEvents(w.trx, [entryEvent(next, 'withdraw', entry.state, actor, w.at, { reason: note })]);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.withdrawn', targetType: 'request_entry', targetId: entry.id });
        return toEntry(next);
      });
    },

    /** The level holding the entry sends it back to its origin, with why */
    async returnToOrigin(actor: Actor, seen: Seen, reason: string): Promise<RequestEntry> {
      return inTransaction(rc, async (w) => {
        const { entry, batch } = await lockedEntry(rc, w.trx, seen.id);
        const why = requireReason(formOf(entry.form_id), reason);
        const holder = await requireHolder(w.trx, actor, batch, entry, seen.version);
        requireState(entry, holder.level === 'province' ? ['submitted', 'approved'] : ['submitted'], 'trả lại đề nghị', 'đề nghị');
        const next = await updateEntry(w.trx, entry, { state: 'returned', reason: why, returned_by_agency_id: holder.agencyId, returned_by_level: holder.level }, actor.userId, w.at);
        await updateBatch(w.trx, batch, {}, actor.userId, w.at);
        await insertEvents(w.trx, [entryEvent(next, 'return', entry.state, actor, w.at, { reason: why, details: { to: entry.origin_agency_id, level: holder.level } })]);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.returned', targetType: 'request_entry', targetId: entry.id, details: { reason: why } });
        return toEntry(next);
      });
    },

    resubmit: (actor: Actor, seen: Seen, values?: unknown) => resubmitEntry(rc, actor, seen, values),
  };
}

/** Clean rows stored as draft entries of a draft list locked in `w`, with their events and one audit entry; also the unused-account finder's Mẫu 07 draft */
export async function insertEntries(w: Work, batch: BatchRow, form: FormDef, clean: readonly CleanEntry[], actor: Actor): Promise<{ batch: RequestBatch; entries: RequestEntry[] }> {
  const rowsToInsert: EntryRow[] = clean.map((values, i) => ({
    id: randomUUID(), form_id: form.id, batch_id: batch.id, origin_batch_id: batch.id, origin_agency_id: batch.agency_id,
    data: JSON.stringify(values), state: 'draft', reason: null, returned_by_agency_id: null, returned_by_level: null, outcome: null,
    version: 1, created_by: actor.userId, created_at: w.at, updated_by: actor.userId, updated_at: w.at, row_order: i,
  }));
  for (let i = 0; i < rowsToInsert.length; i += 200) await w.trx.insertInto('request_entries').values(rowsToInsert.slice(i, i + 200)).execute();
  const next = await updateBatch(w.trx, batch, {}, actor.userId, w.at);
  await insertEvents(w.trx, [...rowsToInsert.map((r) => entryEvent(r, 'add', null, actor, w.at)), batchEvent(next, 'add', batch.state, actor, w.at, { entries: rowsToInsert.length })]);
  await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entries.added', targetType: 'request_batch', targetId: batch.id, details: { entries: rowsToInsert.length } });
  return { batch: toBatch(next), entries: rowsToInsert.map(toEntry) };
}

function changedKeys(before: string, after: Readonly<Record<string, unknown>>): string[] {
  const old = JSON.parse(before) as Record<string, unknown>;
  return [...new Set([...Object.keys(old), ...Object.keys(after)])].filter((k) => old[k] !== after[k]).sort();
}

/**
 * The desk whose turn it is on the entry's list. A desk that held the list until it moved on (sent up meanwhile)
 * is told the entry changed and by whom, rather than only that it may not act.
 */
async function requireHolder(trx: Trx, actor: Actor, batch: BatchRow, entry: EntryRow, seen: number): Promise<{ agencyId: string; level: BatchLevel }> {
  const holder = holderOf(batch);
  if (holder && (await isDeskActor(trx, actor, holder.agencyId, holder.level))) {
    await requireEntryVersion(trx, entry, seen);
    return holder;
  }
  if (batch.level !== 'unit' && (await isDeskActor(trx, actor, batch.agency_id, batch.level as BatchLevel))) {
    await requireEntryVersion(trx, entry, seen);
    requireState(batch, ['draft'], 'trả lại đề nghị', 'danh sách');
  }
  throw new OfficeError('OFFICE_FORBIDDEN');
}
