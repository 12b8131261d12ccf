/**
 * Writes PDF values back to bytes, and appends an incremental update: new and replaced objects, a
 * cross-reference section in the form the file already uses (table or stream) and a trailer chained by /Prev.
 * Earlier bytes are never touched, so every earlier signature keeps covering what it covered.
 *
 * Ours rather than @libpdf/core's save({ incremental: true }): that one re-parses the whole file, rewrites
 * pages with inherited attributes copied in (a change the validator must then call disallowed, as it is in
 * a real signed contract of the corpus), and cannot open some files our reader opens.
 */
import { PadesError } from '../pades.errors.ts';
import type { PdfFile, PdfView } from './file.ts';
import { Dict, Keyword, Name, Ref, Str, Stream, type PdfValue } from './objects.ts';

const NAME_SAFE = /^[!-~]$/;
const NAME_ESCAPE = new Set([...'()<>[]{}/%#']);

function name(value: string): string {
  let out = '/';
  for (const ch of Buffer.from(value, 'latin1')) {
    const c = String.fromCharCode(ch);
    out += NAME_SAFE.test(c) && !NAME_ESCAPE.has(c) ? c : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function literal(bytes: Uint8Array): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

/** The shortest text that reads back as the same number (a rewritten page keeps its exact MediaBox); PDF has no exponents */
function number(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const text = String(n);
  if (!text.includes('e')) return text;
  const fixed = n.toFixed(Math.abs(n) < 1 ? 20 : 0).replace(/\.?0+$/, '');
  return fixed === '-0' || fixed === '' ? '0' : fixed;
}

/** A value as PDF syntax; a stream's data is written by the caller */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return number(value);
  if (value instanceof Name) return name(value.value);
  if (value instanceof Str) return value.hex ? `<${Buffer.from(value.bytes).toString('hex').toUpperCase()}>` : literal(value.bytes);
  if (value instanceof Ref) return `${value.num} ${value.gen} R`;
  if (value instanceof Keyword) return value.value;
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  if (value instanceof Stream) return serialize(value.dict);
  let out = '<<';
  for (const [key, item] of value.entries) out += `${name(key)} ${serialize(item)}`;
  return `${out}>>`;
}

/** A dictionary with some entries replaced or added (undefined removes) */
export function withEntries(dict: Dict, changes: Record<string, PdfValue | undefined>): Dict {
  const entries = new Map(dict.entries);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) entries.delete(key);
    else entries.set(key, value);
  }
  return new Dict(entries);
}

export const dictOf = (entries: Record<string, PdfValue | undefined>): Dict =>
  new Dict(new Map(Object.entries(entries).filter((e): e is [string, PdfValue] => e[1] !== undefined)));

/** A stream to be written: its dictionary (without /Length, which is computed) and its encoded data */
export class NewStream {
  constructor(readonly dict: Dict, readonly data: Uint8Array) {}
}

export class IncrementalUpdate {
  readonly view: PdfView;
  readonly #objects = new Map<number, PdfValue | NewStream>();
  #next: number;

  constructor(readonly file: PdfFile) {
    this.view = file.document;
    const size = this.view.trailer.get('Size');
    this.#next = Math.max(typeof size === 'number' ? size : 0, ...[...this.view.xref.keys()].map((n) => n + 1), 1);
  }

  /** A new object; its reference can be used before the object is written */
  add(value: PdfValue | NewStream): Ref {
    const ref = new Ref(this.#next++, 0);
    this.#objects.set(ref.num, value);
    return ref;
  }

  /** Replaces object `num` in this revision */
  set(num: number, value: PdfValue | NewStream): void {
    this.#objects.set(num, value);
  }

  /** The input followed by the update */
  write(): Uint8Array {
    const input = this.file.bytes;
    const chunks: Buffer[] = [Buffer.from(input.buffer, input.byteOffset, input.byteLength)];
    let at = input.byteLength;
    const push = (chunk: Buffer) => { chunks.push(chunk); at += chunk.length; };
    if (input[input.length - 1] !== 0x0a && input[input.length - 1] !== 0x0d) push(Buffer.from('\n'));
    const offsets = new Map<number, number>();
    // An encrypted file gets its new objects encrypted the same way, each under its own number
    const security = this.file.security;
    const strings = (num: number, value: PdfValue) => (security ? security.mapStrings(value, (b) => security.encryptString(num, 0, b)) : value);
    for (const [num, value] of [...this.#objects].sort((a, b) => a[0] - b[0])) {
      offsets.set(num, at);
      if (value instanceof NewStream) {
        const data = security ? security.encryptStream(num, 0, value.data, value.dict.name('Type')) : value.data;
        push(Buffer.from(`${num} 0 obj\n${serialize(strings(num, withEntries(value.dict, { Length: data.length })))}\nstream\n`, 'latin1'));
        push(Buffer.from(data));
        push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
      } else {
        if (value instanceof Stream) throw new PadesError('PADES_PDF_INVALID', { reason: 'không ghi lại được luồng đã có' });
        push(Buffer.from(`${num} 0 obj\n${serialize(strings(num, value))}\nendobj\n`, 'latin1'));
      }
    }
    const previous = this.view.sections[0]!;
    const prev = previous.offset >= 0 ? previous.offset : undefined;
    const trailer = this.view.trailer;
    const common = {
      Root: trailer.get('Root'), Info: trailer.get('Info'), ID: trailer.get('ID'), Encrypt: trailer.get('Encrypt'), Prev: prev,
    };
    if (previous.kind === 'stream') {
      // A file that uses cross-reference streams gets one too: a table would be invisible to a 1.5-only reader
      const self = this.#next++;
      offsets.set(self, at);
      const nums = [...offsets.keys()].sort((a, b) => a - b);
      const data = Buffer.alloc(nums.length * 7);
      nums.forEach((num, i) => {
        data[i * 7] = 1;
        data.writeUInt32BE(offsets.get(num)!, i * 7 + 1);
        data.writeUInt16BE(0, i * 7 + 5);
      });
      const index = nums.flatMap((num) => [num, 1]);
      const dict = dictOf({ Type: new Name('XRef'), Size: this.#next, W: [1, 4, 2], Index: index, ...common, Length: data.length });
      push(Buffer.from(`${self} 0 obj\n${serialize(dict)}\nstream\n`, 'latin1'));
      push(data);
      push(Buffer.from(`\nendstream\nendobj\nstartxref\n${offsets.get(self)}\n%%EOF\n`, 'latin1'));
    } else {
      const xrefAt = at;
      const lines = ['xref'];
      // A damaged file was read by scanning: its update lists every object, since there is no table to chain to
      const entries = new Map<number, number>();
      if (this.view.recovered) for (const [num, entry] of this.view.xref) if (entry.type === 'offset') entries.set(num, entry.offset);
      for (const [num, offset] of offsets) entries.set(num, offset);
      if (this.view.recovered) lines.push('0 1', '0000000000 65535 f\r');
      for (const [num, offset] of [...entries].sort((a, b) => a[0] - b[0])) lines.push(`${num} 1`, `${String(offset).padStart(10, '0')} 00000 n\r`);
      lines.push('trailer', serialize(dictOf({ Size: this.#next, ...common })), 'startxref', String(xrefAt), '%%EOF', '');
      push(Buffer.from(lines.join('\n'), 'latin1'));
    }
    const out = Buffer.concat(chunks, at);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}
