/**
 * Brings page 1 of a small PDF (an appearance drawn by @libpdf/core, which embeds the fonts and images) into
 * an incremental update as a form XObject: every object it uses is copied with new numbers, streams as they
 * are encoded. This is how our own writer gets @libpdf/core's font subsetting and PNG handling.
 */
import { PadesError } from '../pades.errors.ts';
import { decodeStream } from '../pdf/filters.ts';
import { PdfFile, type PdfView } from '../pdf/file.ts';
import { Dict, Name, Ref, Stream, type PdfValue } from '../pdf/objects.ts';
import { NewStream, dictOf, withEntries, type IncrementalUpdate } from '../pdf/writer.ts';

export function copyValue(value: PdfValue, from: PdfView, update: IncrementalUpdate, done: Map<number, Ref>, depth = 0): PdfValue {
  if (depth > 64) throw new PadesError('PADES_PDF_INVALID', { reason: 'hình chữ ký lồng nhau quá sâu' });
  if (value instanceof Ref) {
    const known = done.get(value.num);
    if (known) return known;
    const ref = update.add(null);
    done.set(value.num, ref);
    const target = from.object(value.num);
    update.set(ref.num, target instanceof Stream ? copyStream(target, from, update, done, depth) : copyValue(target, from, update, done, depth + 1));
    return ref;
  }
  if (Array.isArray(value)) return value.map((item) => copyValue(item, from, update, done, depth + 1));
  if (value instanceof Stream) throw new PadesError('PADES_PDF_INVALID', { reason: 'luồng trực tiếp trong hình chữ ký' });
  if (value instanceof Dict) {
    const entries = new Map<string, PdfValue>();
    for (const [key, item] of value.entries) entries.set(key, copyValue(item, from, update, done, depth + 1));
    return new Dict(entries);
  }
  return value;
}

function copyStream(stream: Stream, from: PdfView, update: IncrementalUpdate, done: Map<number, Ref>, depth: number): NewStream {
  const dict = copyValue(withEntries(stream.dict, { Length: undefined }), from, update, done, depth + 1) as Dict;
  return new NewStream(dict, stream.raw);
}

export interface FormOptions {
  /** Maps the appearance onto a rotated page (the widget's /Matrix) */
  readonly matrix?: readonly number[];
}

/** Page 1 of `pdf` as a form XObject in `update`; its BBox is the page's MediaBox */
export function importPageAsForm(update: IncrementalUpdate, pdf: Uint8Array, options: FormOptions = {}): Ref {
  const view = new PdfFile(pdf).document;
  const page = view.page(0);
  if (!page) throw new PadesError('PADES_PDF_INVALID', { reason: 'hình chữ ký không có trang' });
  const done = new Map<number, Ref>();
  const contents = view.resolve(page.dict.get('Contents'));
  const streams = (Array.isArray(contents) ? contents.map((c) => view.resolve(c)) : [contents]).filter((s): s is Stream => s instanceof Stream);
  // One stream keeps its encoding; several are decoded and joined
  const single = streams.length === 1 ? streams[0]! : undefined;
  const data = single ? single.raw : Buffer.concat(streams.map((s) => Buffer.concat([Buffer.from(decodeStream(s)), Buffer.from('\n')])));
  const filter = single ? { Filter: single.dict.get('Filter'), DecodeParms: single.dict.get('DecodeParms') } : {};
  const dict = dictOf({
    Type: new Name('XObject'), Subtype: new Name('Form'), BBox: view.array(page.dict.get('MediaBox')) ?? [0, 0, 0, 0],
    Matrix: options.matrix ? [...options.matrix] : undefined,
    Resources: copyValue(page.dict.get('Resources') ?? new Dict(), view, update, done),
    ...filter,
  });
  return update.add(new NewStream(dict, data));
}
