/**
 * A minimal DER/BER reader for walking a CMS SignedData: tag, where the contents are, the children.
 * Written by hand because asn1js takes about 2 ms to parse a 3 KB signature and pkijs another 4 ms on top
 * (measured on this machine), more than the whole validation budget of a two-signature document; what is read
 * here is only walked, never trusted beyond the bytes: every signature is still verified by node:crypto.
 */
export class Tlv {
  constructor(
    readonly bytes: Uint8Array,
    /** First byte of the identifier */
    readonly start: number,
    readonly tag: number,
    readonly constructed: boolean,
    /** 0 universal, 1 application, 2 context-specific, 3 private */
    readonly tagClass: number,
    readonly contentStart: number,
    readonly contentEnd: number,
    /** After the whole encoding (past the end-of-contents octets of an indefinite length) */
    readonly end: number,
  ) {}

  get contents(): Uint8Array { return this.bytes.subarray(this.contentStart, this.contentEnd); }
  /** The whole encoding, identifier and length included */
  get raw(): Uint8Array { return this.bytes.subarray(this.start, this.end); }

  children(): Tlv[] {
    const out: Tlv[] = [];
    for (let at = this.contentStart; at < this.contentEnd;) {
      const child = readTlv(this.bytes, at, this.contentEnd);
      out.push(child);
      at = child.end;
    }
    return out;
  }

  child(index: number): Tlv | undefined { return this.children()[index]; }

  is(tagClass: number, tag: number): boolean { return this.tagClass === tagClass && this.tag === tag; }
}

export class DerError extends Error {}

export function readTlv(bytes: Uint8Array, at = 0, limit = bytes.length, depth = 0): Tlv {
  if (depth > 64) throw new DerError('DER lồng nhau quá sâu');
  if (at + 2 > limit) throw new DerError('DER bị cắt cụt');
  const first = bytes[at]!;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  let p = at + 1;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (p >= limit || i > 4) throw new DerError('thẻ DER quá dài');
      const b = bytes[p++]!;
      tag = tag * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  if (p >= limit) throw new DerError('DER bị cắt cụt');
  const lengthByte = bytes[p++]!;
  if (lengthByte === 0x80) {
    // BER indefinite length (some signers): the contents run to this level's end-of-contents octets
    if (!constructed) throw new DerError('độ dài không xác định cho giá trị nguyên thủy');
    let q = p;
    while (!(bytes[q] === 0 && bytes[q + 1] === 0)) {
      if (q + 2 > limit) throw new DerError('thiếu dấu kết thúc của độ dài không xác định');
      q = readTlv(bytes, q, limit, depth + 1).end;
    }
    return new Tlv(bytes, at, tag, constructed, first >> 6, p, q, q + 2);
  }
  let length = lengthByte;
  if (lengthByte > 0x80) {
    const n = lengthByte & 0x7f;
    if (n > 4 || p + n > limit) throw new DerError('độ dài DER không hợp lệ');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
  }
  if (p + length > limit) throw new DerError('độ dài DER vượt quá dữ liệu');
  return new Tlv(bytes, at, tag, constructed, first >> 6, p, p + length, p + length);
}

export function oid(tlv: Tlv | undefined): string {
  if (!tlv || !tlv.is(0, 6)) throw new DerError('cần OBJECT IDENTIFIER');
  const b = tlv.contents;
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < b.length; i++) {
    value = value * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** An INTEGER's magnitude as lowercase hex without leading zeros (serial numbers) */
export function integerHex(tlv: Tlv | undefined): string {
  if (!tlv || !tlv.is(0, 2)) throw new DerError('cần INTEGER');
  return Buffer.from(tlv.contents).toString('hex').replace(/^(00)+(?=.)/, '') || '0';
}

export function integer(tlv: Tlv | undefined): number {
  const hex = integerHex(tlv);
  return hex.length > 12 ? Number.MAX_SAFE_INTEGER : Number.parseInt(hex, 16);
}

/** GeneralizedTime or UTCTime */
export function time(tlv: Tlv | undefined): Date | undefined {
  if (!tlv || !(tlv.is(0, 24) || tlv.is(0, 23))) return undefined;
  const text = Buffer.from(tlv.contents).toString('latin1');
  const m = tlv.tag === 24
    ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?Z$/.exec(text)
    : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
  if (!m) return undefined;
  const year = tlv.tag === 24 ? Number(m[1]) : (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms));
}

