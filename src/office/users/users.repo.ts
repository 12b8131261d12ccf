import { sql, type Kysely } from 'kysely';
import type { Database, UserTable } from '../../store/index.ts';
import { isRole, type Actor, type Role } from '../actor.ts';
import type { Audit } from '../context.ts';

export type UserRow = UserTable;

/** What listings read: never the password hash or the TOTP secret, and fewer columns to materialise. */
export const PROFILE_COLUMNS = [
  'id', 'agency_id', 'username', 'full_name', 'email', 'is_active', 'must_change_password', 'totp_enabled', 'last_sign_in_at', 'created_at',
] as const;
export type UserProfileRow = Pick<UserRow, (typeof PROFILE_COLUMNS)[number]>;

export const findUser = (db: Kysely<Database>, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByUsername = (db: Kysely<Database>, username: string) =>
  db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

/** The active account with this e-mail (a certificate's holder, found by its mailbox), or undefined */
export async function activeUserIdByEmail(db: Kysely<Database>, email: string | null | undefined): Promise<string | undefined> {
  if (!email) return undefined;
  return (await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).where('is_active', '=', 1).executeTakeFirst())?.id;
}

export async function selectRoles(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Role[]>> {
  const byUser = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
  for (const row of rows) if (isRole(row.role)) byUser.get(row.user_id)?.push(row.role);
  return byUser;
}

export async function replaceRoles(db: Kysely<Database>, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

export async function insertUser(db: Kysely<Database>, row: UserRow, roles: readonly Role[]): Promise<void> {
  await db.insertInto('users').values(row).execute();
  await replaceRoles(db, row.id, roles);
}

export interface UserQuery {
  readonly agencyIds: readonly string[];
  readonly text?: string;
  readonly limit: number;
  readonly offset: number;
}

export async function selectUsers(db: Kysely<Database>, query: UserQuery): Promise<{ rows: UserProfileRow[]; total: number }> {
  if (query.agencyIds.length === 0) return { rows: [], total: 0 };
  let base = db.selectFrom('users').where('agency_id', 'in', query.agencyIds);
  if (query.text) {
    const like = `%${query.text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    // An explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the backslash.
    base = base.where(sql<boolean>`(lower(username) like ${like} escape '\\' or lower(full_name) like ${like} escape '\\')`);
  }
  const rows = await base.select(PROFILE_COLUMNS).orderBy('username').limit(query.limit).offset(query.offset).execute();
  // A page that is not full already tells the total.
  if (rows.length > 0 && rows.length < query.limit) return { rows, total: query.offset + rows.length };
  const count = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export const deleteSessionsOf = (db: Kysely<Database>, userId: string) =>
  db.deleteFrom('sessions').where('user_id', '=', userId).execute();

/**
 * An account switched off (its sessions ended) or on again (its lockout cleared), with its audit entry: the one way an
 * administrator's action and a revoke-accounts list (Mẫu 07) do it. Returns the columns it changed.
 */
export async function setAccountActive(trx: Kysely<Database>, audit: Audit, actor: Actor, row: Pick<UserRow, 'id' | 'agency_id'>, active: boolean, at: string, details?: Record<string, unknown>) {
  const changes = { is_active: active ? 1 : 0, updated_at: at, ...(active ? { failed_attempts: 0, locked_until: null } : {}) };
  await trx.updateTable('users').set(changes).where('id', '=', row.id).execute();
  if (!active) await deleteSessionsOf(trx, row.id);
  await audit({ actorId: actor.userId, agencyId: row.agency_id, action: active ? 'user.reactivated' : 'user.deactivated', targetType: 'user', targetId: row.id, ...(details ? { details } : {}) });
  return changes;
}
