/**
 * The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §5.1, ETSI.CAdES.detached): detached content, signed
 * attributes contentType, messageDigest and signingCertificateV2, and no signing-time (the time belongs in the
 * signature dictionary's /M). Built here, in DER (pki/der-writer.ts), because @libpdf/core's CMS writes signing-time.
 * In two halves, so that the signature value can come from elsewhere (a USB token, a remote signer).
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  contentTypeAttributeDer, context, crypto, DER_NULL, derInteger, ecdsaRawToDer, issuerAndSerialOf, messageDigestAttributeDer, objectIdentifier,
  octetString, OID, pkijs, sequence, setOf, signingCertificateV2Der, x509,
} from '../pki/index.ts';
import { PadesError } from './pades.errors.ts';


export interface CmsCertificates {
  readonly certificate: x509.X509Certificate;
  /** Certificates above the signer's, embedded so a validator can build the chain */
  readonly chain: readonly x509.X509Certificate[];
}

export interface CmsSigner extends CmsCertificates {
  /** A WebCrypto key, or an external one (a token) through the engine's crypto facade */
  readonly privateKey?: CryptoKey;
  /** Or a function that signs with SHA-256 and returns the CMS form (ECDSA as DER): a PKCS#12 file's key */
  readonly signData?: (data: Uint8Array) => Promise<Uint8Array>;
}

/** What a signature needs from its certificate, worked out once per certificate */
interface CertificateFacts {
  readonly der: Uint8Array;
  readonly issuerAndSerial: Uint8Array;
  readonly key: KeyObject;
  readonly ec: boolean;
}
const facts = new WeakMap<x509.X509Certificate, CertificateFacts>();
function factsOf(certificate: x509.X509Certificate): CertificateFacts {
  let known = facts.get(certificate);
  if (!known) {
    const der = new Uint8Array(certificate.rawData);
    const { issuer, serial } = issuerAndSerialOf(der);
    known = {
      der, issuerAndSerial: sequence(issuer, serial), ec: isEc(certificate),
      key: createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' }),
    };
    facts.set(certificate, known);
  }
  return known;
}

/** The signed attributes as DER, in the SET OF form that is hashed and signed (RFC 5652 §5.4). */
export function signedAttributes(certificate: x509.X509Certificate, contentDigest: Uint8Array): Uint8Array {
  return setOf(contentTypeAttributeDer(OID.data), messageDigestAttributeDer(contentDigest), signingCertificateV2Der(certificate));
}

export const attributesDigest = (attributes: Uint8Array): Uint8Array => createHash('sha256').update(attributes).digest();

const isEc = (certificate: x509.X509Certificate) => certificate.publicKey.algorithm.name === 'ECDSA';

/**
 * The SignedData around a signature value made elsewhere. The value is checked against the certificate's key
 * first: a token that signed with another key, or a garbled answer, never reaches a document.
 */
export function assembleCms(signer: CmsCertificates, attributes: Uint8Array, signature: Uint8Array, timestampToken?: Uint8Array): Uint8Array {
  const own = factsOf(signer.certificate);
  let valid = false;
  try {
    valid = verify('sha256', attributes, own.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new PadesError('PADES_SIGNATURE_VALUE_INVALID', { subject: signer.certificate.subject });
  const sha256 = sequence(objectIdentifier(OID.sha256));
  const implicitAttributes = Uint8Array.from(attributes);
  implicitAttributes[0] = 0xa0; // [0] IMPLICIT SET OF Attribute
  const signerInfo = sequence(
    derInteger(1), own.issuerAndSerial, sha256, implicitAttributes,
    own.ec ? sequence(objectIdentifier(OID.ecdsaSha256)) : sequence(objectIdentifier(OID.rsaSha256), DER_NULL),
    octetString(signature),
    // B-T: the signature timestamp token, over the signature value (ETSI EN 319 122-1 §5.3)
    ...(timestampToken ? [context(1, sequence(objectIdentifier(OID.signatureTimestamp), setOf(timestampToken)))] : []),
  );
  const signedData = sequence(
    derInteger(1), setOf(sha256), sequence(objectIdentifier(OID.data)),
    context(0, own.der, ...signer.chain.map((c) => factsOf(c).der)),
    setOf(signerInfo),
  );
  return sequence(objectIdentifier(OID.signedData), context(0, signedData));
}

/** The signature value over the signed attributes, with a key at hand (software, or a token through the crypto facade). */
export async function signAttributes(signer: CmsSigner, attributes: Uint8Array): Promise<Uint8Array> {
  if (signer.signData) return signer.signData(attributes);
  if (!signer.privateKey) throw new PadesError('PADES_SIGNER_MISSING');
  const ec = isEc(signer.certificate);
  const algorithm = ec ? { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams : { name: 'RSASSA-PKCS1-v1_5' };
  const raw = new Uint8Array(await crypto.subtle.sign(algorithm, signer.privateKey, new Uint8Array(attributes)));
  return ec ? ecdsaRawToDer(raw) : raw;
}

/** The signed attribute OIDs of a CMS, for tests and the validator. */
export function signedAttributeTypes(cms: Uint8Array): string[] {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result });
  const signed = new pkijs.SignedData({ schema: info.content });
  return signed.signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type) ?? [];
}
