/**
 * Signing as Decree 30 lays it out: the authorised person's signature at their place (a rectangle, or found
 * by the name printed under it), the organisation's seal over the left third of it, and the stamps of copies
 * and digitised documents. The seal rule of seed 003 §6 is enforced here: the organisation's key only signs
 * a document that already carries a valid signature of a person, or a copy or digitised document it makes.
 */
import { parseUid, type TrustStore, type x509 } from '../pki/index.ts';
import type { WidgetPlacement } from './placeholder.ts';
import type { RevocationFetcher } from '../pki/revocation-check.ts';
import { findAnchor, rectAbove, toVisible } from './appearance/anchor.ts';
import { copyStamp, organisationSeal, pageGeometry, personalSignature, type CopyForm, type Rect } from './appearance/appearance.ts';
import { PadesError } from './pades.errors.ts';
import { openPdf } from './placeholder.ts';
import { signPdf, type SignOptions } from './sign.ts';
import { validate, type SignatureReport } from './validate/validate.ts';

export type Place = { readonly page: number; readonly rect: Rect } | { readonly anchor: string; readonly page?: number; readonly width?: number; readonly height?: number };

const DEFAULT_SIGNATURE = { width: 150, height: 60 };

/** A place as the reader sees the page: given, or above the anchor text */
export async function resolvePlace(pdf: Uint8Array, place: Place): Promise<{ page: number; rect: Rect }> {
  if ('rect' in place) return { page: place.page, rect: place.rect };
  const anchor = await findAnchor(pdf, place.anchor, place.page);
  const visible = toVisible(pageGeometry(openPdf(pdf).document, anchor.page), anchor.rect);
  return { page: anchor.page, rect: rectAbove(visible, place.width ?? DEFAULT_SIGNATURE.width, place.height ?? DEFAULT_SIGNATURE.height) };
}

type Common = Omit<SignOptions, 'widget'>;

export interface PersonPlacement {
  readonly place: Place;
  readonly certificate: x509.X509Certificate;
  readonly signingTime: Date;
  readonly image?: Uint8Array;
  readonly fontPath?: string;
}

/** Where and how the authorised person's signature shows: also what a token signature is prepared with */
export async function personWidget(input: Uint8Array, options: PersonPlacement): Promise<WidgetPlacement> {
  const { page, rect } = await resolvePlace(input, options.place);
  return personalSignature(openPdf(input).document, {
    page, rect, image: options.image, signingTime: options.signingTime, fontPath: options.fontPath,
    signerName: options.certificate.subjectName.getField('CN')[0] ?? options.certificate.subject,
  });
}

/** The authorised person's signature, visible at their place */
export async function signAsPerson(input: Uint8Array, options: Common & { readonly place: Place; readonly image?: Uint8Array; readonly fontPath?: string }): Promise<Uint8Array> {
  const widget = await personWidget(input, { ...options, certificate: options.signer.certificate });
  return signPdf(input, { ...options, widget });
}

/** A person's certificate: its UID carries a CMND, CCCD or passport number, not only a tax or budget code */
export function isPersonCertificate(subject: string, uid: string | undefined): boolean {
  if (uid) return parseUid(uid).identifiers.some((i) => i.kind === 'CMND' || i.kind === 'CCCD' || i.kind === 'HC');
  return !/\bMST:|\bMQHNS:/.test(subject);
}

export type SealKind = 'document' | 'copy' | 'digitised';

export interface SealOptions extends Common {
  readonly kind: SealKind;
  readonly seal: Uint8Array;
  readonly diameterMm: number;
  readonly organisation: string;
  /** For copies: which form */
  readonly copyForm?: CopyForm;
  /** To judge the personal signatures already there */
  readonly trustStore: TrustStore;
  readonly fetch?: RevocationFetcher;
  readonly fontPath?: string;
}

/** The personal signature the seal goes over: the last valid one by a person */
function personalSignatureFor(signatures: readonly SignatureReport[]): SignatureReport | undefined {
  return [...signatures].reverse().find((s) => s.type === 'signature' && s.indication === 'TOTAL_PASSED' && s.signer && isPersonCertificate(s.signer.subject, s.signer.uid));
}

/** The organisation's signature with the seal (documents, digitised documents) or the copy stamp (copies) */
export async function sealDocument(input: Uint8Array, options: SealOptions): Promise<Uint8Array> {
  const view = openPdf(input).document;
  if (options.kind === 'copy' || options.kind === 'digitised') {
    const widget = await copyStamp(view, {
      form: options.kind === 'copy' ? options.copyForm ?? 'SAO Y' : undefined, organisation: options.organisation, signingTime: options.signingTime, fontPath: options.fontPath,
      seal: options.kind === 'digitised' ? { image: options.seal, diameterMm: options.diameterMm } : undefined,
    });
    return signPdf(input, { ...options, widget });
  }
  // The personal signature is judged at the seal's own time: an office on its own clock (or a seal dated later) must not be judged by this machine's
  const report = await validate(input, options.trustStore, { fetch: options.fetch, now: options.signingTime });
  const personal = personalSignatureFor(report.signatures);
  if (!personal) {
    const seen = report.signatures.map((s) => `${s.signer?.commonName ?? '?'}: ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}`).join('; ');
    throw new PadesError('PADES_SEAL_NEEDS_PERSONAL_SIGNATURE', { reason: seen ? `các chữ ký hiện có — ${seen}` : 'văn bản chưa có chữ ký nào' });
  }
  // Over the person's visible signature; an invisible one gives no place, so the seal goes top right
  const rect = personal.rect;
  const over = personal.page !== undefined && rect && rect[2]! > rect[0]! ? toVisible(pageGeometry(view, personal.page), rect as Rect) : undefined;
  const widget = over
    ? await organisationSeal(view, { page: personal.page!, over, image: options.seal, diameterMm: options.diameterMm, organisation: options.organisation, signingTime: options.signingTime, fontPath: options.fontPath })
    : await copyStamp(view, { organisation: options.organisation, signingTime: options.signingTime, fontPath: options.fontPath, seal: { image: options.seal, diameterMm: options.diameterMm } });
  return signPdf(input, { ...options, widget });
}
