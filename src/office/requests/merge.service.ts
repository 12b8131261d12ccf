/**
 * The district's desk merges its units' submitted lists of one form into a list of its own; the DIC consolidates
 * the province's (districts' lists, and units directly under the province) the same way. The merged lists and
 * their submitted entries move into the desk's list; returned entries stay where they were returned. @internal
 */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { insertBatch, newBatchRow } from './batches.service.ts';
import { isSeenList, requireBatchVersion, requireState } from './guards.ts';
import { requireDeskActor, upperOf } from './levels.ts';
import { entriesOf, insertEvents, toBatch, updateBatch, updateEntry, type BatchRow, type NewEvent } from './requests.repo.ts';
import type { BatchLevel, RequestBatch, Seen, UpperLevel } from './requests.types.ts';
import { batchEvent, entryEvent, inTransaction, lockedBatch, type RequestContext, type Work } from './work.ts';

export interface MergeInput {
  /** The submitted lists, each with the version the desk saw */
  readonly sources: readonly Seen[];
  /** The desk's own draft list to add them to; without it a new one is made */
  readonly into?: Seen;
}

const MAX_SOURCES = 500;

/** Where a source list is (or, recalled meanwhile, would be) waiting: the desk checked before the version, so its refusal names who changed it */
async function checkSource(w: Work, actor: Actor, source: BatchRow, seen: Seen): Promise<{ deskId: string; level: UpperLevel }> {
  const upper = source.target_agency_id
    ? { deskId: source.target_agency_id, level: source.target_level as UpperLevel }
    : await upperOf(w.trx, source.agency_id, source.level as BatchLevel);
  await requireDeskActor(w.trx, actor, upper.deskId, upper.level);
  await requireBatchVersion(w.trx, source, seen.version);
  requireState(source, ['submitted'], 'gộp danh sách', 'danh sách');
  return upper;
}

async function targetBatch(rc: RequestContext, w: Work, actor: Actor, formId: string, desk: { deskId: string; level: UpperLevel }, into: Seen | undefined): Promise<{ row: BatchRow; created: boolean }> {
  if (!into) {
    const row = newBatchRow(formId, desk.deskId, desk.level, actor, w.at);
    await insertBatch(w, row, actor);
    return { row, created: true };
  }
  const row = await lockedBatch(rc, w.trx, into.id);
  if (row.agency_id !== desk.deskId || row.level !== desk.level) throw new OfficeError('OFFICE_REQUEST_MERGE_INVALID', { reason: 'danh sách gộp vào không phải của đơn vị đầu mối ở cấp này' });
  await requireBatchVersion(w.trx, row, into.version);
  requireState(row, ['draft'], 'gộp thêm vào danh sách', 'danh sách');
  if (row.form_id !== formId) throw new OfficeError('OFFICE_REQUEST_MERGE_INVALID', { reason: 'các danh sách không cùng một biểu mẫu' });
  return { row, created: false };
}

/** Each source's submitted entries move into the target: one event each, and the source is marked merged */
async function carry(w: Work, actor: Actor, sources: readonly BatchRow[], target: BatchRow): Promise<number> {
  const events: NewEvent[] = [];
  for (const source of sources) {
    const merged = await updateBatch(w.trx, source, { state: 'merged', merged_into: target.id }, actor.userId, w.at);
    events.push(batchEvent(merged, 'merge', source.state, actor, w.at, { into: target.id, by: target.agency_id }));
    for (const entry of await entriesOf(w.trx, source.id, ['submitted'])) {
      const next = await updateEntry(w.trx, entry, { batch_id: target.id }, actor.userId, w.at);
      events.push(entryEvent(next, 'merge', entry.state, actor, w.at, { details: { from: source.id, into: target.id, level: target.level } }));
    }
  }
  await insertEvents(w.trx, events);
  return events.filter((e) => e.target_kind === 'entry').length;
}

export async function mergeBatches(rc: RequestContext, actor: Actor, input: MergeInput): Promise<RequestBatch> {
  if (!isSeenList(input?.sources, MAX_SOURCES)) throw new OfficeError('OFFICE_REQUEST_MERGE_INVALID', { reason: `cần từ 1 đến ${MAX_SOURCES} danh sách khác nhau` });
  const ids = input.sources.map((s) => s.id);
  return inTransaction(rc, async (w) => {
    // Locked in one order, so two desks merging overlapping lists wait for each other instead of deadlocking
    const ordered = [...input.sources].sort((a, b) => (a.id < b.id ? -1 : 1));
    const sources: BatchRow[] = [];
    let desk: { deskId: string; level: UpperLevel } | undefined;
    for (const seen of ordered) {
      const source = await lockedBatch(rc, w.trx, seen.id);
      const upper = await checkSource(w, actor, source, seen);
      if (desk && (desk.deskId !== upper.deskId || desk.level !== upper.level)) throw new OfficeError('OFFICE_REQUEST_MERGE_INVALID', { reason: 'các danh sách không cùng gửi tới một nơi' });
      if (sources[0] && sources[0].form_id !== source.form_id) throw new OfficeError('OFFICE_REQUEST_MERGE_INVALID', { reason: 'các danh sách không cùng một biểu mẫu' });
      desk = upper;
      sources.push(source);
    }
    const target = await targetBatch(rc, w, actor, sources[0]!.form_id, desk!, input.into);
    const moved = await carry(w, actor, sources, target.row);
    const next = await updateBatch(w.trx, target.row, {}, actor.userId, w.at);
    await insertEvents(w.trx, [batchEvent(next, 'merge', target.row.state, actor, w.at, { sources: ids, entries: moved, created: target.created })]);
    await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.merged', targetType: 'request_batch', targetId: next.id, details: { sources: ids, entries: moved } });
    return toBatch(next);
  });
}
