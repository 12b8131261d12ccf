/**
 * The document-system account registry (issue 7, "Registries"; seed 000 forms 06-08): per agency the accounts with
 * their state, roles and last sign-in, and one account's history read from the audit log, where every change of an
 * account is written with the change (users.service.ts, auth.service.ts, setup, the revoke-account list marked done).
 * Sign-ins are left out of the history: the account shows the last one, and there are thousands.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor, type Role } from '../actor.ts';
import { findAgency, type AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { selectRoles } from './users.repo.ts';

export type AccountState = 'active' | 'disabled';

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly email: string | null;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly state: AccountState;
  readonly roles: readonly Role[];
  readonly lastSignInAt: string | null;
  readonly createdAt: string;
}

/** What happened to an account, in words a page can name; `action` is the audit log's own */
export type AccountEventKind =
  | 'created' | 'roles_changed' | 'profile_changed' | 'disabled' | 're_enabled' | 'password_reset' | 'password_changed'
  | 'two_factor_enabled' | 'two_factor_disabled' | 'locked';

export interface AccountEvent {
  readonly seq: number;
  readonly at: string;
  readonly kind: AccountEventKind;
  readonly action: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  /** The roles given, for roles_changed */
  readonly roles?: readonly string[];
  /** The fields changed, for profile_changed */
  readonly fields?: readonly string[];
  /** The request entry (a revoke-account list's row) whose completion disabled the account */
  readonly entryId?: string;
}

const KINDS: Readonly<Record<string, AccountEventKind>> = {
  'user.created': 'created', 'installation.set_up': 'created', 'user.deactivated': 'disabled', 'user.reactivated': 're_enabled',
  'user.password_reset': 'password_reset', 'user.password_changed': 'password_changed', 'user.totp_enabled': 'two_factor_enabled',
  'user.totp_disabled': 'two_factor_disabled', 'auth.locked': 'locked', 'user.updated': 'profile_changed',
};
const USER_ACTIONS = Object.keys(KINDS).filter((a) => a !== 'installation.set_up');
const MAX_PAGE = 1000;
const MAX_EVENTS = 1000;

function requireOverseer(actor: Actor): void {
  if (!hasRole(actor, 'admin') && !hasRole(actor, 'dic_operator')) throw new OfficeError('OFFICE_FORBIDDEN');
}

const pageNumber = (value: unknown, fallback: number, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, min), max) : fallback;

const accountQuery = (db: Kysely<Database>) => db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id')
  .select(['users.id', 'users.username', 'users.full_name', 'users.email', 'users.agency_id', 'agencies.name as agency_name', 'users.is_active', 'users.last_sign_in_at', 'users.created_at']);

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountQuery>['executeTakeFirstOrThrow']>>;

const toAccount = (r: AccountRow, roles: readonly Role[]): Account => ({
  id: r.id, username: r.username, fullName: r.full_name, email: r.email, agencyId: r.agency_id, agencyName: r.agency_name,
  state: r.is_active === 1 ? 'active' : 'disabled', roles, lastSignInAt: r.last_sign_in_at, createdAt: r.created_at,
});

function toEvent(r: { seq: number; at: string; action: string; actor_id: string | null; actor_name: string | null; details: string }): AccountEvent {
  const details = JSON.parse(r.details) as Record<string, unknown>;
  const base = { seq: r.seq, at: r.at, action: r.action, actorId: r.actor_id, actorName: r.actor_name };
  if (r.action === 'user.updated') {
    const fields = Object.keys(details).filter((k) => k !== 'roles');
    return Array.isArray(details.roles) ? { ...base, kind: 'roles_changed', roles: details.roles.map(String), ...(fields.length ? { fields } : {}) } : { ...base, kind: 'profile_changed', fields };
  }
  return { ...base, kind: KINDS[r.action] ?? 'profile_changed', ...(typeof details.entryId === 'string' ? { entryId: details.entryId } : {}) };
}

export function createAccountRegistry(ctx: OfficeContext, scope: AgencyScope) {
  const db = () => ctx.db.kysely;

  async function agencyIdsOf(actor: Actor, agencyId: unknown): Promise<string[]> {
    requireOverseer(actor);
    const visible = await scope.visibleIds(db(), actor);
    if (agencyId === undefined) return visible;
    const agency = typeof agencyId === 'string' && agencyId.length <= 64 ? await findAgency(db(), agencyId) : undefined;
    if (!agency) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
    if (!visible.includes(agency.id)) throw new OfficeError('OFFICE_FORBIDDEN');
    return [agency.id];
  }

  return {
    /** The accounts of the agencies the actor oversees (or of one of them), by agency then account name */
    async list(actor: Actor, query: { agencyId?: unknown; state?: unknown; limit?: unknown; offset?: unknown } = {}): Promise<{ items: Account[]; total: number }> {
      const agencyIds = await agencyIdsOf(actor, query.agencyId);
      if (agencyIds.length === 0) return { items: [], total: 0 };
      const active = query.state === 'active' ? 1 : query.state === 'disabled' ? 0 : undefined;
      let rowsQuery = accountQuery(db()).where('users.agency_id', 'in', agencyIds);
      let countQuery = db().selectFrom('users').where('agency_id', 'in', agencyIds);
      if (active !== undefined) {
        rowsQuery = rowsQuery.where('users.is_active', '=', active);
        countQuery = countQuery.where('is_active', '=', active);
      }
      const limit = pageNumber(query.limit, 200, 1, MAX_PAGE);
      const offset = pageNumber(query.offset, 0, 0, 1_000_000);
      const rows = await rowsQuery.orderBy('agencies.name').orderBy('users.username').limit(limit).offset(offset).execute();
      // A page that is not full already tells the total
      const total = rows.length > 0 && rows.length < limit ? offset + rows.length
        : Number((await countQuery.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
      const roles = await selectRoles(db(), rows.map((r) => r.id));
      return { items: rows.map((r) => toAccount(r, roles.get(r.id) ?? [])), total };
    },

    /** One account of an agency the actor oversees, and what happened to it, oldest first */
    async history(actor: Actor, id: unknown): Promise<{ account: Account; events: AccountEvent[] }> {
      requireOverseer(actor);
      const row = typeof id === 'string' && id.length <= 64 ? await accountQuery(db()).where('users.id', '=', id).executeTakeFirst() : undefined;
      if (!row || !(await scope.visibleIds(db(), actor)).includes(row.agency_id)) throw new OfficeError('OFFICE_USER_NOT_FOUND');
      const events = await db().selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id')
        .select(['audit_log.seq', 'audit_log.at', 'audit_log.action', 'audit_log.actor_id', 'users.full_name as actor_name', 'audit_log.details'])
        .where((eb) => eb.or([
          eb.and([eb('audit_log.target_type', '=', 'user'), eb('audit_log.target_id', '=', row.id), eb('audit_log.action', 'in', USER_ACTIONS)]),
          // The first administrator is made with the installation, audited against its agency
          eb.and([eb('audit_log.target_type', '=', 'agency'), eb('audit_log.target_id', '=', row.agency_id), eb('audit_log.action', '=', 'installation.set_up'), eb('audit_log.actor_id', '=', row.id)]),
        ]))
        .orderBy('audit_log.seq').limit(MAX_EVENTS).execute();
      return { account: toAccount(row, (await selectRoles(db(), [row.id])).get(row.id) ?? []), events: events.map(toEvent) };
    },
  };
}

export type AccountRegistry = ReturnType<typeof createAccountRegistry>;
