/**
 * How an office proves to the hub who is calling: each request carries the agency code, the time, and a
 * signature with the agency's key over the method, the path, the time and the SHA-256 of the body. The hub checks
 * it against the certificate in its directory. Mutual TLS would do the same; this keeps the hub behind any
 * reverse proxy and lets one request be logged as evidence.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { x509 } from '../../pki/index.ts';

export const AXIS_HEADERS = { agency: 'x-axis-agency', date: 'x-axis-date', signature: 'x-axis-signature' } as const;
/** How far the caller's clock may be from the hub's */
export const MAX_SKEW_MS = 5 * 60_000;

const payload = (method: string, path: string, date: string, body: Uint8Array) =>
  Buffer.from(`${method.toUpperCase()}\n${path}\n${date}\n${createHash('sha256').update(body).digest('hex')}`, 'utf8');

/** The headers of a request signed with the agency's key (RSA PKCS#1 v1.5 or ECDSA, SHA-256) */
export function signRequest(input: { agency: string; key: KeyObject; method: string; path: string; body?: Uint8Array; at?: Date }): Record<string, string> {
  const date = (input.at ?? new Date()).toISOString();
  const value = sign('sha256', payload(input.method, input.path, date, input.body ?? new Uint8Array(0)), input.key);
  return { [AXIS_HEADERS.agency]: input.agency, [AXIS_HEADERS.date]: date, [AXIS_HEADERS.signature]: value.toString('base64') };
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

/** Checks a request's signature against the certificate the caller's agency is registered with */
export function checkRequest(input: { headers: Record<string, string | string[] | undefined>; method: string; path: string; body: Uint8Array; now: Date; certificateOf: (agency: string) => string | undefined }): RequestCheck {
  const header = (name: string) => { const v = input.headers[name]; return Array.isArray(v) ? v[0] : v; };
  const agency = header(AXIS_HEADERS.agency);
  const date = header(AXIS_HEADERS.date);
  const signature = header(AXIS_HEADERS.signature);
  if (!agency || !date || !signature) return { ok: false, reason: 'thiếu chữ ký yêu cầu (x-axis-agency, x-axis-date, x-axis-signature)' };
  const at = Date.parse(date);
  if (!Number.isFinite(at) || Math.abs(at - input.now.getTime()) > MAX_SKEW_MS) return { ok: false, reason: `thời điểm ký yêu cầu "${date.slice(0, 40)}" lệch quá ${MAX_SKEW_MS / 60_000} phút` };
  const pem = input.certificateOf(agency);
  if (!pem) return { ok: false, reason: `cơ quan "${agency.slice(0, 40)}" không có trong danh bạ trục` };
  const key = publicKeyOf(pem);
  const valid = verify('sha256', payload(input.method, input.path, date, input.body), key, Buffer.from(signature, 'base64'));
  return valid ? { ok: true, agency } : { ok: false, reason: 'chữ ký yêu cầu không khớp chứng thư số của cơ quan' };
}
