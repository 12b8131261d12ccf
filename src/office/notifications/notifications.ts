/**
 * In-app notifications, per user: written in the transaction of what caused them, listed unread first,
 * marked read by their owner only. A unique key makes a notification once-only (one deadline reminder per
 * person and Vietnam day), so a job that runs twice sends nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, NotificationTable } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';

export interface NewNotification {
  readonly userId: string;
  /** What it is about, e.g. 'deadline' */
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly documentId?: string;
  /** A second notification with the same key is not created */
  readonly uniqueKey?: string;
}

export interface Notification {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly documentId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

const toNotification = (row: NotificationTable): Notification => ({
  id: row.id, kind: row.kind, title: row.title, body: row.body, documentId: row.document_id, createdAt: row.created_at, readAt: row.read_at,
});

/** Writes a notification in the caller's transaction; undefined when one with the same unique key exists */
export async function createNotification(trx: Transaction<Database>, ctx: OfficeContext, input: NewNotification): Promise<string | undefined> {
  const id = randomUUID();
  const result = await trx.insertInto('notifications').values({
    id, user_id: input.userId, kind: input.kind, title: input.title, body: input.body,
    document_id: input.documentId ?? null, unique_key: input.uniqueKey ?? null, created_at: ctx.now().toISOString(),
  }).onConflict((oc) => oc.column('unique_key').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? id : undefined;
}

/** 1 to 200; anything that is not a number is the default */
const pageSize = (limit: number) => (Number.isFinite(limit) ? Math.min(Math.max(1, Math.floor(limit)), 200) : 50);

export function createNotificationService(ctx: OfficeContext) {
  const mine = (actor: Actor) => ctx.db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
  return {
    /** Not yet read, newest first */
    async unread(actor: Actor, limit = 50): Promise<Notification[]> {
      const rows = await mine(actor).where('read_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').limit(pageSize(limit)).execute();
      return rows.map(toNotification);
    },

    /** Read or not, newest first */
    async recent(actor: Actor, limit = 50): Promise<Notification[]> {
      const rows = await mine(actor).orderBy('created_at', 'desc').orderBy('id').limit(pageSize(limit)).execute();
      return rows.map(toNotification);
    },

    async countUnread(actor: Actor): Promise<number> {
      const row = await ctx.db.kysely.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Only its owner may; reading again keeps the first time */
    async markRead(actor: Actor, id: string): Promise<Notification> {
      await ctx.db.kysely.updateTable('notifications').set({ read_at: ctx.now().toISOString() })
        .where('id', '=', id).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
      const row = await mine(actor).where('id', '=', id).executeTakeFirst();
      if (!row) throw new OfficeError('OFFICE_NOTIFICATION_NOT_FOUND');
      return toNotification(row);
    },

    /** Everything of the actor's marked read; how many were unread */
    async markAllRead(actor: Actor): Promise<number> {
      const result = await ctx.db.kysely.updateTable('notifications').set({ read_at: ctx.now().toISOString() })
        .where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
