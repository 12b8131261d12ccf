/**
 * The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §5.1, ETSI.CAdES.detached): detached content, signed
 * attributes contentType, messageDigest and signingCertificateV2, and no signing-time (the time belongs in the
 * signature dictionary's /M). Built here with pkijs because @libpdf/core's CMS writes signing-time.
 * In two halves, so that the signature value can come from elsewhere (a USB token, a remote signer).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import { contentTypeAttribute, crypto, ecdsaRawToDer, messageDigestAttribute, pkijs, signingCertificateV2, x509 } from '../pki/index.ts';
import { PadesError } from './pades.errors.ts';

const ID_DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const RSA_SHA256 = '1.2.840.113549.1.1.11';
const SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';

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

/** The signed attributes as DER, in the SET OF form that is hashed and signed (RFC 5652 §5.4). */
export function signedAttributes(certificate: x509.X509Certificate, contentDigest: Uint8Array): Uint8Array {
  const attributes = new pkijs.SignedAndUnsignedAttributes({
    type: 0, attributes: [contentTypeAttribute(ID_DATA), messageDigestAttribute(contentDigest), signingCertificateV2(certificate)],
  });
  const der = new Uint8Array(attributes.toSchema().toBER());
  der[0] = 0x31;
  return der;
}

export const attributesDigest = (attributes: Uint8Array): Uint8Array => createHash('sha256').update(attributes).digest();

const isEc = (certificate: x509.X509Certificate) => certificate.publicKey.algorithm.name === 'ECDSA';

/**
 * The SignedData around a signature value made elsewhere. The value is checked against the certificate's key
 * first: a token that signed with another key, or a garbled answer, never reaches a document.
 */
export function assembleCms(signer: CmsCertificates, attributes: Uint8Array, signature: Uint8Array, timestampToken?: Uint8Array): Uint8Array {
  const publicKey = createPublicKey({ key: Buffer.from(signer.certificate.publicKey.rawData), format: 'der', type: 'spki' });
  let valid = false;
  try {
    valid = verify('sha256', attributes, publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new PadesError('PADES_SIGNATURE_VALUE_INVALID', { subject: signer.certificate.subject });
  const cert = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const set = asn1js.fromBER(attributes).result as asn1js.Set;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: set.valueBlock.value.map((schema) => new pkijs.Attribute({ schema })) }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(isEc(signer.certificate) ? { algorithmId: ECDSA_SHA256 } : { algorithmId: RSA_SHA256, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
    // B-T: the signature timestamp token, over the signature value (ETSI EN 319 122-1 §5.3)
    ...(timestampToken ? { unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [new pkijs.Attribute({ type: SIGNATURE_TIMESTAMP, values: [asn1js.fromBER(timestampToken.slice()).result] })] }) } : {}),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
    signerInfos: [signerInfo],
    certificates: [cert, ...signer.chain.map((c) => pkijs.Certificate.fromBER(c.rawData))],
  });
  const info = new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
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
