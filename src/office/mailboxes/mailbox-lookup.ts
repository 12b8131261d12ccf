/**
 * Seed 000's rule for the personal-certificate request ("với điều kiện đã được cấp thư công vụ") read from the
 * registry: an address recorded there holds a mailbox while it is active. For an address not recorded, the province
 * of the agency filing the request decides: one that has recorded mailboxes uses its registry, so the answer is no;
 * one that has recorded none keeps the rule it had before the registry, an active account of congvan with that e-mail.
 */
import { sql } from 'kysely';
import { selectRootId } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import type { MailboxLookup } from '../forms/index.ts';
import { findMailboxByAddress, provinceUsesRegistry } from './mailboxes.repo.ts';

export function registryMailboxLookup(ctx: OfficeContext): MailboxLookup {
  return async (email, filingAgencyId) => {
    const db = ctx.db.kysely;
    const address = email.toLowerCase();
    const mailbox = await findMailboxByAddress(db, address);
    if (mailbox) return mailbox.state === 'active';
    if (await provinceUsesRegistry(db, await selectRootId(db, filingAgencyId))) return false;
    const holder = await db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', address).where('is_active', '=', 1).executeTakeFirst();
    return holder !== undefined;
  };
}
