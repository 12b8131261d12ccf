import * as asn1js from 'asn1js';
import { PkiError } from './pki.errors.ts';

/** Upper bound on anything we parse: certificates, CSRs, OCSP and TSA queries are all far smaller. */
export const MAX_DER_BYTES = 64 * 1024;

/** Accepts DER bytes or a PEM text of one block; refuses oversized or unreadable input before any parser sees it. */
export function toDer(input: Uint8Array | string, what: string): Uint8Array {
  let der: Uint8Array;
  if (typeof input === 'string' || looksLikePem(input)) {
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    if (text.length > MAX_DER_BYTES * 2) throw new PkiError('PKI_INPUT_TOO_LARGE', { what, limit: MAX_DER_BYTES });
    const body = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text)?.[1];
    if (!body) throw new PkiError('PKI_DER_INVALID', { what });
    der = new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
  } else der = input;
  if (der.byteLength > MAX_DER_BYTES) throw new PkiError('PKI_INPUT_TOO_LARGE', { what, limit: MAX_DER_BYTES });
  if (der.byteLength < 2 || der[0] !== 0x30) throw new PkiError('PKI_DER_INVALID', { what });
  return der;
}

const looksLikePem = (bytes: Uint8Array) => bytes.byteLength > 10 && new TextDecoder().decode(bytes.subarray(0, 11)) === '-----BEGIN ';

/** Parses DER with asn1js and insists the whole input is one well-formed value. */
export function parseAsn1(der: Uint8Array, what: string): asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(der);
  } catch (err) {
    // asn1js throws, rather than reports, on some malformed values (a time that is not a time): found by the fuzz test.
    throw new PkiError('PKI_DER_INVALID', { what }, { cause: err });
  }
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) throw new PkiError('PKI_DER_INVALID', { what });
  return parsed.result;
}

/** Runs a parser, turning whatever it throws on bad bytes into our coded error. */
export function parseWith<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof PkiError) throw err;
    throw new PkiError('PKI_DER_INVALID', { what }, { cause: err });
  }
}

export const toPem = (der: Uint8Array, label: string): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

export const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;
