/**
 * A batch's covering letter (issue 7): made as a Decree 30 công văn (covering-letter-fodt.ts, converted by
 * LibreOffice), then signed as an outgoing document is issued (documents/issuing.ts): the signer's personal
 * signature above their printed name, then the agency's seal over its left third, both through the PAdES engine.
 * The seal goes only over a valid personal signature (seed 003 §6, enforced by the engine's `sealDocument`).
 */
import { sealDocument, signAsPerson, type PadesLevel, type TimestampSource } from '../../pades/index.ts';
import { convertToPdf } from '../documents/convert.ts';
import { OfficeError } from '../office.errors.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import type { Trust } from '../signing/trust.ts';
import { fitColumns, tableColumns } from './batch-table.ts';
import { coveringLetterFodt } from './covering-letter-fodt.ts';
import type { CoveringLetter, CoveringLetterInput, LetterLayout } from './covering-letter.types.ts';
import type { FormDef } from '../forms/index.ts';

/** A4 less Decree 30's margins (left 30 mm, right 15 mm) */
const PORTRAIT_MM = 165;
const LANDSCAPE_MM = 252;

/** Portrait when every column fits, landscape when they fit across, else landscape with the main columns */
export function letterLayout(form: FormDef): LetterLayout {
  const all = tableColumns(form);
  const natural = all.flatMap((c) => c.leaves).reduce((sum, l) => sum + l.widthMm, 0);
  if (natural <= PORTRAIT_MM) return { orientation: 'portrait', textWidthMm: PORTRAIT_MM, columns: all, omitted: [] };
  return { orientation: 'landscape', textWidthMm: LANDSCAPE_MM, ...fitColumns(form, LANDSCAPE_MM) };
}

/** "ĐỀ NGHỊ CẤP …" → "đề nghị cấp …"; "Đề nghị cấp …" → "đề nghị cấp …" */
const lowerFirst = (text: string) =>
  text === text.toLocaleUpperCase('vi') ? text.toLocaleLowerCase('vi') : text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

/** The "V/v" line: the form's own when it has one, else made from its subject or title */
export function subjectLine(form: FormDef): string {
  if (form.subject?.startsWith('V/v')) return form.subject;
  const base = form.subject && !form.subject.startsWith('(') ? form.subject : form.title;
  return `V/v ${lowerFirst(base)}`;
}

/** The body's texts around the table: the form named by its number and title, the number of entries */
export function settleLetter(input: CoveringLetterInput): CoveringLetter {
  if (input.entries.length === 0) throw new OfficeError('OFFICE_REQUEST_EMPTY');
  const { form, agency, recipient } = input;
  const number = form.sources[0]?.number;
  const reference = number && !number.startsWith('không đánh số') && number !== form.title ? `${number} "${form.title}"` : `biểu mẫu "${form.title}"`;
  const count = String(input.entries.length).padStart(2, '0');
  return {
    ...input,
    subject: input.subject ?? subjectLine(form),
    opening: [`${agency.name} gửi ${recipient} danh sách ${count} trường hợp đề nghị theo ${reference}, chi tiết như sau:`],
    closingText: [`Đề nghị ${recipient} xem xét, tổng hợp và giải quyết theo quy định./.`],
  };
}

/** The unsigned letter as PDF (LibreOffice; `env` finds soffice as documents/convert.ts does) */
export async function coveringLetterPdf(input: CoveringLetterInput, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const letter = settleLetter(input);
  return convertToPdf(coveringLetterFodt(letter, letterLayout(letter.form)), 'cong-van.fodt', env);
}

/** What signing needs from the office: its server-held keys and what it trusts */
export interface LetterSigning {
  readonly keys: Pick<SigningKeys, 'signerFor'>;
  readonly trust: Pick<Trust, 'store' | 'fetcher'>;
}

export interface LetterSignature {
  readonly agencyId: string;
  /** The person whose server-held key signs (the signer printed in the letter) */
  readonly signerUserId: string;
  /** The name printed under the signature block: the personal signature is placed above it */
  readonly signerName: string;
  /** The agency's name, shown with the seal */
  readonly organisation: string;
  readonly signingTime: Date;
  /** B-B unless a timestamp source is given (then B-T), as the issuing flow does */
  readonly level?: PadesLevel;
  readonly timestamp?: TimestampSource;
}

const stampOf = (signature: Pick<LetterSignature, 'level' | 'timestamp'>) =>
  signature.timestamp ? { level: signature.level ?? 'B-T', timestamp: signature.timestamp } : { level: signature.level ?? 'B-B' };

/** The signer's signature over the signature block, then the agency's seal over its left third */
export async function signCoveringLetter(pdf: Uint8Array, signing: LetterSigning, signature: LetterSignature): Promise<Uint8Array> {
  const person = await signing.keys.signerFor(signature.agencyId, signature.signerUserId, 'personal');
  const signed = await signAsPerson(pdf, {
    signer: person.signer, image: person.image, signingTime: signature.signingTime, place: { anchor: signature.signerName }, reason: 'Ký ban hành', ...stampOf(signature),
  });
  return sealCoveringLetter(signed, signing, signature);
}

/** The agency's seal over a letter its signer has signed (on the server or on their token) */
export async function sealCoveringLetter(signed: Uint8Array, signing: LetterSigning, signature: Omit<LetterSignature, 'signerUserId' | 'signerName'>): Promise<Uint8Array> {
  const seal = await signing.keys.signerFor(signature.agencyId, null, 'seal');
  return sealDocument(signed, {
    kind: 'document', signer: seal.signer, seal: seal.image, diameterMm: seal.diameterMm, organisation: signature.organisation, signingTime: signature.signingTime,
    trustStore: await signing.trust.store(), fetch: await signing.trust.fetcher(), reason: 'Đóng dấu', ...stampOf(signature),
  });
}

/** The letter made and signed: what a batch sends up with its XLSX list */
export async function signedCoveringLetter(input: CoveringLetterInput, signing: LetterSigning, signature: Omit<LetterSignature, 'signerName' | 'organisation'>, env?: NodeJS.ProcessEnv): Promise<Uint8Array> {
  const pdf = await coveringLetterPdf(input, env);
  return signCoveringLetter(pdf, signing, { ...signature, signerName: input.signer.name, organisation: input.agency.name });
}
