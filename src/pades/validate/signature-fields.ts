/**
 * Finds the signatures of a PDF and checks what each one's /ByteRange claims against the bytes: the ranges
 * start at 0, the gap between them is exactly this signature dictionary's own /Contents, and the signed part
 * ends where a revision ends. These are the checks that defeat universal signature forgery and signature
 * wrapping (Mladenov et al., "1 Trillion Dollar Refund", CCS 2019).
 */
import { createHash } from 'node:crypto';
import type { PdfFile, PdfView } from '../pdf/file.ts';
import { findStartXref } from '../pdf/file.ts';
import { Dict, Ref, Str, latin1, type PdfValue } from '../pdf/objects.ts';

export interface SignatureField {
  readonly fieldName: string;
  readonly fieldRef?: Ref;
  /** Type /Sig or /DocTimeStamp */
  readonly type: 'signature' | 'document-timestamp';
  readonly subFilter?: string;
  readonly dict: Dict;
  readonly byteRange?: readonly number[];
  readonly contents?: Uint8Array;
  /** Where the signed revision ends (c + d of the byte range) */
  readonly signedEnd?: number;
  /** What is wrong with the structure; empty when the byte range can be trusted */
  readonly structureProblems: readonly string[];
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  /** /M as written */
  readonly claimedTime?: Date;
  /** The widget's page (0-based) and rectangle, when visible */
  readonly page?: number;
  readonly rect?: readonly number[];
}

export interface UnsignedField {
  readonly fieldName: string;
}

const text = (value: PdfValue | undefined) => (value instanceof Str ? value.text() : undefined);

/** D:YYYYMMDDHHmmSSOHH'mm' */
export function parsePdfDate(value: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([+\-Z])?(\d{2})?'?(\d{2})?'?/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  return new Date(utc - offset);
}

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
/** The bytes a hex string between `start` and `end` stands for; undefined if anything but hex digits and white space is there */
function gapBytes(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const out = new Uint8Array(Math.ceil((end - start) / 2));
  let n = 0;
  let high = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const v = HEX[c]!;
    if (v < 0) {
      if (c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32) continue;
      return undefined;
    }
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

/** Is `end` the end of a revision: a `startxref n %%EOF` just before it, allowing a line end */
export function endsRevision(bytes: Uint8Array, end: number): boolean {
  const tail = latin1(bytes, Math.max(0, end - 16), end);
  return /%%EOF[\r\n]{0,2}$/.test(tail) && findStartXref(bytes, end) !== undefined;
}

function checkByteRange(file: PdfFile, view: PdfView, dictRef: Ref | undefined, dict: Dict): { byteRange?: number[]; contents?: Uint8Array; problems: string[] } {
  const problems: string[] = [];
  const bytes = file.bytes;
  const rangeValue = view.resolve(dict.get('ByteRange'));
  const contentsValue = view.resolve(dict.get('Contents'));
  const contents = contentsValue instanceof Str ? contentsValue.bytes : undefined;
  if (!contents) problems.push('thiếu /Contents');
  if (!Array.isArray(rangeValue) || rangeValue.length !== 4 || !rangeValue.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    problems.push('/ByteRange không phải bốn số nguyên không âm');
    return { contents, problems };
  }
  const byteRange = rangeValue as number[];
  const [a, b, c, d] = byteRange as [number, number, number, number];
  if (a !== 0) problems.push('/ByteRange không bắt đầu từ byte 0');
  if (!(b < c)) problems.push('/ByteRange có hai đoạn chồng nhau hoặc đảo thứ tự');
  if (c + d > bytes.length) problems.push('/ByteRange vượt quá độ dài tệp');
  if (problems.length) return { byteRange, contents, problems };
  // The gap must hold exactly a hex string, and it must be this dictionary's /Contents
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) problems.push('khoảng trống giữa hai đoạn ký không phải chuỗi /Contents');
  else {
    const gap = gapBytes(bytes, b + 1, c - 1);
    if (!gap) problems.push('khoảng trống giữa hai đoạn ký chứa dữ liệu khác ngoài chữ ký');
    else if (!contents || !Buffer.from(gap).equals(contents)) problems.push('/Contents của từ điển chữ ký không phải chuỗi nằm trong khoảng trống của /ByteRange (signature wrapping)');
  }
  const span = dictRef ? view.span(dictRef.num) : undefined;
  if (span) {
    if (b < span.start || c > span.end) problems.push('khoảng trống của /ByteRange nằm ngoài từ điển chữ ký (signature wrapping)');
  } else problems.push('từ điển chữ ký không phải đối tượng riêng ngoài luồng đối tượng, vị trí /Contents không kiểm được');
  if (!endsRevision(bytes, c + d)) problems.push('phần được ký không kết thúc ở cuối một phiên bản của tệp');
  return { byteRange, contents, problems };
}

/** Every signature field of the document as the whole file shows it, signed or not, in signing order */
export function findSignatures(file: PdfFile): { signed: SignatureField[]; unsigned: UnsignedField[] } {
  const view = file.document;
  const signed: SignatureField[] = [];
  const unsigned: UnsignedField[] = [];
  const pages = view.pages();
  const pageOf = (ref: Ref | undefined, dict: Dict) => {
    const p = dict.get('P');
    if (p instanceof Ref) {
      const index = pages.findIndex((page) => page.ref?.num === p.num);
      if (index >= 0) return index;
    }
    if (!ref) return undefined;
    const index = pages.findIndex((page) => (view.array(page.dict.get('Annots')) ?? []).some((a) => a instanceof Ref && a.num === ref.num));
    return index >= 0 ? index : undefined;
  };
  for (const field of view.fields()) {
    if (field.type !== 'Sig') continue;
    const valueRef = field.dict.get('V');
    const dict = view.dict(valueRef);
    if (!dict) {
      unsigned.push({ fieldName: field.name });
      continue;
    }
    const { byteRange, contents, problems } = checkByteRange(file, view, valueRef instanceof Ref ? valueRef : undefined, dict);
    const rect = view.array(field.dict.get('Rect'))?.filter((n): n is number => typeof n === 'number');
    signed.push({
      fieldName: field.name, fieldRef: field.ref, type: dict.name('Type') === 'DocTimeStamp' || dict.name('SubFilter') === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature',
      subFilter: dict.name('SubFilter'), dict, byteRange, contents, signedEnd: byteRange ? byteRange[2]! + byteRange[3]! : undefined, structureProblems: problems,
      name: text(view.resolve(dict.get('Name'))), reason: text(view.resolve(dict.get('Reason'))), location: text(view.resolve(dict.get('Location'))),
      claimedTime: parsePdfDate(text(view.resolve(dict.get('M')))), page: pageOf(field.ref, field.dict), rect: rect?.length === 4 ? rect : undefined,
    });
  }
  signed.sort((x, y) => (x.signedEnd ?? 0) - (y.signedEnd ?? 0));
  return { signed, unsigned };
}

/** The digest of the signed byte ranges */
export function digestRanges(bytes: Uint8Array, byteRange: readonly number[], algorithm: string): Uint8Array {
  const hash = createHash(algorithm);
  for (let i = 0; i + 1 < byteRange.length; i += 2) hash.update(bytes.subarray(byteRange[i]!, byteRange[i]! + byteRange[i + 1]!));
  return hash.digest();
}

/** The signed bytes themselves, for signatures made directly over them */
export function signedBytes(bytes: Uint8Array, byteRange: readonly number[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < byteRange.length; i += 2) parts.push(bytes.subarray(byteRange[i]!, byteRange[i]! + byteRange[i + 1]!));
  return Buffer.concat(parts);
}

/** /Contents is zero-padded after the DER: the value's own length says where it ends */
export function trimDer(contents: Uint8Array): Uint8Array {
  if (contents[0] !== 0x30 || contents.length < 2) return contents;
  const first = contents[1]!;
  if (first < 0x80) return contents.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4) return contents;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + contents[2 + i]!;
  return contents.subarray(0, Math.min(contents.length, 2 + n + length));
}
