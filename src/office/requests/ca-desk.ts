/**
 * The request service's companion for the certificate authority (issue 7): the DIC's approval, the retry of approved
 * entries the CA refused, the lost-token report and the PKCS#12 download, with congvan's own CA or the Government CA.
 *
 * Why the approval carries here and not through `onApproved`: the subscriber's key made for a new certificate is
 * kept only as a PKCS#12 under a one-time password, and that password must reach the operator who approved, once,
 * and nowhere else (not the DB, not a log, not the audit trail). The `onApproved` seam runs inside `approve` with no
 * way to hand a result back to the caller, so the desk's own office leaves it off (the sink is not given to the
 * request service) and `approve` here first commits the approval, then carries the entries as the approving
 * operator and returns what each brought, the passwords with it, for the HTTP answer alone. An entry the CA refuses
 * stays approved with its reason (ca-own.ts), and `carryPending` takes it up again.
 */
import { hasRole, type Actor } from '../actor.ts';
import type { OfficeContext } from '../context.ts';
import { writeWithAudit } from '../context.ts';
import type { ExportedFile } from '../documents/table-export.ts';
import { OfficeError } from '../office.errors.ts';
import { CA_FORM_ACTIONS } from './ca-actions.ts';
import type { OwnCaDesk } from './ca-own.ts';
import { mayCarry, type CarryResult } from './ca-own-context.ts';
import type { HandOver } from './ca-own-tokens.ts';
import { bundleOfEntry, removalOf } from './ca-p12-bundle.ts';
import type { RequestService } from './index.ts';
import { findEntry, toEntry } from './requests.repo.ts';
import type { RequestEntry, Seen } from './requests.types.ts';

/** What one carried entry brought, as the approving operator is told: the password is here and nowhere else */
export interface CarryReport {
  readonly entryId: string;
  readonly ok: boolean;
  readonly action?: string;
  readonly outcome?: string;
  readonly serial?: string;
  readonly subject?: string;
  readonly holderName?: string;
  readonly replacedSerial?: string;
  readonly tokenSerial?: string;
  /** A key was made for the subscriber: its PKCS#12 is downloadable by the approver or a CA operator */
  readonly hasKeyBundle: boolean;
  /** Shown once to the operator who approved; never stored in plaintext */
  readonly oneTimePassword?: string;
  readonly code?: string;
  readonly reason?: string;
}

export interface Approval {
  /** The approved entries as they are now (done when the CA carried them) */
  readonly entries: readonly RequestEntry[];
  readonly carried: readonly CarryReport[];
}

export type RequestCa = 'own' | 'government';
const PKCS12_TYPE = 'application/x-pkcs12';

export function createCaDesk(ctx: OfficeContext, kind: RequestCa, own: OwnCaDesk | null, requests: () => RequestService) {
  const db = () => ctx.db.kysely;
  const ownDesk = (): OwnCaDesk => {
    if (own) return own;
    throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'thực hiện trên CA nội bộ', target: 'cơ quan chứng thực', state: 'CA Chính phủ' });
  };

  async function reportOf(result: CarryResult): Promise<CarryReport> {
    if (!result.ok) return { entryId: result.entryId, ok: false, hasKeyBundle: false, code: result.code, reason: result.reason };
    const cert = result.serial ? await db().selectFrom('pki_certificates').select(['subject', 'holder_name']).where('serial', '=', result.serial).executeTakeFirst() : undefined;
    return {
      entryId: result.entryId, ok: true, action: result.action, outcome: result.outcome, hasKeyBundle: Boolean(result.keyBundle),
      ...(result.serial ? { serial: result.serial } : {}), ...(cert ? { subject: cert.subject, holderName: cert.holder_name } : {}),
      ...(result.replacedSerial ? { replacedSerial: result.replacedSerial } : {}), ...(result.tokenSerial ? { tokenSerial: result.tokenSerial } : {}),
      ...(result.keyBundle ? { oneTimePassword: result.keyBundle.oneTimePassword } : {}),
    };
  }

  const reportsOf = async (results: readonly CarryResult[]) => Promise.all(results.map(reportOf));
  const current = async (ids: readonly string[]) => (await Promise.all(ids.map((id) => findEntry(db(), id)))).filter((r) => r !== undefined).map(toEntry);

  return {
    kind,
    /** The DIC approves (all or none), then, with congvan's own CA, the certificate entries are carried at once by the same operator */
    async approve(actor: Actor, seen: readonly Seen[]): Promise<Approval> {
      const approved = await requests().decisions.approve(actor, seen);
      const ours = approved.filter((e) => CA_FORM_ACTIONS[e.formId]);
      if (!own || ours.length === 0 || !mayCarry(actor)) return { entries: approved, carried: [] };
      const carried = await reportsOf(await own.carry(actor, ours));
      return { entries: await current(approved.map((e) => e.id)), carried };
    },
    /** Carries again the approved entries the CA refused (or that were approved by someone who may not carry) */
    async carryPending(actor: Actor): Promise<CarryReport[]> {
      return reportsOf(await ownDesk().carryPending(actor));
    },
    /** Mẫu 06: the certificate revoked at once (keyCompromise), the token marked lost; the entry's timeline says so */
    async reportLostToken(actor: Actor, entryId: string): Promise<{ entry: RequestEntry; serial: string | null; tokenSerial: string | null; outcome: string }> {
      const result = await ownDesk().reportLostToken(actor, entryId);
      const [entry] = await current([entryId]);
      return { entry: entry!, serial: result.serial ?? null, tokenSerial: result.tokenSerial ?? null, outcome: result.outcome };
    },
    handOver: (actor: Actor, input: HandOver) => ownDesk().handOver(actor, input),

    /**
     * The PKCS#12 made for an entry (encrypted under its one-time password), for the operator who carried it (the DIC
     * operator who approved, who saw the password) or a CA operator; anyone else is refused, and so is everyone once
     * the key is on its token and handed over (the file is deleted then). Each download is audited.
     */
    async keyBundle(actor: Actor, entryId: string): Promise<ExportedFile> {
      ownDesk();
      const bundle = typeof entryId === 'string' ? await bundleOfEntry(db(), entryId) : undefined;
      if (!bundle) throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
      if (bundle.madeBy !== actor.userId && !hasRole(actor, 'ca_operator')) throw new OfficeError('OFFICE_FORBIDDEN');
      const removed = await removalOf(db(), entryId);
      if (removed) throw removed;
      const bytes = await ctx.blobs.get(bundle.blobId);
      await writeWithAudit(ctx, (_trx, audit) => audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.key_bundle_downloaded', targetType: 'request_entry', targetId: entryId,
        details: { serial: bundle.serial } }));
      return { bytes, name: `${bundle.serial ?? entryId}.p12`, contentType: PKCS12_TYPE };
    },
  };
}

export type CaDesk = ReturnType<typeof createCaDesk>;
