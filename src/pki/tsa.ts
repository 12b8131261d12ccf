/**
 * A time-stamp authority (RFC 3161): reads a TimeStampReq, answers with a token signed by a certificate whose
 * only extended key usage is timeStamping, or with a rejection that says why. Bytes and keys in, bytes out;
 * the clock and the serial numbers come from the caller.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CertificateAuthority } from './ca.ts';
import { newSerial } from './ca.ts';
import { OID } from './algorithms.ts';
import { crypto, pkijs, x509 } from './crypto.ts';
import { context, generalizedTime, NULL, objectIdentifier, octetString, sequence, setOf, unsignedInteger } from './der-writer.ts';
import { ecdsaRawToDer } from './token/signature-formats.ts';
import { parseAsn1, parseWith, toDer } from './der.ts';
import { signingAlgorithmOf } from './keys.ts';
import { PkiError } from './pki.errors.ts';
import { contentTypeAttributeDer, issuerAndSerialOf, messageDigestAttributeDer, signingCertificateV2Der } from './signing-certificate.ts';
import { buildName } from './subject.ts';

export const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const EKU_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** congvan's timestamp policy: a UUID-derived OID (X.667, arc 2.25), which needs no registration. */
export const DEFAULT_TSA_POLICY = '2.25.68307596884674428405028183277084357702';

/** Only SHA-2: SHA-1 imprints can be forged and PAdES baseline forbids them. */
const HASHES = {
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', node: 'sha256', length: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', node: 'sha384', length: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', node: 'sha512', length: 64 },
} as const;
type HashOid = keyof typeof HASHES;
export type TimestampHash = (typeof HASHES)[HashOid]['name'];

/** A nonce is an integer the client picked; 64 bits is usual, 256 is already generous. */
const MAX_NONCE_BYTES = 32;

export interface TimestampQuery {
  readonly hashAlgorithm: TimestampHash;
  readonly hashedMessage: Uint8Array;
  readonly policy?: string;
  readonly nonce?: asn1js.Integer;
  readonly certReq: boolean;
  readonly extensions: number;
  /** The MessageImprint as sent, copied into the token unchanged. */
  readonly messageImprint: pkijs.MessageImprint;
}

export interface TimestampAuthority {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
  /** Certificates above the TSA's, sent when the client asks for certificates */
  readonly chain: readonly x509.X509Certificate[];
  readonly policy: string;
  readonly accuracySeconds: number;
}

export function parseTimestampQuery(input: Uint8Array): TimestampQuery {
  const der = toDer(input, 'timestamp query');
  const request = parseWith('timestamp query', () => new pkijs.TimeStampReq({ schema: parseAsn1(der, 'timestamp query') }));
  if (request.version !== 1) throw new PkiError('PKI_TSA_QUERY_INVALID', { reason: `phiên bản ${request.version}, chỉ hỗ trợ 1` });
  const oid = request.messageImprint.hashAlgorithm.algorithmId;
  const hash = HASHES[oid as HashOid];
  if (!hash) throw new PkiError('PKI_TSA_HASH_UNSUPPORTED', { oid });
  const hashedMessage = request.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (hashedMessage.byteLength !== hash.length) {
    throw new PkiError('PKI_TSA_QUERY_INVALID', { reason: `giá trị băm dài ${hashedMessage.byteLength} byte, ${hash.name} cần ${hash.length}` });
  }
  if (request.nonce && request.nonce.valueBlock.valueHexView.byteLength > MAX_NONCE_BYTES) {
    throw new PkiError('PKI_TSA_QUERY_INVALID', { reason: `nonce dài quá ${MAX_NONCE_BYTES} byte` });
  }
  return {
    hashAlgorithm: hash.name, hashedMessage: new Uint8Array(hashedMessage), certReq: request.certReq ?? false,
    extensions: request.extensions?.length ?? 0, messageImprint: request.messageImprint,
    ...(request.reqPolicy ? { policy: request.reqPolicy } : {}), ...(request.nonce ? { nonce: request.nonce } : {}),
  };
}

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
export const FAILURES = { badAlg: 0, badRequest: 2, badDataFormat: 5, timeNotAvailable: 14, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;
export type TimestampFailure = keyof typeof FAILURES;

/** A DER named bit string with one bit set: trailing zero bits are dropped, as DER requires. */
function failInfoBits(bit: number): asn1js.BitString {
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> (bit % 8);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (bit % 8) });
}

/** A rejection (status 2) with the reason as text, unsigned as RFC 3161 allows. */
export function timestampFailureResponse(failure: TimestampFailure, text: string): Uint8Array {
  const status = new pkijs.PKIStatusInfo({ status: 2, statusStrings: [new asn1js.Utf8String({ value: text })], failInfo: failInfoBits(FAILURES[failure]) });
  return new Uint8Array(new pkijs.TimeStampResp({ status }).toSchema().toBER());
}

const FAILURE_OF_CODE: Partial<Record<string, TimestampFailure>> = {
  PKI_TSA_HASH_UNSUPPORTED: 'badAlg', PKI_TSA_QUERY_INVALID: 'badRequest', PKI_TSA_POLICY_UNKNOWN: 'unacceptedPolicy',
  PKI_DER_INVALID: 'badDataFormat', PKI_INPUT_TOO_LARGE: 'badDataFormat',
};

export interface TimestampOptions {
  readonly now: Date;
  /** Hex; unique per token. A random 128-bit serial when absent. */
  readonly serial?: string;
}

/**
 * The answer to a query, never an exception: a bad query gets a rejection with the failure bit and the
 * English reason (clients show statusString as is), a fault of ours gets systemFailure.
 */
export async function respondToTimestampQuery(tsa: TimestampAuthority, input: Uint8Array, options: TimestampOptions): Promise<Uint8Array> {
  let query: TimestampQuery;
  try {
    query = parseTimestampQuery(input);
    if (query.policy && query.policy !== tsa.policy) throw new PkiError('PKI_TSA_POLICY_UNKNOWN', { oid: query.policy });
    if (query.extensions > 0) return timestampFailureResponse('unacceptedExtension', 'Request extensions are not supported.');
  } catch (err) {
    const failure = err instanceof PkiError ? FAILURE_OF_CODE[err.code] : undefined;
    if (!failure) return timestampFailureResponse('systemFailure', 'The time-stamp authority could not read the request.');
    return timestampFailureResponse(failure, (err as PkiError).localise('en'));
  }
  try {
    return await signResponse(tsa, query, options);
  } catch {
    return timestampFailureResponse('systemFailure', 'The time-stamp authority could not sign the token.');
  }
}

/** What a token needs of the TSA's certificates, worked out once per TSA */
const tsaFacts = new WeakMap<x509.X509Certificate, { issuerAndSerial: Uint8Array; certificates: Uint8Array }>();

function factsOf(tsa: TimestampAuthority) {
  let facts = tsaFacts.get(tsa.certificate);
  if (!facts) {
    const der = new Uint8Array(tsa.certificate.rawData);
    const { issuer, serial } = issuerAndSerialOf(der);
    facts = { issuerAndSerial: sequence(issuer, serial), certificates: context(0, der, ...tsa.chain.map((c) => new Uint8Array(c.rawData))) };
    tsaFacts.set(tsa.certificate, facts);
  }
  return facts;
}

const SHA256_ID = sequence(objectIdentifier(OID.sha256));

/**
 * The token: a CMS SignedData over the TSTInfo, in its ContentInfo, DER. Written with der-writer.ts rather than
 * pkijs, which spent ~8 ms building and encoding one (measured in the hub, which stamps every package); the
 * output is checked by openssl ts -verify in the tests.
 */
async function signToken(tsa: TimestampAuthority, messageImprint: Uint8Array, certReq: boolean, nonce: Uint8Array | undefined, options: TimestampOptions): Promise<Uint8Array> {
  // Whole seconds: DER GeneralizedTime forbids trailing zeros in fractions, and the accuracy is a second anyway.
  const genTime = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const tstInfo = sequence(
    unsignedInteger('01'), objectIdentifier(tsa.policy), messageImprint, unsignedInteger(options.serial ?? newSerial()), generalizedTime(genTime),
    sequence(unsignedInteger(tsa.accuracySeconds.toString(16))), ...(nonce ? [nonce] : []),
  );
  const facts = factsOf(tsa);
  const attributes = setOf(contentTypeAttributeDer(TST_INFO_OID), messageDigestAttributeDer(createHash('sha256').update(tstInfo).digest()), signingCertificateV2Der(tsa.certificate));
  const ec = tsa.privateKey.algorithm.name === 'ECDSA';
  // Through the crypto facade: a TSA key on a PKCS#11 token signs the same way
  const raw = new Uint8Array(await crypto.subtle.sign(ec ? { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams : { name: 'RSASSA-PKCS1-v1_5' }, tsa.privateKey, new Uint8Array(attributes)));
  const implicitAttributes = Uint8Array.from(attributes);
  implicitAttributes[0] = 0xa0; // [0] IMPLICIT SET OF Attribute
  const signerInfo = sequence(
    unsignedInteger('01'), facts.issuerAndSerial, SHA256_ID, implicitAttributes,
    ec ? sequence(objectIdentifier(OID.ecdsaSha256)) : sequence(objectIdentifier(OID.rsaSha256), NULL),
    octetString(ec ? ecdsaRawToDer(raw) : raw),
  );
  const signedData = sequence(
    unsignedInteger('03'), setOf(SHA256_ID), sequence(objectIdentifier(TST_INFO_OID), context(0, octetString(tstInfo))),
    ...(certReq ? [facts.certificates] : []), setOf(signerInfo),
  );
  return sequence(objectIdentifier(SIGNED_DATA_OID), context(0, signedData));
}

async function signResponse(tsa: TimestampAuthority, query: TimestampQuery, options: TimestampOptions): Promise<Uint8Array> {
  const token = await signToken(tsa, new Uint8Array(query.messageImprint.toSchema().toBER()), query.certReq, query.nonce ? new Uint8Array(query.nonce.toBER()) : undefined, options);
  // TimeStampResp ::= SEQUENCE { status PKIStatusInfo (granted), timeStampToken }
  return sequence(sequence(unsignedInteger('00')), token);
}

/**
 * A token over a SHA-256 imprint for a caller in the same process, without the query and response around it
 * (the hub stamps every package: building a TimeStampReq, then reading our own TimeStampResp back, cost more than
 * the signature). With the TSA's certificates, as a query with certReq gets. The caller keeps the token where
 * it logs what it stamped.
 */
export async function stampImprint(tsa: TimestampAuthority, imprint: Uint8Array, options: TimestampOptions): Promise<Uint8Array> {
  if (imprint.byteLength !== 32) throw new PkiError('PKI_TSA_QUERY_INVALID', { reason: `giá trị băm dài ${imprint.byteLength} byte, SHA-256 cần 32` });
  return signToken(tsa, sequence(SHA256_ID, octetString(imprint)), true, undefined, options);
}

export interface NewTimestampAuthority {
  readonly commonName: string;
  readonly organization: string;
  readonly keys: CryptoKeyPair;
  readonly notBefore: Date;
  readonly years?: number;
  readonly policy?: string;
}

/**
 * A TSA certificate under an issuing CA: the extended key usage is timeStamping only and critical, as RFC 3161
 * §2.3 requires (openssl ts -verify refuses anything else).
 */
export async function createTimestampAuthority(issuer: CertificateAuthority, spec: NewTimestampAuthority): Promise<TimestampAuthority> {
  const notAfter = new Date(spec.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (spec.years ?? 5));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(), subject: buildName({ commonName: spec.commonName, organization: spec.organization }), issuer: issuer.certificate.subjectName,
    notBefore: spec.notBefore, notAfter: notAfter < issuer.certificate.notAfter ? notAfter : issuer.certificate.notAfter,
    publicKey: spec.keys.publicKey, signingKey: issuer.privateKey, signingAlgorithm: signingAlgorithmOf(issuer.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      new x509.ExtendedKeyUsageExtension([EKU_TIME_STAMPING], true),
      await x509.SubjectKeyIdentifierExtension.create(spec.keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
      new x509.CRLDistributionPointsExtension([issuer.urls.crl]),
      new x509.AuthorityInfoAccessExtension({ ocsp: [issuer.urls.ocsp], ...(issuer.urls.caIssuers ? { caIssuers: [issuer.urls.caIssuers] } : {}) }),
    ],
  }, crypto);
  return { certificate, privateKey: spec.keys.privateKey, chain: [issuer.certificate], policy: spec.policy ?? DEFAULT_TSA_POLICY, accuracySeconds: 1 };
}

export interface TimestampReply {
  readonly granted: boolean;
  readonly status: number;
  readonly failure?: TimestampFailure;
  readonly text?: string;
  /** The token (a CMS ContentInfo), as a PAdES signature embeds it */
  readonly token?: Uint8Array;
  readonly genTime?: Date;
  readonly serial?: string;
  readonly policy?: string;
  readonly hashedMessage?: Uint8Array;
}

/** Reads a TimeStampResp from any TSA (ours or a configured one), for the signer that asked. */
export function parseTimestampResponse(input: Uint8Array): TimestampReply {
  const der = toDer(input, 'timestamp response');
  const response = parseWith('timestamp response', () => new pkijs.TimeStampResp({ schema: parseAsn1(der, 'timestamp response') }));
  const status = response.status.status;
  const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join(' ');
  const bits = response.status.failInfo?.valueBlock.valueHexView;
  const failure = bits ? (Object.keys(FAILURES) as TimestampFailure[]).find((f) => ((bits[Math.floor(FAILURES[f] / 8)] ?? 0) & (0x80 >> (FAILURES[f] % 8))) !== 0) : undefined;
  const granted = (status === 0 || status === 1) && response.timeStampToken !== undefined;
  if (!granted) return { granted, status, ...(failure ? { failure } : {}), ...(text ? { text } : {}) };
  const token = response.timeStampToken!;
  const info = parseWith('timestamp token', () => {
    const signed = new pkijs.SignedData({ schema: token.content });
    const eContent = signed.encapContentInfo.eContent;
    if (!eContent || signed.encapContentInfo.eContentType !== TST_INFO_OID) throw new PkiError('PKI_DER_INVALID', { what: 'timestamp token' });
    return pkijs.TSTInfo.fromBER(eContent.getValue());
  });
  return {
    granted, status, token: new Uint8Array(token.toSchema().toBER()), genTime: info.genTime, policy: info.policy,
    serial: Buffer.from(info.serialNumber.valueBlock.valueHexView).toString('hex'), hashedMessage: new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView),
    ...(text ? { text } : {}),
  };
}
