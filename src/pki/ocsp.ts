/**
 * An OCSP responder's two halves (RFC 6960): reading a request and signing the answer. The CA answers for
 * itself (no delegated responder). Requests for another CA's certificates get "unauthorized".
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CertificateAuthority } from './ca.ts';
import { cmsEngine, pkijs } from './crypto.ts';
import { parseAsn1, parseWith, toDer } from './der.ts';
import { PkiError } from './pki.errors.ts';
import { reasonCode, type RevocationReason } from './revocation.ts';

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
const BASIC_RESPONSE_OID = '1.3.6.1.5.5.7.48.1.1';
const HASHES: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };

export type CertificateStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason: RevocationReason }
  | { readonly status: 'unknown' };

export interface OcspQuery {
  readonly certIds: readonly pkijs.CertID[];
  /** The nonce extension exactly as sent, to echo back; absent for cacheable requests. */
  readonly nonce?: pkijs.Extension;
}

/** Hex without leading zero octets, the form serials are kept in. */
export const normaliseSerial = (hex: string): string => hex.toLowerCase().replace(/^(00)+(?=.)/, '');

export function parseOcspRequest(input: Uint8Array): OcspQuery {
  const der = toDer(input, 'OCSP request');
  const request = parseWith('OCSP request', () => new pkijs.OCSPRequest({ schema: parseAsn1(der, 'OCSP request') }));
  const certIds = request.tbsRequest.requestList.map((r) => r.reqCert);
  if (certIds.length === 0) throw new PkiError('PKI_OCSP_REQUEST_INVALID');
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === NONCE_OID);
  return nonce ? { certIds, nonce } : { certIds };
}

/** Whether a CertID names this CA as issuer, by the name and key hashes in the CertID's own hash algorithm. */
// A responder answers for one CA again and again: its certificate is parsed, and its hashes made, once.
interface IssuerFacts { readonly cert: pkijs.Certificate; readonly hashes: Map<string, { name: Buffer; key: Buffer }> }
const issuerFacts = new WeakMap<CertificateAuthority['certificate'], IssuerFacts>();
function factsOf(ca: CertificateAuthority): IssuerFacts {
  let facts = issuerFacts.get(ca.certificate);
  if (!facts) issuerFacts.set(ca.certificate, facts = { cert: pkijs.Certificate.fromBER(ca.certificate.rawData), hashes: new Map() });
  return facts;
}

export function isIssuedBy(certId: pkijs.CertID, ca: CertificateAuthority): boolean {
  const algorithm = HASHES[certId.hashAlgorithm.algorithmId];
  if (!algorithm) return false;
  const facts = factsOf(ca);
  let hashes = facts.hashes.get(algorithm);
  if (!hashes) {
    hashes = {
      name: createHash(algorithm).update(new Uint8Array(facts.cert.subject.toSchema().toBER())).digest(),
      key: createHash(algorithm).update(facts.cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest(),
    };
    facts.hashes.set(algorithm, hashes);
  }
  return Buffer.from(certId.issuerNameHash.valueBlock.valueHexView).equals(hashes.name)
    && Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView).equals(hashes.key);
}

export const serialOf = (certId: pkijs.CertID): string => normaliseSerial(Buffer.from(certId.serialNumber.valueBlock.valueHexView).toString('hex'));

function statusValue(status: CertificateStatus): asn1js.BaseBlock {
  if (status.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (status.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1js.GeneralizedTime({ valueDate: status.revokedAt }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: reasonCode(status.reason) })] }),
    ],
  });
}

export type OcspErrorStatus = 'malformedRequest' | 'internalError' | 'tryLater' | 'unauthorized';
const ERROR_STATUS: Record<OcspErrorStatus, number> = { malformedRequest: 1, internalError: 2, tryLater: 3, unauthorized: 6 };

/** An unsigned error response (RFC 6960 §2.3). */
export const ocspErrorResponse = (status: OcspErrorStatus): Uint8Array =>
  new Uint8Array(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: ERROR_STATUS[status] }) }).toSchema().toBER());

export interface OcspAnswer {
  readonly producedAt: Date;
  /** Until when relying parties may keep the answer. */
  readonly nextUpdate: Date;
  readonly statusOf: (serial: string) => CertificateStatus;
}

/** Signs a response for every certificate asked about; any CertID of another CA makes it "unauthorized". */
export async function buildOcspResponse(ca: CertificateAuthority, query: OcspQuery, answer: OcspAnswer): Promise<Uint8Array> {
  if (!query.certIds.every((id) => isIssuedBy(id, ca))) return ocspErrorResponse('unauthorized');
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = factsOf(ca).cert.subject;
  basic.tbsResponseData.producedAt = answer.producedAt;
  basic.tbsResponseData.responses = query.certIds.map((certID) => new pkijs.SingleResponse({
    certID, certStatus: statusValue(answer.statusOf(serialOf(certID))), thisUpdate: answer.producedAt, nextUpdate: answer.nextUpdate,
  }));
  if (query.nonce) basic.tbsResponseData.responseExtensions = [query.nonce];
  await basic.sign(ca.privateKey, 'SHA-256', cmsEngine);
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({ responseType: BASIC_RESPONSE_OID, response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }) }),
  });
  return new Uint8Array(response.toSchema().toBER());
}
