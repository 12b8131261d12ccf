/**
 * Delivers the outbox over SMTP with nodemailer. A sender claims due rows for a lease (claimed_until), with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL so several processes never claim the same row, and one atomic
 * UPDATE on SQLite; sends each; marks it sent, or records the error and tries again later with a growing
 * pause, and marks it failed after `maxAttempts`. A sender that dies between claim and send leaves rows
 * whose lease runs out: another sender takes them then. Delivery is at least once; the Message-ID is the
 * outbox id, so a receiver can tell a repeat.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Database, MailOutboxTable } from '../../store/index.ts';
import type { OfficeContext } from '../context.ts';
import { toOutboxMail, type OutboxMail } from './outbox.ts';

/** What congvan needs of an SMTP server: nodemailer's own options, a subset */
export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it */
  readonly secure?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  readonly requireTLS?: boolean;
  readonly ignoreTLS?: boolean;
  readonly tls?: { readonly rejectUnauthorized?: boolean; readonly ca?: string | readonly string[] };
  readonly connectionTimeout?: number;
  readonly greetingTimeout?: number;
  readonly socketTimeout?: number;
}

export interface MailSenderOptions {
  /** SMTP options, or a URL such as smtps://user:pass@mail.example.gov.vn:465 */
  readonly transport: SmtpOptions | string;
  /** The From address, e.g. "Văn phòng UBND tỉnh <vanthu@laichau.gov.vn>" */
  readonly from: string;
  /** After this many attempts a mail is marked failed (default 5) */
  readonly maxAttempts?: number;
  /** How long a claim holds before another sender may take the row (default 5 minutes) */
  readonly leaseMs?: number;
  /** Rows claimed at a time (default 10) */
  readonly batchSize?: number;
  /** The pause before attempt n+1 after attempt n failed (default 1 min, doubling, at most 6 h) */
  readonly backoffMs?: (attempt: number) => number;
  /** Told of errors the poller meets outside a delivery (the database gone, say) */
  readonly onError?: (err: unknown) => void;
}

export interface DrainResult {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

export interface MailSender {
  /** This sender's name on the rows it claims */
  readonly id: string;
  /** Takes due rows for the lease; the first half of a delivery (drain does both halves) */
  claim(limit?: number): Promise<OutboxMail[]>;
  /** Delivers every row due now, batch after batch, and says what became of them */
  drain(): Promise<DrainResult>;
  /** Drains every `intervalMs` (default 15 s), one drain at a time */
  start(intervalMs?: number): void;
  /** Stops polling, waits for the drain under way, closes the SMTP connection */
  stop(): Promise<void>;
}

const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as const;
const defaultBackoff = (attempt: number) => Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000);
const MAX_ERROR = 1000;

function errorText(err: unknown): string {
  const e = err as { message?: unknown; responseCode?: unknown; code?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.responseCode === 'number' ? `${e.responseCode} ` : typeof e?.code === 'string' ? `${e.code} ` : '';
  return `${message.startsWith(code.trim()) ? '' : code}${message}`.slice(0, MAX_ERROR);
}

/** Errors no retry can mend: the attachment's file is gone */
const isPermanent = (err: unknown) => (err as { code?: unknown })?.code === 'STORE_BLOB_NOT_FOUND';

export function createMailSender(ctx: OfficeContext, options: MailSenderOptions): MailSender {
  const id = `sender-${randomUUID()}`;
  const maxAttempts = options.maxAttempts ?? 5;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 10;
  const backoff = options.backoffMs ?? defaultBackoff;
  const domain = /@([^\s>]+)>?\s*$/.exec(options.from)?.[1] ?? 'congvan.local';
  let transporter: ReturnType<typeof createTransport> | undefined;
  const transport = () => (transporter ??= createTransport(typeof options.transport === 'string'
    ? { ...SMTP_TIMEOUTS, url: options.transport }
    : { ...SMTP_TIMEOUTS, ...options.transport, auth: options.transport.auth && { ...options.transport.auth }, tls: options.transport.tls && { rejectUnauthorized: options.transport.tls.rejectUnauthorized, ca: options.transport.tls.ca as string | string[] | undefined } }));

  const isDue = (now: string) => (eb: ExpressionBuilder<Database, 'mail_outbox'>): Expression<SqlBool> => eb.and([
    eb('status', '=', 'queued'),
    eb('next_attempt_at', '<=', now),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]),
  ]);

  async function claim(limit = batchSize): Promise<OutboxMail[]> {
    const now = ctx.now();
    const kysely = ctx.db.kysely;
    let due = kysely.selectFrom('mail_outbox').select('id').where(isDue(now.toISOString())).orderBy('next_attempt_at').orderBy('id').limit(limit);
    // PostgreSQL: rows another sender is claiming right now are skipped, not waited for
    if (ctx.db.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await kysely.updateTable('mail_outbox')
      .set({ claimed_until: new Date(now.getTime() + leaseMs).toISOString(), claimed_by: id, attempts: sql<number>`attempts + 1` })
      .where('id', 'in', due)
      // re-checked on the row itself: on SQLite the subquery and the update are one statement anyway
      .where(isDue(now.toISOString()))
      .returningAll().execute();
    return rows.map(toOutboxMail).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
  }

  /** Only while the claim is still ours: a sender whose lease ran out does not overwrite the next one's work */
  const settle = (mailId: string, changes: Partial<MailOutboxTable>) => ctx.db.kysely.updateTable('mail_outbox')
    .set({ ...changes, claimed_until: null, claimed_by: null }).where('id', '=', mailId).where('claimed_by', '=', id).execute();

  async function deliver(mail: OutboxMail): Promise<'sent' | 'retried' | 'failed'> {
    try {
      const attachments = await Promise.all(mail.attachments.map(async (a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(await ctx.blobs.get(a.blobId)) })));
      const info = await transport().sendMail({
        from: options.from, to: [...mail.to], subject: mail.subject, text: mail.text, attachments,
        messageId: `<${mail.id}@${domain}>`, date: ctx.now(), headers: { 'X-Congvan-Mail-Id': mail.id },
      });
      await settle(mail.id, { status: 'sent', sent_at: ctx.now().toISOString(), message_id: String(info.messageId ?? ''), last_error: null });
      return 'sent';
    } catch (err) {
      const giveUp = mail.attempts >= maxAttempts || isPermanent(err);
      await settle(mail.id, {
        status: giveUp ? 'failed' : 'queued',
        last_error: errorText(err),
        next_attempt_at: new Date(ctx.now().getTime() + backoff(mail.attempts)).toISOString(),
      });
      return giveUp ? 'failed' : 'retried';
    }
  }

  async function drain(): Promise<DrainResult> {
    const result = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return result;
      for (const mail of batch) result[await deliver(mail)] += 1;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let polling = false;
  return {
    id,
    claim,
    drain,
    start(intervalMs = 15_000) {
      if (polling) return;
      polling = true;
      const tick = () => {
        running = drain().catch((err: unknown) => options.onError?.(err)).finally(() => {
          running = undefined;
          if (polling) timer = setTimeout(tick, intervalMs).unref();
        });
      };
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      polling = false;
      clearTimeout(timer);
      await running;
      transporter?.close();
      transporter = undefined;
    },
  };
}
