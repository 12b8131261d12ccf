/** An office reaching the hub over HTTP, each request signed with the agency's key (request-signature.ts). */
import type { KeyObject } from 'node:crypto';
import type { MailboxEntry, Receipt } from './hub.ts';
import type { AxisTransport } from './link.ts';
import { signRequest } from './request-signature.ts';

export class AxisHttpError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) { super(message); }
}

/** `keyOf` gives the agency's signing key (its seal key, the one its certificate at the hub is for) */
export function httpTransport(baseUrl: string, keyOf: (agency: string) => Promise<KeyObject>, timeoutMs = 30_000): AxisTransport {
  const base = baseUrl.replace(/\/+$/, '');
  async function call(agency: string, method: 'GET' | 'POST', path: string, body?: Uint8Array, type = 'application/octet-stream'): Promise<Response> {
    const headers = signRequest({ agency, key: await keyOf(agency), method, path, body });
    const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': type } : {}) }, body: body ? Buffer.from(body) : undefined, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      const error = await response.json().catch(() => ({})) as { code?: string; message?: string };
      // The hub's refusal keeps its code, so the office can tell a final refusal from a passing fault
      throw Object.assign(new AxisHttpError(response.status, error.code, error.message ?? `trục trả mã HTTP ${response.status}`), { code: error.code });
    }
    return response;
  }
  return {
    send: async (agency, bytes) => (await call(agency, 'POST', '/axis/send', bytes, 'application/xml')).json() as Promise<Receipt>,
    mailbox: async (agency) => (await call(agency, 'GET', '/axis/mailbox')).json() as Promise<MailboxEntry[]>,
    fetch: async (agency, id) => new Uint8Array(await (await call(agency, 'GET', `/axis/messages/${encodeURIComponent(id)}`)).arrayBuffer()),
    acknowledge: async (agency, id, outcome, reason) => { await call(agency, 'POST', `/axis/messages/${encodeURIComponent(id)}/ack`, new TextEncoder().encode(JSON.stringify({ outcome, reason })), 'application/json'); },
  };
}
