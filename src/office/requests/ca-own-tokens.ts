/**
 * The token register's side of congvan's own CA (ca-own.ts): a lost-token report (Mẫu 06) acted on at once, and the
 * hand-over of a token carrying a certificate's key to its holder. @internal
 */
import { hasRole, type Actor } from '../actor.ts';
import { writeWithAudit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { TokenRecord, TokenState } from '../pki/index.ts';
import { actOnLostToken, type ActionResult } from './ca-actions.ts';
import { actionContext, CARRY_ROLES, mayCarry, operatorFor, type OwnCa } from './ca-own-context.ts';
import { bundleOfCertificate, recordRemoval, removalOf } from './ca-p12-bundle.ts';
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

/** What a hand-over did: the token as the register now has it, and whether a PKCS#12 of the key was deleted */
export interface HandedOver {
  readonly token: TokenRecord;
  readonly certificateSerial: string;
  readonly keyBundleRemoved: boolean;
}

/** Tokens in stock: never handed out, or returned since */
const IN_STOCK: readonly TokenState[] = ['new', 'returned'];
const OUT_OF_STOCK_WORDS: Partial<Record<TokenState, string>> = { issued: 'đã bàn giao', in_use: 'đang sử dụng', locked: 'bị khóa', lost: 'bị mất', damaged: 'hỏng', revoked: 'đã hủy' };

/**
 * A valid certificate of the actor's province (any, for a CA operator) with no token yet, or a renewal linked to the
 * token its old key was on (the holder brings that token back to have the new key put on it); otherwise the coded refusal
 */
async function certificateToHandOver(ca: OwnCa, actor: Actor, serial: string, tokenSerial: string) {
  const db = ca.ctx.db.kysely;
  const certificate = await ca.pki.find(operatorFor(ca, actor), serial);
  const ours = hasRole(actor, 'ca_operator') || (certificate.agencyId !== null && (await ca.scope.visibleIds(db, actor)).includes(certificate.agencyId));
  if (!ours) throw new OfficeError('OFFICE_FORBIDDEN');
  if (certificate.status === 'revoked') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: certificate.serial });
  if (certificate.status !== 'valid') throw new OfficeError('OFFICE_REQUEST_NOT_ALLOWED', { action: 'bàn giao token', target: 'chứng thư số', state: 'tạm dừng' });
  if (certificate.tokenSerial && certificate.tokenSerial !== tokenSerial) throw new OfficeError('OFFICE_CERTIFICATE_ON_TOKEN', { serial: certificate.serial, token: certificate.tokenSerial });
  const holder = await db.selectFrom('pki_certificates').select('holder_user_id').where('serial', '=', certificate.serial).executeTakeFirstOrThrow();
  return { ...certificate, holderUserId: holder.holder_user_id };
}

/**
 * The hand-over record on the token register (Mẫu bàn giao), for the DIC's or the CA's operators: the token in stock
 * with the certificate's key goes to its holder, the certificate is named on it, and the PKCS#12 the key was installed
 * from is deleted, as the key now lives on the token only. All of it in one transaction but the file itself.
 */
export async function handOver(ca: OwnCa, actor: Actor, input: HandOver): Promise<HandedOver> {
  if (!mayCarry(actor)) throw new OfficeError('OFFICE_FORBIDDEN');
  const certificate = await certificateToHandOver(ca, actor, input.certificateSerial, input.tokenSerial);
  const bundle = await bundleOfCertificate(ca.ctx.db.kysely, certificate.serial);
  // A renewal already names the token; handed over again it must bring a key to put on it, once
  if (certificate.tokenSerial && (!bundle || await removalOf(ca.ctx.db.kysely, bundle.entryId))) throw new OfficeError('OFFICE_CERTIFICATE_ON_TOKEN', { serial: certificate.serial, token: certificate.tokenSerial });
  const token = await writeWithAudit(ca.ctx, async (trx, audit) => {
    const stock = await trx.selectFrom('pki_tokens').select('state').where('serial', '=', input.tokenSerial).executeTakeFirst();
    const state = stock?.state as TokenState | undefined;
    if (state && !IN_STOCK.includes(state)) throw new OfficeError('OFFICE_TOKEN_NOT_IN_STOCK', { serial: input.tokenSerial, state: OUT_OF_STOCK_WORDS[state] ?? state });
    const handed = await ca.pki.tokens.changeWithin(trx, audit, actor, input.tokenSerial, {
      to: 'issued', handedBy: input.handedBy, receivedBy: input.receivedBy?.trim() || certificate.holderName, holderUserId: certificate.holderUserId,
      ...(input.witnessedBy ? { witnessedBy: input.witnessedBy } : {}), ...(input.authorisation ? { authorisation: input.authorisation } : {}),
      note: `Bàn giao chứng thư số ${certificate.serial} (${certificate.holderName})${certificate.replacesSerial ? `, gia hạn từ ${certificate.replacesSerial}` : ''}, khóa bí mật cài từ tệp PKCS#12 đã cấp`,
    });
    // The certificate register has no call to name a token after issue. The guard: a hand-over racing this one for the
    // same certificate linked another token first (a renewal's own token is raced on the token's state instead).
    const linked = await trx.updateTable('pki_certificates').set({ token_serial: handed.serial }).where('serial', '=', certificate.serial)
      .where('status', '=', 'valid').where((eb) => eb.or([eb('token_serial', 'is', null), eb('token_serial', '=', handed.serial)])).executeTakeFirst();
    if (Number(linked.numUpdatedRows) !== 1) throw new OfficeError('OFFICE_CERTIFICATE_ON_TOKEN', { serial: certificate.serial, token: '(vừa được bàn giao)' });
    await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'pki.certificate.token', targetType: 'pki_certificate', targetId: certificate.serial, details: { token: handed.serial } });
    if (bundle) await recordRemoval(audit, actor, bundle, handed.serial);
    return handed;
  });
  // The blob store is files, outside the database's transaction: the file goes once the hand-over has committed, so a
  // hand-over rolled back never loses the key; should the removal fail, the committed record already refuses the download.
  if (bundle) await ca.ctx.blobs.remove(bundle.blobId);
  return { token, certificateSerial: certificate.serial, keyBundleRemoved: bundle !== undefined };
}
