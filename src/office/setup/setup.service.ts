/**
 * The first start of an empty installation: a one-time set-up token (printed on the console, its hash kept
 * in the database) lets whoever holds it create the root agency and the first administrator.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { buildAgencyRow, insertAgency, type NewAgency } from '../agencies/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { buildUserRow, insertUser, type User, toUser } from '../users/index.ts';

export interface FirstAdministrator {
  readonly username: string;
  readonly fullName: string;
  readonly email?: string | null;
  readonly password: string;
}

const TOKEN_KEY = 'setup_token_sha256';
const digest = (token: string) => createHash('sha256').update(token).digest();

export function createSetupService(ctx: OfficeContext) {
  const db = ctx.db.kysely;
  const hasUsers = async () => (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;

  return {
    isNeeded: async (): Promise<boolean> => !(await hasUsers()),

    /** A new token replaces any earlier one; null when the installation already has users. */
    async issueToken(): Promise<string | null> {
      if (await hasUsers()) return null;
      const token = randomBytes(18).toString('base64url');
      const value = digest(token).toString('hex');
      await db.insertInto('settings').values({ key: TOKEN_KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
      return token;
    },

    complete(token: string, agency: Omit<NewAgency, 'parentId'>, admin: FirstAdministrator): Promise<User> {
      return writeWithAudit(ctx, async (trx, audit) => {
        if ((await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined) throw new OfficeError('OFFICE_SETUP_DONE');
        const stored = await trx.selectFrom('settings').select('value').where('key', '=', TOKEN_KEY).executeTakeFirst();
        if (!stored || !timingSafeEqual(Buffer.from(stored.value, 'hex'), digest(token))) throw new OfficeError('OFFICE_SETUP_TOKEN_INVALID');
        const agencyRow = await buildAgencyRow(trx, { ...agency, parentId: null }, ctx.now());
        await insertAgency(trx, agencyRow);
        const { row, roles } = await buildUserRow(trx, null, { ...admin, agencyId: agencyRow.id, roles: ['admin'] }, ctx.now());
        await insertUser(trx, row, roles);
        await trx.deleteFrom('settings').where('key', '=', TOKEN_KEY).execute();
        await audit({ actorId: row.id, agencyId: agencyRow.id, action: 'installation.set_up', targetType: 'agency', targetId: agencyRow.id, details: { code: agencyRow.code, admin: row.username } });
        return toUser(row, roles);
      });
    },
  };
}

export type SetupService = ReturnType<typeof createSetupService>;
