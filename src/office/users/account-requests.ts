/**
 * Seed 000 Mẫu 07 (revoke document-system accounts) carried out when the DIC marks an entry done, inside the
 * transaction that marks it (RequestOptions.onDone): the named account is disabled, its sessions ended, with the
 * entry in the audit entry (so the account's history points to the request). An account that is not in this
 * installation's province (the list may name one of another system) or is already disabled is left as it is.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { Audit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { RequestEntry } from '../requests/index.ts';
import { findUserByUsername, setAccountActive } from './users.repo.ts';

const REVOKE_ACCOUNTS_FORM = 'document-accounts-revoke';

export async function applyAccountEntry(w: { trx: Transaction<Database>; audit: Audit; at: string }, scope: AgencyScope, entry: RequestEntry, actor: Actor): Promise<void> {
  if (entry.formId !== REVOKE_ACCOUNTS_FORM) return;
  const account = entry.values.account;
  const row = typeof account === 'string' ? await findUserByUsername(w.trx, account.toLowerCase()) : undefined;
  if (!row || row.is_active !== 1 || !(await scope.visibleIds(w.trx, actor)).includes(row.agency_id)) return;
  if (row.id === actor.userId) throw new OfficeError('OFFICE_CANNOT_DEACTIVATE_SELF');
  const reason = typeof entry.values.reason === 'string' ? entry.values.reason : null;
  await setAccountActive(w.trx, w.audit, actor, row, false, w.at, { entryId: entry.id, reason });
}
