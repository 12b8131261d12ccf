/** Revocation data and CA certificates over HTTP, for validation outside the office (the CLI, the agent) */
import type { RevocationFetcher } from '../pki/index.ts';

export const MAX_FETCH_BYTES = 8 * 1024 * 1024;

export function httpFetcher(timeoutMs = 10_000): RevocationFetcher {
  return async (request) => {
    const response = await fetch(request.url, {
      method: request.method,
      ...(request.body ? { body: request.body.slice(), headers: { 'content-type': request.contentType ?? 'application/octet-stream' } } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_FETCH_BYTES) throw new Error(`phản hồi quá lớn (${length} byte)`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
