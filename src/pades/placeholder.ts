/**
 * The room for a signature or a document timestamp: an incremental update (pdf/writer.ts) holding the
 * signature dictionary with a zeroed /Contents and a /ByteRange patched in place, and its field and widget;
 * then the value written into /Contents. Every earlier byte stays as it was, so earlier signatures stay valid;
 * only the objects the signature needs are read.
 */
import { createHash } from 'node:crypto';
import { PdfFile } from './pdf/file.ts';
import { Dict, Name, Ref, Str, type PdfValue } from './pdf/objects.ts';
import { IncrementalUpdate, dictOf, withEntries } from './pdf/writer.ts';
import { PadesError } from './pades.errors.ts';

// Ten digits fit any offset of a file below 10 GB; the real numbers are written over them, padded with spaces.
const PLACEHOLDER_NUMBER = 9_999_999_999;
const BYTE_RANGE_PLACEHOLDER = /\/ByteRange\s*\[\s*0\s+9999999999\s+9999999999\s+9999999999\s*\]/g;

/** Where the signature shows: a page (0-based) and a rectangle in points, with its appearance stream */
export interface WidgetPlacement {
  readonly page: number;
  readonly rect: readonly [number, number, number, number];
  /** Writes the appearance (a form XObject and what it uses) into the update; returns its reference */
  readonly appearance?: (update: IncrementalUpdate) => Ref;
}

export interface PlaceholderOptions {
  /** The signature dictionary's entries besides /ByteRange and /Contents */
  readonly entries: Record<string, PdfValue | undefined>;
  /** The field's name; an empty signature field of that name is used when there is one */
  readonly fieldName?: string;
  readonly reservedBytes: number;
  /** Invisible (a zero rectangle on page 1) when absent */
  readonly widget?: WidgetPlacement;
}

export interface Reserved {
  /** The file with the update appended and /ByteRange written; /Contents still zeros */
  readonly bytes: Uint8Array;
  readonly contentsAt: number;
  readonly contentsEnd: number;
}

export function openPdf(input: Uint8Array): PdfFile {
  try {
    const file = new PdfFile(input);
    if (file.needsPassword) throw new PadesError('PADES_PDF_ENCRYPTED');
    file.document.catalog;
    return file;
  } catch (err) {
    if (err instanceof PadesError) throw err;
    throw new PadesError('PADES_PDF_INVALID', { reason: (err as Error).message.slice(0, 200) }, { cause: err });
  }
}

export const str = (text: string) => new Str(new Uint8Array(Buffer.from(text, 'latin1')), false);
/** A text string: PDFDocEncoding when it is plain ASCII, UTF-16BE with a BOM otherwise (Vietnamese names) */
export const textString = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? str(text) : new Str(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), true));

function uniqueName(taken: readonly string[]): string {
  for (let i = taken.length + 1; ; i++) if (!taken.includes(`Chu ky ${i}`)) return `Chu ky ${i}`;
}

function withPlaceholder(file: PdfFile, options: PlaceholderOptions): Uint8Array {
  const update = new IncrementalUpdate(file);
  const view = update.view;
  const sigRef = update.add(dictOf({
    ...options.entries,
    ByteRange: [0, PLACEHOLDER_NUMBER, PLACEHOLDER_NUMBER, PLACEHOLDER_NUMBER],
    Contents: new Str(new Uint8Array(options.reservedBytes), true),
  }));
  const catalogRef = view.trailer.get('Root');
  if (!(catalogRef instanceof Ref)) throw new PadesError('PADES_PDF_INVALID', { reason: 'danh mục tài liệu không phải đối tượng gián tiếp' });
  const catalog = view.catalog;
  const fields = view.fields();
  const empty = options.fieldName ? fields.find((f) => f.type === 'Sig' && f.name === options.fieldName && f.ref && !view.dict(f.dict.get('V'))) : undefined;
  if (empty) {
    // Sign the field the document already has: only its value changes
    update.set(empty.ref!.num, withEntries(empty.dict, { V: sigRef }));
    return update.write();
  }
  const placement = options.widget;
  const page = view.page(placement?.page ?? 0);
  if (!page?.ref) throw new PadesError('PADES_PAGE_NOT_FOUND', { page: (placement?.page ?? 0) + 1 });
  const name = options.fieldName ?? uniqueName(fields.map((f) => f.name));
  const appearance = placement?.appearance?.(update);
  const widgetRef = update.add(dictOf({
    Type: new Name('Annot'), Subtype: new Name('Widget'), FT: new Name('Sig'), T: textString(name), V: sigRef,
    Rect: placement ? [...placement.rect] : [0, 0, 0, 0],
    // Print and Locked
    F: 132, P: page.ref,
    AP: appearance ? dictOf({ N: appearance }) : undefined,
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
  return update.write();
}

/** A plain Uint8Array over a Buffer's memory: no copy of a 10 MiB file */
export const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Appends the update and patches /ByteRange; the caller signs the ranges and fills /Contents */
export function reserve(input: Uint8Array, options: PlaceholderOptions): Reserved {
  const saved = withPlaceholder(openPdf(input), options);
  // Only the appended part is searched: the input may hold placeholders of its own
  const text = latin1(saved.subarray(input.byteLength));
  const hexZeros = `<${'0'.repeat(options.reservedBytes * 2)}>`;
  const found = text.lastIndexOf(hexZeros);
  const ranges = [...text.matchAll(BYTE_RANGE_PLACEHOLDER)];
  if (found < 0 || ranges.length !== 1) throw new PadesError('PADES_PLACEHOLDER_NOT_FOUND');
  const contentsAt = input.byteLength + found;
  const contentsEnd = contentsAt + hexZeros.length;
  const byteRange = [0, contentsAt, contentsEnd, saved.byteLength - contentsEnd];
  const range = ranges[0]!;
  const bytes = Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
  bytes.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(range[0].length, ' '), input.byteLength + range.index!, 'latin1');
  return { bytes: view(bytes), contentsAt, contentsEnd };
}

/** SHA-256 of the signed ranges */
export const rangesDigest = (reserved: Reserved): Uint8Array =>
  createHash('sha256').update(reserved.bytes.subarray(0, reserved.contentsAt)).update(reserved.bytes.subarray(reserved.contentsEnd)).digest();

/** The value written into /Contents: into a copy, so that the prepared bytes stay reusable, unless told otherwise */
export function fill(reserved: Reserved, value: Uint8Array, inPlace = false): Uint8Array {
  const room = (reserved.contentsEnd - reserved.contentsAt - 2) / 2;
  if (value.byteLength > room) throw new PadesError('PADES_SIGNATURE_TOO_LARGE', { size: value.byteLength, reserved: room });
  const out = inPlace ? Buffer.from(reserved.bytes.buffer, reserved.bytes.byteOffset, reserved.bytes.byteLength) : Buffer.from(reserved.bytes);
  out.write(Buffer.from(value).toString('hex').toUpperCase(), reserved.contentsAt + 1, 'latin1');
  return view(out);
}
