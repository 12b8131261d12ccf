/**
 * When the CA is congvan's own (issue 7): the entries the DIC approves are carried out for real through the PKI
 * service, each then marked done with what it brought. An entry the CA refuses (an unknown serial, a certificate of
 * someone else, a token that cannot be recovered) stays approved with the reason on its timeline, so
 * `carryPending` takes it up again from `pendingApproved`. A lost-token report acts at once, before its list
 * travels up (`reportLostToken`). The subscriber's key is made here and kept as a PKCS#12 under a one-time
 * password, shown once in the result, for the DIC to install on the token at the hand-over (`handOver`).
 */
import type { Kysely } from 'kysely';
import { isCodedError } from '../../shared/coded-error.ts';
import type { Database } from '../../store/index.ts';
import { hasRole, isRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { writeWithAudit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { consoleOperator, userOperator, type Operator, type PkiService, type TokenRecord } from '../pki/index.ts';
import { actOnLostToken, CA_FORM_ACTIONS, issueNew, recoverToken, renewOrChange, revokeNamed, type ActionContext, type ActionResult, type CaSettings } from './ca-actions.ts';
import type { RequestService } from './index.ts';
import { isDeskActor } from './levels.ts';
import { findBatch, findEntry, insertEvents, toEntry, updateEntry, type EntryRow } from './requests.repo.ts';
import type { ApprovedEntrySink, RequestEntry } from './requests.types.ts';
import { entryEvent, holderOf, inTransaction, lockedEntry, type RequestContext } from './work.ts';

export interface OwnCaOptions extends Partial<CaSettings> {
  readonly ctx: OfficeContext;
  readonly scope: AgencyScope;
  readonly pki: PkiService;
  /** The request service whose entries this desk marks done; late-bound, as that service is created with this desk's sink */
  readonly requests: () => RequestService;
  /** Acts on the CA for an approving DIC operator who is not a CA operator; by default the server's own identity */
  readonly caOperator?: Operator;
  /** Receives what each carried entry brought (once, with the one-time passwords), e.g. for the DIC's screen */
  readonly onCarried?: (results: readonly CarryResult[]) => void | Promise<void>;
}

export type CarryResult =
  | ({ readonly entryId: string; readonly ok: true; readonly entry: RequestEntry } & ActionResult)
  | { readonly entryId: string; readonly ok: false; readonly code: string; readonly reason: string };

export interface HandOver {
  readonly certificateSerial: string;
  readonly tokenSerial: string;
  readonly handedBy: string;
  /** By default the certificate's holder */
  readonly receivedBy?: string;
  readonly witnessedBy?: string;
  readonly authorisation?: string;
}

const DEFAULTS: CaSettings = { province: 'Lai Châu', keyAlgorithm: 'RSA-2048', years: { new: 3, renewal: 3 } };
const CARRY_ROLES = ['dic_operator', 'ca_operator'] as const;

/** The user who approved the entry last, as an actor: the CA acts on their decision */
async function approverOf(db: Kysely<Database>, entryId: string): Promise<Actor | undefined> {
  const event = await db.selectFrom('request_events').select('actor_id').where('target_kind', '=', 'entry').where('target_id', '=', entryId)
    .where('action', '=', 'approve').orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!event?.actor_id) return undefined;
  const user = await db.selectFrom('users').select(['id', 'username', 'agency_id']).where('id', '=', event.actor_id).where('is_active', '=', 1).executeTakeFirst();
  if (!user) return undefined;
  const roles = (await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()).map((r) => r.role).filter(isRole);
  return { userId: user.id, username: user.username, agencyId: user.agency_id, roles };
}

/** Only the DIC holding the entry's list may close it: checked before the CA acts, so nothing is issued that cannot be marked done */
async function mayClose(db: Kysely<Database>, actor: Actor, row: EntryRow): Promise<boolean> {
  const batch = await findBatch(db, row.batch_id);
  const holder = batch ? holderOf(batch) : null;
  return holder?.level === 'province' && (await isDeskActor(db, actor, holder.agencyId, 'province'));
}

const failureOf = (err: unknown): { code: string; reason: string } => isCodedError(err)
  ? { code: err.code, reason: err.localise('vi') }
  : { code: 'SRV_INTERNAL', reason: `Lỗi hệ thống khi thực hiện đề nghị: ${(err as Error)?.message ?? String(err)}`.slice(0, 500) };

export function createOwnCaDesk(options: OwnCaOptions) {
  const { ctx, pki, scope } = options;
  const settings: CaSettings = { province: options.province ?? DEFAULTS.province, keyAlgorithm: options.keyAlgorithm ?? DEFAULTS.keyAlgorithm, years: options.years ?? DEFAULTS.years };
  const rc: RequestContext = { ctx, scope, options: { officialMailDomains: [] } };
  const db = () => ctx.db.kysely;
  const operatorFor = (actor: Actor): Operator => hasRole(actor, 'ca_operator') ? userOperator(actor) : options.caOperator ?? consoleOperator('congvan-requests');
  const actionContext = (actor: Actor): ActionContext => ({ ctx, pki, settings, actor, operator: operatorFor(actor) });

  async function act(actor: Actor, entry: RequestEntry): Promise<ActionResult> {
    const ac = actionContext(actor);
    switch (CA_FORM_ACTIONS[entry.formId]) {
      case 'issue-personal': return issueNew(ac, entry.values, entry.originAgencyId, 'individual');
      case 'issue-organisation': return issueNew(ac, entry.values, entry.originAgencyId, 'organisation');
      case 'renew': return renewOrChange(ac, entry.values, entry.originAgencyId);
      case 'revoke': return revokeNamed(ac, entry.values);
      case 'recover-token': return recoverToken(ac, entry.values);
      case 'token-lost': return actOnLostToken(ac, entry.values);
      default: throw new OfficeError('OFFICE_REQUEST_FORM_UNKNOWN', { form: entry.formId });
    }
  }

  /** The CA refused: the entry stays approved, the reason on it and on its timeline, for the DIC to see and retry */
  async function recordFailure(actor: Actor, entryId: string, failure: { code: string; reason: string }): Promise<void> {
    await inTransaction(rc, async (w) => {
      const row = await findEntry(w.trx, entryId);
      if (!row || row.state !== 'approved') return;
      const next = await updateEntry(w.trx, row, { reason: failure.reason.slice(0, 500) }, actor.userId, w.at);
      await insertEvents(w.trx, [entryEvent(next, 'ca-failed', row.state, actor, w.at, { reason: next.reason ?? undefined, details: { code: failure.code } })]);
      await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.ca_failed', targetType: 'request_entry', targetId: entryId, details: { code: failure.code, form: row.form_id } });
    });
  }

  async function auditKeyBundle(actor: Actor, entryId: string, result: ActionResult): Promise<void> {
    if (!result.keyBundle) return;
    await writeWithAudit(ctx, (_trx, audit) => audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.key_bundle', targetType: 'request_entry', targetId: entryId,
      details: { serial: result.serial ?? null, blobId: result.keyBundle!.blobId, format: 'PKCS#12' } }));
  }

  async function carryOne(actor: Actor, entryId: string): Promise<CarryResult | undefined> {
    const row = await findEntry(db(), entryId);
    if (!row || row.state !== 'approved' || !CA_FORM_ACTIONS[row.form_id]) return undefined;
    if (!(await mayClose(db(), actor, row))) return { entryId, ok: false, code: 'OFFICE_FORBIDDEN', reason: new OfficeError('OFFICE_FORBIDDEN').localise('vi') };
    let result: ActionResult;
    try {
      result = await act(actor, toEntry(row));
    } catch (err) {
      const failure = failureOf(err);
      await recordFailure(actor, entryId, failure);
      return { entryId, ok: false, ...failure };
    }
    try {
      await auditKeyBundle(actor, entryId, result);
      const current = (await findEntry(db(), entryId))!;
      const done = await options.requests().decisions.markDone(actor, { id: entryId, version: current.version }, result.outcome);
      return { entryId, ok: true, entry: done, ...result };
    } catch (err) {
      // The CA acted but the entry could not be closed: say what was done, so a retry is not taken blindly.
      const failure = failureOf(err);
      await recordFailure(actor, entryId, { code: failure.code, reason: `${result.outcome}; chưa ghi được hoàn thành: ${failure.reason}` }).catch(() => undefined);
      return { entryId, ok: false, ...failure };
    }
  }

  /** Carries the given approved entries one by one; the others (not the CA's, not approved any more) are left as they are */
  async function carry(actor: Actor, entries: readonly Pick<RequestEntry, 'id'>[]): Promise<CarryResult[]> {
    if (!CARRY_ROLES.some((role) => hasRole(actor, role))) throw new OfficeError('OFFICE_FORBIDDEN');
    const results: CarryResult[] = [];
    for (const entry of entries) {
      const result = await carryOne(actor, entry.id);
      if (result) results.push(result);
    }
    if (results.length > 0) await options.onCarried?.(results);
    return results;
  }

  /** The seam: runs after the DIC's approval committed, as the approving operator; it never throws into the approval */
  const sink: ApprovedEntrySink = async (entries) => {
    const ours = entries.filter((e) => CA_FORM_ACTIONS[e.formId]);
    const approver = ours.length > 0 ? await approverOf(db(), ours[0]!.id).catch(() => undefined) : undefined;
    if (!approver) return;
    await carry(approver, ours).catch(() => undefined);
  };

  return {
    sink,
    carry,
    /** The retry: every approved certificate entry the actor's province still has to carry */
    async carryPending(actor: Actor): Promise<CarryResult[]> {
      const pending = await options.requests().queries.pendingApproved(actor);
      return carry(actor, pending.filter((e) => CA_FORM_ACTIONS[e.formId]));
    },

    /**
     * Mẫu 06 at once, whatever level its list has reached: the certificate revoked (keyCompromise), the token marked
     * lost. For those who keep the token register: the unit's IT officer, the DIC's or the CA's operators.
     */
    async reportLostToken(actor: Actor, entryId: string): Promise<ActionResult> {
      const row = typeof entryId === 'string' ? await findEntry(db(), entryId) : undefined;
      if (!row || row.form_id !== 'token-loss-report') throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
      const keeper = [...CARRY_ROLES, 'admin' as const].some((role) => hasRole(actor, role)) && (await scope.visibleIds(db(), actor)).includes(row.origin_agency_id);
      if (!keeper) throw new OfficeError('OFFICE_FORBIDDEN');
      if (row.state === 'withdrawn' || row.state === 'returned') throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'thu hồi ngay chứng thư số', target: 'đề nghị', state: row.state });
      const result = await actOnLostToken(actionContext(actor), toEntry(row).values);
      // On the entry's timeline too (its state unchanged: the report still travels up as filed), with the audit entry
      await inTransaction(rc, async (w) => {
        const { entry } = await lockedEntry(rc, w.trx, row.id);
        const next = await updateEntry(w.trx, entry, { outcome: result.outcome.slice(0, 500) }, actor.userId, w.at);
        await insertEvents(w.trx, [entryEvent(next, 'token-loss-acted', entry.state, actor, w.at, { details: { outcome: next.outcome, serial: result.serial ?? null, token: result.tokenSerial ?? null } })]);
        await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.token_loss.acted', targetType: 'request_entry', targetId: row.id,
          details: { serial: result.serial ?? null, token: result.tokenSerial ?? null, tokenState: result.tokenState } });
      });
      return result;
    },

    /** The hand-over record on the token register (Mẫu bàn giao): the token with the certificate's key goes to its holder */
    async handOver(actor: Actor, input: HandOver): Promise<TokenRecord> {
      const operator = operatorFor(actor);
      const certificate = await pki.find(operator, input.certificateSerial);
      if (certificate.status !== 'valid') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: certificate.serial });
      const holder = await db().selectFrom('pki_certificates').select('holder_user_id').where('serial', '=', certificate.serial).executeTakeFirstOrThrow();
      const token = await pki.tokens.change(actor, input.tokenSerial, {
        to: 'issued', handedBy: input.handedBy, receivedBy: input.receivedBy ?? certificate.holderName, holderUserId: holder.holder_user_id,
        ...(input.witnessedBy ? { witnessedBy: input.witnessedBy } : {}), ...(input.authorisation ? { authorisation: input.authorisation } : {}),
        note: `Bàn giao chứng thư số ${certificate.serial} (${certificate.holderName}), khóa bí mật cài từ tệp PKCS#12 đã cấp`,
      });
      // The certificate register has no call to name a token after issue; the link is written with its audit entry here.
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('pki_certificates').set({ token_serial: token.serial }).where('serial', '=', certificate.serial).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'pki.certificate.token', targetType: 'pki_certificate', targetId: certificate.serial, details: { token: token.serial } });
      });
      return token;
    },
  };
}

export type OwnCaDesk = ReturnType<typeof createOwnCaDesk>;
