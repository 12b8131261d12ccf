/**
 * How an office proves to the hub who is calling: each request carries the agency code, the time, the SHA-256 of
 * the body, and a signature with the agency's key over the method, the path, the time and that digest. The hub checks
 * it against the certificate in its directory. Mutual TLS would do the same; this keeps the hub behind any
 * reverse proxy and lets one request be logged as evidence.
 * The digest is declared in a header so the hub checks the signature before it reads the body: a caller that cannot
 * sign is refused without the hub taking in up to 64 MiB from it. The signed text is unchanged, so an older office
 * (no digest header) is still understood for requests without a body; one with a body needs the header.
 */
import { createHash, createPublicKey, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { x509 } from '../../pki/index.ts';

export const AXIS_HEADERS = { agency: 'x-axis-agency', date: 'x-axis-date', digest: 'x-axis-digest', signature: 'x-axis-signature' } as const;
/** How far the caller's clock may be from the hub's */
export const MAX_SKEW_MS = 5 * 60_000;

const digestOf = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');
const payload = (method: string, path: string, date: string, digest: string) => Buffer.from(`${method.toUpperCase()}\n${path}\n${date}\n${digest}`, 'utf8');

/**
 * The signing time to the millisecond and six random digits below it, so that no two requests an office signs are the
 * same (the hub refuses one it has taken before: src/hub/replays.ts). RFC 3339 allows any number of fraction digits;
 * Date.parse, an older hub's too, reads the same millisecond, and the signed text keeps its layout.
 */
const signingTime = (at: Date) => `${at.toISOString().slice(0, -1)}${String(randomInt(1_000_000)).padStart(6, '0')}Z`;

/** The headers of a request signed with the agency's key (RSA PKCS#1 v1.5 or ECDSA, SHA-256) */
export function signRequest(input: { agency: string; key: KeyObject; method: string; path: string; body?: Uint8Array; at?: Date }): Record<string, string> {
  const date = signingTime(input.at ?? new Date());
  const digest = digestOf(input.body ?? new Uint8Array(0));
  const value = sign('sha256', payload(input.method, input.path, date, digest), input.key);
  return { [AXIS_HEADERS.agency]: input.agency, [AXIS_HEADERS.date]: date, [AXIS_HEADERS.digest]: digest, [AXIS_HEADERS.signature]: value.toString('base64') };
}

// Every request is checked against one of a few registered certificates: each read once
const publicKeys = new Map<string, KeyObject>();
function publicKeyOf(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    key = createPublicKey(new x509.X509Certificate(pem).toString('pem'));
    if (publicKeys.size >= 10_000) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(pem, key);
  }
  return key;
}

export type RequestCheck = { readonly ok: true; readonly agency: string } | { readonly ok: false; readonly reason: string };
/** What the headers alone prove: the agency signed these headers over `digest`, the body's SHA-256 it declared */
export type HeadCheck = { readonly ok: true; readonly agency: string; readonly digest: string } | { readonly ok: false; readonly reason: string };
type Headers = Record<string, string | string[] | undefined>;
const headerOf = (headers: Headers, name: string) => { const v = headers[name]; return Array.isArray(v) ? v[0] : v; };
const EMPTY_DIGEST = digestOf(new Uint8Array(0));

/**
 * Everything checked before the body is read: the signature headers, the time window, the agency in the directory,
 * and the signature over the declared digest. `hasBody`: the request says a body follows; without one, a missing
 * digest header is the empty body's (as an office before the header signed it).
 */
export function checkRequestHead(input: { headers: Headers; method: string; path: string; hasBody: boolean; now: Date; certificateOf: (agency: string) => string | undefined }): HeadCheck {
  const agency = headerOf(input.headers, AXIS_HEADERS.agency);
  const date = headerOf(input.headers, AXIS_HEADERS.date);
  const signature = headerOf(input.headers, AXIS_HEADERS.signature);
  if (!agency || !date || !signature) return { ok: false, reason: 'thiếu chữ ký yêu cầu (x-axis-agency, x-axis-date, x-axis-signature)' };
  const at = Date.parse(date);
  if (!Number.isFinite(at) || Math.abs(at - input.now.getTime()) > MAX_SKEW_MS) return { ok: false, reason: `thời điểm ký yêu cầu "${date.slice(0, 40)}" lệch quá ${MAX_SKEW_MS / 60_000} phút` };
  const pem = input.certificateOf(agency);
  if (!pem) return { ok: false, reason: `cơ quan "${agency.slice(0, 40)}" không có trong danh bạ trục` };
  const declared = headerOf(input.headers, AXIS_HEADERS.digest);
  // Without it the signature could only be checked after reading the body, which anyone naming a listed agency could send
  if (declared === undefined && input.hasBody) return { ok: false, reason: 'yêu cầu có thân nhưng thiếu mã băm SHA-256 của thân (x-axis-digest); cần cập nhật phần mềm của cơ quan' };
  const digest = declared ?? EMPTY_DIGEST;
  // Only the form signRequest writes: one spelling, compared as is with the body's
  if (!/^[0-9a-f]{64}$/.test(digest)) return { ok: false, reason: 'mã băm thân yêu cầu (x-axis-digest) phải là SHA-256 dạng hex chữ thường' };
  const valid = verify('sha256', payload(input.method, input.path, date, digest), publicKeyOf(pem), Buffer.from(signature, 'base64'));
  return valid ? { ok: true, agency, digest } : { ok: false, reason: 'chữ ký yêu cầu không khớp chứng thư số của cơ quan' };
}

/** Once the body is read: it is the one whose digest was signed */
export function checkRequestBody(head: HeadCheck, body: Uint8Array): RequestCheck {
  if (!head.ok) return head;
  return digestOf(body) === head.digest ? { ok: true, agency: head.agency } : { ok: false, reason: 'thân yêu cầu không khớp mã băm đã ký' };
}
