/**
 * The covering letter signed on the signer's USB token (through congvan agent) rather than with a server-held
 * personal key: most leaders hold their key only on a token from the Government CA. Prepared for the token's
 * certificate (the number reserved, the letter laid out, the signature box above the signer's printed name), it
 * waits as `awaiting-token` on the list's letter record; the value from the agent completes it, the agency's seal
 * goes over it on the server, and it is kept as a letter made on the server is. @internal
 */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { completeTokenSignature, prepareTokenSignature, readTokenCertificates, TOKEN_SESSION_MINUTES } from '../signing/token-signature.ts';
import { infoOf, orFailed, recordMade, requireSigner, reserveWithInput, type BatchLetterDeps, type BatchLetterInfo, type VisibleBatch } from './batch-letter-steps.ts';
import { latestLetter, letterEvent, type LetterRecord, type LetterStep } from './batch-letter-record.ts';
import { coveringLetterPdf, sealCoveringLetter } from './covering-letter.ts';
import { insertEvents } from './requests.repo.ts';
import { inTransaction, kysely, type RequestContext } from './work.ts';

const alreadyMade = (step: LetterStep) => new OfficeError('OFFICE_REQUEST_LETTER_ALREADY_MADE', { notation: step.record.notation });

export async function prepareLetterForToken(rc: RequestContext, deps: BatchLetterDeps, actor: Actor, batchId: string, certificatePem: string, visible: VisibleBatch): Promise<{ digest: string; expiresAt: string; letter: BatchLetterInfo }> {
  const seen = await visible(actor, batchId);
  const stored = await latestLetter(kysely(rc), seen.id);
  if (stored?.record.state === 'made') throw alreadyMade(stored);
  await requireSigner(rc, deps, actor, seen, 'token');
  readTokenCertificates(certificatePem); // before a number is taken for it
  const reserved = await reserveWithInput(rc, actor, seen);
  if (reserved.kind === 'stored') throw alreadyMade(reserved.step);
  const { batch, step, input, entries } = reserved;
  const prepared = await orFailed(rc, actor, batch, step, async () => prepareTokenSignature(await coveringLetterPdf(input, deps.env), {
    certificatePem, place: { anchor: input.signer.name }, signingTime: input.date, reason: 'Ký ban hành', trustStore: await deps.trust.store(),
  }));
  const expiresAt = new Date(input.date.getTime() + TOKEN_SESSION_MINUTES * 60_000).toISOString();
  const awaiting: LetterRecord = { ...step.record, state: 'awaiting-token', entries: entries.length, prepared: { blob: await rc.ctx.blobs.put(prepared.bytes), half: prepared.half, expiresAt } };
  const next = await inTransaction(rc, async (w) => {
    await insertEvents(w.trx, [letterEvent(batch, step, awaiting, actor, w.at)]);
    return { version: step.version + 1, at: w.at, record: awaiting };
  });
  return { digest: prepared.digest, expiresAt, letter: infoOf(batch.id, next) };
}

/** The session is this signer's latest step, not lapsed: anything else is refused before any PDF work */
function requireSession(step: LetterStep | undefined, actor: Actor, now: Date): asserts step is LetterStep & { record: { prepared: NonNullable<LetterRecord['prepared']> } } {
  if (step?.record.state === 'made') throw alreadyMade(step);
  if (step?.record.state !== 'awaiting-token' || step.record.signerId !== actor.userId || !step.record.prepared) {
    throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'không có công văn nào đang chờ bạn ký bằng token' });
  }
  if (step.record.prepared.expiresAt < now.toISOString()) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: `hết hạn ${TOKEN_SESSION_MINUTES} phút` });
}

export async function completeLetterFromToken(rc: RequestContext, deps: BatchLetterDeps, actor: Actor, batchId: string, signatureValue: Uint8Array, visible: VisibleBatch): Promise<{ letter: BatchLetterInfo; isNew: true }> {
  const seen = await visible(actor, batchId);
  const step = await latestLetter(kysely(rc), seen.id);
  requireSession(step, actor, rc.ctx.now());
  await requireSigner(rc, deps, actor, seen, 'token');
  const { prepared } = step.record;
  const { signed } = await completeTokenSignature(await rc.ctx.blobs.get(prepared.blob), prepared.half, signatureValue, { trustStore: await deps.trust.store(), now: rc.ctx.now() });
  const agency = await kysely(rc).selectFrom('agencies').select('name').where('id', '=', seen.agency_id).executeTakeFirstOrThrow();
  const sealed = await sealCoveringLetter(signed, deps, { agencyId: seen.agency_id, organisation: agency.name, signingTime: rc.ctx.now() });
  // Recorded only if nobody prepared or made it again meanwhile
  const letter = await recordMade(rc, actor, seen, step, sealed, step.record.entries ?? 0, (latest) => {
    if (latest?.version !== step.version) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'công văn đã được chuẩn bị lại sau phiên ký này' });
  });
  return { letter, isNew: true };
}
