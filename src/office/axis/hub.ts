/**
 * The interconnection axis' hub (specs.md §4): a directory of agencies, and for each package an office sends —
 * its sender proved by the request signature and by the package's own XML signature — a message id, a log entry
 * with the package, its digest and an RFC 3161 timestamp, one mailbox row per recipient, and a signed receipt.
 * Recipients pull their mailbox (list, fetch, acknowledge); delivery is at least once and a retried send is
 * answered with the first receipt. Status packages go back to the sender the same way, and the latest status of
 * each recipient is kept to find documents nobody picked up.
 */
import { createHash, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import { dateOfTimestamp, verifyPackage, type EdxmlPackage } from '../../edxml/index.ts';
import { fingerprintOf, x509, type RevocationChecker, type TrustStore } from '../../pki/index.ts';
import type { TimestampSource } from '../../pades/index.ts';
import type { Database } from '../../store/index.ts';
import { isAgencyCode } from '../agencies/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';

export interface HubIdentity {
  readonly certificate: x509.X509Certificate;
  readonly key: KeyObject;
  /** Stamps the digest of each package received */
  readonly timestamp: TimestampSource;
}

export interface HubAgency {
  readonly code: string; readonly name: string; readonly email: string | null; readonly pushUrl: string | null;
  /** The hub it is reached through (for a peer hub: its own address) */
  readonly relayUrl: string | null;
  readonly isHub: boolean;
  readonly active: boolean;
}

export interface Receipt {
  readonly messageId: string;
  readonly kind: 'edoc' | 'status';
  readonly documentId: string;
  readonly sender: string;
  readonly recipients: readonly string[];
  /** SHA-256 of the package as received, hex */
  readonly digest: string;
  readonly receivedAt: string;
  /** RFC 3161 token over the digest, base64 */
  readonly timestampToken: string;
  /** The hub's signature over the other fields (JSON in this order, UTF-8), base64, and its certificate */
  readonly signature: string;
  readonly hubCertificate: string;
}

export interface MailboxEntry { readonly messageId: string; readonly kind: string; readonly sender: string; readonly documentId: string; readonly receivedAt: string; readonly state: string }

export type DeliveryState = 'queued' | 'delivered' | 'acknowledged' | 'failed';

/** What the hub pushes to an online recipient's address: which of its agencies has which message waiting */
export interface PushNote { readonly agency: string; readonly messageId: string; readonly kind: 'edoc' | 'status' }
export type PushNotifier = (url: string, note: PushNote) => void;

const receiptBody = (r: Omit<Receipt, 'signature' | 'hubCertificate'>) => Buffer.from(JSON.stringify([r.messageId, r.kind, r.documentId, r.sender, r.recipients, r.digest, r.receivedAt, r.timestampToken]), 'utf8');

/** Verifies a receipt as the sender's office does: the hub's signature over what it says */
export function receiptIsSigned(receipt: Receipt): boolean {
  try {
    const certificate = new x509.X509Certificate(receipt.hubCertificate);
    return verify('sha256', receiptBody(receipt), createPublicKey(certificate.toString('pem')), Buffer.from(receipt.signature, 'base64'));
  } catch {
    return false;
  }
}

/** When a recipient that has not reported 01/03 is late (specs.md §2): urgent at once (two hours), others after the next day */
export function isOverdue(priority: number, receivedAt: string, now: Date): boolean {
  const received = new Date(receivedAt);
  if (priority > 0) return now.getTime() - received.getTime() > 2 * 3600_000;
  const nextDayEnds = new Date(`${vietnamDate(new Date(received.getTime() + 86_400_000))}T23:59:59+07:00`);
  return now > nextDayEnds;
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const agencyRow = (ctx: OfficeContext, code: string) => ctx.db.kysely.selectFrom('hub_agencies').selectAll().where('code', '=', code).executeTakeFirst();

/** The hub's directory of agencies: what needs no hub identity (the CLI registers agencies with it alone) */
export function createHubDirectory(ctx: OfficeContext) {
  const db = () => ctx.db.kysely;
  // Cached a short while: requests are many and agencies few, but another hub process may re-register or stop one
  const certificates = new Map<string, { pem: string; until: number }>();
  const CERTIFICATE_CACHE_MS = 10_000;
  return {
    /**
     * Registers (or updates) an agency with the certificate its office signs with. `relayUrl`: it is served by
     * another hub, which its packages are handed to. `isHub`: the entry is that other hub itself (its certificate
     * signs its requests, `relayUrl` is its address), allowed to hand over packages of the agencies it serves.
     */
    async put(input: { code: string; name: string; email?: string | null; certificatePem: string; pushUrl?: string | null; relayUrl?: string | null; isHub?: boolean }): Promise<HubAgency> {
      if (!isAgencyCode(input.code)) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'code', reason: `mã định danh "${String(input.code).slice(0, 40)}"` });
      if (!input.name?.trim()) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'name', reason: 'bắt buộc' });
      if (input.pushUrl && !isHttpUrl(input.pushUrl)) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'pushUrl', reason: `địa chỉ nhận thông báo "${String(input.pushUrl).slice(0, 80)}" phải là URL http(s)` });
      if (input.relayUrl && !isHttpUrl(input.relayUrl)) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'relayUrl', reason: `địa chỉ trục chuyển tiếp "${String(input.relayUrl).slice(0, 80)}" phải là URL http(s)` });
      if (input.isHub && !input.relayUrl) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'relayUrl', reason: 'trục kết nối cần địa chỉ của nó' });
      let pem: string;
      try {
        pem = new x509.X509Certificate(input.certificatePem).toString('pem');
      } catch {
        throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'certificate', reason: 'không đọc được chứng thư số (PEM)' });
      }
      const relayUrl = input.relayUrl ? input.relayUrl.replace(/\/+$/, '') : null;
      const agency = {
        code: input.code, name: input.name.trim(), email: input.email ?? null, certificate_pem: pem, push_url: input.pushUrl ?? null, relay_url: relayUrl,
        is_hub: input.isHub ? 1 : 0, active: 1, created_at: ctx.now().toISOString(),
      };
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.insertInto('hub_agencies').values(agency).onConflict((oc) => oc.column('code').doUpdateSet({
          name: agency.name, email: agency.email, certificate_pem: agency.certificate_pem, push_url: agency.push_url, relay_url: agency.relay_url, is_hub: agency.is_hub, active: 1,
        })).execute();
        await audit({ actorId: null, agencyId: null, action: 'axis.agency.put', targetType: 'hub_agency', targetId: agency.code, details: { name: agency.name, certificate: fingerprintOf(new x509.X509Certificate(pem)), relayUrl, isHub: agency.is_hub === 1 } });
      });
      certificates.delete(agency.code);
      return { code: agency.code, name: agency.name, email: agency.email, pushUrl: agency.push_url, relayUrl, isHub: agency.is_hub === 1, active: true };
    },
    /** getAgenciesList: who can be addressed */
    async list(): Promise<{ code: string; name: string; mail: string | null }[]> {
      return (await db().selectFrom('hub_agencies').select(['code', 'name', 'email']).where('active', '=', 1).where('is_hub', '=', 0).orderBy('code').execute()).map((r) => ({ code: r.code, name: r.name, mail: r.email }));
    },
    /** The certificate an agency signs requests with (cached: requests are many, agencies few) */
    async certificateOf(code: string): Promise<string | undefined> {
      const cached = certificates.get(code);
      if (cached && cached.until > Date.now()) return cached.pem;
      const found = await agencyRow(ctx, code);
      if (!found?.active) {
        certificates.delete(code);
        return undefined;
      }
      certificates.set(code, { pem: found.certificate_pem, until: Date.now() + CERTIFICATE_CACHE_MS });
      return found.certificate_pem;
    },
  };
}

/**
 * `revocation`: how the senders' certificates are checked (CRL/OCSP of their CA); without it, the chain only.
 * `verify`: verifyPackage or the same on worker threads (edxml/verify-pool.ts); in-process when absent.
 * `push`: tells an online recipient (an agency registered with a push address) that a message waits, once it is
 * logged; the recipient then fetches it over its own signed channel, so the note carries nothing to trust and a lost
 * one costs only the wait until the recipient's next pull.
 * `relayWake`: a package was queued for an agency behind another hub (office/axis/relay.ts hands it over).
 */
export function createHub(ctx: OfficeContext, deps: { identity: () => Promise<HubIdentity>; trust: () => Promise<TrustStore>; revocation?: RevocationChecker; verify?: typeof verifyPackage; push?: PushNotifier; relayWake?: () => void }) {
  const db = () => ctx.db.kysely;

  async function receiptOf(row: Database['hub_messages'], known?: readonly string[]): Promise<Receipt> {
    const identity = await deps.identity();
    // Code order as JavaScript sorts it, not the database's collation: a retry's receipt lists them the same way
    const recipients = known ? [...known].sort() : (await db().selectFrom('hub_deliveries').select('recipient_code').where('message_id', '=', row.id).execute()).map((r) => r.recipient_code).sort();
    const body = {
      messageId: row.id, kind: row.kind as Receipt['kind'], documentId: row.document_id, sender: row.sender_code, recipients, digest: row.digest,
      receivedAt: row.received_at, timestampToken: Buffer.from(row.timestamp_token ?? new Uint8Array(0)).toString('base64'),
    };
    return { ...body, signature: sign('sha256', receiptBody(body), identity.key).toString('base64'), hubCertificate: identity.certificate.toString('pem') };
  }

  /** The checks and the log entry of send; a refusal is a coded error */
  async function accept(caller: string, bytes: Uint8Array): Promise<Receipt> {
    const registered = await agencyRow(ctx, caller);
    if (!registered?.active) throw new OfficeError('OFFICE_AXIS_UNAUTHENTICATED', { reason: `cơ quan "${caller.slice(0, 40)}" không có trong danh bạ` });
    const viaPeer = registered.is_hub === 1;
    const expected = fingerprintOf(new x509.X509Certificate(registered.certificate_pem));
    let senderRow = registered;
    const verified = await (deps.verify ?? verifyPackage)(bytes, {
      trustStore: await deps.trust(), at: ctx.now(), revocation: deps.revocation,
      senderCheck: async (certificate, organId) => {
        if (!viaPeer) return organId === caller && fingerprintOf(certificate) === expected;
        const row = await agencyRow(ctx, organId);
        if (!row?.active || row.is_hub === 1 || row.relay_url !== registered.relay_url) return false;
        senderRow = row;
        return fingerprintOf(certificate) === fingerprintOf(new x509.X509Certificate(row.certificate_pem));
      },
    });
    const pkg: EdxmlPackage = verified.package;
    const sender = viaPeer ? senderRow.code : caller;
    const digest = createHash('sha256').update(bytes).digest('hex');
    const now = ctx.now().toISOString();
    let kind: 'edoc' | 'status';
    let documentId: string;
    let recipients: string[];
    let responseFor: string | null = null;
    let priority = 0;
    if (pkg.kind === 'document') {
      if (pkg.header.from.organId !== sender) throw new OfficeError('OFFICE_AXIS_SENDER_MISMATCH', { signer: pkg.header.from.organId, caller });
      kind = 'edoc';
      documentId = pkg.header.documentId;
      recipients = [...new Set(pkg.header.to.map((t) => t.organId))];
      priority = pkg.header.otherInfo.priority ?? 0;
    } else {
      if (pkg.status.from.organId !== sender) throw new OfficeError('OFFICE_AXIS_SENDER_MISMATCH', { signer: pkg.status.from.organId, caller });
      kind = 'status';
      // A status is named by what it reports on, its code and its time: the same report again is a retry
      documentId = `${pkg.status.responseFor.documentId}#${pkg.status.statusCode}#${pkg.status.timestamp}`;
      if (pkg.status.statusCode === '13') {
        // The sender asks for its own document back: to every agency it went to
        const original = await db().selectFrom('hub_messages').select('id').where('kind', '=', 'edoc').where('sender_code', '=', sender).where('document_id', '=', pkg.status.responseFor.documentId).executeTakeFirst();
        if (!original) throw new OfficeError('OFFICE_AXIS_STATUS_ORPHAN', { documentId: pkg.status.responseFor.documentId, from: sender });
        responseFor = original.id;
        recipients = (await db().selectFrom('hub_deliveries').select('recipient_code').where('message_id', '=', original.id).execute()).map((r) => r.recipient_code);
      } else {
        const original = await db().selectFrom('hub_messages').innerJoin('hub_deliveries', 'hub_deliveries.message_id', 'hub_messages.id').select('hub_messages.id')
          .where('hub_messages.kind', '=', 'edoc').where('hub_messages.sender_code', '=', pkg.status.responseFor.organId)
          .where('hub_messages.document_id', '=', pkg.status.responseFor.documentId).where('hub_deliveries.recipient_code', '=', sender).executeTakeFirst();
        if (!original) throw new OfficeError('OFFICE_AXIS_STATUS_ORPHAN', { documentId: pkg.status.responseFor.documentId, from: sender });
        responseFor = original.id;
        recipients = [pkg.status.responseFor.organId];
      }
    }
    const pushTo = new Map<string, string>();
    const servedByCaller = new Set<string>();
    let relayed = false;
    for (const code of recipients) {
      const row = code === sender ? senderRow : await agencyRow(ctx, code);
      if (!row?.active || row.is_hub === 1) throw new OfficeError('OFFICE_AXIS_RECIPIENT_UNKNOWN', { code });
      if (viaPeer && row.relay_url === registered.relay_url) servedByCaller.add(code);
      else if (row.relay_url) relayed = true;
      else if (row.push_url) pushTo.set(code, row.push_url);
    }
    recipients = recipients.filter((code) => !servedByCaller.has(code));
    if (recipients.length === 0) throw new OfficeError('OFFICE_AXIS_RECIPIENT_UNKNOWN', { code: [...servedByCaller].join(', ') });
    const earlier = await db().selectFrom('hub_messages').selectAll().where('sender_code', '=', sender).where('kind', '=', kind).where('document_id', '=', documentId).execute();
    // The same package again is a retry; so is a status already reported (same document, code and time), whatever its signature bytes
    const same = earlier.find((m) => m.digest === digest) ?? (kind === 'status' ? earlier[0] : undefined);
    if (same) return receiptOf(same);
    if (earlier.length > 0 && !(pkg.kind === 'document' && pkg.trace.business.docType !== 0)) throw new OfficeError('OFFICE_AXIS_DOCUMENT_ID_REUSED', { documentId });
    const token = await (await deps.identity()).timestamp(Buffer.from(digest, 'hex'));
    const row: Database['hub_messages'] = {
      id: randomUUID(), sender_code: sender, kind, document_id: documentId, digest, package: bytes, timestamp_token: token, response_for: responseFor,
      status_code: pkg.kind === 'status' ? pkg.status.statusCode : null, priority, received_at: now,
    };
    const stored = await writeWithAudit(ctx, async (trx, audit) => {
      await trx.insertInto('hub_messages').values(row).execute();
      await trx.insertInto('hub_deliveries').values(recipients.map((code) => ({
        message_id: row.id, recipient_code: code, state: 'queued', attempts: 0, queued_at: now, delivered_at: null, acknowledged_at: null, failure: null, business_status: null, business_status_at: null,
      }))).execute();
      if (pkg.kind === 'status' && pkg.status.statusCode !== '13') {
        // Statuses may come in any order: keep the latest reported (by its time, then its code), not the latest received
        const code = pkg.status.statusCode;
        const reported = dateOfTimestamp(pkg.status.timestamp).toISOString();
        await trx.updateTable('hub_deliveries').set({ business_status: code, business_status_at: reported }).where('message_id', '=', responseFor!).where('recipient_code', '=', sender)
          .where((eb) => eb.or([eb('business_status_at', 'is', null), eb('business_status_at', '<', reported), eb.and([eb('business_status_at', '=', reported), eb('business_status', '<', code)])])).execute();
      }
      await audit({ actorId: null, agencyId: null, action: `axis.${kind}.received`, targetType: 'hub_message', targetId: row.id, details: { sender, documentId, digest, recipients, status: row.status_code, ...(viaPeer ? { via: caller } : {}) } });
      return { row, recipients };
    }).catch(async (err: unknown) => {
      // Two hub processes took the same retry at once: the other one's message stands (looked up after the rollback)
      const other = await db().selectFrom('hub_messages').selectAll().where('sender_code', '=', sender).where('kind', '=', kind).where('document_id', '=', documentId).where('digest', '=', digest).executeTakeFirst();
      if (other) return { row: other, recipients: undefined };
      throw err;
    });
    if (stored.recipients) for (const [code, url] of pushTo) deps.push?.(url, { agency: code, messageId: stored.row.id, kind });
    if (stored.recipients && relayed) deps.relayWake?.();
    return receiptOf(stored.row, stored.recipients);
  }

  return {
    directory: createHubDirectory(ctx),

    /**
     * A package from `caller` (proved by its request signature): checked, logged, timestamped, queued per recipient.
     * A caller that is a peer hub hands over packages of the agencies this hub reaches through it: the sender is
     * then the package's own, checked against that agency's entry, and recipients it serves itself are left to it.
     */
    async send(caller: string, bytes: Uint8Array): Promise<Receipt> {
      try {
        return await accept(caller, bytes);
      } catch (err) {
        // Every refusal is on record with its reason: who sent what (by digest), and why it was not taken
        const code = String((err as { code?: string }).code ?? '');
        if (/^(EDXML|OFFICE_AXIS)_/.test(code)) {
          const digest = createHash('sha256').update(bytes).digest('hex');
          await writeWithAudit(ctx, (_trx, audit) => audit({ actorId: null, agencyId: null, action: 'axis.package.refused', targetType: 'hub_agency', targetId: caller.slice(0, 64), details: { code, reason: (err as Error).message.slice(0, 300), digest, size: bytes.byteLength } }))
            .catch(() => undefined);
        }
        throw err;
      }
    },

    /** What waits for an agency, oldest first */
    async mailbox(code: string, limit = 100): Promise<MailboxEntry[]> {
      const rows = await db().selectFrom('hub_deliveries').innerJoin('hub_messages', 'hub_messages.id', 'hub_deliveries.message_id')
        .select(['hub_messages.id', 'hub_messages.kind', 'hub_messages.sender_code', 'hub_messages.document_id', 'hub_messages.received_at', 'hub_deliveries.state'])
        .where('hub_deliveries.recipient_code', '=', code).where('hub_deliveries.state', 'in', ['queued', 'delivered'])
        .orderBy('hub_deliveries.queued_at').orderBy('hub_messages.id').limit(Math.min(Math.max(limit, 1), 1000)).execute();
      return rows.map((r) => ({ messageId: r.id, kind: r.kind, sender: r.sender_code, documentId: r.document_id, receivedAt: r.received_at, state: r.state }));
    },

    /** The package, for one of its recipients; the first fetch marks it delivered */
    async fetch(code: string, messageId: string): Promise<Uint8Array> {
      const row = await db().selectFrom('hub_deliveries').innerJoin('hub_messages', 'hub_messages.id', 'hub_deliveries.message_id').select(['hub_messages.package', 'hub_deliveries.state'])
        .where('hub_deliveries.message_id', '=', messageId).where('hub_deliveries.recipient_code', '=', code).executeTakeFirst();
      if (!row) throw new OfficeError('OFFICE_AXIS_MESSAGE_NOT_FOUND');
      await db().updateTable('hub_deliveries').set((eb) => ({ attempts: eb('attempts', '+', 1), ...(row.state === 'queued' ? { state: 'delivered', delivered_at: ctx.now().toISOString() } : {}) }))
        .where('message_id', '=', messageId).where('recipient_code', '=', code).execute();
      return new Uint8Array(row.package);
    },

    /** The recipient's transport acknowledgement (updateStatus done/fail): done takes it out of the mailbox */
    async acknowledge(code: string, messageId: string, outcome: 'done' | 'fail', reason?: string): Promise<void> {
      const now = ctx.now().toISOString();
      const result = await db().updateTable('hub_deliveries')
        .set(outcome === 'done' ? { state: 'acknowledged', acknowledged_at: now } : { state: 'failed', failure: (reason ?? '').slice(0, 1000) || 'không rõ lý do' })
        .where('message_id', '=', messageId).where('recipient_code', '=', code).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new OfficeError('OFFICE_AXIS_MESSAGE_NOT_FOUND');
    },

    /** For the sender: each recipient's transport state and business status */
    async deliveries(code: string, messageId: string) {
      const message = await db().selectFrom('hub_messages').select('sender_code').where('id', '=', messageId).executeTakeFirst();
      if (!message || message.sender_code !== code) throw new OfficeError('OFFICE_AXIS_MESSAGE_NOT_FOUND');
      return db().selectFrom('hub_deliveries').selectAll().where('message_id', '=', messageId).orderBy('recipient_code').execute();
    },

    /** Documents a recipient has not reported arrived or registered (01/03) by the deadline: the "not received" alerts */
    async alerts(sender?: string) {
      let query = db().selectFrom('hub_deliveries').innerJoin('hub_messages', 'hub_messages.id', 'hub_deliveries.message_id')
        .select(['hub_messages.id', 'hub_messages.sender_code', 'hub_messages.document_id', 'hub_messages.priority', 'hub_messages.received_at', 'hub_deliveries.recipient_code', 'hub_deliveries.state', 'hub_deliveries.business_status'])
        .where('hub_messages.kind', '=', 'edoc').where((eb) => eb.or([eb('hub_deliveries.business_status', 'is', null), eb('hub_deliveries.business_status', 'not in', ['01', '02', '03', '04', '05', '06'])]));
      if (sender) query = query.where('hub_messages.sender_code', '=', sender);
      const now = ctx.now();
      return (await query.orderBy('hub_messages.received_at').limit(5000).execute()).filter((r) => isOverdue(r.priority, r.received_at, now))
        .map((r) => ({ messageId: r.id, sender: r.sender_code, recipient: r.recipient_code, documentId: r.document_id, priority: r.priority, receivedAt: r.received_at, state: r.state, status: r.business_status }));
    },

    /** Per agency: sent, received, waiting in its mailbox, not yet reported received by the deadline */
    async dashboard() {
      const sent = await db().selectFrom('hub_messages').select(['sender_code as code', sql<number>`count(*)`.as('n')]).where('kind', '=', 'edoc').groupBy('sender_code').execute();
      const received = await db().selectFrom('hub_deliveries').innerJoin('hub_messages', 'hub_messages.id', 'hub_deliveries.message_id')
        .select(['hub_deliveries.recipient_code as code', sql<number>`count(*)`.as('n'), sql<number>`sum(case when hub_deliveries.state in ('queued','delivered') then 1 else 0 end)`.as('waiting')])
        .where('hub_messages.kind', '=', 'edoc').groupBy('hub_deliveries.recipient_code').execute();
      const alerts = await this.alerts();
      const agencies = await db().selectFrom('hub_agencies').select(['code', 'name']).orderBy('code').execute();
      return agencies.map((a) => ({
        code: a.code, name: a.name, sent: Number(sent.find((s) => s.code === a.code)?.n ?? 0), received: Number(received.find((r) => r.code === a.code)?.n ?? 0),
        waiting: Number(received.find((r) => r.code === a.code)?.waiting ?? 0), notReceived: alerts.filter((x) => x.recipient === a.code).length,
      }));
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
