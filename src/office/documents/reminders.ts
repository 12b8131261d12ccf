/**
 * Daily deadline reminders for incoming documents (Decree 30 Art. 21: the handler answers by the deadline the
 * leader set). Each active handler, lead or co-handler, of a document not finished and due today, tomorrow or
 * already overdue gets one in-app notification and one e-mail a day listing them all. Days are Vietnam days;
 * the notification's unique key (user and day) makes a second run the same day send nothing more, even when
 * two processes run it at once. Each reminder is on the audit trail with the mail it queued. A secret document
 * is named in the e-mail by its incoming number alone: its notation and subject stay in the office.
 */
import type { OfficeContext } from '../context.ts';
import { writeWithAudit } from '../context.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { createNotification } from '../notifications/notifications.ts';
import { addDays, daysBetween, displayDate, vietnamDate, vietnamIso } from '../../shared/vietnam-time.ts';

/** Reminders go out from this hour of the Vietnam day (a poller calls runDailyReminders every so often) */
export const REMINDER_HOUR = 7;

export interface ReminderRun {
  /** The Vietnam day, YYYY-MM-DD */
  readonly date: string;
  /** People newly reminded (in-app) this run */
  readonly notified: number;
  /** E-mails queued this run (people without an address get the in-app one only) */
  readonly mailed: number;
}

interface DueItem {
  readonly id: string;
  readonly number: number | null;
  readonly notation: string | null;
  readonly subject: string;
  readonly dueDate: string;
  readonly kind: string;
  /** Of a secret document (secrecy other than 'thuong'): its notation and subject never go by e-mail */
  readonly secret: boolean;
}

interface Handler {
  readonly userId: string;
  readonly agencyId: string;
  readonly email: string | null;
  readonly fullName: string;
  readonly items: DueItem[];
}


/** True from REMINDER_HOUR of the Vietnam day on */
export const isReminderTime = (now: Date): boolean => Number(vietnamIso(now).slice(11, 13)) >= REMINDER_HOUR;

async function dueHandlers(ctx: OfficeContext, tomorrow: string): Promise<Handler[]> {
  const rows = await ctx.db.kysely.selectFrom('documents')
    .innerJoin('document_handlers', 'document_handlers.document_id', 'documents.id')
    .innerJoin('users', 'users.id', 'document_handlers.user_id')
    .select(['documents.id', 'documents.number', 'documents.notation', 'documents.subject', 'documents.secrecy', 'documents.due_date', 'document_handlers.kind',
      'users.id as user_id', 'users.agency_id as user_agency_id', 'users.email', 'users.full_name'])
    .where('documents.direction', '=', 'in').where('documents.status', 'in', ['assigned', 'in_progress'])
    .where('documents.due_date', 'is not', null).where('documents.due_date', '<=', tomorrow).where('users.is_active', '=', 1)
    .orderBy('users.id').orderBy('documents.due_date').orderBy('documents.id').execute();
  const byUser = new Map<string, Handler>();
  for (const row of rows) {
    const handler = byUser.get(row.user_id) ?? { userId: row.user_id, agencyId: row.user_agency_id, email: row.email, fullName: row.full_name, items: [] };
    handler.items.push({ id: row.id, number: row.number, notation: row.notation, subject: row.subject, dueDate: row.due_date!, kind: row.kind, secret: row.secrecy !== 'thuong' });
    byUser.set(row.user_id, handler);
  }
  return [...byUser.values()];
}

/** The reminder's title and one line per document; for the e-mail, a secret document is named by its incoming number only */
function describe(handler: Handler, today: string, forMail = false): { title: string; lines: string[] } {
  const overdue = handler.items.filter((i) => i.dueDate < today).length;
  const dueSoon = handler.items.length - overdue;
  const counts = [overdue > 0 ? `${overdue} văn bản quá hạn` : '', dueSoon > 0 ? `${dueSoon} văn bản sắp đến hạn` : ''].filter(Boolean).join(', ');
  const lines = handler.items.map((i) => {
    const late = daysBetween(i.dueDate, today);
    const when = late > 0 ? `quá hạn ${late} ngày` : late === 0 ? 'hạn hôm nay' : 'hạn ngày mai';
    const hidden = forMail && i.secret;
    const label = [i.number !== null ? `Số đến ${String(i.number).padStart(2, '0')}` : '', hidden ? '' : i.notation ?? ''].filter(Boolean).join(' — ');
    return `- ${label ? `${label}: ` : ''}${hidden ? 'văn bản mật (xem trên hệ thống)' : i.subject} (hạn ${displayDate(i.dueDate)}, ${when}; ${i.kind === 'lead' ? 'chủ trì' : 'phối hợp'})`;
  });
  return { title: `Nhắc hạn xử lý văn bản đến: ${counts}`, lines };
}

/** Reminds every handler with something due (today, tomorrow) or overdue; once per person and Vietnam day */
export async function runDailyReminders(ctx: OfficeContext): Promise<ReminderRun> {
  const today = vietnamDate(ctx.now());
  let notified = 0;
  let mailed = 0;
  for (const handler of await dueHandlers(ctx, addDays(today, 1))) {
    const { title, lines } = describe(handler, today);
    const outcome = await writeWithAudit(ctx, async (trx, audit) => {
      const notificationId = await createNotification(trx, ctx, {
        userId: handler.userId, kind: 'deadline', title, body: lines.join('\n'),
        ...(handler.items.length === 1 ? { documentId: handler.items[0]!.id } : {}),
        uniqueKey: `deadline:${handler.userId}:${today}`,
      });
      if (!notificationId) return undefined;
      const mailId = handler.email ? await enqueueMail(trx, ctx, {
        to: [handler.email], subject: title,
        text: [`Kính gửi ${handler.fullName},`, '', `Ngày ${displayDate(today)}, các văn bản đến sau đây do đồng chí xử lý đã quá hạn hoặc sắp đến hạn:`, ...describe(handler, today, true).lines, '', 'Thư này do hệ thống quản lý văn bản congvan gửi tự động.'].join('\n'),
      }) : undefined;
      await audit({ actorId: null, agencyId: handler.agencyId, action: 'notification.deadline_reminder', targetType: 'user', targetId: handler.userId,
        details: { date: today, documents: handler.items.map((i) => i.id), notificationId, mailId: mailId ?? null } });
      return { mailed: mailId !== undefined };
    });
    if (outcome) { notified += 1; if (outcome.mailed) mailed += 1; }
  }
  return { date: today, notified, mailed };
}
