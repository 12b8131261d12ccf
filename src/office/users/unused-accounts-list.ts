/**
 * The unused-account finder's selection filed as a draft Mẫu số 07 (seed 000: revoke document-system accounts),
 * so nobody retypes the rows: name, workplace, account and reason come from the accounts, in one transaction with
 * the list's events and audit entries.
 *
 * "Chức vụ" is a required column and accounts hold no position. Drafts cannot hold it empty: every entry is
 * checked by the forms module before it is stored (requests/clean-input.ts, on add and on edit alike). So the
 * position is what the administrator types for each selected account; none is made up, and a row without one is
 * refused by the form's own Vietnamese message, nothing stored.
 */
import { hasRole, type Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { insertBatch, newBatchRow } from '../requests/batches.service.ts';
import { cleanRows, formOf } from '../requests/clean-input.ts';
import { insertEntries } from '../requests/entries.service.ts';
import { requireUnitActor } from '../requests/levels.ts';
import type { RequestBatch, RequestEntry } from '../requests/requests.types.ts';
import { inTransaction, type RequestContext } from '../requests/work.ts';
import { revokeReason } from './unused-accounts.ts';

const REVOKE_FORM_ID = 'document-accounts-revoke';
/** A list longer than this is not what the finder's page selects */
const MAX_SELECTED = 500;

export interface RevokeListInput {
  /** The selected accounts, each with the position the administrator typed ("Chức vụ"), if any */
  readonly accounts?: unknown;
}

/** The selection as typed: ids, each once, with their positions (absent ones left for the form to refuse) */
function selectionOf(input: RevokeListInput): Map<string, unknown> {
  const raw = Array.isArray(input?.accounts) ? input.accounts : [];
  const picked = new Map<string, unknown>();
  for (const item of raw.slice(0, MAX_SELECTED + 1)) {
    const userId = typeof item === 'object' && item !== null ? (item as { userId?: unknown }).userId : undefined;
    if (typeof userId !== 'string' || userId === '') throw new OfficeError('OFFICE_UNUSED_ACCOUNT_OUTSIDE', { username: String(userId).slice(0, 40) });
    picked.set(userId, (item as { position?: unknown }).position);
  }
  if (picked.size === 0) throw new OfficeError('OFFICE_UNUSED_NONE_SELECTED');
  if (picked.size > MAX_SELECTED) throw new OfficeError('OFFICE_UNUSED_TOO_MANY', { max: MAX_SELECTED });
  return picked;
}

/** The unit's administrator (its IT officer) files the draft for their own agency; its rows may name any account they oversee */
export async function draftRevokeList(rc: RequestContext, actor: Actor, input: RevokeListInput): Promise<{ batch: RequestBatch; entries: RequestEntry[] }> {
  if (!hasRole(actor, 'admin')) throw new OfficeError('OFFICE_FORBIDDEN');
  requireUnitActor(actor, actor.agencyId);
  const picked = selectionOf(input);
  const form = formOf(REVOKE_FORM_ID);
  return inTransaction(rc, async (w) => {
    const visible = new Set(await rc.scope.visibleIds(w.trx, actor));
    const found = await w.trx.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select(['users.id', 'users.username', 'users.full_name', 'users.agency_id', 'users.is_active', 'users.last_sign_in_at', 'agencies.name as agency_name'])
      .where('users.id', 'in', [...picked.keys()]).execute();
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = [...picked].map(([userId, position]) => {
      const user = byId.get(userId);
      // An id that is not an account is refused as one outside the caller's agencies: no telling which ids exist
      if (!user || !visible.has(user.agency_id)) throw new OfficeError('OFFICE_UNUSED_ACCOUNT_OUTSIDE', { username: user?.username ?? userId.slice(0, 40) });
      if (user.is_active !== 1) throw new OfficeError('OFFICE_UNUSED_ACCOUNT_INACTIVE', { username: user.username });
      return {
        fullName: user.full_name, workplace: user.agency_name, account: user.username, reason: revokeReason(user.last_sign_in_at),
        ...(typeof position === 'string' && position.trim() !== '' ? { position } : {}),
      };
    });
    // Mẫu 07 has no mailbox column, so the check reads nothing outside this transaction
    const clean = await cleanRows(rc, form, rows, actor.agencyId);
    const row = newBatchRow(form.id, actor.agencyId, 'unit', actor, w.at);
    await insertBatch(w, row, actor);
    await w.audit({
      actorId: actor.userId, agencyId: actor.agencyId, action: 'request.batch.created', targetType: 'request_batch', targetId: row.id,
      details: { formId: form.id, from: 'unused-accounts', userIds: [...picked.keys()] },
    });
    return insertEntries(w, row, form, clean, actor);
  });
}
