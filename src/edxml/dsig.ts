/**
 * @internal XML-DSig pieces shared by signing and verifying: the algorithm identifiers we write and accept,
 * and ECDSA-SHA256 (RFC 4050/6931: the signature value is r||s), which xml-crypto does not ship.
 */
import { createPublicKey, verify as verifyRaw, type KeyLike, type KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from 'xml-crypto';
import { x509 } from '../pki/index.ts';
import { EdxmlError } from './edxml.errors.ts';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

export type XmlSignatureAlgorithm = 'RSA-SHA256' | 'ECDSA-SHA256';
export const ALGORITHM_URIS: Readonly<Record<XmlSignatureAlgorithm, string>> = { 'RSA-SHA256': RSA_SHA256, 'ECDSA-SHA256': ECDSA_SHA256 };

export const pemOf = (certificate: x509.X509Certificate): string => certificate.toString('pem');

/** The public key of a certificate, as Node reads it, and the XML-DSig algorithm that goes with it */
type KeyFacts = { key: KeyObject; algorithm: XmlSignatureAlgorithm; coordinate: number };
const factsOf = new WeakMap<x509.X509Certificate, KeyFacts>();

export function keyFactsOf(certificate: x509.X509Certificate): KeyFacts {
  let facts = factsOf.get(certificate);
  if (!facts) {
    facts = readKeyFacts(certificate);
    factsOf.set(certificate, facts);
  }
  return facts;
}

function readKeyFacts(certificate: x509.X509Certificate): KeyFacts {
  let key: KeyObject;
  try {
    key = createPublicKey(pemOf(certificate));
  } catch (err) {
    throw new EdxmlError('EDXML_CERTIFICATE_INVALID', { reason: 'không đọc được khóa công khai' }, { cause: err });
  }
  if (key.asymmetricKeyType === 'rsa') return { key, algorithm: 'RSA-SHA256', coordinate: 0 };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const coordinate = curve === 'prime256v1' ? 32 : curve === 'secp384r1' ? 48 : curve === 'secp521r1' ? 66 : 0;
    if (coordinate) return { key, algorithm: 'ECDSA-SHA256', coordinate };
  }
  throw new EdxmlError('EDXML_CERTIFICATE_INVALID', { reason: `khóa ${key.asymmetricKeyType ?? '?'} không dùng được (cần RSA hoặc ECDSA P-256/384/521)` });
}

/** A DER ECDSA-Sig-Value as r||s, each padded to the curve's size; raw input passes unchanged */
export function ecdsaRaw(signature: Uint8Array, coordinate: number): Uint8Array {
  if (signature.length === 2 * coordinate) return signature;
  const bad = () => new EdxmlError('EDXML_KEY_INVALID', { reason: 'chữ ký ECDSA không đúng dạng' });
  if (signature[0] !== 0x30) throw bad();
  let at = signature[1]! & 0x80 ? 2 + (signature[1]! & 0x7f) : 2;
  const out = new Uint8Array(2 * coordinate);
  for (let i = 0; i < 2; i++) {
    if (signature[at] !== 0x02) throw bad();
    const len = signature[at + 1]!;
    let value = signature.subarray(at + 2, at + 2 + len);
    while (value.length > coordinate && value[0] === 0) value = value.subarray(1);
    if (value.length > coordinate || at + 2 + len > signature.length) throw bad();
    out.set(value, (i + 1) * coordinate - value.length);
    at += 2 + len;
  }
  return out;
}

/** Verification only: signing goes through the caller's signer (a token may hold the key) */
export class EcdsaSha256 implements SignatureAlgorithm {
  getSignature(): never {
    throw new Error('ECDSA signing goes through the XmlSigner');
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    return verifyRaw('sha256', Buffer.from(material, 'utf8'), { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureValue, 'base64'));
  }

  getAlgorithmName(): string {
    return ECDSA_SHA256;
  }
}
