/**
 * What a token needs around its raw operations: the DigestInfo that CKM_RSA_PKCS signs, and ECDSA signatures
 * moved between the raw r||s of PKCS#11 and WebCrypto and the DER SEQUENCE of CMS and openssl.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PkiError } from '../pki.errors.ts';

export const TOKEN_HASHES = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
export type TokenHash = (typeof TOKEN_HASHES)[number];

export const HASH_LENGTH: Record<TokenHash, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
export const NODE_HASH: Record<TokenHash, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

// DER of DigestInfo { AlgorithmIdentifier { hash OID, NULL }, OCTET STRING (n) } up to the digest (RFC 8017 §9.2 note 1).
const DIGEST_INFO_PREFIX: Record<TokenHash, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

export const hashOf = (hash: TokenHash, data: Uint8Array): Uint8Array => createHash(NODE_HASH[hash]).update(data).digest();

export function digestInfo(hash: TokenHash, digest: Uint8Array): Uint8Array {
  if (digest.byteLength !== HASH_LENGTH[hash]) throw new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation: 'sign', reason: `giá trị băm dài ${digest.byteLength} byte, ${hash} cần ${HASH_LENGTH[hash]}` });
  return Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]);
}

/** An unsigned big-endian integer as a DER INTEGER body: no leading zeros, one 0x00 if the top bit is set. */
function integerBytes(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return (trimmed[0]! & 0x80) ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

/** PKCS#11 and WebCrypto give r||s, each as long as the curve order; CMS and openssl want SEQUENCE { r, s }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.byteLength === 0 || raw.byteLength % 2 !== 0) throw new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation: 'sign', reason: `chữ ký ECDSA dài ${raw.byteLength} byte` });
  const half = raw.byteLength / 2;
  const [r, s] = [raw.subarray(0, half), raw.subarray(half)].map((n) => new asn1js.Integer({ valueHex: integerBytes(n) }));
  return new Uint8Array(new asn1js.Sequence({ value: [r!, s!] }).toBER());
}
