/**
 * Checks one CMS SignedData (RFC 5652): the signer's certificate, the digest of the content against the
 * messageDigest attribute, the signature value against the certificate's key, the ESS signing-certificate
 * attribute, and what the unsigned attributes carry. Used for PDF signatures, their timestamp tokens and
 * document timestamps. The verification goes through node:crypto directly: pkijs' SignedData.verify does not
 * tell a digest mismatch from a bad signature value, which the ETSI indications must.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs, x509 } from '../../pki/index.ts';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimestamp: '1.2.840.113549.1.9.16.2.14',
  adbeRevocation: '1.2.840.113583.1.1.8',
  rsaPss: '1.2.840.113549.1.1.10',
} as const;

/** Digest algorithm OIDs, and signature algorithm OIDs that producers put where a digest OID belongs */
const HASHES: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5', '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.4': 'sha224', '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.1.1.4': 'md5', '1.2.840.113549.1.1.5': 'sha1', '1.2.840.113549.1.1.14': 'sha224', '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', '1.2.840.10045.4.3.1': 'sha224', '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};
/** Too weak to prove anything made today (ETSI TS 119 312) */
export const WEAK_HASHES: ReadonlySet<string> = new Set(['md5', 'sha1']);

export const hashName = (oid: string): string | undefined => HASHES[oid];

export interface SignedDataCheck {
  /** The signer's certificate, found among those the CMS carries */
  readonly signer?: x509.X509Certificate;
  readonly certificates: readonly x509.X509Certificate[];
  readonly digestAlgorithm?: string;
  /** messageDigest (or the signature itself, without signed attributes) agrees with the content */
  readonly digestMatches: boolean;
  /** The signature value verifies under the signer's key */
  readonly signatureValid: boolean;
  /** signingCertificate(V2) present and naming the signer's certificate; undefined when absent */
  readonly signingCertificateMatches?: boolean;
  readonly signingCertificateV2: boolean;
  readonly claimedSigningTime?: Date;
  readonly signatureValue: Uint8Array;
  /** The encapsulated content, when not detached (a timestamp's TSTInfo) */
  readonly content?: Uint8Array;
  readonly timestampToken?: Uint8Array;
  /** CRLs and OCSP responses carried inside the signature (Adobe's revocation archival attribute) */
  readonly revocation: { readonly crls: Uint8Array[]; readonly ocsps: Uint8Array[] };
  readonly problems: readonly string[];
}

export class SignedDataFormatError extends Error {}

const bytesOf = (view: ArrayBuffer | Uint8Array) => (view instanceof Uint8Array ? view : new Uint8Array(view));
const raw = (block: asn1js.AsnType): Uint8Array<ArrayBuffer> => (block as asn1js.BaseBlock).valueBeforeDecodeView.slice();

function parse(cms: Uint8Array): { signed: pkijs.SignedData; certificates: Uint8Array<ArrayBuffer>[] } {
  const asn1 = asn1js.fromBER(cms);
  if (asn1.offset === -1) throw new SignedDataFormatError('CMS không phải DER hợp lệ');
  let info: pkijs.ContentInfo;
  let signed: pkijs.SignedData;
  try {
    info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new SignedDataFormatError(`CMS không phải SignedData (${info.contentType})`);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    if (err instanceof SignedDataFormatError) throw err;
    throw new SignedDataFormatError(`cấu trúc CMS sai: ${(err as Error).message.slice(0, 120)}`);
  }
  // The certificates as they were encoded: re-encoding a certificate that is not strict DER would break its signature
  const certificates: Uint8Array<ArrayBuffer>[] = [];
  const sequence = (info.content as asn1js.Sequence).valueBlock?.value ?? [];
  for (const element of sequence) {
    if (element.idBlock.tagClass === 3 && element.idBlock.tagNumber === 0) {
      for (const cert of (element as asn1js.Constructed).valueBlock.value) if (cert.idBlock.tagClass === 1) certificates.push(raw(cert));
    }
  }
  return { signed, certificates };
}

function keyOf(certificate: x509.X509Certificate): KeyObject {
  return createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' });
}

function sameSid(sid: pkijs.SignerInfo['sid'], certificate: x509.X509Certificate, parsed: pkijs.Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) return parsed.serialNumber.isEqual(sid.serialNumber) && parsed.issuer.isEqual(sid.issuer);
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const wanted = Buffer.from((sid as asn1js.OctetString).valueBlock?.valueHexView ?? new Uint8Array()).toString('hex');
  return ski !== undefined && ski.toLowerCase() === wanted;
}

function essMatches(attribute: pkijs.Attribute, certificate: Uint8Array, v2: boolean): boolean {
  try {
    const certs = (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const parts = first.valueBlock.value;
    let algorithm = v2 ? 'sha256' : 'sha1';
    let hashAt = 0;
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      algorithm = hashName((parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()) ?? 'unknown';
      hashAt = 1;
    }
    const expected = Buffer.from((parts[hashAt] as asn1js.OctetString).valueBlock.valueHexView);
    return expected.equals(createHash(algorithm).update(certificate).digest());
  } catch {
    return false;
  }
}

function verifySignature(signerInfo: pkijs.SignerInfo, data: Uint8Array, digest: string, certificate: x509.X509Certificate): boolean {
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  const signature = signerInfo.signature.valueBlock.valueHexView;
  const key = keyOf(certificate);
  try {
    if (algorithm === OID.rsaPss) {
      const params = new pkijs.RSASSAPSSParams({ schema: signerInfo.signatureAlgorithm.algorithmParams });
      const hash = hashName(params.hashAlgorithm.algorithmId) ?? 'sha1';
      return verify(hash, data, { key, padding: 6, saltLength: params.saltLength }, signature);
    }
    const hash = hashName(algorithm) ?? digest;
    if (key.asymmetricKeyType === 'ec') return verify(hash, data, { key, dsaEncoding: 'der' }, signature);
    return verify(hash, data, key, signature);
  } catch {
    return false;
  }
}

/**
 * `digestOf(algorithm)` returns the digest of the detached content (the PDF's byte ranges), `detached()` the
 * content itself for signatures without signed attributes; without them the encapsulated content is used.
 */
export function checkSignedData(cms: Uint8Array, digestOf?: (algorithm: string) => Uint8Array, detached?: () => Uint8Array): SignedDataCheck {
  const { signed, certificates: encoded } = parse(cms);
  const problems: string[] = [];
  const signerInfo = signed.signerInfos[0];
  if (!signerInfo) throw new SignedDataFormatError('CMS không có SignerInfo');
  if (signed.signerInfos.length > 1) problems.push('CMS có nhiều SignerInfo; chỉ SignerInfo đầu được xét');
  const certificates: x509.X509Certificate[] = [];
  let signer: x509.X509Certificate | undefined;
  let signerDer: Uint8Array | undefined;
  for (const der of encoded) {
    try {
      const certificate = new x509.X509Certificate(der);
      certificates.push(certificate);
      if (!signer && sameSid(signerInfo.sid, certificate, pkijs.Certificate.fromBER(der))) {
        signer = certificate;
        signerDer = der;
      }
    } catch {
      problems.push('một chứng thư trong CMS không đọc được');
    }
  }
  const digestAlgorithm = hashName(signerInfo.digestAlgorithm.algorithmId);
  // An empty eContent (some e-office signers write one) means detached, as absent does
  const encapsulated = signed.encapContentInfo.eContent ? bytesOf(signed.encapContentInfo.eContent.getValue()) : undefined;
  const content = encapsulated?.length ? encapsulated : undefined;
  const signatureValue = bytesOf(signerInfo.signature.valueBlock.valueHexView);
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const attribute = (oid: string) => attributes.find((a) => a.type === oid);
  const unsigned = signerInfo.unsignedAttrs?.attributes ?? [];

  let digestMatches = false;
  let signatureValid = false;
  if (!digestAlgorithm) problems.push(`thuật toán băm ${signerInfo.digestAlgorithm.algorithmId} không được hỗ trợ`);
  else if (!signer) problems.push('CMS không chứa chứng thư của người ký');
  else {
    const contentDigest = digestOf && !content ? digestOf(digestAlgorithm) : createHash(digestAlgorithm).update(content ?? new Uint8Array()).digest();
    if (signerInfo.signedAttrs) {
      const messageDigest = attribute(OID.messageDigest)?.values[0];
      const claimed = messageDigest instanceof asn1js.OctetString ? Buffer.from(messageDigest.valueBlock.valueHexView) : undefined;
      if (!claimed) problems.push('thiếu thuộc tính messageDigest');
      digestMatches = claimed !== undefined && claimed.equals(contentDigest);
      signatureValid = verifySignature(signerInfo, bytesOf(signerInfo.signedAttrs.encodedValue), digestAlgorithm, signer);
    } else {
      // No signed attributes: the signature is over the content itself (older adbe.pkcs7.detached producers)
      const data = content ?? detached?.();
      signatureValid = data ? verifySignature(signerInfo, data, digestAlgorithm, signer) : false;
      // Without a messageDigest the two failures cannot be told apart; a wrong digest shows as a bad value
      digestMatches = true;
    }
  }
  // adbe.pkcs7.sha1: the encapsulated content is itself the SHA-1 of the byte ranges
  if (content && digestOf && signer) {
    digestMatches = digestMatches && Buffer.from(content).equals(digestOf('sha1'));
  }

  const v2 = attribute(OID.signingCertificateV2);
  const v1 = attribute(OID.signingCertificate);
  const signingCertificateMatches = signerDer && (v2 || v1) ? essMatches((v2 ?? v1)!, signerDer, v2 !== undefined) : undefined;
  const timeValue = attribute(OID.signingTime)?.values[0];
  const claimedSigningTime = timeValue instanceof asn1js.UTCTime || timeValue instanceof asn1js.GeneralizedTime ? timeValue.toDate() : undefined;
  const timestamp = unsigned.find((a) => a.type === OID.signatureTimestamp)?.values[0];
  const revocation = { crls: [] as Uint8Array[], ocsps: [] as Uint8Array[] };
  const archival = attribute(OID.adbeRevocation)?.values[0];
  if (archival instanceof asn1js.Sequence) {
    for (const part of archival.valueBlock.value) {
      const items = (part as asn1js.Constructed).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
      for (const item of items?.valueBlock?.value ?? []) {
        if (part.idBlock.tagNumber === 0) revocation.crls.push(raw(item));
        else if (part.idBlock.tagNumber === 1) revocation.ocsps.push(raw(item));
      }
    }
  }
  return {
    signer, certificates, digestAlgorithm, digestMatches, signatureValid, signingCertificateMatches, signingCertificateV2: v2 !== undefined,
    claimedSigningTime, signatureValue, content, timestampToken: timestamp ? raw(timestamp) : undefined, revocation, problems,
  };
}

export interface TimestampCheck extends SignedDataCheck {
  readonly genTime?: Date;
  /** The token's message imprint equals the digest of what it claims to stamp */
  readonly imprintMatches: boolean;
}

/** A TimeStampToken (RFC 3161) over `data` (or, for a document timestamp, over the digest given by `digestOf`). */
export function checkTimestampToken(token: Uint8Array, imprintOf: (algorithm: string) => Uint8Array): TimestampCheck {
  const check = checkSignedData(token);
  if (!check.content) return { ...check, imprintMatches: false, problems: [...check.problems, 'dấu thời gian không có TSTInfo'] };
  try {
    const info = new pkijs.TSTInfo({ schema: asn1js.fromBER(check.content).result });
    const algorithm = hashName(info.messageImprint.hashAlgorithm.algorithmId);
    const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
    const imprintMatches = algorithm !== undefined && imprint.equals(imprintOf(algorithm));
    return { ...check, genTime: info.genTime, imprintMatches };
  } catch (err) {
    return { ...check, imprintMatches: false, problems: [...check.problems, `TSTInfo sai: ${(err as Error).message.slice(0, 80)}`] };
  }
}
