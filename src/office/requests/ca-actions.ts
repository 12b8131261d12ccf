/**
 * What congvan's own CA does for each certificate form once the DIC approved it: issue (Mẫu 01, 02), renew or
 * re-issue with changed information (Mẫu 03), revoke (Mẫu 04), recover a locked token (Mẫu 05/07) and act on a
 * lost-token report (Mẫu 06). Each returns the outcome written on the request; a refusal throws a coded error. @internal
 */
import { buildName, crypto, generateKeyPair, signingAlgorithmOf, subjectFieldsOf, x509, type KeyAlgorithm, type SubjectRequest } from '../../pki/index.ts';
import { PkiError } from '../../pki/index.ts';
import type { Actor } from '../actor.ts';
import type { OfficeContext } from '../context.ts';
import type { CleanEntry } from '../forms/index.ts';
import { OfficeError } from '../office.errors.ts';
import { activeUserIdByEmail } from '../users/index.ts';
import { TOKEN_TRANSITIONS, type CertificateRecord, type Operator, type PkiService, type TokenState } from '../pki/index.ts';
import { buildPkcs12, oneTimePassword } from './ca-p12.ts';
import type { RequestEntry } from './requests.types.ts';
import { applySubjectChanges, certificateMatches, organisationSubject, personalSubject, readSubject, revocationReasonOf, subjectRequestOf, textOf } from './ca-subject.ts';

/** The certificate forms of seed 000 (sheets) and seed 003 (lists), by what the CA does */
export const CA_FORM_ACTIONS: Readonly<Record<string, CaAction>> = {
  'personal-certificate': 'issue-personal', 'personal-certificate-list': 'issue-personal',
  'organisation-certificate': 'issue-organisation', 'organisation-certificate-list': 'issue-organisation',
  'certificate-renewal': 'renew', 'certificate-renewal-list': 'renew',
  'certificate-revocation': 'revoke', 'certificate-revocation-list': 'revoke',
  'token-recovery': 'recover-token', 'token-recovery-list': 'recover-token',
  'token-loss-report': 'token-lost',
};
export type CaAction = 'issue-personal' | 'issue-organisation' | 'renew' | 'revoke' | 'recover-token' | 'token-lost';

export interface CaSettings {
  /** Written in subjects when the form has no province line (seed 000 sheets) */
  readonly province: string;
  readonly keyAlgorithm: KeyAlgorithm;
  /** Whole years: a new certificate (5 at most), a renewal or replacement (3 at most) */
  readonly years: { readonly new: number; readonly renewal: number };
}

/** The subscriber's key, made here, kept encrypted for the hand-over; the password is in this result only */
export interface KeyBundle { readonly blobId: string; readonly oneTimePassword: string }

export interface ActionResult {
  readonly action: CaAction;
  readonly outcome: string;
  readonly serial?: string;
  readonly replacedSerial?: string;
  readonly tokenSerial?: string;
  readonly keyBundle?: KeyBundle;
}

export interface ActionContext {
  readonly ctx: OfficeContext;
  readonly pki: PkiService;
  readonly settings: CaSettings;
  readonly actor: Actor;
  readonly operator: Operator;
}


async function holderUserIdOf(ac: ActionContext, subject: SubjectRequest): Promise<string | null> {
  return subject.profile === 'individual' ? (await activeUserIdByEmail(ac.ctx.db.kysely, subject.email)) ?? null : null;
}

/** A key pair made here, a CSR signed by it with exactly the approved subject, the certificate, and the PKCS#12 kept as a blob */
async function issueWithNewKey(ac: ActionContext, subject: SubjectRequest, extra: { agencyId: string | null; replacesSerial?: string; tokenSerial?: string | null }) {
  const keys = await generateKeyPair(ac.settings.keyAlgorithm);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: buildName(subjectFieldsOf(subject)), keys, signingAlgorithm: signingAlgorithmOf(keys.privateKey) }, crypto);
  const record = await ac.pki.issue(ac.operator, {
    csr: new Uint8Array(csr.rawData), profile: subject.profile, subject, years: extra.replacesSerial ? ac.settings.years.renewal : ac.settings.years.new,
    holderUserId: await holderUserIdOf(ac, subject), agencyId: extra.agencyId, tokenSerial: extra.tokenSerial ?? null, replacesSerial: extra.replacesSerial ?? null,
  });
  const chain = [await ac.pki.responders.certificate(record.caId), await ac.pki.responders.certificate('root')];
  const password = oneTimePassword();
  const p12 = await buildPkcs12(keys.privateKey, new x509.X509Certificate(record.pem), chain, password);
  return { record, keyBundle: { blobId: await ac.ctx.blobs.put(p12), oneTimePassword: password } };
}

/** The registered old certificate a new request names, when it is ours and still valid: the new one supersedes it */
async function supersedable(ac: ActionContext, serial: string): Promise<string | undefined> {
  if (!serial) return undefined;
  const old = await ac.pki.find(ac.operator, serial).catch(() => undefined);
  return old?.status === 'valid' ? old.serial : undefined;
}

export async function issueNew(ac: ActionContext, values: CleanEntry, originAgencyId: string, profile: 'individual' | 'organisation'): Promise<ActionResult> {
  const subject = profile === 'individual' ? personalSubject(values, ac.settings.province) : organisationSubject(values, ac.settings.province);
  const replacesSerial = await supersedable(ac, textOf(values, 'oldCertificateSerial'));
  const { record, keyBundle } = await issueWithNewKey(ac, subject, { agencyId: originAgencyId, ...(replacesSerial ? { replacesSerial } : {}) });
  return { action: profile === 'individual' ? 'issue-personal' : 'issue-organisation', outcome: `Đã cấp chứng thư số, số hiệu ${record.serial}`, serial: record.serial, keyBundle, ...(replacesSerial ? { replacedSerial: replacesSerial } : {}) };
}

/** The certificate a request names, checked to be of whom the request is about */
async function namedCertificate(ac: ActionContext, values: CleanEntry): Promise<CertificateRecord> {
  const record = await ac.pki.find(ac.operator, textOf(values, 'certificateSerial'));
  if (!certificateMatches(readSubject(record.pem, record.profile), values)) {
    throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'Số hiệu chứng thư số', reason: `chứng thư ${record.serial} cấp cho "${record.holderName}", không khớp với tên, thư điện tử hay số giấy tờ trong đề nghị` });
  }
  return record;
}

/** Mẫu 03: on a new key (congvan never holds the holder's key after the hand-over), the old certificate superseded */
export async function renewOrChange(ac: ActionContext, values: CleanEntry, originAgencyId: string): Promise<ActionResult> {
  const old = await namedCertificate(ac, values);
  if (old.status !== 'valid') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: old.serial });
  const same = subjectRequestOf(readSubject(old.pem, old.profile));
  const isChange = values.change === true;
  const subject = isChange ? applySubjectChanges(same, textOf(values, 'changeTo'), textOf(values, 'email')) : same;
  const { record, keyBundle } = await issueWithNewKey(ac, subject, { agencyId: old.agencyId ?? originAgencyId, replacesSerial: old.serial, tokenSerial: old.tokenSerial });
  const what = isChange && values.renew === true ? 'Đã gia hạn và thay đổi thông tin' : isChange ? 'Đã thay đổi thông tin' : 'Đã gia hạn';
  return { action: 'renew', outcome: `${what} chứng thư số ${old.serial}: số hiệu mới ${record.serial}`, serial: record.serial, replacedSerial: old.serial, keyBundle };
}

/** Mẫu 04: revoked with the reason the request gives, in RFC 5280's words */
export async function revokeNamed(ac: ActionContext, values: CleanEntry): Promise<ActionResult> {
  const record = await namedCertificate(ac, values);
  const reason = revocationReasonOf(textOf(values, 'reason'));
  if (record.status === 'revoked') return { action: 'revoke', outcome: `Chứng thư số ${record.serial} đã bị thu hồi trước đó (${record.revocationReason})`, serial: record.serial };
  const revoked = await ac.pki.revoke(ac.operator, record.serial, reason);
  return { action: 'revoke', outcome: `Đã thu hồi chứng thư số ${revoked.serial} (${reason})`, serial: revoked.serial };
}

async function tokenState(ac: ActionContext, serial: string): Promise<TokenState> {
  const history = await ac.pki.tokens.history(ac.actor, serial);
  return history.at(-1)!.toState as TokenState;
}

/** Mẫu 05/07: the locked token unlocked and its PIN reset, on the register; the key on it stays */
export async function recoverToken(ac: ActionContext, values: CleanEntry): Promise<ActionResult> {
  const serial = textOf(values, 'tokenSerial');
  const state = await tokenState(ac, serial);
  const note = 'Khôi phục thiết bị, đặt lại mã PIN theo đề nghị (khóa bí mật giữ nguyên)';
  if (state === 'issued' || state === 'in_use') await ac.pki.tokens.change(ac.actor, serial, { to: 'locked', note: 'Thiết bị bị khóa do nhập sai mã PIN (theo đề nghị khôi phục)' });
  else if (state !== 'locked') throw new OfficeError('OFFICE_TOKEN_TRANSITION_FORBIDDEN', { from: state, to: 'in_use' });
  await ac.pki.tokens.change(ac.actor, serial, { to: 'in_use', note });
  return { action: 'recover-token', outcome: `Đã khôi phục thiết bị ${serial}, đặt lại mã PIN`, tokenSerial: serial };
}

/** Mẫu 06: the certificate revoked at once as keyCompromise, the token marked lost; doing it again changes nothing */
export async function actOnLostToken(ac: ActionContext, values: CleanEntry): Promise<ActionResult & { readonly tokenState: TokenState | null }> {
  const record = await namedCertificate(ac, values);
  const tokenSerial = textOf(values, 'tokenSerial');
  if (record.tokenSerial && record.tokenSerial !== tokenSerial) {
    throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'Số hiệu Thiết bị lưu khóa bí mật', reason: `chứng thư ${record.serial} nằm trên thiết bị ${record.tokenSerial}, không phải ${tokenSerial}` });
  }
  const state = await tokenState(ac, tokenSerial).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'OFFICE_TOKEN_NOT_FOUND') return null;
    throw err;
  });
  const revokedNow = record.status !== 'revoked';
  if (revokedNow) await ac.pki.revoke(ac.operator, record.serial, 'keyCompromise');
  // Decided before any change: a token the register cannot mark lost (never handed over, returned, damaged) keeps its
  // state, and the revocation still stands, so the report is never left half done
  const marksLost = state !== null && TOKEN_TRANSITIONS[state].includes('lost');
  if (marksLost) {
    const note = `Báo mất ngày ${textOf(values, 'reportDate')}: ${textOf(values, 'lossReason')}`.slice(0, 500);
    await ac.pki.tokens.change(ac.actor, tokenSerial, { to: 'lost', note });
  }
  const revokedPart = revokedNow ? `Đã thu hồi chứng thư số ${record.serial} (keyCompromise)` : `Chứng thư số ${record.serial} đã được thu hồi (${record.revocationReason})`;
  return { action: 'token-lost', outcome: `${revokedPart}; ${lostTokenPart(tokenSerial, state, marksLost)}`, serial: record.serial, tokenSerial, tokenState: marksLost ? 'lost' : state };
}

/** The states from which the register cannot mark a token lost, as the report's outcome names them */
const NOT_IN_HAND: Partial<Record<TokenState, string>> = { new: 'chưa bàn giao', returned: 'đã trả lại', damaged: 'hỏng', revoked: 'đã hủy' };

function lostTokenPart(serial: string, state: TokenState | null, marksLost: boolean): string {
  if (state === null) return `thiết bị ${serial} chưa có trong sổ theo dõi`;
  if (marksLost || state === 'lost') return `thiết bị ${serial} đã ghi mất`;
  return `thiết bị ${serial} ${NOT_IN_HAND[state] ?? state} theo sổ theo dõi, giữ nguyên trạng thái`;
}

/** The approved entry carried out by what its form asks of the CA */
export async function carryOut(ac: ActionContext, entry: RequestEntry): Promise<ActionResult> {
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
