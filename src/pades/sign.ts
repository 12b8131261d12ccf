/**
 * A PAdES signature as an incremental update: @libpdf/core parses the file and appends the new objects; the
 * signature dictionary, the field and widget, the /ByteRange and the CMS are ours (architecture.md, "Where
 * @libpdf/core stops"). Every earlier byte stays as it was, so earlier signatures stay valid.
 */
import { createHash } from 'node:crypto';
import { PDF, PdfArray, PdfDict, PdfName, PdfNumber, PdfString, type PdfObject, type PdfRef } from '@libpdf/core';
import { assembleCms, attributesDigest, signAttributes, signedAttributes, type CmsCertificates, type CmsSigner } from './cms.ts';
import { PadesError } from './pades.errors.ts';

export interface SignOptions {
  readonly signer: CmsSigner;
  /** Written to /M as Vietnam time (+07'00') */
  readonly signingTime: Date;
  readonly reason?: string;
  readonly location?: string;
  /** The field's name; unique in the form */
  readonly fieldName?: string;
  /** Bytes reserved for the CMS; certificates and, later, timestamps and revocation data must fit */
  readonly reservedBytes?: number;
}

const DEFAULT_RESERVED = 16 * 1024;
// Ten digits fit any offset of a file below 10 GB; the real numbers are written over them, padded with spaces.
const PLACEHOLDER_NUMBER = 9_999_999_999;
const BYTE_RANGE_PLACEHOLDER = /\/ByteRange\s*\[\s*0\s+9999999999\s+9999999999\s+9999999999\s*\]/g;

/** D:YYYYMMDDHHmmSS+07'00' — the decree's presentation shows Vietnam time, so /M says it too. */
export function pdfDate(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${local.getUTCFullYear()}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}+07'00'`;
}

async function loadPdf(input: Uint8Array): Promise<PDF> {
  try {
    return await PDF.load(input);
  } catch (err) {
    throw new PadesError('PADES_PDF_INVALID', { reason: (err as Error).message.slice(0, 200) }, { cause: err });
  }
}

const resolveDict = (pdf: PDF, value: PdfObject | undefined): PdfDict | undefined => {
  const resolved = value?.type === 'ref' ? pdf.getObject(value as PdfRef) : value;
  return resolved instanceof PdfDict ? resolved : undefined;
};
const resolveArray = (pdf: PDF, value: PdfObject | undefined): PdfArray | undefined => {
  const resolved = value?.type === 'ref' ? pdf.getObject(value as PdfRef) : value;
  return resolved instanceof PdfArray ? resolved : undefined;
};

/** Adds the signature dictionary and an invisible signature field on page 1; returns the incremental save. */
async function withPlaceholder(pdf: PDF, options: PrepareOptions, reserved: number): Promise<Uint8Array> {
  const sig = PdfDict.of({
    Type: PdfName.of('Sig'), Filter: PdfName.of('Adobe.PPKLite'), SubFilter: PdfName.of('ETSI.CAdES.detached'),
    ByteRange: PdfArray.of(PdfNumber.of(0), PdfNumber.of(PLACEHOLDER_NUMBER), PdfNumber.of(PLACEHOLDER_NUMBER), PdfNumber.of(PLACEHOLDER_NUMBER)),
    Contents: new PdfString(new Uint8Array(reserved), 'hex'),
    M: PdfString.fromString(pdfDate(options.signingTime)),
    ...(options.reason ? { Reason: PdfString.fromString(options.reason) } : {}),
    ...(options.location ? { Location: PdfString.fromString(options.location) } : {}),
  });
  const sigRef = pdf.register(sig);
  const page = pdf.getPage(0);
  if (!page) throw new PadesError('PADES_PDF_INVALID', { reason: 'tài liệu không có trang nào' });
  const catalog = pdf.getCatalog();
  let form = resolveDict(pdf, catalog.get('AcroForm'));
  if (!form) {
    form = PdfDict.of({ Fields: PdfArray.of() });
    catalog.set('AcroForm', pdf.register(form));
  }
  let fields = resolveArray(pdf, form.get('Fields'));
  if (!fields) {
    fields = PdfArray.of();
    form.set('Fields', fields);
  }
  const name = options.fieldName ?? `Chu ky ${fields.length + 1}`;
  const widget = PdfDict.of({
    Type: PdfName.of('Annot'), Subtype: PdfName.of('Widget'), FT: PdfName.of('Sig'), T: PdfString.fromString(name), V: sigRef,
    Rect: PdfArray.of(PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(0), PdfNumber.of(0)),
    // Print and Locked; the visible appearance comes with the stamps.
    F: PdfNumber.of(132), P: page.ref,
  });
  const widgetRef = pdf.register(widget);
  fields.push(widgetRef);
  form.set('SigFlags', PdfNumber.of(3));
  const annots = resolveArray(pdf, page.dict.get('Annots'));
  if (annots) annots.push(widgetRef);
  else page.dict.set('Annots', PdfArray.of(widgetRef));
  return pdf.save({ incremental: true });
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** A document with its room for the signature made, waiting for the signature value. */
export interface PreparedSignature {
  readonly signer: CmsCertificates;
  /** The file with the update appended and /ByteRange written; /Contents still zeros */
  readonly bytes: Uint8Array;
  readonly contentsAt: number;
  readonly contentsEnd: number;
  /** The signed attributes (DER SET OF) the signature value is over */
  readonly attributes: Uint8Array;
  /** SHA-256 of `attributes`: what a token or remote signer signs */
  readonly digest: Uint8Array;
}

export type PrepareOptions = Omit<SignOptions, 'signer'> & { readonly signer: CmsCertificates };

/** The first half of a deferred signature: the update appended, the digest to sign returned. */
export async function prepareSignature(input: Uint8Array, options: PrepareOptions): Promise<PreparedSignature> {
  const reserved = options.reservedBytes ?? DEFAULT_RESERVED;
  const pdf = await loadPdf(input);
  const saved = await withPlaceholder(pdf, options, reserved);
  const text = latin1(saved);
  const hexZeros = `<${'0'.repeat(reserved * 2)}>`;
  const contentsAt = text.lastIndexOf(hexZeros);
  const ranges = [...text.matchAll(BYTE_RANGE_PLACEHOLDER)];
  if (contentsAt < input.byteLength || ranges.length !== 1) throw new PadesError('PADES_PLACEHOLDER_NOT_FOUND');
  const contentsEnd = contentsAt + hexZeros.length;
  const byteRange = [0, contentsAt, contentsEnd, saved.byteLength - contentsEnd];
  const range = ranges[0]!;
  const bytes = Buffer.from(saved);
  bytes.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(range[0].length, ' '), range.index!, 'latin1');
  const contentDigest = createHash('sha256').update(bytes.subarray(0, contentsAt)).update(bytes.subarray(contentsEnd)).digest();
  const attributes = signedAttributes(options.signer.certificate, contentDigest);
  return { signer: options.signer, bytes: new Uint8Array(bytes), contentsAt, contentsEnd, attributes, digest: attributesDigest(attributes) };
}

/** The second half: the value is checked against the certificate, then written into /Contents. */
export function completeSignature(prepared: PreparedSignature, signatureValue: Uint8Array): Uint8Array {
  return embed(prepared, assembleCms(prepared.signer, prepared.attributes, signatureValue));
}

function embed(prepared: PreparedSignature, cms: Uint8Array): Uint8Array {
  const reserved = (prepared.contentsEnd - prepared.contentsAt - 2) / 2;
  if (cms.byteLength > reserved) throw new PadesError('PADES_SIGNATURE_TOO_LARGE', { size: cms.byteLength, reserved });
  const out = Buffer.from(prepared.bytes);
  out.write(Buffer.from(cms).toString('hex').toUpperCase(), prepared.contentsAt + 1, 'latin1');
  return new Uint8Array(out);
}

/** Signs the PDF with a key at hand; the result is the input followed by one incremental update. */
export async function signPdf(input: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const prepared = await prepareSignature(input, options);
  return completeSignature(prepared, await signAttributes(options.signer, prepared.attributes));
}
