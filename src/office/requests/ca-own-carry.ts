/**
 * Approved entries carried onto congvan's own CA (ca-own.ts): each checked to be the carrier's to close, acted on by
 * its form's action (ca-actions.ts), then marked done with what it brought. A refusal stays on the approved entry
 * with its reason, for `carryPending` to take up again. @internal
 */
import type { Kysely } from 'kysely';
import { isCodedError } from '../../shared/coded-error.ts';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import { writeWithAudit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { findUser, selectRoles } from '../users/index.ts';
import { CA_FORM_ACTIONS, carryOut, type ActionResult } from './ca-actions.ts';
import { claimEntry, releaseEntry } from './ca-own-claim.ts';
import { KEY_BUNDLE_MADE } from './ca-p12-bundle.ts';
import { actionContext, mayCarry, type CarryResult, type OwnCa } from './ca-own-context.ts';
import { isDeskActor } from './levels.ts';
import { findBatch, findEntry, insertEvents, toEntry, updateEntry, type EntryRow } from './requests.repo.ts';
import type { ApprovedEntrySink, RequestEntry } from './requests.types.ts';
import { entryEvent, holderOf, inTransaction } from './work.ts';

type Failure = { readonly code: string; readonly reason: string };

/** The user who approved the entry last, as an actor: the CA acts on their decision */
async function approverOf(db: Kysely<Database>, entryId: string): Promise<Actor | undefined> {
  const event = await db.selectFrom('request_events').select('actor_id').where('target_kind', '=', 'entry').where('target_id', '=', entryId)
    .where('action', '=', 'approve').orderBy('version', 'desc').limit(1).executeTakeFirst();
  const user = event?.actor_id ? await findUser(db, event.actor_id) : undefined;
  if (!user || user.is_active !== 1) return undefined;
  const roles = (await selectRoles(db, [user.id])).get(user.id) ?? [];
  return { userId: user.id, username: user.username, agencyId: user.agency_id, roles };
}

/** Only the DIC holding the entry's list may close it: checked before the CA acts, so nothing is issued that cannot be marked done */
async function mayClose(db: Kysely<Database>, actor: Actor, row: EntryRow): Promise<boolean> {
  const batch = await findBatch(db, row.batch_id);
  const holder = batch ? holderOf(batch) : null;
  return holder?.level === 'province' && (await isDeskActor(db, actor, holder.agencyId, 'province'));
}

export const failureOf = (err: unknown): Failure => isCodedError(err)
  ? { code: err.code, reason: err.localise('vi') }
  : { code: 'SRV_INTERNAL', reason: `Lỗi hệ thống khi thực hiện đề nghị: ${(err as Error)?.message ?? String(err)}`.slice(0, 500) };

/** The CA refused: the entry stays approved, the reason on it and on its timeline, for the DIC to see and retry */
async function recordFailure(ca: OwnCa, actor: Actor, entryId: string, failure: Failure): Promise<void> {
  await inTransaction(ca.rc, async (w) => {
    const row = await findEntry(w.trx, entryId);
    if (!row || row.state !== 'approved') return;
    const next = await updateEntry(w.trx, row, { reason: failure.reason.slice(0, 500) }, actor.userId, w.at);
    await insertEvents(w.trx, [entryEvent(next, 'ca-failed', row.state, actor, w.at, { reason: next.reason ?? undefined, details: { code: failure.code } })]);
    await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.ca_failed', targetType: 'request_entry', targetId: entryId, details: { code: failure.code, form: row.form_id } });
  });
}

async function auditKeyBundle(ca: OwnCa, actor: Actor, entryId: string, result: ActionResult): Promise<void> {
  if (!result.keyBundle) return;
  await writeWithAudit(ca.ctx, (_trx, audit) => audit({ actorId: actor.userId, agencyId: actor.agencyId, action: KEY_BUNDLE_MADE, targetType: 'request_entry', targetId: entryId,
    details: { serial: result.serial ?? null, blobId: result.keyBundle!.blobId, format: 'PKCS#12' } }));
}

/** The CA acted: the entry marked done with what it brought; if that fails, the failure says what was done, so a retry is not taken blindly */
async function closeCarried(ca: OwnCa, actor: Actor, entryId: string, result: ActionResult): Promise<CarryResult> {
  try {
    await auditKeyBundle(ca, actor, entryId, result);
    const current = (await findEntry(ca.ctx.db.kysely, entryId))!;
    const done = await ca.requests().decisions.markDone(actor, { id: entryId, version: current.version }, result.outcome);
    return { entryId, ok: true, entry: done, ...result };
  } catch (err) {
    const failure = failureOf(err);
    await recordFailure(ca, actor, entryId, { code: failure.code, reason: `${result.outcome}; chưa ghi được hoàn thành: ${failure.reason}` }).catch(() => undefined);
    return { entryId, ok: false, ...failure };
  }
}

/** The CA acts on the claimed entry, then the entry is closed; a refusal stays on it with its reason */
async function actAndClose(ca: OwnCa, actor: Actor, entry: EntryRow): Promise<CarryResult> {
  let result: ActionResult;
  try {
    result = await carryOut(actionContext(ca, actor), toEntry(entry));
  } catch (err) {
    const failure = failureOf(err);
    await recordFailure(ca, actor, entry.id, failure);
    return { entryId: entry.id, ok: false, ...failure };
  }
  return closeCarried(ca, actor, entry.id, result);
}

/** One approved entry of a certificate form carried, claimed first (ca-own-claim.ts); undefined for one that is not (any more) the CA's to carry */
async function carryOne(ca: OwnCa, actor: Actor, entryId: string): Promise<CarryResult | undefined> {
  const db = ca.ctx.db.kysely;
  const row = await findEntry(db, entryId);
  if (!row || row.state !== 'approved' || !CA_FORM_ACTIONS[row.form_id]) return undefined;
  if (!(await mayClose(db, actor, row))) return refusal(entryId, new OfficeError('OFFICE_FORBIDDEN'));
  const claimed = await claimEntry(ca, actor, entryId);
  if (claimed === null) return undefined;
  if (claimed === 'busy') return refusal(entryId, new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'thực hiện trên CA', target: 'đề nghị', state: 'đang được CA thực hiện' }));
  try {
    return await actAndClose(ca, actor, claimed);
  } finally {
    // Left unreleased (the database gone meanwhile), the claim lapses after its stale time
    await releaseEntry(ca, actor, entryId).catch(() => undefined);
  }
}

const refusal = (entryId: string, err: OfficeError): CarryResult => ({ entryId, ok: false, ...failureOf(err) });

/** Carries the given approved entries one by one; the others (not the CA's, not approved any more) are left as they are */
export async function carryEntries(ca: OwnCa, actor: Actor, entries: readonly Pick<RequestEntry, 'id'>[]): Promise<CarryResult[]> {
  if (!mayCarry(actor)) throw new OfficeError('OFFICE_FORBIDDEN');
  const results: CarryResult[] = [];
  for (const entry of entries) {
    const result = await carryOne(ca, actor, entry.id);
    if (result) results.push(result);
  }
  if (results.length > 0) await ca.onCarried?.(results);
  return results;
}

/** The retry: every approved certificate entry the actor's province still has to carry */
export async function carryPending(ca: OwnCa, actor: Actor): Promise<CarryResult[]> {
  const pending = await ca.requests().queries.pendingApproved(actor);
  return carryEntries(ca, actor, pending.filter((e) => CA_FORM_ACTIONS[e.formId]));
}

/** The seam: runs after the DIC's approval committed, as the approving operator; it never throws into the approval */
export const approvalSink = (ca: OwnCa): ApprovedEntrySink => async (entries) => {
  const ours = entries.filter((e) => CA_FORM_ACTIONS[e.formId]);
  const approver = ours.length > 0 ? await approverOf(ca.ctx.db.kysely, ours[0]!.id).catch(() => undefined) : undefined;
  if (!approver) return;
  await carryEntries(ca, approver, ours).catch(() => undefined);
};
