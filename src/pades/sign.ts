/**
 * PAdES signatures (ETSI EN 319 142-1): the CMS of cms.ts in the room made by placeholder.ts, at level
 * B-B, B-T (a signature timestamp), B-LT (the DSS with the chain's revocation data) or B-LTA (a document
 * timestamp over it). In two halves for keys that are elsewhere: prepare returns the digest to sign, complete
 * embeds the value after checking it against the certificate.
 */
import type { TrustStore } from '../pki/index.ts';
import { vietnamIso } from '../shared/vietnam-time.ts';
import type { RevocationFetcher } from '../pki/revocation-check.ts';
import { assembleCms, attributesDigest, signAttributes, signedAttributes, type CmsCertificates, type CmsSigner } from './cms.ts';
import { addValidationData, collectValidationData } from './ltv.ts';
import { PadesError } from './pades.errors.ts';
import { fill, rangesDigest, reserve, str, textString, type Reserved, type WidgetPlacement } from './placeholder.ts';
import { Name } from './pdf/objects.ts';
import { addDocumentTimestamp, signatureImprint, type TimestampSource } from './timestamp.ts';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
export const PADES_LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export interface SignOptions {
  readonly signer: CmsSigner;
  /** Written to /M as Vietnam time (+07'00') */
  readonly signingTime: Date;
  readonly reason?: string;
  readonly location?: string;
  /** The field's name: an empty signature field of that name is filled, otherwise a new field gets it */
  readonly fieldName?: string;
  /** Where the signature shows; invisible when absent */
  readonly widget?: WidgetPlacement;
  /** Bytes reserved for the CMS; certificates and timestamps must fit */
  readonly reservedBytes?: number;
  readonly level?: PadesLevel;
  /** Needed from B-T up */
  readonly timestamp?: TimestampSource;
  /** Needed from B-LT up: the chain to gather revocation data for, and how to fetch it */
  readonly validation?: { readonly trustStore: TrustStore; readonly fetch: RevocationFetcher };
}

const DEFAULT_RESERVED = 16 * 1024;
const RESERVED_WITH_TIMESTAMP = 32 * 1024;

/** D:YYYYMMDDHHmmSS+07'00' — the decree's presentation shows Vietnam time, so /M says it too. */
export const pdfDate = (date: Date): string => `D:${vietnamIso(date).slice(0, 19).replace(/[-:T]/g, '')}+07'00'`;

/** A document with its room for the signature made, waiting for the signature value. */
export interface PreparedSignature extends Reserved {
  readonly signer: CmsCertificates;
  /** The signed attributes (DER SET OF) the signature value is over */
  readonly attributes: Uint8Array;
  /** SHA-256 of `attributes`: what a token or remote signer signs */
  readonly digest: Uint8Array;
}

export type PrepareOptions = Omit<SignOptions, 'signer' | 'timestamp' | 'validation' | 'level'> & { readonly signer: CmsCertificates; readonly level?: PadesLevel };

/** The first half of a deferred signature: the update appended, the digest to sign returned. */
export async function prepareSignature(input: Uint8Array, options: PrepareOptions): Promise<PreparedSignature> {
  const timestamped = options.level !== undefined && options.level !== 'B-B';
  const reserved = reserve(input, {
    entries: {
      Type: new Name('Sig'), Filter: new Name('Adobe.PPKLite'), SubFilter: new Name('ETSI.CAdES.detached'),
      M: str(pdfDate(options.signingTime)),
      Reason: options.reason ? textString(options.reason) : undefined,
      Location: options.location ? textString(options.location) : undefined,
    },
    fieldName: options.fieldName, widget: options.widget,
    reservedBytes: options.reservedBytes ?? (timestamped ? RESERVED_WITH_TIMESTAMP : DEFAULT_RESERVED),
  });
  const attributes = signedAttributes(options.signer.certificate, rangesDigest(reserved));
  return { ...reserved, signer: options.signer, attributes, digest: attributesDigest(attributes) };
}

/** The second half: the value is checked against the certificate, then written into /Contents with the signature timestamp if any. */
export function completeSignature(prepared: PreparedSignature, signatureValue: Uint8Array, timestampToken?: Uint8Array): Uint8Array {
  return fill(prepared, assembleCms(prepared.signer, prepared.attributes, signatureValue, timestampToken));
}

/** What a level needs beyond B-B, checked before anything is signed */
function requireFor(level: PadesLevel, options: Pick<SignOptions, 'timestamp' | 'validation'>): void {
  if (level !== 'B-B' && !options.timestamp) throw new PadesError('PADES_LEVEL_NEEDS', { level, what: 'một nơi cấp dấu thời gian (TSA)' });
  if ((level === 'B-LT' || level === 'B-LTA') && !options.validation) throw new PadesError('PADES_LEVEL_NEEDS', { level, what: 'kho chứng thư tin cậy và cách lấy dữ liệu thu hồi' });
}

/** Signs the PDF with a key at hand: one incremental update, more for B-LT (DSS) and B-LTA (document timestamp). */
export async function signPdf(input: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const level = options.level ?? 'B-B';
  requireFor(level, options);
  const prepared = await prepareSignature(input, { ...options, level });
  const value = await signAttributes(options.signer, prepared.attributes);
  const token = level === 'B-B' ? undefined : await options.timestamp!(signatureImprint(value));
  // The prepared bytes are ours alone here: the value goes in without a copy of the file
  const signed = fill(prepared, assembleCms(prepared.signer, prepared.attributes, value, token), true);
  return level === 'B-LT' || level === 'B-LTA' ? extendPdf(signed, level, options) : signed;
}

/**
 * Raises a signed PDF to `level`: B-T adds a document timestamp (proving when signatures made without one
 * existed), B-LT the DSS for every signature and timestamp in it, B-LTA a document timestamp after that.
 */
export async function extendPdf(input: Uint8Array, level: PadesLevel, options: Pick<SignOptions, 'timestamp' | 'validation'>): Promise<Uint8Array> {
  requireFor(level, options);
  if (level === 'B-B') return input;
  if (level === 'B-T') return addDocumentTimestamp(input, options.timestamp!);
  const { trustStore, fetch } = options.validation!;
  const data = await collectValidationData(input, trustStore, fetch);
  if (data.problems.length) throw new PadesError('PADES_LEVEL_NEEDS', { level, what: `dữ liệu kiểm tra đầy đủ (${data.problems.join('; ')})` });
  const withDss = addValidationData(input, data);
  return level === 'B-LTA' ? addDocumentTimestamp(withDss, options.timestamp!) : withDss;
}

export { signAttributes };
