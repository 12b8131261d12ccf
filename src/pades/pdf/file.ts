/**
 * A PDF file as its revisions: the cross-reference sections (tables, streams, hybrids) chained by /Prev, and a
 * view of the document as it stood at any revision's end. Objects are parsed on demand and shared by all views,
 * since an object at a given offset is the same bytes whichever revision reaches it.
 */
import { PadesError } from '../pades.errors.ts';
import { DecodeBudget, decodeStream } from './filters.ts';
import { SecurityHandler } from './security.ts';
import { Dict, Lexer, Ref, Str, Stream, latin1, parseIndirect, type IndirectObject, type PdfValue } from './objects.ts';

export type XrefEntry =
  | { readonly type: 'free' }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

export interface XrefSection {
  /** Where the section starts (`xref` or the stream object) */
  readonly offset: number;
  readonly kind: 'table' | 'stream' | 'recovered';
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly trailer: Dict;
}

const MAX_SECTIONS = 4096;
const MAX_REF_HOPS = 32;

const invalid = (reason: string) => new PadesError('PADES_PDF_INVALID', { reason });

export class PdfFile {
  readonly #sections = new Map<number, XrefSection>();
  readonly #objects = new Map<number, IndirectObject | Error>();
  readonly #objectStreams = new Map<number, { offsets: number[]; data: Uint8Array; first: number }>();
  readonly #scans = new Map<number, Map<number, number>>();
  #full?: PdfView;
  /** Every stream this file decodes counts against it */
  readonly budget = new DecodeBudget();

  constructor(readonly bytes: Uint8Array) {
    if (latin1(bytes, 0, Math.min(1024, bytes.length)).indexOf('%PDF-') < 0) throw invalid('không có phần đầu %PDF-');
  }

  /** The document as the whole file shows it */
  get document(): PdfView {
    return (this.#full ??= this.view(this.bytes.length));
  }

  /** The document as it stood when the file ended at `end` (a signature's revision) */
  view(end: number): PdfView {
    const startxref = findStartXref(this.bytes, end);
    let view: PdfView | undefined;
    if (startxref !== undefined) {
      try {
        view = new PdfView(this, this.chain(startxref, end), end, false);
      } catch (err) {
        if (!(err instanceof PadesError)) throw err;
      }
    }
    view ??= new PdfView(this, [this.#recover(end)], end, true);
    this.#initSecurity(view);
    return view;
  }

  /** Set when the file is encrypted and opens without a password */
  security?: SecurityHandler;
  #needsPassword = false;

  /** The file is encrypted with a password we do not have */
  get needsPassword(): boolean {
    this.document; // reading the trailer is what finds out
    return this.#needsPassword;
  }
  #encryptNum?: number;
  #securityDone = false;

  #initSecurity(view: PdfView): void {
    if (this.#securityDone) return;
    this.#securityDone = true;
    const encrypt = view.trailer.get('Encrypt');
    if (encrypt === undefined) return;
    if (encrypt instanceof Ref) this.#encryptNum = encrypt.num;
    const dict = view.dict(encrypt);
    const ids = view.array(view.trailer.get('ID'));
    const id = ids?.[0] instanceof Str ? ids[0].bytes : new Uint8Array();
    this.security = dict ? SecurityHandler.open(dict, id) : undefined;
    this.#needsPassword = this.security === undefined;
  }

  /** Sections newest first, following /Prev (and /XRefStm of hybrid files) */
  chain(startxref: number, end: number): XrefSection[] {
    const chain: XrefSection[] = [];
    const seen = new Set<number>();
    let at: number | undefined = startxref;
    while (at !== undefined) {
      if (seen.has(at) || chain.length >= MAX_SECTIONS) throw invalid('chuỗi /Prev của bảng tham chiếu lặp vòng');
      if (at < 0 || at >= end) throw invalid(`bảng tham chiếu trỏ ra ngoài tệp (${at})`);
      seen.add(at);
      const section = this.section(at, end);
      const hybrid = section.trailer.get('XRefStm');
      if (section.kind === 'table' && typeof hybrid === 'number' && hybrid < end && !seen.has(hybrid)) {
        chain.push(section, this.section(hybrid, end));
        seen.add(hybrid);
      } else chain.push(section);
      const prev = section.trailer.get('Prev');
      at = typeof prev === 'number' ? prev : undefined;
    }
    return chain;
  }

  section(offset: number, end: number): XrefSection {
    let section = this.#sections.get(offset);
    if (!section) {
      const lexer = new Lexer(this.bytes, offset, end);
      section = lexer.peekWord() === 'xref' ? readTable(lexer, offset) : readStreamSection(this.bytes, lexer.pos, end, this.budget);
      this.#sections.set(offset, section);
    }
    return section;
  }

  /** The object written at `offset`, parsed (and decrypted) once for every view */
  objectAt(offset: number, lengthOf: (ref: Ref) => number | undefined): IndirectObject {
    let found = this.#objects.get(offset);
    if (!found) {
      try {
        found = this.#decrypted(parseIndirect(this.bytes, offset, lengthOf));
      } catch (err) {
        if (!(err instanceof PadesError)) throw err;
        found = err;
      }
      this.#objects.set(offset, found);
    }
    if (found instanceof Error) throw found;
    return found;
  }

  #decrypted(object: IndirectObject): IndirectObject {
    const security = this.security;
    if (!security || object.num === this.#encryptNum) return object;
    const { num, gen } = object;
    const strings = (bytes: Uint8Array) => security.decryptString(num, gen, bytes);
    let value = object.value;
    if (value instanceof Stream) {
      const type = value.dict.name('Type');
      value = new Stream(security.mapStrings(value.dict, strings) as Dict, value.source, value.start, value.end, (raw) => security.decryptStream(num, gen, raw, type));
    } else value = security.mapStrings(value, strings);
    return { ...object, value };
  }

  objectStream(offset: number, stream: Stream): { offsets: number[]; data: Uint8Array; first: number } {
    let parsed = this.#objectStreams.get(offset);
    if (!parsed) {
      const data = decodeStream(stream, this.budget);
      const n = stream.dict.get('N');
      const first = stream.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || first > data.length) throw invalid('luồng đối tượng thiếu /N hoặc /First');
      const lexer = new Lexer(data, 0, first);
      const offsets: number[] = [];
      for (let i = 0; i < n; i++) {
        const num = lexer.readInteger();
        const at = lexer.readInteger();
        if (num === undefined || at === undefined) break;
        offsets.push(num, at);
      }
      parsed = { offsets, data, first };
      this.#objectStreams.set(offset, parsed);
    }
    return parsed;
  }

  /** Offsets of every `n g obj` before `end` found by scanning, the last one of each number winning */
  scanned(end: number): Map<number, number> {
    let found = this.#scans.get(end);
    if (!found) {
      found = new Map();
      for (const match of latin1(this.bytes, 0, end).matchAll(/(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b/g)) found.set(Number(match[1]), match.index!);
      this.#scans.set(end, found);
    }
    return found;
  }

  /** A damaged file: every `n g obj` found by scanning, the last one of each number winning */
  #recover(end: number): XrefSection {
    const text = latin1(this.bytes, 0, end);
    const entries = new Map<number, XrefEntry>();
    for (const [num, offset] of this.scanned(end)) entries.set(num, { type: 'offset', offset, gen: 0 });
    let trailer: Dict | undefined;
    const at = text.lastIndexOf('trailer');
    if (at >= 0) {
      try {
        const value = new Lexer(this.bytes, at + 7, end).readValue();
        if (value instanceof Dict && value.get('Root') instanceof Ref) trailer = value;
      } catch { /* no usable trailer; the catalog is looked for below */ }
    }
    if (!trailer) {
      const catalog = [...text.matchAll(/(\d{1,10})\s+(\d{1,5})\s+obj\s*<<[^>]{0,200}?\/Type\s*\/Catalog/g)].pop();
      if (!catalog) throw invalid('bảng tham chiếu hỏng và không tìm thấy danh mục tài liệu');
      trailer = new Dict(new Map<string, PdfValue>([['Root', new Ref(Number(catalog[1]), Number(catalog[2]))]]));
    }
    return { offset: -1, kind: 'recovered', entries, trailer };
  }
}

/** The offset after the last `startxref` before `end` */
export function findStartXref(bytes: Uint8Array, end: number): number | undefined {
  const window = Math.max(0, end - 2048);
  const text = latin1(bytes, window, end);
  const at = text.lastIndexOf('startxref');
  if (at < 0) return undefined;
  const match = /^startxref\s+(\d{1,12})/.exec(text.slice(at));
  return match ? Number(match[1]) : undefined;
}

function readTable(lexer: Lexer, offset: number): XrefSection {
  lexer.expect('xref');
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const start = lexer.readInteger();
    if (start === undefined) break;
    const count = lexer.readInteger();
    if (count === undefined) throw invalid('bảng tham chiếu hỏng');
    for (let i = 0; i < count; i++) {
      const at = lexer.readInteger();
      const gen = lexer.readInteger();
      const kind = lexer.readWord();
      if (at === undefined || gen === undefined || (kind !== 'n' && kind !== 'f')) throw invalid(`dòng ${start + i} của bảng tham chiếu hỏng`);
      // The first section of a table wins over a repeated number, as in qpdf and pdf.js
      if (entries.has(start + i)) continue;
      entries.set(start + i, kind === 'n' ? { type: 'offset', offset: at, gen } : { type: 'free' });
    }
  }
  lexer.expect('trailer');
  const trailer = lexer.readValue();
  if (!(trailer instanceof Dict)) throw invalid('trailer không phải từ điển');
  return { offset, kind: 'table', entries, trailer };
}

function readStreamSection(bytes: Uint8Array, offset: number, end: number, budget: DecodeBudget): XrefSection {
  const object = parseIndirect(bytes, offset, () => undefined, end);
  const stream = object.value;
  if (!(stream instanceof Stream) || stream.dict.name('Type') !== 'XRef') throw invalid(`không có bảng tham chiếu ở vị trí ${offset}`);
  const widths = stream.dict.get('W');
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => typeof w === 'number' && w >= 0 && w <= 8)) throw invalid('luồng tham chiếu có /W sai');
  const [w0, w1, w2] = widths as number[];
  const size = stream.dict.get('Size');
  const index = stream.dict.get('Index') ?? [0, size];
  if (!Array.isArray(index) || !index.every((n) => typeof n === 'number')) throw invalid('luồng tham chiếu có /Index sai');
  const data = decodeStream(stream, budget);
  const rowLength = w0! + w1! + w2!;
  const read = (at: number, width: number) => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[at + i]!;
    return v;
  };
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let i = 0; i + 1 < index.length; i += 2) {
    const first = index[i] as number;
    const count = index[i + 1] as number;
    for (let j = 0; j < count; j++, row++) {
      const at = row * rowLength;
      if (at + rowLength > data.length) throw invalid('luồng tham chiếu ngắn hơn /Index');
      const type = w0 === 0 ? 1 : read(at, w0!);
      const a = read(at + w0!, w1!);
      const b = read(at + w0! + w1!, w2!);
      if (entries.has(first + j)) continue;
      if (type === 0) entries.set(first + j, { type: 'free' });
      else if (type === 1) entries.set(first + j, { type: 'offset', offset: a, gen: b });
      else if (type === 2) entries.set(first + j, { type: 'compressed', stream: a, index: b });
    }
  }
  return { offset, kind: 'stream', entries, trailer: stream.dict };
}

/** True the first time a reference is met, false after: walks of the page and field trees end on loops */
function visitor(): (value: PdfValue | undefined) => boolean {
  const seen = new Set<number>();
  return (value) => {
    if (!(value instanceof Ref)) return true;
    if (seen.has(value.num)) return false;
    seen.add(value.num);
    return true;
  };
}

/** The document at one revision: its merged cross-reference and objects resolved through it */
export class PdfView {
  readonly xref = new Map<number, XrefEntry>();
  readonly trailer: Dict;
  readonly problems: string[] = [];
  readonly #cache = new Map<number, PdfValue>();

  constructor(readonly file: PdfFile, readonly sections: readonly XrefSection[], readonly end: number, readonly recovered: boolean) {
    for (const section of sections) for (const [num, entry] of section.entries) if (!this.xref.has(num)) this.xref.set(num, entry);
    // The newest trailer speaks for the document; hybrid stream sections carry no Root of their own
    this.trailer = sections.find((s) => s.trailer.get('Root') !== undefined)?.trailer ?? sections[0]!.trailer;
  }

  /** Object `num` as this revision defines it; null when free, missing or unreadable */
  object(num: number): PdfValue {
    if (this.#cache.has(num)) return this.#cache.get(num)!;
    this.#cache.set(num, null); // a reference loop through /Length resolves to null
    const value = this.#load(num);
    this.#cache.set(num, value);
    return value;
  }

  /** Where object `num` of this revision lies: the offset of its own bytes or of its object stream */
  locate(num: number): XrefEntry | undefined {
    return this.xref.get(num);
  }

  #load(num: number): PdfValue {
    const entry = this.xref.get(num);
    if (!entry || entry.type === 'free') return null;
    try {
      if (entry.type === 'offset') return this.#indirect(num, entry.offset).value;
      const container = this.xref.get(entry.stream);
      if (container?.type !== 'offset') throw invalid(`luồng đối tượng ${entry.stream} không có`);
      const stream = this.file.objectAt(container.offset, (ref) => this.#number(ref)).value;
      if (!(stream instanceof Stream)) throw invalid(`đối tượng ${entry.stream} không phải luồng`);
      const { offsets, data, first } = this.file.objectStream(container.offset, stream);
      if (offsets[entry.index * 2] !== num) throw invalid(`luồng đối tượng ${entry.stream} không chứa đối tượng ${num}`);
      return new Lexer(data, first + offsets[entry.index * 2 + 1]!).readValue();
    } catch (err) {
      if (!(err instanceof PadesError)) throw err;
      this.problems.push(err.message);
      return null;
    }
  }

  /** The object written at `offset`; a wrong offset in the table is mended by scanning, as pdf.js and qpdf do */
  #indirect(num: number, offset: number): IndirectObject {
    if (offset >= this.end) throw invalid(`đối tượng ${num} nằm sau phiên bản`);
    let object: IndirectObject | undefined;
    try {
      object = this.file.objectAt(offset, (ref) => this.#number(ref));
    } catch (err) {
      if (!(err instanceof PadesError)) throw err;
    }
    if (object?.num === num) return object;
    const found = this.file.scanned(this.end).get(num);
    if (found === undefined) throw invalid(`vị trí của đối tượng ${num} trong bảng tham chiếu sai`);
    this.problems.push(`vị trí của đối tượng ${num} trong bảng tham chiếu sai; đã tìm thấy ở byte ${found}`);
    return this.file.objectAt(found, (ref) => this.#number(ref));
  }

  /** Where the bytes of object `num` lie, when it is not inside an object stream */
  span(num: number): { start: number; end: number } | undefined {
    const entry = this.xref.get(num);
    if (entry?.type !== 'offset') return undefined;
    try {
      const { start, end } = this.#indirect(num, entry.offset);
      return { start, end };
    } catch (err) {
      if (!(err instanceof PadesError)) throw err;
      return undefined;
    }
  }

  #number(ref: Ref): number | undefined {
    const value = this.object(ref.num);
    return typeof value === 'number' ? value : undefined;
  }

  /** Follows references to the value they name */
  resolve(value: PdfValue | undefined): PdfValue {
    let hops = 0;
    while (value instanceof Ref) {
      if (++hops > MAX_REF_HOPS) return null;
      value = this.object(value.num);
    }
    return value ?? null;
  }

  dict(value: PdfValue | undefined): Dict | undefined {
    const resolved = this.resolve(value);
    return resolved instanceof Dict ? resolved : resolved instanceof Stream ? resolved.dict : undefined;
  }

  array(value: PdfValue | undefined): PdfValue[] | undefined {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : undefined;
  }

  get catalog(): Dict {
    const catalog = this.dict(this.trailer.get('Root'));
    if (!catalog) throw invalid('không có danh mục tài liệu (/Root)');
    return catalog;
  }

  /** Pages in order, each with its reference; loops and absurd depth are cut */
  pages(): { ref: Ref | undefined; dict: Dict }[] {
    const out: { ref: Ref | undefined; dict: Dict }[] = [];
    const firstVisit = visitor();
    const walk = (value: PdfValue | undefined, depth: number) => {
      if (depth > 64 || !firstVisit(value)) return;
      const node = this.dict(value);
      if (!node) return;
      const kids = this.array(node.get('Kids'));
      if (node.name('Type') === 'Pages' || (kids && node.name('Type') !== 'Page')) for (const kid of kids ?? []) walk(kid, depth + 1);
      else out.push({ ref: value instanceof Ref ? value : undefined, dict: node });
    };
    walk(this.catalog.get('Pages'), 0);
    return out;
  }

  /** Page `index` (0-based) without reading the others: /Count skips whole subtrees */
  page(index: number): { ref: Ref | undefined; dict: Dict } | undefined {
    let node: PdfValue | undefined = this.catalog.get('Pages');
    let remaining = index;
    for (let depth = 0; depth < 64; depth++) {
      const dict = this.dict(node);
      if (!dict) return undefined;
      const kids = this.array(dict.get('Kids'));
      if (!kids || dict.name('Type') === 'Page') return remaining === 0 ? { ref: node instanceof Ref ? node : undefined, dict } : undefined;
      let next: PdfValue | undefined;
      for (const kid of kids) {
        const kidDict = this.dict(kid);
        if (!kidDict) continue;
        const isLeaf = kidDict.name('Type') === 'Page' || !this.array(kidDict.get('Kids'));
        const count = isLeaf ? 1 : typeof kidDict.get('Count') === 'number' ? (kidDict.get('Count') as number) : Infinity;
        if (remaining < count) { next = kid; break; }
        remaining -= count;
      }
      if (next === undefined) return undefined;
      node = next;
    }
    return undefined;
  }

  /** Every field of the form, depth first, with its inherited field type */
  fields(): { ref: Ref | undefined; dict: Dict; type: string | undefined; name: string }[] {
    const out: { ref: Ref | undefined; dict: Dict; type: string | undefined; name: string }[] = [];
    const form = this.dict(this.catalog.get('AcroForm'));
    const firstVisit = visitor();
    const walk = (value: PdfValue, inheritedType: string | undefined, prefix: string, depth: number) => {
      if (depth > 32 || !firstVisit(value)) return;
      const dict = this.dict(value);
      if (!dict) return;
      const type = dict.name('FT') ?? inheritedType;
      const partial = this.resolve(dict.get('T'));
      const name = partial instanceof Str ? [prefix, partial.text()].filter(Boolean).join('.') : prefix;
      const kids = this.array(dict.get('Kids'));
      const fieldKids = kids?.filter((kid) => this.dict(kid)?.get('T') !== undefined) ?? [];
      out.push({ ref: value instanceof Ref ? value : undefined, dict, type, name });
      for (const kid of fieldKids) walk(kid, type, name, depth + 1);
    };
    for (const field of this.array(form?.get('Fields')) ?? []) walk(field, undefined, '', 0);
    return out;
  }
}
