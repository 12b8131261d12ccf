/**
 * A hub relaying to other hubs (a province's platform to the national axis and back): every package queued for an
 * agency reached through another hub is handed to that hub unchanged — still signed by its sender — once per
 * (message, hub), over this hub's own signed requests. The next hub's receipt, signed by the certificate it is
 * registered with, ends this hub's part: the deliveries are marked acknowledged with the message id the next hub
 * gave. A hub that is down is tried again next round; one that refuses the package for good marks it failed.
 * Handing over twice is harmless: the next hub answers a retried package with its first receipt.
 */
import { sql } from 'kysely';
import { fingerprintOf, x509 } from '../../pki/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { receiptIsSigned, type Receipt } from './hub.ts';

/** How this hub reaches another: its `send`, signed as `self` */
export type RelayTransport = (url: string) => { send(self: string, bytes: Uint8Array): Promise<Receipt> };

/** Refusals that will not change on a retry: the next hub judged the package itself */
const isFinal = (err: unknown) => {
  const code = String((err as { code?: string }).code ?? '');
  return /^(EDXML|OFFICE_AXIS)_/.test(code) && !['EDXML_REVOCATION_UNAVAILABLE', 'OFFICE_AXIS_UNAUTHENTICATED'].includes(code);
};

export function createRelay(ctx: OfficeContext, deps: { self: () => Promise<string | undefined>; transport: RelayTransport }) {
  const db = () => ctx.db.kysely;

  async function mark(messageId: string, recipients: readonly string[], set: { state: string; failure?: string | null; relay_message_id?: string | null }) {
    const now = ctx.now().toISOString();
    await writeWithAudit(ctx, async (trx, audit) => {
      await trx.updateTable('hub_deliveries')
        .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1), ...(set.state === 'acknowledged' ? { delivered_at: now, acknowledged_at: now } : {}) }))
        .where('message_id', '=', messageId).where('recipient_code', 'in', recipients).where('state', '=', 'queued').execute();
      await audit({ actorId: null, agencyId: null, action: `axis.relay.${set.state}`, targetType: 'hub_message', targetId: messageId, details: { recipients, ...set } });
    });
  }

  return {
    /** One round: what is queued for agencies behind other hubs, oldest first; returns how many packages were handed over */
    async runOnce(limit = 100): Promise<number> {
      const due = await db().selectFrom('hub_deliveries').innerJoin('hub_agencies', 'hub_agencies.code', 'hub_deliveries.recipient_code')
        .select(['hub_deliveries.message_id', 'hub_deliveries.recipient_code', 'hub_agencies.relay_url'])
        .where('hub_deliveries.state', '=', 'queued').where('hub_agencies.relay_url', 'is not', null).where('hub_agencies.is_hub', '=', 0)
        .orderBy('hub_deliveries.queued_at').limit(limit).execute();
      if (due.length === 0) return 0;
      const self = await deps.self();
      if (!self) throw new OfficeError('OFFICE_AXIS_HUB_CODE_MISSING');
      const groups = new Map<string, { messageId: string; url: string; recipients: string[] }>();
      for (const row of due) {
        const key = `${row.message_id} ${row.relay_url}`;
        const group = groups.get(key) ?? { messageId: row.message_id, url: row.relay_url!, recipients: [] };
        group.recipients.push(row.recipient_code);
        groups.set(key, group);
      }
      let handed = 0;
      for (const { messageId, url, recipients } of groups.values()) {
        const peer = await db().selectFrom('hub_agencies').select(['code', 'certificate_pem']).where('relay_url', '=', url).where('is_hub', '=', 1).where('active', '=', 1).executeTakeFirst();
        if (!peer) {
          await mark(messageId, recipients, { state: 'failed', failure: `không có trục kết nối nào đăng ký tại ${url}` });
          continue;
        }
        const message = await db().selectFrom('hub_messages').select(['package', 'digest']).where('id', '=', messageId).executeTakeFirstOrThrow();
        let receipt: Receipt;
        try {
          receipt = await deps.transport(url).send(self, new Uint8Array(message.package));
        } catch (err) {
          if (isFinal(err)) await mark(messageId, recipients, { state: 'failed', failure: `trục ${peer.code} từ chối: ${String((err as Error).message).slice(0, 500)}` });
          else await db().updateTable('hub_deliveries').set({ attempts: sql`attempts + 1`, failure: String((err as Error).message).slice(0, 500) }).where('message_id', '=', messageId).where('recipient_code', 'in', recipients).execute();
          continue;
        }
        // The receipt must be the registered peer's, over these very bytes
        const byPeer = (() => {
          try {
            return fingerprintOf(new x509.X509Certificate(receipt.hubCertificate)) === fingerprintOf(new x509.X509Certificate(peer.certificate_pem));
          } catch {
            return false;
          }
        })();
        if (!receiptIsSigned(receipt) || !byPeer || receipt.digest !== message.digest) {
          await db().updateTable('hub_deliveries').set({ attempts: sql`attempts + 1`, failure: `biên nhận của trục ${peer.code} không hợp lệ` }).where('message_id', '=', messageId).where('recipient_code', 'in', recipients).execute();
          continue;
        }
        await mark(messageId, recipients, { state: 'acknowledged', failure: null, relay_message_id: receipt.messageId });
        handed++;
      }
      return handed;
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
