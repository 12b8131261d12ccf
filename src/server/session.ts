/** Session cookie, CSRF and role checks, as hooks that a route plugin registers once. */
import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { OfficeError, requireRole, type Actor, type AuthenticatedSession, type Office, type Role } from '../office/index.ts';
import { ServerError } from './server.errors.ts';

export const SESSION_COOKIE = 'congvan_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    session: AuthenticatedSession | null;
  }
}

/** Loads the session from the cookie; on changes, also asks for the CSRF token that came with it. */
export function sessionHook(office: Office): onRequestHookHandler {
  return async (req) => {
    req.session = await office.auth.authenticate(req.cookies[SESSION_COOKIE]);
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== req.session.csrfToken) throw new ServerError('SRV_CSRF_INVALID');
  };
}

/** Refuses state changes sent from another site's page (the browser names the page's origin). */
export const sameOriginHook: onRequestHookHandler = async (req) => {
  const origin = req.headers.origin;
  if (SAFE_METHODS.has(req.method) || origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ServerError('SRV_ORIGIN_FORBIDDEN');
  }
  if (host !== req.headers.host) throw new ServerError('SRV_ORIGIN_FORBIDDEN');
};

export const roleHook = (role: Role): preHandlerHookHandler => async (req) => requireRole(actorOf(req), role);

export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw new OfficeError('OFFICE_AUTH_REQUIRED');
  return req.session.actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
