/**
 * Checks one CMS SignedData (RFC 5652): the signer's certificate, the digest of the content against the
 * messageDigest attribute, the signature value against the certificate's key, the ESS signing-certificate
 * attribute, and what the unsigned attributes carry. Used for PDF signatures, their timestamp tokens and
 * document timestamps. The verification goes through node:crypto directly: pkijs' SignedData.verify does not
 * tell a digest mismatch from a bad signature value, which the ETSI indications must; the structure is walked
 * with der.ts, not pkijs, for speed (see there).
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { hashNameOf, integer, integerHex, issuerAndSerialOf, OID, oid, readTlv, time, x509, type Tlv } from '../../pki/index.ts';


const ADBE_REVOCATION = '1.2.840.113583.1.1.8';

/** Too weak to prove anything made today (ETSI TS 119 312) */
export const WEAK_HASHES: ReadonlySet<string> = new Set(['md5', 'sha1']);



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

/** Certificates seen before, by the digest of their DER: parsing one costs more than a whole PDF signature check */
const certificateCache = new Map<string, x509.X509Certificate>();
export function certificateOf(der: Uint8Array): x509.X509Certificate {
  const key = createHash('sha256').update(der).digest('hex');
  let certificate = certificateCache.get(key);
  if (!certificate) {
    certificate = new x509.X509Certificate(der.slice());
    if (certificateCache.size >= 512) certificateCache.delete(certificateCache.keys().next().value!);
    certificateCache.set(key, certificate);
  }
  return certificate;
}

interface ParsedSignedData {
  readonly certificates: Uint8Array[];
  readonly content?: Uint8Array;
  readonly signerCount: number;
  readonly sid: { readonly issuer?: Uint8Array; readonly serial?: string; readonly ski?: string };
  readonly digestAlgorithm: string;
  readonly signedAttrs?: { readonly data: Uint8Array; readonly attributes: Map<string, Tlv[]> };
  readonly signatureAlgorithm: string;
  readonly signatureParams?: Tlv;
  readonly signature: Uint8Array;
  readonly unsignedAttributes: Map<string, Tlv[]>;
}

function attributesOf(set: Tlv): Map<string, Tlv[]> {
  const out = new Map<string, Tlv[]>();
  for (const attribute of set.children()) {
    const [type, values] = attribute.children();
    if (!type || !values) continue;
    out.set(oid(type), values.children());
  }
  return out;
}

/** An OCTET STRING's bytes, joining the pieces of a constructed (BER) one */
function octets(tlv: Tlv): Uint8Array {
  if (!tlv.constructed) return tlv.contents;
  return Buffer.concat(tlv.children().map(octets));
}

function parse(cms: Uint8Array): ParsedSignedData {
  try {
    const info = readTlv(cms);
    const [type, wrapped] = info.children();
    if (oid(type) !== OID.signedData) throw new SignedDataFormatError(`CMS không phải SignedData (${oid(type)})`);
    const parts = wrapped!.child(0)!.children();
    let i = 1; // after version
    i++; // digestAlgorithms
    const encap = parts[i++]!.children();
    const eContent = encap[1]?.child(0);
    const certificates: Uint8Array[] = [];
    while (parts[i] && parts[i]!.tagClass === 2) {
      if (parts[i]!.tag === 0) for (const cert of parts[i]!.children()) if (cert.is(0, 16)) certificates.push(cert.raw);
      i++;
    }
    const signerInfos = parts[i]!.children();
    const info0 = signerInfos[0];
    if (!info0) throw new SignedDataFormatError('CMS không có SignerInfo');
    const fields = info0.children();
    let f = 1;
    const sidTlv = fields[f++]!;
    const sid = sidTlv.is(2, 0)
      ? { ski: Buffer.from(sidTlv.contents).toString('hex') }
      : { issuer: sidTlv.child(0)!.raw, serial: integerHex(sidTlv.child(1)) };
    const digestAlgorithm = oid(fields[f++]!.child(0));
    let signedAttrs: ParsedSignedData['signedAttrs'];
    if (fields[f]!.is(2, 0)) {
      const raw = Uint8Array.from(fields[f]!.raw);
      raw[0] = 0x31; // hashed and signed as SET OF (RFC 5652 §5.4)
      signedAttrs = { data: raw, attributes: attributesOf(fields[f]!) };
      f++;
    }
    const algorithm = fields[f++]!.children();
    const signature = octets(fields[f++]!);
    const unsignedAttributes = fields[f]?.is(2, 1) ? attributesOf(fields[f]!) : new Map<string, Tlv[]>();
    return {
      certificates, content: eContent ? octets(eContent) : undefined, signerCount: signerInfos.length, sid, digestAlgorithm, signedAttrs,
      signatureAlgorithm: oid(algorithm[0]), signatureParams: algorithm[1], signature, unsignedAttributes,
    };
  } catch (err) {
    if (err instanceof SignedDataFormatError) throw err;
    throw new SignedDataFormatError(`cấu trúc CMS sai: ${(err as Error).message.slice(0, 120)}`);
  }
}

const keys = new WeakMap<x509.X509Certificate, KeyObject>();
function keyOf(certificate: x509.X509Certificate): KeyObject {
  let key = keys.get(certificate);
  if (!key) keys.set(certificate, (key = createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' })));
  return key;
}

function sameSid(sid: ParsedSignedData['sid'], certificate: x509.X509Certificate, der: Uint8Array): boolean {
  if (sid.ski !== undefined) return certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId.toLowerCase() === sid.ski;
  const mine = issuerAndSerialOf(der);
  return integerHex(readTlv(mine.serial)) === sid.serial && Buffer.from(mine.issuer).equals(Buffer.from(sid.issuer!));
}

function essMatches(value: Tlv | undefined, certificate: Uint8Array, v2: boolean): boolean {
  try {
    const first = value!.child(0)!.child(0)!.children();
    let algorithm = v2 ? 'sha256' : 'sha1';
    let hashAt = 0;
    if (v2 && first[0]!.is(0, 16)) {
      algorithm = hashNameOf(oid(first[0]!.child(0))) ?? 'unknown';
      hashAt = 1;
    }
    return Buffer.from(first[hashAt]!.contents).equals(createHash(algorithm).update(certificate).digest());
  } catch {
    return false;
  }
}

/** RSASSA-PSS-params: hash [0], salt length [2]; RFC 4055 defaults */
function pssParams(params: Tlv | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  for (const part of params?.children() ?? []) {
    if (part.is(2, 0)) hash = hashNameOf(oid(part.child(0)!.child(0))) ?? hash;
    if (part.is(2, 2)) saltLength = integer(part.child(0));
  }
  return { hash, saltLength };
}

function verifySignature(parsed: ParsedSignedData, data: Uint8Array, digest: string, certificate: x509.X509Certificate): boolean {
  const key = keyOf(certificate);
  try {
    if (parsed.signatureAlgorithm === OID.rsaPss) {
      const { hash, saltLength } = pssParams(parsed.signatureParams);
      return verify(hash, data, { key, padding: 6, saltLength }, parsed.signature);
    }
    const hash = hashNameOf(parsed.signatureAlgorithm) ?? digest;
    if (key.asymmetricKeyType === 'ec') return verify(hash, data, { key, dsaEncoding: 'der' }, parsed.signature);
    return verify(hash, data, key, parsed.signature);
  } catch {
    return false;
  }
}

/**
 * `digestOf(algorithm)` returns the digest of the detached content (the PDF's byte ranges), `detached()` the
 * content itself for signatures without signed attributes; without them the encapsulated content is used.
 */
export function checkSignedData(cms: Uint8Array, digestOf?: (algorithm: string) => Uint8Array, detached?: () => Uint8Array): SignedDataCheck {
  const parsed = parse(cms);
  const problems: string[] = [];
  if (parsed.signerCount > 1) problems.push('CMS có nhiều SignerInfo; chỉ SignerInfo đầu được xét');
  const certificates: x509.X509Certificate[] = [];
  let signer: x509.X509Certificate | undefined;
  let signerDer: Uint8Array | undefined;
  for (const der of parsed.certificates) {
    try {
      const certificate = certificateOf(der);
      certificates.push(certificate);
      if (!signer && sameSid(parsed.sid, certificate, der)) {
        signer = certificate;
        signerDer = der;
      }
    } catch {
      problems.push('một chứng thư trong CMS không đọc được');
    }
  }
  const digestAlgorithm = hashNameOf(parsed.digestAlgorithm);
  // An empty eContent (some e-office signers write one) means detached, as absent does
  const content = parsed.content?.length ? parsed.content : undefined;
  const attribute = (type: string) => parsed.signedAttrs?.attributes.get(type)?.[0];

  let digestMatches = false;
  let signatureValid = false;
  if (!digestAlgorithm) problems.push(`thuật toán băm ${parsed.digestAlgorithm} không được hỗ trợ`);
  else if (!signer) problems.push('CMS không chứa chứng thư của người ký');
  else if (parsed.signedAttrs) {
    const contentDigest = digestOf && !content ? digestOf(digestAlgorithm) : createHash(digestAlgorithm).update(content ?? new Uint8Array()).digest();
    const claimed = attribute(OID.messageDigest);
    if (!claimed?.is(0, 4)) problems.push('thiếu thuộc tính messageDigest');
    digestMatches = claimed?.is(0, 4) === true && Buffer.from(claimed.contents).equals(contentDigest);
    signatureValid = verifySignature(parsed, parsed.signedAttrs.data, digestAlgorithm, signer);
  } else {
    // No signed attributes: the signature is over the content itself (older adbe.pkcs7.detached producers)
    const data = content ?? detached?.();
    signatureValid = data ? verifySignature(parsed, data, digestAlgorithm, signer) : false;
    // Without a messageDigest the two failures cannot be told apart; a wrong digest shows as a bad value
    digestMatches = true;
  }
  // adbe.pkcs7.sha1: the encapsulated content is itself the SHA-1 of the byte ranges
  if (content && digestOf && signer) digestMatches = digestMatches && Buffer.from(content).equals(digestOf('sha1'));

  const v2 = attribute(OID.signingCertificateV2);
  const v1 = attribute(OID.signingCertificate);
  const signingCertificateMatches = signerDer && (v2 || v1) ? essMatches(v2 ?? v1, signerDer, v2 !== undefined) : undefined;
  const claimedSigningTime = time(attribute(OID.signingTime));
  const timestamp = parsed.unsignedAttributes.get(OID.signatureTimestamp)?.[0];
  const revocation = { crls: [] as Uint8Array[], ocsps: [] as Uint8Array[] };
  const archival = attribute(ADBE_REVOCATION);
  for (const part of archival?.children() ?? []) {
    const items = part.child(0)?.children() ?? [];
    if (part.is(2, 0)) revocation.crls.push(...items.map((t) => t.raw));
    else if (part.is(2, 1)) revocation.ocsps.push(...items.map((t) => t.raw));
  }
  return {
    signer, certificates, digestAlgorithm, digestMatches, signatureValid, signingCertificateMatches, signingCertificateV2: v2 !== undefined,
    claimedSigningTime, signatureValue: parsed.signature, content, timestampToken: timestamp?.raw, revocation, problems,
  };
}

export interface TimestampCheck extends SignedDataCheck {
  readonly genTime?: Date;
  /** The token's message imprint equals the digest of what it claims to stamp */
  readonly imprintMatches: boolean;
}

/** A TimeStampToken (RFC 3161) over `data` (or, for a document timestamp, over the digest given by `imprintOf`). */
export function checkTimestampToken(token: Uint8Array, imprintOf: (algorithm: string) => Uint8Array): TimestampCheck {
  const check = checkSignedData(token);
  if (!check.content) return { ...check, imprintMatches: false, problems: [...check.problems, 'dấu thời gian không có TSTInfo'] };
  try {
    const info = readTlv(check.content).children();
    const imprint = info[2]!.children();
    const algorithm = hashNameOf(oid(imprint[0]!.child(0)));
    const imprintMatches = algorithm !== undefined && Buffer.from(imprint[1]!.contents).equals(imprintOf(algorithm));
    return { ...check, genTime: time(info[4]), imprintMatches };
  } catch (err) {
    return { ...check, imprintMatches: false, problems: [...check.problems, `TSTInfo sai: ${(err as Error).message.slice(0, 80)}`] };
  }
}
