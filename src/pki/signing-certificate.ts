/**
 * The ESS signing-certificate-v2 attribute (RFC 5035), which binds a CMS signature to the signer's certificate.
 * RFC 3161 timestamps and PAdES baseline signatures both require it; pkijs has no class for it, so it is
 * built here from asn1js parts.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs, type x509 } from './crypto.ts';

export const SIGNING_CERTIFICATE_V2_OID = '1.2.840.113549.1.9.16.2.47';
export const CONTENT_TYPE_OID = '1.2.840.113549.1.9.3';
export const MESSAGE_DIGEST_OID = '1.2.840.113549.1.9.4';

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 for the signer:
 * SHA-256 of the certificate (the DEFAULT algorithm, so omitted) and its issuer and serial.
 */
export function signingCertificateV2(certificate: x509.X509Certificate): pkijs.Attribute {
  const parsed = pkijs.Certificate.fromBER(certificate.rawData);
  const hash = createHash('sha256').update(new Uint8Array(certificate.rawData)).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames with one directoryName [4] (EXPLICIT, as Name is a CHOICE)
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [parsed.issuer.toSchema()] })] }),
      parsed.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: hash }), issuerSerial] });
  return new pkijs.Attribute({ type: SIGNING_CERTIFICATE_V2_OID, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] });
}

export const contentTypeAttribute = (oid: string) => new pkijs.Attribute({ type: CONTENT_TYPE_OID, values: [new asn1js.ObjectIdentifier({ value: oid })] });

export const messageDigestAttribute = (digest: Uint8Array) => new pkijs.Attribute({ type: MESSAGE_DIGEST_OID, values: [new asn1js.OctetString({ valueHex: digest })] });
