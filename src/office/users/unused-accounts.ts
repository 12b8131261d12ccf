/**
 * The unused-account finder (seed 000: each account on the document system costs the province about 20,000 VND a
 * year, so accounts nobody uses are to be revoked): active accounts of the agencies the actor oversees with no
 * sign-in for `days` days (or none since they were made that long ago), with what they cost a year, as the rows
 * of the revoke list (Mẫu số 07: name, workplace, account, reason).
 */
import { hasRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { DAY_MS, displayDate, vietnamDate } from '../../shared/vietnam-time.ts';

/** VND a year per account (seed 000) */
const ACCOUNT_YEARLY_COST_VND = 20_000;

export interface UnusedAccount {
  readonly userId: string;
  readonly username: string;
  readonly fullName: string;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly lastSignInAt: string | null;
  /** Days since the last sign-in, or since the account was made when it never signed in */
  readonly idleDays: number;
  /** The reason as the revoke list states it */
  readonly reason: string;
}

export interface UnusedAccountsReport {
  readonly days: number;
  readonly accounts: readonly UnusedAccount[];
  readonly yearlyCostVnd: number;
}

/** The reason as Mẫu 07's "Lý do thu hồi" states it: the day of the last sign-in, Vietnam's calendar */
export const revokeReason = (lastSignInAt: string | null): string =>
  lastSignInAt ? `Không đăng nhập từ ${displayDate(vietnamDate(new Date(lastSignInAt)))}` : 'Chưa từng đăng nhập';

/** Whole days, 1 to 3650, as a number or as decimal digits: '1e2', '0x10', ' 90' or true are not what was typed */
function idleDays(raw: unknown): number {
  if (raw === undefined) return 90;
  const days = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new OfficeError('OFFICE_UNUSED_DAYS_INVALID', { value: String(raw).slice(0, 20) });
  return days;
}

export async function findUnusedAccounts(ctx: OfficeContext, scope: AgencyScope, actor: Actor, input: { days?: unknown } = {}): Promise<UnusedAccountsReport> {
  if (!hasRole(actor, 'admin') && !hasRole(actor, 'dic_operator')) throw new OfficeError('OFFICE_FORBIDDEN');
  const days = idleDays(input.days);
  const db = ctx.db.kysely;
  const agencyIds = await scope.visibleIds(db, actor);
  if (agencyIds.length === 0) return { days, accounts: [], yearlyCostVnd: 0 };
  const now = ctx.now().getTime();
  const cutoff = new Date(now - days * DAY_MS).toISOString();
  const rows = await db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.username', 'users.full_name', 'users.agency_id', 'agencies.name as agency_name', 'users.last_sign_in_at', 'users.created_at'])
    .where('users.agency_id', 'in', agencyIds).where('users.is_active', '=', 1)
    .where((eb) => eb.or([eb('users.last_sign_in_at', '<', cutoff), eb.and([eb('users.last_sign_in_at', 'is', null), eb('users.created_at', '<', cutoff)])]))
    .orderBy('agencies.name').orderBy('users.username').limit(10_000).execute();
  const accounts = rows.map((r): UnusedAccount => {
    const since = r.last_sign_in_at ?? r.created_at;
    const idleDays = Math.floor((now - new Date(since).getTime()) / DAY_MS);
    return {
      userId: r.id, username: r.username, fullName: r.full_name, agencyId: r.agency_id, agencyName: r.agency_name, lastSignInAt: r.last_sign_in_at, idleDays,
      reason: revokeReason(r.last_sign_in_at),
    };
  });
  return { days, accounts, yearlyCostVnd: accounts.length * ACCOUNT_YEARLY_COST_VND };
}
