/**
 * The CMS signed attributes every signature of ours carries: contentType, messageDigest and the ESS
 * signing-certificate-v2 (RFC 5035), which binds the signature to the signer's certificate. RFC 3161 timestamps
 * and PAdES baseline signatures both require it. Encoded as DER directly (der-writer.ts), the certificate part
 * once per certificate: pkijs took milliseconds per signature for the same bytes.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from './algorithms.ts';
import { pkijs, type x509 } from './crypto.ts';
import { readTlv } from './der-reader.ts';
import { context, objectIdentifier, octetString, sequence, setOf } from './der-writer.ts';

export const SIGNING_CERTIFICATE_V2_OID = OID.signingCertificateV2;
export const CONTENT_TYPE_OID = OID.contentType;
export const MESSAGE_DIGEST_OID = OID.messageDigest;

/** The issuer Name and serial INTEGER of a certificate, as they are encoded in it */
export function issuerAndSerialOf(der: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const tbs = readTlv(der).child(0)!.children();
  const at = tbs[0]!.is(2, 0) ? 1 : 0; // [0] version
  return { serial: tbs[at]!.raw, issuer: tbs[at + 2]!.raw };
}

const essAttributes = new WeakMap<x509.X509Certificate, Uint8Array>();

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 for the signer:
 * SHA-256 of the certificate (the DEFAULT algorithm, so omitted) and its issuer (GeneralNames with one
 * directoryName, [4] EXPLICIT as Name is a CHOICE) and serial. The whole Attribute, DER.
 */
export function signingCertificateV2Der(certificate: x509.X509Certificate): Uint8Array {
  let attribute = essAttributes.get(certificate);
  if (!attribute) {
    const der = new Uint8Array(certificate.rawData);
    const { issuer, serial } = issuerAndSerialOf(der);
    const essCertId = sequence(octetString(createHash('sha256').update(der).digest()), sequence(sequence(context(4, issuer)), serial));
    attribute = sequence(objectIdentifier(OID.signingCertificateV2), setOf(sequence(sequence(essCertId))));
    essAttributes.set(certificate, attribute);
  }
  return attribute;
}

export const contentTypeAttributeDer = (oid: string) => sequence(objectIdentifier(OID.contentType), setOf(objectIdentifier(oid)));
export const messageDigestAttributeDer = (digest: Uint8Array) => sequence(objectIdentifier(OID.messageDigest), setOf(octetString(digest)));

const attribute = (der: Uint8Array) => new pkijs.Attribute({ schema: asn1js.fromBER(der.slice()).result });

/** The same attributes as pkijs objects, for SignedData built with pkijs (the TSA) */
export const signingCertificateV2 = (certificate: x509.X509Certificate): pkijs.Attribute => attribute(signingCertificateV2Der(certificate));
export const contentTypeAttribute = (oid: string): pkijs.Attribute => attribute(contentTypeAttributeDer(oid));
export const messageDigestAttribute = (digest: Uint8Array): pkijs.Attribute => attribute(messageDigestAttributeDer(digest));
