/**
 * Seed 000's rule for the personal-certificate request ("với điều kiện đã được cấp thư công vụ") read from the
 * registry: the address must be recorded there and active. A province that has recorded no mailbox yet has not started
 * using the registry; there the rule stays what it was before the registry: an active account of congvan with that
 * e-mail. The fallback only ever says yes through such an account, so it is that account's province which decides.
 */
import { sql } from 'kysely';
import { selectRootId } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import type { MailboxLookup } from '../forms/index.ts';
import { findMailboxByAddress, provinceUsesRegistry } from './mailboxes.repo.ts';

export function registryMailboxLookup(ctx: OfficeContext): MailboxLookup {
  return async (email) => {
    const db = ctx.db.kysely;
    const address = email.toLowerCase();
    const mailbox = await findMailboxByAddress(db, address);
    if (mailbox) return mailbox.state === 'active';
    const holders = await db.selectFrom('users').select('agency_id').where(sql<string>`lower(email)`, '=', address).where('is_active', '=', 1).limit(10).execute();
    for (const holder of holders) {
      if (!(await provinceUsesRegistry(db, await selectRootId(db, holder.agency_id)))) return true;
    }
    return false;
  };
}
