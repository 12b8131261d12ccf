/**
 * The official mailbox registry (thư điện tử công vụ): per agency and person, with state and history. An admin or a
 * DIC operator reads and changes the mailboxes of the agencies they oversee (the agency scope: an admin's subtree,
 * the DIC's province); the request lists change them too, when the DIC marks an entry done (mailbox-requests.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { findAgency, selectRootId, type AgencyScope } from '../agencies/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { findUser } from '../users/index.ts';
import { accountWithAddress, changeMailboxState, recordMailbox, type Change, type Holder } from './mailbox-changes.ts';
import { holderKind, holderName, officialAddress, reasonOf } from './mailbox-input.ts';
import { findMailboxView, lockMailbox, selectMailboxes, selectMailboxEvents, type MailboxViewRow } from './mailboxes.repo.ts';
import type { HolderKind, Mailbox, MailboxEvent, MailboxQuery, MailboxState, NewMailbox } from './mailboxes.types.ts';

export interface MailboxOptions {
  /** The province's mail domains (CONGVAN_OFFICIAL_MAIL_DOMAINS); none: any *.gov.vn */
  readonly officialMailDomains: readonly string[];
}

export const toMailbox = (r: MailboxViewRow): Mailbox => ({
  id: r.id, address: r.address, agencyId: r.agency_id, agencyName: r.agency_name, holderKind: r.holder_kind as HolderKind, holderName: r.holder_name,
  holderUserId: r.holder_user_id, holderUsername: r.holder_username, state: r.state as MailboxState, version: r.version,
  createdAt: r.created_at, updatedAt: r.updated_at, revokedAt: r.revoked_at,
});

const MAX_PAGE = 1000;
const pageNumber = (value: unknown, fallback: number, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, min), max) : fallback;

export function requireOverseer(actor: Actor): void {
  if (!hasRole(actor, 'admin') && !hasRole(actor, 'dic_operator')) throw new OfficeError('OFFICE_FORBIDDEN');
}

export function createMailboxService(ctx: OfficeContext, scope: AgencyScope, options: MailboxOptions) {
  const db = () => ctx.db.kysely;

  /** An agency the actor oversees: unknown is not found, another's is forbidden */
  async function overseenAgency(executor: Kysely<Database>, actor: Actor, agencyId: unknown): Promise<string> {
    requireOverseer(actor);
    const agency = typeof agencyId === 'string' && agencyId.length <= 64 ? await findAgency(executor, agencyId) : undefined;
    if (!agency) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
    if (!(await scope.visibleIds(executor, actor)).includes(agency.id)) throw new OfficeError('OFFICE_FORBIDDEN');
    return agency.id;
  }

  /** A mailbox of an agency the actor oversees; any other is as unknown as one that never was */
  async function overseenMailbox(executor: Kysely<Database>, actor: Actor, id: unknown): Promise<MailboxViewRow> {
    requireOverseer(actor);
    const row = typeof id === 'string' && id.length <= 64 ? await findMailboxView(executor, id) : undefined;
    if (!row || !(await scope.visibleIds(executor, actor)).includes(row.agency_id)) throw new OfficeError('OFFICE_MAILBOX_NOT_FOUND');
    return row;
  }

  const changeOf = (trx: Change['trx'], audit: Change['audit'], actor: Actor): Change =>
    ({ trx, audit, dialect: ctx.db.dialect, at: ctx.now().toISOString(), actorId: actor.userId, actorAgencyId: actor.agencyId });

  /** The holder's account: the one named (of the mailbox's agency), or for a person the agency's account with that e-mail */
  async function holderUser(trx: Change['trx'], agencyId: string, kind: HolderKind, address: string, named: unknown): Promise<Holder | null> {
    if (named === undefined || named === null) return kind === 'person' ? accountWithAddress(trx, agencyId, address) : null;
    const user = typeof named === 'string' && named.length <= 64 ? await findUser(trx, named) : undefined;
    if (!user) throw new OfficeError('OFFICE_USER_NOT_FOUND');
    if (user.agency_id !== agencyId) throw new OfficeError('OFFICE_MAILBOX_HOLDER_ELSEWHERE');
    return { id: user.id, fullName: user.full_name };
  }

  /** `reason` is required for the changes that take a mailbox away */
  async function transition(actor: Actor, id: unknown, to: MailboxState, input: { reason?: unknown }): Promise<Mailbox> {
    requireOverseer(actor);
    const reason = reasonOf(input?.reason, to !== 'active');
    return writeWithAudit(ctx, async (trx, audit) => {
      const seen = await overseenMailbox(trx, actor, id);
      const row = (await lockMailbox(trx, ctx.db.dialect, seen.id))!;
      await changeMailboxState(changeOf(trx, audit, actor), row, to, reason, null);
      return toMailbox((await findMailboxView(trx, row.id))!);
    });
  }

  return {
    /** Mailboxes of the agencies the actor oversees, or of one of them, or of one person, with their state */
    async list(actor: Actor, query: MailboxQuery = {}): Promise<{ items: Mailbox[]; total: number }> {
      const agencyIds = query.agencyId === undefined ? (requireOverseer(actor), await scope.visibleIds(db(), actor)) : [await overseenAgency(db(), actor, query.agencyId)];
      const { rows, total } = await selectMailboxes(db(), {
        agencyIds, holderUserId: typeof query.userId === 'string' ? query.userId : undefined, state: typeof query.state === 'string' ? query.state : undefined,
        limit: pageNumber(query.limit, 200, 1, MAX_PAGE), offset: pageNumber(query.offset, 0, 0, 1_000_000),
      });
      return { items: rows.map(toMailbox), total };
    },

    /** One mailbox and every change it went through, oldest first */
    async history(actor: Actor, id: unknown): Promise<{ mailbox: Mailbox; events: MailboxEvent[] }> {
      const row = await overseenMailbox(db(), actor, id);
      const events = await selectMailboxEvents(db(), row.id);
      return {
        mailbox: toMailbox(row),
        events: events.map((e) => ({
          version: e.version, at: e.at, actorId: e.actor_id, actorName: e.actor_name, from: e.from_state as MailboxState | null, to: e.to_state as MailboxState,
          reason: e.reason, entry: e.entry_id ? { id: e.entry_id, formId: e.entry_form_id, batchId: e.entry_batch_id } : null,
        })),
      };
    },

    /** Records an official mailbox as active: an official address not yet recorded, of an agency the actor oversees */
    async create(actor: Actor, input: NewMailbox): Promise<Mailbox> {
      requireOverseer(actor);
      const address = officialAddress(input.address, options.officialMailDomains);
      const kind = holderKind(input.holderKind);
      const reason = reasonOf(input.reason, false);
      return writeWithAudit(ctx, async (trx, audit) => {
        const agencyId = await overseenAgency(trx, actor, input.agencyId);
        const user = await holderUser(trx, agencyId, kind, address, input.holderUserId);
        const row = await recordMailbox(changeOf(trx, audit, actor), {
          address, agencyId, rootAgencyId: await selectRootId(trx, agencyId), holderKind: kind, holderName: holderName(input.holderName ?? user?.fullName),
          holderUserId: user?.id ?? null, reason, entryId: null,
        });
        return toMailbox((await findMailboxView(trx, row.id))!);
      });
    },

    /** Revoked for good (retired, transferred: seed 000's reasons); a reason is required */
    revoke: (actor: Actor, id: unknown, input: { reason?: unknown } = {}) => transition(actor, id, 'revoked', input),
    /** Suspended for a while (a phishing incident, a long leave); a reason is required */
    suspend: (actor: Actor, id: unknown, input: { reason?: unknown } = {}) => transition(actor, id, 'suspended', input),
    resume: (actor: Actor, id: unknown, input: { reason?: unknown } = {}) => transition(actor, id, 'active', input),
  };
}

export type MailboxService = ReturnType<typeof createMailboxService>;
