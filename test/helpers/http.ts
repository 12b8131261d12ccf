import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import type { Db } from '../../src/store/index.ts';
import { DEMO_PASSWORD, demoOffice } from './demo-office.ts';

export interface Signed { cookie: string; csrf: string }

export async function demoApp(db: Db, options: { webRoot?: string; signInRateLimit?: number; start?: Date } = {}) {
  const demo = await demoOffice(db, options.start);
  const app = await buildApp(demo.office, { webRoot: options.webRoot ?? '/nonexistent', cookieSecure: false, signInRateLimit: options.signInRateLimit ?? 1000, logLevel: 'silent' });
  return { ...demo, app };
}

export function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return (first ?? '').split(';')[0] ?? '';
}

export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Signed> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  return { cookie: cookieOf(res), csrf: res.json().csrfToken };
}

/** A request as the signed-in browser sends it: cookie, CSRF token, JSON. */
export const asUser = (app: FastifyInstance, who: Signed) =>
  (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
