/**
 * The PDF object model the validator reads with, and the parser of one object from bytes.
 *
 * Written here rather than taken from @libpdf/core: the validator must see each revision's cross-reference
 * sections and where every object lies in the file, which @libpdf/core does not expose, and @libpdf/core 0.4.2
 * refuses real signed files whose startxref points at the line break before `xref` (two files of the corpus).
 */
import { PadesError } from '../pades.errors.ts';

export class Name {
  constructor(readonly value: string) {}
}
export class Str {
  constructor(readonly bytes: Uint8Array, readonly hex: boolean) {}
  /** PDFDocEncoding or UTF-16BE with BOM, as the text-string rule says */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}
export class Ref {
  constructor(readonly num: number, readonly gen: number) {}
  toString() { return `${this.num} ${this.gen} R`; }
}
export class Dict {
  constructor(readonly entries: Map<string, PdfValue> = new Map()) {}
  get(key: string): PdfValue | undefined { return this.entries.get(key); }
  name(key: string): string | undefined { const v = this.entries.get(key); return v instanceof Name ? v.value : undefined; }
  get size() { return this.entries.size; }
  keys() { return this.entries.keys(); }
}
/** A stream's dictionary and where its raw (still encoded, maybe encrypted) data lies in the file */
export class Stream {
  constructor(readonly dict: Dict, readonly source: Uint8Array, readonly start: number, readonly end: number, readonly decrypt?: (raw: Uint8Array) => Uint8Array) {}
  get raw(): Uint8Array { return this.source.subarray(this.start, this.end); }
  /** The encoded data, decrypted when the file is encrypted */
  get data(): Uint8Array { return this.decrypt ? this.decrypt(this.raw) : this.raw; }
}
export type PdfValue = null | boolean | number | Name | Str | Ref | Dict | Stream | PdfValue[] | Keyword;
/** A bare keyword met where a value was expected (obj, endobj, stream, R...) */
export class Keyword {
  constructor(readonly value: string) {}
}

export const MAX_DEPTH = 100;

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number) => WHITE[c] === 1;
const isRegular = (c: number) => c >= 0 && !WHITE[c] && !DELIM[c];

const invalid = (reason: string, at: number) => new PadesError('PADES_PDF_INVALID', { reason: `${reason} (byte ${at})` });

/** Reads PDF tokens and objects from a byte array; `pos` moves as it reads. */
export class Lexer {
  pos: number;
  constructor(readonly bytes: Uint8Array, at = 0, readonly limit = bytes.length) {
    this.pos = at;
  }

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < this.limit) {
      const c = b[this.pos]!;
      if (WHITE[c]) this.pos++;
      else if (c === 0x25) { // % comment to end of line
        while (this.pos < this.limit && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  /** The next regular run of characters as text, without moving */
  peekWord(): string {
    this.skipSpace();
    let end = this.pos;
    while (end < this.limit && isRegular(this.bytes[end]!)) end++;
    return latin1(this.bytes, this.pos, end);
  }

  readWord(): string {
    const word = this.peekWord();
    this.pos += word.length;
    return word;
  }

  readInteger(): number | undefined {
    const save = this.pos;
    const word = this.readWord();
    if (/^\d{1,10}$/.test(word)) return Number(word);
    this.pos = save;
    return undefined;
  }

  expect(word: string): void {
    const got = this.readWord();
    if (got !== word) throw invalid(`cần "${word}", gặp "${got.slice(0, 20)}"`, this.pos);
  }

  readValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw invalid('đối tượng lồng nhau quá sâu', this.pos);
    this.skipSpace();
    if (this.pos >= this.limit) throw invalid('hết dữ liệu giữa chừng', this.pos);
    const b = this.bytes;
    const c = b[this.pos]!;
    if (c === 0x2f) return this.#name();
    if (c === 0x28) return this.#literal();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.#dict(depth);
      return this.#hex();
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= this.limit) throw invalid('mảng không đóng', this.pos);
        if (b[this.pos] === 0x5d) { this.pos++; return items; }
        items.push(this.readValue(depth + 1));
      }
    }
    if (DELIM[c]) throw invalid(`ký tự không mong đợi "${String.fromCharCode(c)}"`, this.pos);
    const word = this.readWord();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "n g R": two integers and R make a reference
      if (/^\d+$/.test(word)) {
        const save = this.pos;
        const gen = this.readWord();
        if (/^\d+$/.test(gen) && this.readWord() === 'R') return new Ref(Number(word), Number(gen));
        this.pos = save;
      }
      return Number(word);
    }
    if (word.length === 0) throw invalid('ký tự không hợp lệ', this.pos);
    return new Keyword(word);
  }

  #name(): Name {
    const b = this.bytes;
    let end = ++this.pos;
    while (end < this.limit && isRegular(b[end]!)) end++;
    let raw = latin1(b, this.pos, end);
    this.pos = end;
    if (raw.includes('#')) raw = raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return new Name(raw);
  }

  #literal(): Str {
    const b = this.bytes;
    const out: number[] = [];
    let depth = 1;
    this.pos++;
    while (this.pos < this.limit) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const n = b[this.pos++];
        if (n === undefined) break;
        const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
        if (simple[n] !== undefined) out.push(simple[n]);
        else if (n >= 0x30 && n <= 0x37) {
          let v = n - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + b[this.pos++]! - 0x30;
          out.push(v & 0xff);
        } else if (n === 13) { if (b[this.pos] === 10) this.pos++; } else if (n !== 10) out.push(n);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) return new Str(Uint8Array.from(out), false);
      out.push(c);
    }
    throw invalid('chuỗi không đóng', this.pos);
  }

  #hex(): Str {
    const b = this.bytes;
    const end = b.indexOf(0x3e, this.pos);
    if (end < 0 || end >= this.limit) throw invalid('chuỗi hex không đóng', this.pos);
    let digits = latin1(b, this.pos + 1, end).replace(/[\0\t\n\f\r ]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw invalid('chuỗi hex có ký tự lạ', this.pos);
    if (digits.length % 2) digits += '0';
    this.pos = end + 1;
    return new Str(Uint8Array.from(Buffer.from(digits, 'hex')), true);
  }

  #dict(depth: number): Dict {
    const b = this.bytes;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.limit) throw invalid('từ điển không đóng', this.pos);
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) { this.pos += 2; return new Dict(entries); }
      const key = this.readValue(depth + 1);
      if (!(key instanceof Name)) throw invalid('khóa từ điển không phải tên', this.pos);
      entries.set(key.value, this.readValue(depth + 1));
    }
  }
}

export const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** Where `n g obj` starts and where the object (after endobj when present) ends */
  readonly start: number;
  readonly end: number;
}

/**
 * Parses `n g obj … endobj` at `at`. A stream's length comes from /Length (a reference is resolved through
 * `lengthOf`); when that does not land on `endstream`, the data ends at the next `endstream`.
 */
export function parseIndirect(bytes: Uint8Array, at: number, lengthOf: (ref: Ref) => number | undefined, limit = bytes.length): IndirectObject {
  const lexer = new Lexer(bytes, at, limit);
  lexer.skipSpace();
  const start = lexer.pos;
  const num = lexer.readInteger();
  const gen = lexer.readInteger();
  if (num === undefined || gen === undefined || lexer.readWord() !== 'obj') throw invalid('không có "n g obj" ở vị trí bảng tham chiếu chỉ tới', at);
  let value = lexer.readValue();
  if (value instanceof Dict && lexer.peekWord() === 'stream') {
    lexer.readWord();
    let dataStart = lexer.pos;
    if (bytes[dataStart] === 13) dataStart++;
    if (bytes[dataStart] === 10) dataStart++;
    const declared = value.get('Length');
    const length = typeof declared === 'number' ? declared : declared instanceof Ref ? lengthOf(declared) : undefined;
    let dataEnd = length !== undefined && length >= 0 && dataStart + length <= limit ? dataStart + length : -1;
    if (dataEnd >= 0) {
      const after = new Lexer(bytes, dataEnd, limit);
      if (after.peekWord() !== 'endstream') dataEnd = -1;
    }
    if (dataEnd < 0) {
      const found = Buffer.from(bytes.buffer, bytes.byteOffset, limit).indexOf('endstream', dataStart, 'latin1');
      if (found < 0) throw invalid('luồng không có endstream', dataStart);
      dataEnd = found;
      while (dataEnd > dataStart && (bytes[dataEnd - 1] === 10 || bytes[dataEnd - 1] === 13)) dataEnd--;
    }
    value = new Stream(value, bytes, dataStart, dataEnd);
    lexer.pos = dataEnd;
    lexer.expect('endstream');
  }
  const save = lexer.pos;
  if (lexer.readWord() !== 'endobj') lexer.pos = save;
  return { num, gen, value, start, end: lexer.pos };
}

/** Deep equality of two values; references compare by number, not by what they point to. */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a.constructor !== b.constructor) return false;
  if (a instanceof Name) return a.value === (b as Name).value;
  if (a instanceof Ref) return a.num === (b as Ref).num && a.gen === (b as Ref).gen;
  if (a instanceof Str) return Buffer.compare(a.bytes, (b as Str).bytes) === 0;
  if (a instanceof Keyword) return a.value === (b as Keyword).value;
  if (a instanceof Stream) return sameDict(a.dict, (b as Stream).dict, 'Length') && Buffer.compare(a.raw, (b as Stream).raw) === 0;
  if (a instanceof Dict) return sameDict(a, b as Dict);
  return false;
}

function sameDict(a: Dict, b: Dict, ignore?: string): boolean {
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) if (key !== ignore && !sameValue(a.get(key), b.get(key))) return false;
  return true;
}

/** The keys whose values differ between two dictionaries */
export function changedKeys(a: Dict, b: Dict): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => !sameValue(a.get(key), b.get(key)));
}
