/**
 * Timestamps for PAdES: where they come from (our TSA in-process, or any RFC 3161 TSA over HTTP), the
 * signature timestamp of B-T, and the document timestamp of B-LTA (a /DocTimeStamp whose /Contents is the
 * token over the byte ranges).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID, parseTimestampResponse, pkijs, respondToTimestampQuery, type TimestampAuthority } from '../pki/index.ts';
import { PadesError } from './pades.errors.ts';
import { fill, rangesDigest, reserve } from './placeholder.ts';
import { Name } from './pdf/objects.ts';

/** Returns a TimeStampToken (CMS ContentInfo, DER) over a SHA-256 imprint */
export type TimestampSource = (imprint: Uint8Array) => Promise<Uint8Array>;

/** A TimeStampReq for a SHA-256 imprint, asking for the TSA's certificate and carrying a nonce */
export function timestampQuery(imprint: Uint8Array, nonce: Uint8Array = randomBytes(8)): Uint8Array<ArrayBuffer> {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }), hashedMessage: new asn1js.OctetString({ valueHex: imprint }) }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER());
}

function tokenFrom(response: Uint8Array, imprint: Uint8Array, source: string): Uint8Array {
  let reply;
  try {
    reply = parseTimestampResponse(response);
  } catch (err) {
    throw new PadesError('PADES_TIMESTAMP_FAILED', { reason: `${source}: phản hồi không đọc được` }, { cause: err });
  }
  if (!reply.granted || !reply.token) throw new PadesError('PADES_TIMESTAMP_FAILED', { reason: `${source} từ chối (${reply.failure ?? reply.status}${reply.text ? `: ${reply.text}` : ''})` });
  if (!reply.hashedMessage || !Buffer.from(reply.hashedMessage).equals(Buffer.from(imprint))) throw new PadesError('PADES_TIMESTAMP_FAILED', { reason: `${source} đóng dấu một giá trị khác giá trị đã gửi` });
  return reply.token;
}

/** Our own TSA, in the same process (a demo, a test lab, an agency's own CA) */
export function localTimestampSource(tsa: TimestampAuthority, now: () => Date = () => new Date()): TimestampSource {
  return respondingTimestampSource((query) => respondToTimestampQuery(tsa, query, { now: now() }), 'TSA nội bộ');
}

/** A TSA reached through a function that answers a TimeStampReq (an office's own responder, which also logs what it stamps) */
export function respondingTimestampSource(respond: (query: Uint8Array) => Promise<Uint8Array>, source: string): TimestampSource {
  return async (imprint) => tokenFrom(await respond(timestampQuery(imprint)), imprint, source);
}

/** Any RFC 3161 TSA over HTTP (`POST application/timestamp-query`) */
export function httpTimestampSource(url: string, timeoutMs = 15_000): TimestampSource {
  return async (imprint) => {
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: timestampQuery(imprint), signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new PadesError('PADES_TIMESTAMP_FAILED', { reason: `${url} không trả lời (${(err as Error).message})` }, { cause: err });
    }
    if (!response.ok) throw new PadesError('PADES_TIMESTAMP_FAILED', { reason: `${url} trả mã HTTP ${response.status}` });
    return tokenFrom(new Uint8Array(await response.arrayBuffer()), imprint, url);
  };
}

/** The imprint a signature timestamp stamps: the signature value (ETSI EN 319 122-1 §5.3) */
export const signatureImprint = (signatureValue: Uint8Array): Uint8Array => createHash('sha256').update(signatureValue).digest();

/** Appends a document timestamp (PAdES B-LTA, or B-T for a signature made without one) */
export async function addDocumentTimestamp(input: Uint8Array, source: TimestampSource, fieldName?: string): Promise<Uint8Array> {
  const reserved = reserve(input, {
    entries: { Type: new Name('DocTimeStamp'), Filter: new Name('Adobe.PPKLite'), SubFilter: new Name('ETSI.RFC3161') },
    fieldName, reservedBytes: 12 * 1024,
  });
  return fill(reserved, await source(rangesDigest(reserved)));
}
