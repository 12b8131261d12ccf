/**
 * The mail outbox. A mail is a row written in the transaction of the change that caused it, so a rolled-back
 * change sends nothing and a committed one is never forgotten; the sender (sender.ts) delivers the rows later.
 * Attachments are blob ids: the bytes stay in the blob store and are read only when the mail goes out.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, MailOutboxTable } from '../../store/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';

export interface MailAttachment {
  readonly filename: string;
  readonly blobId: string;
  readonly contentType: string;
}

export interface NewMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments?: readonly MailAttachment[];
  readonly documentId?: string;
}

export type MailStatus = 'queued' | 'sent' | 'failed';

export interface OutboxMail {
  readonly id: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly MailAttachment[];
  readonly documentId: string | null;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly messageId: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

const ADDRESS = /^[^\s@<>,;"'()\\]+@[^\s@<>,;"'()\\]+\.[^\s@<>,;"'()\\]+$/;
const BLOB_ID = /^[0-9a-f]{64}$/;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const LIMITS = { recipients: 100, subject: 250, text: 1_000_000, attachments: 20, filename: 200 } as const;

const invalid = (field: string, reason: string) => new OfficeError('OFFICE_MAIL_INVALID', { field, reason });

function checkMail(mail: NewMail): void {
  if (!Array.isArray(mail.to) || mail.to.length === 0) throw invalid('to', 'cần ít nhất một người nhận');
  if (mail.to.length > LIMITS.recipients) throw invalid('to', `tối đa ${LIMITS.recipients} người nhận`);
  for (const address of mail.to) {
    if (typeof address !== 'string' || address.length > 254 || !ADDRESS.test(address)) throw new OfficeError('OFFICE_EMAIL_INVALID', { email: String(address).slice(0, 80) });
  }
  if (typeof mail.subject !== 'string' || !mail.subject.trim()) throw invalid('subject', 'tiêu đề trống');
  if (mail.subject.length > LIMITS.subject) throw invalid('subject', `tiêu đề dài hơn ${LIMITS.subject} ký tự`);
  if (/[\r\n\0]/.test(mail.subject)) throw invalid('subject', 'tiêu đề không được xuống dòng');
  if (typeof mail.text !== 'string' || mail.text.length > LIMITS.text) throw invalid('text', 'nội dung thiếu hoặc quá dài');
  const attachments = mail.attachments ?? [];
  if (attachments.length > LIMITS.attachments) throw invalid('attachments', `tối đa ${LIMITS.attachments} tệp đính kèm`);
  for (const a of attachments) {
    if (typeof a.filename !== 'string' || !a.filename.trim() || a.filename.length > LIMITS.filename || /[\\/\0-\x1f]/.test(a.filename)) throw invalid('attachments', `tên tệp "${String(a.filename).slice(0, 60)}" không hợp lệ`);
    if (typeof a.blobId !== 'string' || !BLOB_ID.test(a.blobId)) throw invalid('attachments', `mã tệp của "${a.filename}" không hợp lệ`);
    if (typeof a.contentType !== 'string' || !CONTENT_TYPE.test(a.contentType)) throw invalid('attachments', `kiểu tệp "${String(a.contentType).slice(0, 60)}" không hợp lệ`);
  }
}

/**
 * Queues a mail in the caller's transaction: it commits with the change that caused it, or not at all.
 * Returns the outbox id. Addresses, subject and attachments are checked here, not when sending.
 */
export async function enqueueMail(trx: Transaction<Database>, ctx: OfficeContext, mail: NewMail): Promise<string> {
  checkMail(mail);
  const id = randomUUID();
  const at = ctx.now().toISOString();
  await trx.insertInto('mail_outbox').values({
    id,
    recipients: JSON.stringify([...new Set(mail.to.map((a) => a.trim()))]),
    subject: mail.subject.trim(),
    body_text: mail.text,
    attachments: JSON.stringify((mail.attachments ?? []).map(({ filename, blobId, contentType }) => ({ filename, blobId, contentType }))),
    document_id: mail.documentId ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: at,
    created_at: at,
  }).execute();
  return id;
}

/** @internal the row as the office shows it */
export function toOutboxMail(row: MailOutboxTable): OutboxMail {
  return {
    id: row.id,
    to: JSON.parse(row.recipients) as string[],
    subject: row.subject,
    text: row.body_text,
    attachments: JSON.parse(row.attachments) as MailAttachment[],
    documentId: row.document_id,
    status: row.status as MailStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    messageId: row.message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** One mail of the outbox, whatever its state */
export async function readMail(ctx: OfficeContext, id: string): Promise<OutboxMail> {
  const row = await ctx.db.kysely.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new OfficeError('OFFICE_MAIL_NOT_FOUND');
  return toOutboxMail(row);
}

/** Counts per state, for a health page or a test */
export async function countOutbox(ctx: OfficeContext): Promise<Record<MailStatus, number>> {
  const rows = await ctx.db.kysely.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const counts: Record<MailStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status as MailStatus] = Number(row.n);
  return counts;
}
