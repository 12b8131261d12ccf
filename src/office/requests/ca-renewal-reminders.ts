/**
 * Renewal reminders (domain.md "Certificate lifecycle"): 60, 30 and 7 days before a valid certificate of the register
 * (our CA's, or the Government CA's taken in for a request) expires, its holder and the IT officers (admins) of its
 * agency get an in-app notification and an e-mail saying to file a renewal (Mẫu 03). When no one of them has an account, the DIC's and CA's operators get it. Each reminder
 * goes once: the notification's unique key holds the certificate, the threshold and the person, so the daily job
 * may run twice, or late (a reminder missed at 60 days still goes at 59), without repeating one. Days are Vietnam days.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { DAY_MS, daysBetween, displayDate, vietnamDate } from '../../shared/vietnam-time.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { createNotification } from '../notifications/notifications.ts';

const RENEWAL_REMINDER_DAYS = [60, 30, 7] as const;
export type RenewalThreshold = (typeof RENEWAL_REMINDER_DAYS)[number];

export interface RenewalReminder {
  readonly serial: string;
  readonly holderName: string;
  readonly holderUserId: string | null;
  readonly agencyId: string | null;
  readonly agencyName: string | null;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly threshold: RenewalThreshold;
  /** Users newly notified by this run */
  readonly notified: readonly string[];
}

interface Recipient { readonly id: string; readonly email: string | null; readonly fullName: string }


/** The nearest threshold not yet passed: 45 days left is the 60-day reminder, 20 the 30-day one */
export const thresholdFor = (daysLeft: number): RenewalThreshold | undefined => [...RENEWAL_REMINDER_DAYS].reverse().find((t) => daysLeft <= t);

async function recipientsOf(db: Kysely<Database>, holderUserId: string | null, agencyId: string | null): Promise<Recipient[]> {
  const users = db.selectFrom('users').select(['users.id', 'users.email', 'users.full_name as fullName']).where('users.is_active', '=', 1);
  const holder = holderUserId ? await users.where('users.id', '=', holderUserId).execute() : [];
  const admins = agencyId ? await users.innerJoin('user_roles', 'user_roles.user_id', 'users.id').where('user_roles.role', '=', 'admin').where('users.agency_id', '=', agencyId).execute() : [];
  const found = [...holder, ...admins];
  const chosen = found.length > 0 ? found
    : await users.innerJoin('user_roles', 'user_roles.user_id', 'users.id').where('user_roles.role', 'in', ['dic_operator', 'ca_operator']).execute();
  return [...new Map(chosen.map((u) => [u.id, u])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function describe(reminder: Omit<RenewalReminder, 'notified'>): { title: string; body: string } {
  const expires = displayDate(vietnamDate(new Date(reminder.notAfter)));
  return {
    title: `Chứng thư số của ${reminder.holderName} hết hạn sau ${reminder.daysLeft} ngày`,
    body: [
      `Chứng thư số số hiệu ${reminder.serial} cấp cho ${reminder.holderName}${reminder.agencyName ? ` (${reminder.agencyName})` : ''} hết hạn ngày ${expires}.`,
      'Đề nghị lập đề nghị gia hạn chứng thư số (Mẫu 03) gửi Sở Thông tin và Truyền thông trước ngày hết hạn.',
    ].join('\n'),
  };
}

/** The reminders due at `now`, each written once (notifications, e-mails, one audit entry); those written before are left out */
export async function runRenewalReminders(ctx: OfficeContext, now: Date = ctx.now()): Promise<RenewalReminder[]> {
  const today = vietnamDate(now);
  const horizon = new Date(now.getTime() + (Math.max(...RENEWAL_REMINDER_DAYS) + 1) * DAY_MS).toISOString();
  const db = ctx.db.kysely;
  const ours = await db.selectFrom('pki_certificates').leftJoin('agencies', 'agencies.id', 'pki_certificates.agency_id')
    .select(['pki_certificates.serial', 'pki_certificates.holder_name', 'pki_certificates.holder_user_id', 'pki_certificates.agency_id', 'pki_certificates.not_after', 'agencies.name as agency_name'])
    .where('pki_certificates.status', '=', 'valid').where('pki_certificates.not_after', '>', now.toISOString()).where('pki_certificates.not_after', '<=', horizon).execute();
  // The Government CA's, taken in for requests (ca-government.ts): reminded the same way until a renewal replaces them
  const theirs = await db.selectFrom('government_certificates').leftJoin('agencies', 'agencies.id', 'government_certificates.agency_id')
    .select(['government_certificates.serial', 'government_certificates.fingerprint', 'government_certificates.holder_name', 'government_certificates.holder_user_id', 'government_certificates.agency_id', 'government_certificates.not_after', 'agencies.name as agency_name'])
    .where('government_certificates.replaced_by', 'is', null).where('government_certificates.not_after', '>', now.toISOString()).where('government_certificates.not_after', '<=', horizon).execute();
  const rows = [
    ...ours.map((r) => ({ ...r, key: r.serial, target: 'pki_certificate', targetId: r.serial })),
    ...theirs.map((r) => ({ ...r, key: `gov:${r.fingerprint}`, target: 'government_certificate', targetId: r.fingerprint })),
  ].sort((a, b) => (a.not_after < b.not_after ? -1 : a.not_after > b.not_after ? 1 : a.key < b.key ? -1 : 1));
  const out: RenewalReminder[] = [];
  for (const row of rows) {
    const daysLeft = daysBetween(today, vietnamDate(new Date(row.not_after)));
    const threshold = thresholdFor(daysLeft);
    if (threshold === undefined) continue;
    const due = { serial: row.serial, holderName: row.holder_name, holderUserId: row.holder_user_id, agencyId: row.agency_id, agencyName: row.agency_name, notAfter: row.not_after, daysLeft, threshold };
    const notified = await remind(ctx, due, { key: row.key, target: row.target, targetId: row.targetId }, await recipientsOf(db, row.holder_user_id, row.agency_id));
    if (notified.length > 0) out.push({ ...due, notified });
  }
  return out;
}

async function remind(ctx: OfficeContext, due: Omit<RenewalReminder, 'notified'>, of: { key: string; target: string; targetId: string }, recipients: readonly Recipient[]): Promise<string[]> {
  const { title, body } = describe(due);
  return writeWithAudit(ctx, async (trx, audit) => {
    const notified: string[] = [];
    const mails: string[] = [];
    for (const user of recipients) {
      const id = await createNotification(trx, ctx, { userId: user.id, kind: 'certificate-renewal', title, body, uniqueKey: `cert-renewal:${of.key}:${due.threshold}:${user.id}` });
      if (!id) continue;
      notified.push(user.id);
      if (user.email) mails.push(await enqueueMail(trx, ctx, { to: [user.email], subject: title, text: [`Kính gửi ${user.fullName},`, '', body, '', 'Thư này do hệ thống congvan gửi tự động.'].join('\n') }));
    }
    if (notified.length > 0) {
      await audit({ actorId: null, agencyId: due.agencyId, action: 'notification.certificate_renewal', targetType: of.target, targetId: of.targetId,
        details: { threshold: due.threshold, daysLeft: due.daysLeft, notAfter: due.notAfter, users: notified, mails } });
    }
    return notified;
  });
}
