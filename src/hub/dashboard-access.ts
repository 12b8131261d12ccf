/**
 * Who may see the hub's dashboard: its operators. With a token configured (CONGVAN_HUB_DASHBOARD_TOKEN) the
 * request brings it as `Authorization: Bearer …` or `?token=…` (then kept in an HttpOnly, SameSite=Strict cookie
 * that holds a value derived from it, not the token); without one, only a client on the hub's own machine, talking
 * to it directly. A request that came through a proxy (Forwarded, X-Forwarded-For, X-Real-IP) is not local
 * whatever the socket says; a proxy on the same machine that adds none of them cannot be told apart, so behind
 * one a token is needed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServerError } from '../server/server.errors.ts';

export const DASHBOARD_COOKIE = 'congvan_hub_dashboard';
const COOKIE_MAX_AGE_S = 12 * 3600;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** The socket's peer, never a header: a client cannot claim to be local */
const isLocalRequest = (req: FastifyRequest) => isLoopbackAddress(req.socket?.remoteAddress) && PROXY_HEADERS.every((h) => req.headers[h] === undefined);

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The token the request offers: undefined when none, '' when one that cannot be right (repeated, another scheme) */
function offeredToken(req: FastifyRequest): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
  const query = (req.query as Record<string, unknown> | undefined)?.token;
  return query === undefined ? undefined : typeof query === 'string' ? query : '';
}

/** A preHandler hook for the dashboard routes; `token` from the configuration */
export function dashboardAccess(token: string | undefined) {
  const session = token ? createHmac('sha256', token).update('congvan hub dashboard session').digest('base64url') : undefined;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!token || !session) {
      if (!isLocalRequest(req)) throw new ServerError('SRV_DASHBOARD_LOCAL_ONLY');
      return;
    }
    const cookie = cookieOf(req, DASHBOARD_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, session)) return;
    const offered = offeredToken(req);
    if (offered === undefined) {
      reply.header('www-authenticate', 'Bearer realm="congvan-hub"');
      throw new ServerError('SRV_DASHBOARD_TOKEN_REQUIRED');
    }
    if (!sameSecret(offered, token)) {
      reply.header('www-authenticate', 'Bearer realm="congvan-hub", error="invalid_token"');
      throw new ServerError('SRV_DASHBOARD_TOKEN_INVALID');
    }
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${DASHBOARD_COOKIE}=${session}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`);
  };
}
