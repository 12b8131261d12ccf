/**
 * What the outgoing and incoming flows share: a transition table (from which states an action leaves, where it
 * goes, which roles may take it, and who in particular), one transaction per step that locks the document,
 * moves its state, re-indexes what changed and records the event on the trail — kept forever — and the audit.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor, type Role } from '../actor.ts';
import { writeWithAudit, type Audit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { agencyDocument } from './access.ts';
import { indexDocument } from './documents.ts';

export type Doc = Database['documents'];

export interface Rule<S extends string, W extends string> {
  readonly from: readonly S[];
  readonly to: S;
  readonly roles: readonly Role[];
  /** A further check of who may act (the author, the reviewer whose turn it is, the lead handler) */
  readonly who?: W;
}

export type Guard = (trx: Transaction<Database>, doc: Doc, actor: Actor) => Promise<void>;

export interface Step<S extends string> {
  readonly to?: S;
  readonly changes?: Partial<Doc>;
  readonly details?: Record<string, unknown>;
}

export interface TrailEvent {
  readonly seq: number;
  readonly action: string;
  readonly from: string;
  readonly to: string;
  readonly actorId: string | null;
  readonly at: string;
  readonly comment: string | null;
  readonly details: Record<string, unknown>;
}

export function documentStateMachine<S extends string, A extends string, W extends string>(
  ctx: OfficeContext, direction: 'out' | 'in', table: Readonly<Record<A, Rule<S, W>>>, guards: Readonly<Record<W, Guard>>,
) {
  return {
    /** Checks the table, runs `apply` (which may change more of the row), moves the state, records the event */
    async transition(actor: Actor, id: string, action: A, comment: string | undefined,
      apply?: (trx: Transaction<Database>, doc: Doc, audit: Audit) => Promise<Step<S> | void>): Promise<Doc> {
      const rule = table[action];
      return writeWithAudit(ctx, async (trx, audit) => {
        const doc = await agencyDocument(trx, actor, id, { direction, forUpdate: ctx.db.dialect === 'postgres' });
        if (!rule.from.includes(doc.status as S)) throw new OfficeError('OFFICE_TRANSITION_NOT_ALLOWED', { action, status: doc.status });
        if (!rule.roles.some((role) => hasRole(actor, role))) throw new OfficeError('OFFICE_FORBIDDEN');
        if (rule.who) await guards[rule.who](trx, doc, actor);
        const result = (await apply?.(trx, doc, audit)) ?? {};
        const to = result.to ?? rule.to;
        const now = ctx.now().toISOString();
        await trx.updateTable('documents').set({ ...result.changes, status: to, updated_at: now }).where('id', '=', id).execute();
        // A number, notation or signer becomes searchable in the same transaction
        if (result.changes) await indexDocument(trx, ctx.db.dialect, id);
        const last = await trx.selectFrom('document_events').select((eb) => eb.fn.max('seq').as('seq')).where('document_id', '=', id).executeTakeFirst();
        await trx.insertInto('document_events').values({
          document_id: id, seq: Number(last?.seq ?? 0) + 1, action, from_status: doc.status, to_status: to, actor_id: actor.userId, at: now,
          comment: comment?.trim() || null, details: JSON.stringify(result.details ?? {}),
        }).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: `document.${action}`, targetType: 'document', targetId: id, details: { from: doc.status, to, ...result.details } });
        return { ...doc, ...result.changes, status: to };
      });
    },

    /** The processing trail, oldest first */
    async trail(actor: Actor, id: string): Promise<TrailEvent[]> {
      await agencyDocument(ctx.db.kysely, actor, id, { direction });
      const rows = await ctx.db.kysely.selectFrom('document_events').selectAll().where('document_id', '=', id).orderBy('seq').execute();
      return rows.map((r) => ({ seq: r.seq, action: r.action, from: r.from_status, to: r.to_status, actorId: r.actor_id, at: r.at, comment: r.comment, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
  };
}
