/**
 * Security advisories (seed 000 §1: warnings of phishing mails that imitate the official mail system): the DIC
 * publishes one to its province; every active user of the province sees it until they acknowledge it; the DIC sees
 * who has and who has not. An advisory can be withdrawn (it then stops showing; acknowledgements stay on record).
 */
import { randomUUID } from 'node:crypto';
import { requireRole, type Actor } from '../actor.ts';
import { selectRootId, type AgencyScope } from '../agencies/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { cleanText } from '../forms/text.ts';
import { OfficeError } from '../office.errors.ts';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Advisory {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly severity: Severity;
  readonly publishedAt: string;
  readonly withdrawnAt: string | null;
}

const REASONS = { 'too-long': (max: number) => `dài quá ${max} ký tự`, hidden: () => 'có ký tự điều khiển hoặc ký tự ẩn' } as const;

/** Cleaned as a form's text is (forms/text.ts): hidden characters refused, NFC, spaces tidied; the title one line */
function text(value: unknown, field: 'title' | 'body', max: number): string {
  const cleaned = typeof value === 'string' ? cleanText(value, max, field === 'body') : undefined;
  if (cleaned?.ok && cleaned.text) return cleaned.text;
  throw new OfficeError('OFFICE_ADVISORY_INVALID', { field, reason: cleaned && !cleaned.ok ? REASONS[cleaned.reason](max) : 'bắt buộc' });
}

const view = (r: { id: string; title: string; body: string; severity: string; published_at: string; withdrawn_at: string | null }): Advisory =>
  ({ id: r.id, title: r.title, body: r.body, severity: r.severity as Severity, publishedAt: r.published_at, withdrawnAt: r.withdrawn_at });

export function createAdvisoryService(ctx: OfficeContext, scope: AgencyScope) {
  const db = () => ctx.db.kysely;

  /** An advisory of the actor's province; another province's is as unknown as one that never was */
  async function findInProvince(actor: Actor, id: string) {
    const root = await selectRootId(db(), actor.agencyId);
    const row = await db().selectFrom('security_advisories').selectAll().where('id', '=', id).where('root_agency_id', '=', root).executeTakeFirst();
    if (!row) throw new OfficeError('OFFICE_ADVISORY_NOT_FOUND');
    return row;
  }

  async function ownAdvisory(actor: Actor, id: string) {
    requireRole(actor, 'dic_operator');
    return findInProvince(actor, id);
  }

  return {
    /** The DIC publishes to its province */
    async publish(actor: Actor, input: { title?: unknown; body?: unknown; severity?: unknown }): Promise<Advisory> {
      requireRole(actor, 'dic_operator');
      const severity = input.severity ?? 'warning';
      if (!SEVERITIES.includes(severity as Severity)) throw new OfficeError('OFFICE_ADVISORY_INVALID', { field: 'severity', reason: `"${String(severity).slice(0, 20)}" (info, warning hoặc critical)` });
      const row = {
        id: randomUUID(), root_agency_id: await selectRootId(db(), actor.agencyId), title: text(input.title, 'title', 200), body: text(input.body, 'body', 10_000),
        severity: severity as Severity, published_by: actor.userId, published_at: ctx.now().toISOString(), withdrawn_at: null,
      };
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.insertInto('security_advisories').values(row).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'advisory.published', targetType: 'security_advisory', targetId: row.id, details: { title: row.title, severity: row.severity } });
      });
      return view(row);
    },

    /** What the user has not yet acknowledged, newest first: shown until they do */
    async pending(actor: Actor): Promise<Advisory[]> {
      const root = await selectRootId(db(), actor.agencyId);
      const rows = await db().selectFrom('security_advisories').selectAll().where('root_agency_id', '=', root).where('withdrawn_at', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('security_advisory_acks').select('advisory_id').whereRef('security_advisory_acks.advisory_id', '=', 'security_advisories.id').where('security_advisory_acks.user_id', '=', actor.userId))))
        .orderBy('published_at', 'desc').limit(50).execute();
      return rows.map(view);
    },

    /** "Tôi đã đọc": once per user; again changes nothing */
    async acknowledge(actor: Actor, id: string): Promise<void> {
      await findInProvince(actor, id);
      await db().insertInto('security_advisory_acks').values({ advisory_id: id, user_id: actor.userId, acknowledged_at: ctx.now().toISOString() })
        .onConflict((oc) => oc.columns(['advisory_id', 'user_id']).doNothing()).execute();
    },

    /** For the DIC: its advisories with how many of the province's active users have acknowledged each */
    async list(actor: Actor): Promise<(Advisory & { acknowledged: number; audience: number })[]> {
      requireRole(actor, 'dic_operator');
      const root = await selectRootId(db(), actor.agencyId);
      const agencies = await scope.visibleIds(db(), actor);
      const audience = Number((await db().selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).where('agency_id', 'in', agencies).where('is_active', '=', 1).executeTakeFirstOrThrow()).n);
      const rows = await db().selectFrom('security_advisories').selectAll().where('root_agency_id', '=', root).orderBy('published_at', 'desc').limit(200).execute();
      const counts = rows.length ? await db().selectFrom('security_advisory_acks').innerJoin('users', 'users.id', 'security_advisory_acks.user_id')
        .select(['advisory_id', (eb) => eb.fn.countAll<string | number>().as('n')]).where('advisory_id', 'in', rows.map((r) => r.id)).where('users.is_active', '=', 1).groupBy('advisory_id').execute() : [];
      return rows.map((r) => ({ ...view(r), audience, acknowledged: Number(counts.find((c) => c.advisory_id === r.id)?.n ?? 0) }));
    },

    /** For the DIC: who has not acknowledged (active users of the province), and who has, when */
    async status(actor: Actor, id: string) {
      const advisory = await ownAdvisory(actor, id);
      const agencies = await scope.visibleIds(db(), actor);
      const users = await db().selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id')
        .leftJoin('security_advisory_acks', (join) => join.onRef('security_advisory_acks.user_id', '=', 'users.id').on('security_advisory_acks.advisory_id', '=', id))
        .select(['users.id', 'users.username', 'users.full_name', 'agencies.name as agency', 'security_advisory_acks.acknowledged_at'])
        .where('users.agency_id', 'in', agencies).where('users.is_active', '=', 1).orderBy('agencies.name').orderBy('users.username').execute();
      const person = (u: (typeof users)[number]) => ({ userId: u.id, username: u.username, fullName: u.full_name, agency: u.agency });
      return {
        advisory: view(advisory),
        notAcknowledged: users.filter((u) => !u.acknowledged_at).map(person),
        acknowledged: users.filter((u) => u.acknowledged_at).map((u) => ({ ...person(u), at: u.acknowledged_at! })),
      };
    },

    async withdraw(actor: Actor, id: string): Promise<Advisory> {
      const row = await ownAdvisory(actor, id);
      if (row.withdrawn_at) return view(row);
      const at = ctx.now().toISOString();
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('security_advisories').set({ withdrawn_at: at }).where('id', '=', id).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'advisory.withdrawn', targetType: 'security_advisory', targetId: id });
      });
      return view({ ...row, withdrawn_at: at });
    },
  };
}
