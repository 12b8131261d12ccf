/**
 * Sign-in, sessions and the second factor. A session is a random token the browser keeps in an httpOnly
 * cookie; the database holds only its SHA-256, with a CSRF token the client echoes on every change.
 */
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import {
  burnPasswordCheck, findUser, findUserByUsername, hashPassword, requireStrongPassword, selectRoles,
  toUser, verifyPassword, type User, type UserRow,
} from '../users/index.ts';

export interface AuthPolicy {
  readonly maxFailedAttempts: number;
  readonly lockoutMinutes: number;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { maxFailedAttempts: 5, lockoutMinutes: 15, sessionIdleMinutes: 30, sessionMaxHours: 12 };

export interface SignInInput { readonly username: string; readonly password: string; readonly otp?: string }
export interface SessionGrant { readonly token: string; readonly csrfToken: string; readonly user: User; readonly actor: Actor; readonly expiresAt: string }
export interface AuthenticatedSession { readonly actor: Actor; readonly csrfToken: string }

// otplib throws on a code of the wrong shape; a wrong shape is simply a wrong code.
const isTotpValid = async (secret: string, code: string) =>
  /^\d{6}$/.test(code) && (await verifyTotp({ secret, token: code, epochTolerance: 30 })).valid;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);
// Touching last_seen_at on every request would make every read a write; once a minute is enough for the idle limit.
const TOUCH_AFTER_MS = 60_000;

export function createAuthService(ctx: OfficeContext, policy: AuthPolicy = DEFAULT_AUTH_POLICY) {
  const db = ctx.db.kysely;

  async function checkSecondFactor(row: UserRow, otp: string | undefined): Promise<boolean> {
    if (row.totp_enabled !== 1 || !row.totp_secret) return true;
    if (!otp) throw new OfficeError('OFFICE_AUTH_OTP_REQUIRED');
    return isTotpValid(row.totp_secret, otp);
  }

  /** Counts a failure; the last allowed one locks the account for a while. */
  async function recordFailure(row: UserRow, now: Date): Promise<OfficeError> {
    const attempts = row.failed_attempts + 1;
    const locks = attempts >= policy.maxFailedAttempts;
    await writeWithAudit(ctx, async (trx, audit) => {
      await trx.updateTable('users').set({
        failed_attempts: locks ? 0 : attempts,
        locked_until: locks ? addMinutes(now, policy.lockoutMinutes).toISOString() : row.locked_until,
      }).where('id', '=', row.id).execute();
      await audit({ actorId: row.id, agencyId: row.agency_id, action: locks ? 'auth.locked' : 'auth.sign_in_failed', targetType: 'user', targetId: row.id, details: { attempts } });
    });
    return locks ? new OfficeError('OFFICE_AUTH_LOCKED', { minutes: policy.lockoutMinutes }) : new OfficeError('OFFICE_AUTH_INVALID_CREDENTIALS');
  }

  async function openSession(row: UserRow, now: Date): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = addMinutes(now, policy.sessionMaxHours * 60).toISOString();
    await writeWithAudit(ctx, async (trx, audit) => {
      await trx.insertInto('sessions').values({ token_hash: sha256(token), user_id: row.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() }).execute();
      await trx.updateTable('users').set({ failed_attempts: 0, locked_until: null, last_sign_in_at: now.toISOString() }).where('id', '=', row.id).execute();
      await audit({ actorId: row.id, agencyId: row.agency_id, action: 'auth.signed_in', targetType: 'user', targetId: row.id });
    });
    const roles = (await selectRoles(db, [row.id])).get(row.id) ?? [];
    const actor: Actor = { userId: row.id, username: row.username, agencyId: row.agency_id, roles };
    return { token, csrfToken, expiresAt, actor, user: toUser({ ...row, last_sign_in_at: now.toISOString() }, roles) };
  }

  return {
    async signIn(input: SignInInput): Promise<SessionGrant> {
      const now = ctx.now();
      const row = await findUserByUsername(db, input.username.trim().toLowerCase());
      if (!row) {
        await burnPasswordCheck(input.password);
        throw new OfficeError('OFFICE_AUTH_INVALID_CREDENTIALS');
      }
      if (row.locked_until && row.locked_until > now.toISOString()) {
        const minutes = Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60_000);
        throw new OfficeError('OFFICE_AUTH_LOCKED', { minutes });
      }
      if (!(await verifyPassword(row.password_hash, input.password))) throw await recordFailure(row, now);
      if (row.is_active !== 1) throw new OfficeError('OFFICE_AUTH_INACTIVE');
      if (!(await checkSecondFactor(row, input.otp))) throw await recordFailure(row, now);
      return openSession(row, now);
    },

    async authenticate(token: string | undefined): Promise<AuthenticatedSession> {
      if (!token) throw new OfficeError('OFFICE_AUTH_REQUIRED');
      const now = ctx.now();
      const session = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.token_hash', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id', 'users.username', 'users.agency_id', 'users.is_active'])
        .where('sessions.token_hash', '=', sha256(token)).executeTakeFirst();
      const idleLimit = addMinutes(now, -policy.sessionIdleMinutes).toISOString();
      if (!session || session.is_active !== 1 || session.expires_at <= now.toISOString() || session.last_seen_at < idleLimit) {
        if (session) await db.deleteFrom('sessions').where('token_hash', '=', session.token_hash).execute();
        throw new OfficeError('OFFICE_AUTH_SESSION_EXPIRED');
      }
      if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_AFTER_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', session.token_hash).execute();
      }
      const roles = (await selectRoles(db, [session.id])).get(session.id) ?? [];
      return { actor: { userId: session.id, username: session.username, agencyId: session.agency_id, roles }, csrfToken: session.csrf_token };
    },

    async signOut(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
    },

    async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
      const row = await findUser(db, actor.userId);
      if (!row || !(await verifyPassword(row.password_hash, currentPassword))) throw new OfficeError('OFFICE_PASSWORD_WRONG');
      requireStrongPassword(newPassword, row.username);
      const passwordHash = await hashPassword(newPassword);
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: 0, updated_at: ctx.now().toISOString() }).where('id', '=', row.id).execute();
        await audit({ actorId: row.id, agencyId: row.agency_id, action: 'user.password_changed', targetType: 'user', targetId: row.id });
      });
    },

    /** Starts two-factor set-up: a new secret, kept but not enforced until a code from it is confirmed. */
    async beginTotp(actor: Actor): Promise<{ secret: string; uri: string }> {
      const secret = generateSecret();
      await db.updateTable('users').set({ totp_secret: secret, totp_enabled: 0 }).where('id', '=', actor.userId).execute();
      return { secret, uri: generateURI({ issuer: 'congvan', label: actor.username, secret }) };
    },

    async enableTotp(actor: Actor, code: string): Promise<void> {
      const row = await findUser(db, actor.userId);
      if (!row?.totp_secret) throw new OfficeError('OFFICE_TOTP_NOT_STARTED');
      if (!(await isTotpValid(row.totp_secret, code))) throw new OfficeError('OFFICE_AUTH_OTP_INVALID');
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('users').set({ totp_enabled: 1 }).where('id', '=', row.id).execute();
        await audit({ actorId: row.id, agencyId: row.agency_id, action: 'user.totp_enabled', targetType: 'user', targetId: row.id });
      });
    },

    async disableTotp(actor: Actor, password: string): Promise<void> {
      const row = await findUser(db, actor.userId);
      if (!row || !(await verifyPassword(row.password_hash, password))) throw new OfficeError('OFFICE_PASSWORD_WRONG');
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('users').set({ totp_enabled: 0, totp_secret: null }).where('id', '=', row.id).execute();
        await audit({ actorId: row.id, agencyId: row.agency_id, action: 'user.totp_disabled', targetType: 'user', targetId: row.id });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
