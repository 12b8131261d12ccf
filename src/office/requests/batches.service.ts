/**
 * A unit's list of one form: created, given its header, submitted to the level above (the district's desk, or the
 * province's for a unit directly under it), recalled while nobody there has merged it yet. Every step carries the
 * version the user saw. @internal
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { cleanHeader, formOf } from './clean-input.ts';
import { requireBatchVersion, requireState } from './guards.ts';
import { requireDeskActor, requireUnitActor, upperOf } from './levels.ts';
import { entriesOf, insertEvents, toBatch, updateBatch, updateEntry, type BatchRow } from './requests.repo.ts';
import type { BatchLevel, RequestBatch, Seen } from './requests.types.ts';
import { batchEvent, entryEvent, inTransaction, lockedBatch, type RequestContext, type Work } from './work.ts';

export function newBatchRow(formId: string, agencyId: string, level: BatchLevel, actor: Actor, at: string, header = '{}'): BatchRow {
  return {
    id: randomUUID(), form_id: formId, agency_id: agencyId, level, state: 'draft', header, target_agency_id: null, target_level: null,
    merged_into: null, version: 1, created_by: actor.userId, created_at: at, updated_by: actor.userId, updated_at: at, submitted_at: null,
  };
}

export async function insertBatch(w: Work, row: BatchRow, actor: Actor): Promise<void> {
  await w.trx.insertInto('request_batches').values(row).execute();
  await insertEvents(w.trx, [batchEvent(row, 'create', null, actor, w.at, { formId: row.form_id, level: row.level })]);
}

/** Whoever fills a draft list: its unit's clerk, or the desk that merged it at the district or province */
async function requireFiller(rc: RequestContext, w: Work, actor: Actor, batch: BatchRow): Promise<void> {
  if (batch.level === 'unit') requireUnitActor(actor, batch.agency_id);
  else await requireDeskActor(w.trx, actor, batch.agency_id, batch.level as BatchLevel);
}

export function createBatchService(rc: RequestContext) {
  return {
    /** A unit starts a list of one form for its own agency */
    async create(actor: Actor, input: { formId: string; header?: unknown }): Promise<RequestBatch> {
      const form = formOf(input.formId);
      requireUnitActor(actor, actor.agencyId);
      const header = input.header === undefined ? {} : cleanHeader(rc, form, input.header);
      return inTransaction(rc, async (w) => {
        const row = newBatchRow(form.id, actor.agencyId, 'unit', actor, w.at, JSON.stringify(header));
        await insertBatch(w, row, actor);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.created', targetType: 'request_batch', targetId: row.id, details: { formId: form.id } });
        return toBatch(row);
      });
    },

    /** The list's header (the contact person of the covering letter, …) */
    async setHeader(actor: Actor, seen: Seen, header: unknown): Promise<RequestBatch> {
      return inTransaction(rc, async (w) => {
        const batch = await lockedBatch(rc, w.trx, seen.id);
        await requireFiller(rc, w, actor, batch);
        await requireBatchVersion(w.trx, batch, seen.version);
        requireState(batch, ['draft'], 'sửa thông tin chung của danh sách', 'danh sách');
        const next = await updateBatch(w.trx, batch, { header: JSON.stringify(cleanHeader(rc, formOf(batch.form_id), header)) }, actor.userId, w.at);
        await insertEvents(w.trx, [batchEvent(next, 'header', batch.state, actor, w.at)]);
        return toBatch(next);
      });
    },

    submit: (actor: Actor, seen: Seen) => submitBatch(rc, actor, seen),

    /** Its unit takes a submitted list back while the level above has not merged it */
    async recall(actor: Actor, seen: Seen): Promise<RequestBatch> {
      return inTransaction(rc, async (w) => {
        const batch = await lockedBatch(rc, w.trx, seen.id);
        await requireFiller(rc, w, actor, batch);
        await requireBatchVersion(w.trx, batch, seen.version);
        requireState(batch, ['submitted'], 'rút danh sách về', 'danh sách');
        if (!batch.target_agency_id) throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'rút danh sách về', target: 'danh sách', state: 'đã gửi cơ quan chứng thực' });
        const next = await updateBatch(w.trx, batch, { state: 'draft', target_agency_id: null, target_level: null, submitted_at: null }, actor.userId, w.at);
        await moveEntries(w, next, actor, 'recall', batch.level === 'unit' ? 'draft' : 'submitted');
        await insertEvents(w.trx, [batchEvent(next, 'recall', batch.state, actor, w.at)]);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.recalled', targetType: 'request_batch', targetId: batch.id });
        return toBatch(next);
      });
    },
  };
}

/** The live entries of a list follow it: state `to`, version bumped, one event each */
async function moveEntries(w: Work, batch: BatchRow, actor: Actor, action: string, to: 'draft' | 'submitted'): Promise<number> {
  const live = await entriesOf(w.trx, batch.id, ['draft', 'submitted']);
  const events = [];
  for (const entry of live) {
    const next = await updateEntry(w.trx, entry, { state: to }, actor.userId, w.at);
    events.push(entryEvent(next, action, entry.state, actor, w.at, { details: { batchVersion: batch.version, to: batch.target_agency_id } }));
  }
  await insertEvents(w.trx, events);
  return live.length;
}

/** Submits to the level above; the province's own list is sent on to the CA. Header checked with its count. */
async function submitBatch(rc: RequestContext, actor: Actor, seen: Seen): Promise<RequestBatch> {
  return inTransaction(rc, async (w) => {
    const batch = await lockedBatch(rc, w.trx, seen.id);
    await requireFiller(rc, w, actor, batch);
    await requireBatchVersion(w.trx, batch, seen.version);
    requireState(batch, ['draft'], 'gửi danh sách', 'danh sách');
    const live = await entriesOf(w.trx, batch.id, ['draft', 'submitted', 'approved']);
    if (live.length === 0) throw new OfficeError('OFFICE_REQUEST_EMPTY');
    const form = formOf(batch.form_id);
    const header = cleanHeader(rc, form, JSON.parse(batch.header), live.length);
    const upper = batch.level === 'province' ? null : await upperOf(w.trx, batch.agency_id, batch.level as BatchLevel);
    const next = await updateBatch(w.trx, batch, {
      state: 'submitted', header: JSON.stringify(header), target_agency_id: upper?.deskId ?? null, target_level: upper?.level ?? null, submitted_at: w.at,
    }, actor.userId, w.at);
    const moved = await moveEntries(w, next, actor, 'submit', 'submitted');
    await insertEvents(w.trx, [batchEvent(next, 'submit', batch.state, actor, w.at, { to: upper?.deskId ?? null, level: upper?.level ?? 'ca', entries: moved })]);
    await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.submitted', targetType: 'request_batch', targetId: batch.id, details: { to: upper?.deskId ?? null, entries: live.length } });
    return toBatch(next);
  });
}
