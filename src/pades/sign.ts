/**
 * A PAdES signature as an incremental update written by us (pdf/writer.ts): the signature dictionary, its
 * field and widget, the /ByteRange and the CMS (architecture.md, "Where @libpdf/core stops"). Every earlier
 * byte stays as it was, so earlier signatures stay valid; only the objects the signature needs are read.
 */
import { createHash } from 'node:crypto';
import { PdfFile } from './pdf/file.ts';
import { Dict, Name, Ref, Str } from './pdf/objects.ts';
import { IncrementalUpdate, dictOf, withEntries } from './pdf/writer.ts';
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

function openPdf(input: Uint8Array): PdfFile {
  try {
    const file = new PdfFile(input);
    if (file.document.trailer.get('Encrypt') !== undefined) throw new PadesError('PADES_PDF_ENCRYPTED');
    file.document.catalog;
    return file;
  } catch (err) {
    if (err instanceof PadesError) throw err;
    throw new PadesError('PADES_PDF_INVALID', { reason: (err as Error).message.slice(0, 200) }, { cause: err });
  }
}

const str = (text: string) => new Str(new Uint8Array(Buffer.from(text, 'latin1')), false);
/** A text string: PDFDocEncoding when it fits Latin-1, UTF-16BE with a BOM otherwise (Vietnamese names) */
const textString = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? str(text) : new Str(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), true));

/** Adds the signature dictionary and its field (an empty one of that name, or a new invisible one on page 1). */
function withPlaceholder(file: PdfFile, options: PrepareOptions, reserved: number): Uint8Array {
  const update = new IncrementalUpdate(file);
  const view = update.view;
  const sigRef = update.add(dictOf({
    Type: new Name('Sig'), Filter: new Name('Adobe.PPKLite'), SubFilter: new Name('ETSI.CAdES.detached'),
    ByteRange: [0, PLACEHOLDER_NUMBER, PLACEHOLDER_NUMBER, PLACEHOLDER_NUMBER],
    Contents: new Str(new Uint8Array(reserved), true),
    M: str(pdfDate(options.signingTime)),
    Reason: options.reason ? textString(options.reason) : undefined,
    Location: options.location ? textString(options.location) : undefined,
  }));
  const catalogRef = view.trailer.get('Root');
  if (!(catalogRef instanceof Ref)) throw new PadesError('PADES_PDF_INVALID', { reason: 'danh mục tài liệu không phải đối tượng gián tiếp' });
  const catalog = view.catalog;
  const fields = view.fields();
  const empty = options.fieldName ? fields.find((f) => f.type === 'Sig' && f.name === options.fieldName && f.ref && !view.dict(f.dict.get('V'))) : undefined;
  if (empty) {
    // Sign the field the document already has: only its value changes
    update.set(empty.ref!.num, withEntries(empty.dict, { V: sigRef }));
  } else {
    const page = view.page(0);
    if (!page?.ref) throw new PadesError('PADES_PDF_INVALID', { reason: 'tài liệu không có trang nào' });
    const name = options.fieldName ?? uniqueName(fields.map((f) => f.name));
    const widgetRef = update.add(dictOf({
      Type: new Name('Annot'), Subtype: new Name('Widget'), FT: new Name('Sig'), T: textString(name), V: sigRef,
      Rect: [0, 0, 0, 0], F: 132, P: page.ref,
    }));
    const annots = page.dict.get('Annots');
    if (annots instanceof Ref) update.set(annots.num, [...(view.array(annots) ?? []), widgetRef]);
    else update.set(page.ref.num, withEntries(page.dict, { Annots: [...(view.array(annots) ?? []), widgetRef] }));
    const formValue = catalog.get('AcroForm');
    const form = view.dict(formValue) ?? new Dict();
    const fieldList = form.get('Fields');
    if (fieldList instanceof Ref) update.set(fieldList.num, [...(view.array(fieldList) ?? []), widgetRef]);
    const newForm = withEntries(form, { SigFlags: 3, ...(fieldList instanceof Ref ? {} : { Fields: [...(view.array(fieldList) ?? []), widgetRef] }) });
    if (formValue instanceof Ref) update.set(formValue.num, newForm);
    else update.set(catalogRef.num, withEntries(catalog, { AcroForm: update.add(newForm) }));
  }
  return update.write();
}

function uniqueName(taken: readonly string[]): string {
  for (let i = taken.length + 1; ; i++) if (!taken.includes(`Chu ky ${i}`)) return `Chu ky ${i}`;
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
  const saved = withPlaceholder(openPdf(input), options, reserved);
  // Only the appended part is searched: the input may hold placeholders of its own
  const text = latin1(saved.subarray(input.byteLength));
  const hexZeros = `<${'0'.repeat(reserved * 2)}>`;
  const found = text.lastIndexOf(hexZeros);
  const ranges = [...text.matchAll(BYTE_RANGE_PLACEHOLDER)];
  if (found < 0 || ranges.length !== 1) throw new PadesError('PADES_PLACEHOLDER_NOT_FOUND');
  const contentsAt = input.byteLength + found;
  const contentsEnd = contentsAt + hexZeros.length;
  const byteRange = [0, contentsAt, contentsEnd, saved.byteLength - contentsEnd];
  const range = ranges[0]!;
  const bytes = Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
  bytes.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(range[0].length, ' '), input.byteLength + range.index!, 'latin1');
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
