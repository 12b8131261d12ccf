/**
 * DER encoding for the few structures a PAdES signature needs (signed attributes, SignedData). Written by
 * hand because pkijs spends about 5 ms building and encoding one SignedData (measured here), more than
 * everything else a signature costs on a small document; the output is checked by openssl, pdfsig and our
 * validator in the tests.
 */
const length = (n: number): number[] => {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
};

export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  const size = contents.reduce((sum, c) => sum + c.length, 0);
  const head = [tag, ...length(size)];
  const out = new Uint8Array(head.length + size);
  out.set(head, 0);
  let at = head.length;
  for (const c of contents) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const sequence = (...items: readonly Uint8Array[]) => tlv(0x30, ...items);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const NULL = new Uint8Array([0x05, 0x00]);
export const integer = (n: number) => tlv(0x02, new Uint8Array([n]));
/** [n] EXPLICIT or IMPLICIT constructed */
export const context = (n: number, ...items: readonly Uint8Array[]) => tlv(0xa0 | n, ...items);

/** SET OF, sorted as DER requires (X.690 §11.6) */
export function setOf(...items: readonly Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...items].sort((a, b) => Buffer.compare(a, b)));
}

/** Arcs as BigInt: UUID-derived arcs (2.25.…, X.667) are 128-bit numbers */
export function objectIdentifier(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const body: number[] = [];
  for (const part of [parts[0]! * 40n + parts[1]!, ...parts.slice(2)]) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    body.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(body));
}

/** A non-negative INTEGER from big-endian bytes or hex: no redundant leading zeros, a zero added when the top bit is set */
export function unsignedInteger(value: Uint8Array | string): Uint8Array {
  let bytes = typeof value === 'string' ? Buffer.from(value.length % 2 ? `0${value}` : value, 'hex') : Buffer.from(value);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  return tlv(0x02, (bytes[0]! & 0x80) ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** GeneralizedTime in whole seconds, UTC (DER: no fraction of zero, Z) */
export const generalizedTime = (date: Date): Uint8Array => tlv(0x18, Buffer.from(`${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`, 'ascii'));
