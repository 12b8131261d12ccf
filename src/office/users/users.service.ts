import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { isRole, PROVINCE_ROLES, type Actor, type Role } from '../actor.ts';
import { findAgency, type AgencyScope } from '../agencies/index.ts';

import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { generatePassword, hashPassword, requireStrongPassword } from './password.ts';
import { findUnusedAccounts } from './unused-accounts.ts';
import { deleteSessionsOf, findUser, findUserByUsername, insertUser, replaceRoles, selectRoles, selectUsers, setAccountActive, type UserProfileRow, type UserRow } from './users.repo.ts';

export interface User {
  readonly id: string;
  readonly agencyId: string;
  readonly username: string;
  readonly fullName: string;
  readonly email: string | null;
  readonly roles: readonly Role[];
  readonly isActive: boolean;
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
  readonly lastSignInAt: string | null;
  readonly createdAt: string;
}

export interface NewUser {
  readonly agencyId: string;
  readonly username: string;
  readonly fullName: string;
  readonly email?: string | null;
  readonly password: string;
  readonly roles: readonly string[];
}

export interface UserChanges {
  readonly fullName?: string;
  readonly email?: string | null;
  readonly roles?: readonly string[];
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const toUser = (row: UserProfileRow, roles: readonly Role[]): User => ({
  id: row.id, agencyId: row.agency_id, username: row.username, fullName: row.full_name, email: row.email,
  roles, isActive: row.is_active === 1, mustChangePassword: row.must_change_password === 1,
  totpEnabled: row.totp_enabled === 1, lastSignInAt: row.last_sign_in_at, createdAt: row.created_at,
});

export function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new OfficeError('OFFICE_USERNAME_INVALID');
}

export function checkEmail(email: string | null | undefined): void {
  if (email && !EMAIL.test(email)) throw new OfficeError('OFFICE_EMAIL_INVALID', { email });
}

/** Known roles, at least one; the province-wide roles only from an admin of a root agency. */
async function checkRoles(db: Kysely<Database>, actor: Actor | null, roles: readonly string[]): Promise<Role[]> {
  if (roles.length === 0) throw new OfficeError('OFFICE_ROLES_EMPTY');
  const unknown = roles.find((r) => !isRole(r));
  if (unknown !== undefined) throw new OfficeError('OFFICE_ROLE_UNKNOWN', { role: unknown });
  const wide = roles.find((r) => PROVINCE_ROLES.includes(r as Role));
  if (wide && actor && (await findAgency(db, actor.agencyId))?.parent_id) throw new OfficeError('OFFICE_ROLE_NOT_GRANTABLE', { role: wide });
  return [...new Set(roles as Role[])];
}

/**
 * Builds a checked user row; shared by administrators' creation, the first set-up and the demo seed
 * (which hashes its one shared password once and passes the hash in).
 */
export async function buildUserRow(
  db: Kysely<Database>, actor: Actor | null, input: NewUser, now: Date, passwordHash?: string,
): Promise<{ row: UserRow; roles: Role[] }> {
  checkUsername(input.username);
  checkEmail(input.email);
  requireStrongPassword(input.password, input.username);
  const roles = await checkRoles(db, actor, input.roles);
  if (await findUserByUsername(db, input.username)) throw new OfficeError('OFFICE_USERNAME_TAKEN', { username: input.username });
  const at = now.toISOString();
  const row: UserRow = {
    id: randomUUID(), agency_id: input.agencyId, username: input.username, full_name: input.fullName.trim(),
    email: input.email ?? null, password_hash: passwordHash ?? await hashPassword(input.password), is_active: 1, must_change_password: 0,
    failed_attempts: 0, locked_until: null, totp_secret: null, totp_enabled: 0, last_sign_in_at: null, created_at: at, updated_at: at,
  };
  return { row, roles };
}

export function createUserService(ctx: OfficeContext, scope: AgencyScope) {
  const db = ctx.db.kysely;

  // Inside a transaction every read goes through it: SQLite has one connection, and PostgreSQL must see the same snapshot.
  async function loadManaged(trx: Kysely<Database>, actor: Actor, id: string): Promise<UserRow> {
    const row = await findUser(trx, id);
    if (!row) throw new OfficeError('OFFICE_USER_NOT_FOUND');
    await scope.requireAdminOver(trx, actor, row.agency_id);
    return row;
  }

  async function present(executor: Kysely<Database>, row: UserRow): Promise<User> {
    return toUser(row, (await selectRoles(executor, [row.id])).get(row.id) ?? []);
  }

  function setActive(actor: Actor, id: string, active: boolean): Promise<User> {
    return writeWithAudit(ctx, async (trx, audit) => {
      const row = await loadManaged(trx, actor, id);
      if (!active && row.id === actor.userId) throw new OfficeError('OFFICE_CANNOT_DEACTIVATE_SELF');
      const changes = await setAccountActive(trx, audit, actor, row, active, ctx.now().toISOString());
      return present(trx, { ...row, ...changes });
    });
  }

  return {
    /** Accounts nobody signed in with for `days` days, and what they cost a year: the revoke list to propose */
    unused: (actor: Actor, input: { days?: unknown } = {}) => findUnusedAccounts(ctx, scope, actor, input),

    async list(actor: Actor, query: { agencyId?: string; text?: string; limit?: number; offset?: number } = {}) {
      const visible = await scope.visibleIds(db, actor);
      const agencyIds = query.agencyId ? visible.filter((id) => id === query.agencyId) : visible;
      const { rows, total } = await selectUsers(db, { agencyIds, text: query.text?.trim(), limit: query.limit ?? 50, offset: query.offset ?? 0 });
      const roles = await selectRoles(db, rows.map((r) => r.id));
      return { items: rows.map((r) => toUser(r, roles.get(r.id) ?? [])), total };
    },

    /** Active people of the actor's own agency with a role: the leaders to review, the handlers to assign */
    async colleagues(actor: Actor, role: Role): Promise<{ id: string; fullName: string }[]> {
      return db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.id', 'users.full_name as fullName'])
        .where('users.agency_id', '=', actor.agencyId).where('users.is_active', '=', 1).where('user_roles.role', '=', role).orderBy('users.full_name').execute();
    },

    async get(actor: Actor, id: string): Promise<User> {
      const row = await findUser(db, id);
      if (!row || (row.id !== actor.userId && !(await scope.visibleIds(db, actor)).includes(row.agency_id))) {
        throw new OfficeError('OFFICE_USER_NOT_FOUND');
      }
      return present(db, row);
    },

    async create(actor: Actor, input: NewUser): Promise<User> {
      // Hash before the transaction: a write lock should not wait on argon2's 20-40 ms.
      requireStrongPassword(input.password, input.username);
      const passwordHash = await hashPassword(input.password);
      return writeWithAudit(ctx, async (trx, audit) => {
        await scope.requireAdminOver(trx, actor, input.agencyId);
        const { row, roles } = await buildUserRow(trx, actor, input, ctx.now(), passwordHash);
        await insertUser(trx, row, roles);
        await audit({ actorId: actor.userId, agencyId: row.agency_id, action: 'user.created', targetType: 'user', targetId: row.id, details: { username: row.username, roles } });
        return toUser(row, roles);
      });
    },

    update(actor: Actor, id: string, changes: UserChanges): Promise<User> {
      return writeWithAudit(ctx, async (trx, audit) => {
        const row = await loadManaged(trx, actor, id);
        checkEmail(changes.email);
        const next = {
          full_name: changes.fullName?.trim() ?? row.full_name,
          email: changes.email === undefined ? row.email : changes.email,
          updated_at: ctx.now().toISOString(),
        };
        await trx.updateTable('users').set(next).where('id', '=', id).execute();
        if (changes.roles) await replaceRoles(trx, id, await checkRoles(trx, actor, changes.roles));
        await audit({ actorId: actor.userId, agencyId: row.agency_id, action: 'user.updated', targetType: 'user', targetId: id, details: { ...changes } });
        return present(trx, { ...row, ...next });
      });
    },

    deactivate: (actor: Actor, id: string) => setActive(actor, id, false),
    reactivate: (actor: Actor, id: string) => setActive(actor, id, true),

    /** Sets a generated temporary password that the user must change at next sign-in; returns it once. */
    async resetPassword(actor: Actor, id: string): Promise<{ temporaryPassword: string }> {
      const temporaryPassword = generatePassword();
      const passwordHash = await hashPassword(temporaryPassword);
      return writeWithAudit(ctx, async (trx, audit) => {
        const row = await loadManaged(trx, actor, id);
        await trx.updateTable('users').set({
          password_hash: passwordHash, must_change_password: 1, failed_attempts: 0,
          locked_until: null, updated_at: ctx.now().toISOString(),
        }).where('id', '=', id).execute();
        await deleteSessionsOf(trx, id);
        await audit({ actorId: actor.userId, agencyId: row.agency_id, action: 'user.password_reset', targetType: 'user', targetId: id });
        return { temporaryPassword };
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
