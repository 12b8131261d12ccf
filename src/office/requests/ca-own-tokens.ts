/**
 * The token register's side of congvan's own CA (ca-own.ts): a lost-token report (Mẫu 06) acted on at once, and the
 * hand-over of a token carrying a certificate's key to its holder. @internal
 */
import { hasRole, type Actor } from '../actor.ts';
import { writeWithAudit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { TokenRecord } from '../pki/index.ts';
import { actOnLostToken, type ActionResult } from './ca-actions.ts';
import { actionContext, CARRY_ROLES, operatorFor, type OwnCa } from './ca-own-context.ts';
import { findEntry, insertEvents, toEntry, updateEntry } from './requests.repo.ts';
import { entryEvent, inTransaction, lockedEntry } from './work.ts';

export interface HandOver {
  readonly certificateSerial: string;
  readonly tokenSerial: string;
  readonly handedBy: string;
  /** By default the certificate's holder */
  readonly receivedBy?: string;
  readonly witnessedBy?: string;
  readonly authorisation?: string;
}

/**
 * Mẫu 06 at once, whatever level its list has reached: the certificate revoked (keyCompromise), the token marked
 * lost. For those who keep the token register: the unit's IT officer, the DIC's or the CA's operators.
 */
export async function reportLostToken(ca: OwnCa, actor: Actor, entryId: string): Promise<ActionResult> {
  const db = ca.ctx.db.kysely;
  const row = typeof entryId === 'string' ? await findEntry(db, entryId) : undefined;
  if (!row || row.form_id !== 'token-loss-report') throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
  const keeper = [...CARRY_ROLES, 'admin' as const].some((role) => hasRole(actor, role)) && (await ca.scope.visibleIds(db, actor)).includes(row.origin_agency_id);
  if (!keeper) throw new OfficeError('OFFICE_FORBIDDEN');
  if (row.state === 'withdrawn' || row.state === 'returned') throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'thu hồi ngay chứng thư số', target: 'đề nghị', state: row.state });
  const result = await actOnLostToken(actionContext(ca, actor), toEntry(row).values);
  // On the entry's timeline too (its state unchanged: the report still travels up as filed), with the audit entry
  await inTransaction(ca.rc, async (w) => {
    const { entry } = await lockedEntry(ca.rc, w.trx, row.id);
    const next = await updateEntry(w.trx, entry, { outcome: result.outcome.slice(0, 500) }, actor.userId, w.at);
    await insertEvents(w.trx, [entryEvent(next, 'token-loss-acted', entry.state, actor, w.at, { details: { outcome: next.outcome, serial: result.serial ?? null, token: result.tokenSerial ?? null } })]);
    await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.token_loss.acted', targetType: 'request_entry', targetId: row.id,
      details: { serial: result.serial ?? null, token: result.tokenSerial ?? null, tokenState: result.tokenState } });
  });
  return result;
}

/** The hand-over record on the token register (Mẫu bàn giao): the token with the certificate's key goes to its holder */
export async function handOver(ca: OwnCa, actor: Actor, input: HandOver): Promise<TokenRecord> {
  const certificate = await ca.pki.find(operatorFor(ca, actor), input.certificateSerial);
  if (certificate.status !== 'valid') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: certificate.serial });
  const holder = await ca.ctx.db.kysely.selectFrom('pki_certificates').select('holder_user_id').where('serial', '=', certificate.serial).executeTakeFirstOrThrow();
  const token = await ca.pki.tokens.change(actor, input.tokenSerial, {
    to: 'issued', handedBy: input.handedBy, receivedBy: input.receivedBy ?? certificate.holderName, holderUserId: holder.holder_user_id,
    ...(input.witnessedBy ? { witnessedBy: input.witnessedBy } : {}), ...(input.authorisation ? { authorisation: input.authorisation } : {}),
    note: `Bàn giao chứng thư số ${certificate.serial} (${certificate.holderName}), khóa bí mật cài từ tệp PKCS#12 đã cấp`,
  });
  // The certificate register has no call to name a token after issue; the link is written with its audit entry here.
  await writeWithAudit(ca.ctx, async (trx, audit) => {
    await trx.updateTable('pki_certificates').set({ token_serial: token.serial }).where('serial', '=', certificate.serial).execute();
    await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'pki.certificate.token', targetType: 'pki_certificate', targetId: certificate.serial, details: { token: token.serial } });
  });
  return token;
}
