import { buildAgencyRow, insertAgency, selectRootId } from '../agencies/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { recordMailbox } from '../mailboxes/index.ts';
import { OfficeError } from '../office.errors.ts';
import { buildUserRow, hashPassword, insertUser, MIN_PASSWORD_LENGTH } from '../users/index.ts';
import { isStrongPassword } from '../users/password.ts';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-province.ts';

/** Seeds the demo province in one transaction: on a crash half-way, nothing of it is left. */
export async function seedDemoProvince(ctx: OfficeContext, password: string): Promise<{ agencies: number; users: number }> {
  if (!isStrongPassword(password)) throw new OfficeError('OFFICE_DEMO_PASSWORD_WEAK', { min: MIN_PASSWORD_LENGTH });
  const passwordHash = await hashPassword(password);
  return writeWithAudit(ctx, async (trx, audit) => {
    const ids = new Map<string, string>();
    for (const agency of DEMO_AGENCIES) {
      const parentId = agency.parent ? ids.get(agency.parent) ?? null : null;
      const row = await buildAgencyRow(trx, { ...agency, parentId }, ctx.now());
      await insertAgency(trx, row);
      ids.set(agency.slug, row.id);
    }
    let mailboxes = 0;
    for (const user of DEMO_USERS) {
      const agencyId = ids.get(user.agency) ?? '';
      const { row, roles } = await buildUserRow(trx, null, { ...user, agencyId, email: user.email ?? `${user.username}@demo.congvan.vn`, password }, ctx.now(), passwordHash);
      await insertUser(trx, row, roles);
      // An official address is an active mailbox in the registry, so the personal-certificate rule (seed 000) holds in the demo
      if (user.email) {
        const change = { trx, audit, dialect: ctx.db.dialect, at: ctx.now().toISOString(), actorId: null, actorAgencyId: agencyId };
        await recordMailbox(change, {
          address: user.email.toLowerCase(), agencyId, rootAgencyId: await selectRootId(trx, agencyId), holderKind: 'person', holderName: row.full_name,
          holderUserId: row.id, reason: null, entryId: null,
        });
        mailboxes += 1;
      }
    }
    // The request desks (request_desks): who collects each area's request lists
    for (const area of DEMO_AGENCIES.filter((a) => a.requestDesk)) {
      await trx.insertInto('request_desks').values({ area_agency_id: ids.get(area.slug)!, desk_agency_id: ids.get(area.requestDesk!)!, set_by: null, set_at: ctx.now().toISOString() }).execute();
    }
    await audit({ actorId: null, agencyId: ids.get('laichau') ?? null, action: 'demo.seeded', targetType: 'installation', targetId: null, details: { agencies: DEMO_AGENCIES.length, users: DEMO_USERS.length, mailboxes } });
    return { agencies: DEMO_AGENCIES.length, users: DEMO_USERS.length };
  });
}
