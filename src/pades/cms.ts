/**
 * The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §5.1, ETSI.CAdES.detached): detached content, signed
 * attributes contentType, messageDigest and signingCertificateV2, and no signing-time (the time belongs in the
 * signature dictionary's /M). Built here with pkijs because @libpdf/core's CMS writes signing-time.
 */
import * as asn1js from 'asn1js';
import { contentTypeAttribute, crypto, messageDigestAttribute, pkijs, signingCertificateV2, x509 } from '../pki/index.ts';

const ID_DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';

export interface CmsSigner {
  readonly certificate: x509.X509Certificate;
  /** Certificates above the signer's, embedded so a validator can build the chain */
  readonly chain: readonly x509.X509Certificate[];
  /** A WebCrypto key, or an external one (a token) through the engine's crypto facade */
  readonly privateKey: CryptoKey;
}

/** The detached CMS SignedData over a SHA-256 digest of the signed byte ranges. */
export async function buildCms(signer: CmsSigner, contentDigest: Uint8Array): Promise<Uint8Array> {
  const cert = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
    signerInfos: [new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({
        type: 0,
        attributes: [contentTypeAttribute(ID_DATA), messageDigestAttribute(contentDigest), signingCertificateV2(signer.certificate)],
      }),
    })],
    certificates: [cert, ...signer.chain.map((c) => pkijs.Certificate.fromBER(c.rawData))],
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256', undefined, new pkijs.CryptoEngine({ name: 'congvan', crypto }));
  const info = new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
}

/** The signer's certificate and the attribute OIDs of a CMS, for tests and the validator. */
export function signedAttributeTypes(cms: Uint8Array): string[] {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result });
  const signed = new pkijs.SignedData({ schema: info.content });
  return signed.signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type) ?? [];
}
