/** The operators' dashboard over HTTP: the page (`/`, `/dashboard`) and its JSON (`/axis/dashboard`), behind one access rule. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Hub } from '../office/axis/hub.ts';
import { statusOf, toCodedError } from '../server/error-handler.ts';
import { dashboardAccess } from './dashboard-access.ts';
import { DASHBOARD_CSP, renderDashboardError, renderDashboardPage } from './dashboard-page.ts';

const PAGE_HEADERS = { 'content-security-policy': DASHBOARD_CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

/** The page's refusals as a page, in Vietnamese like the rest of it (a browser's Accept-Language is not a choice made on the page) */
function sendDashboardError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const coded = toCodedError(err, req);
  const status = statusOf(coded.code);
  if (status >= 500) req.log.error({ err, code: coded.code }, 'request failed');
  else req.log.info({ code: coded.code }, 'request refused');
  return reply.code(status).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(renderDashboardError(coded.localise('vi'), req.id));
}

/** `token`: CONGVAN_HUB_DASHBOARD_TOKEN (absent: loopback clients only) */
export const dashboardRoutes: FastifyPluginAsync<{ hub: Hub; token: string | undefined; now: () => Date }> = async (app, { hub, token, now }) => {
  app.addHook('preHandler', dashboardAccess(token));
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return payload;
  });
  app.get('/axis/dashboard', async () => hub.dashboard());
  for (const path of ['/', '/dashboard']) {
    app.get(path, { errorHandler: sendDashboardError }, async (_req, reply) => {
      const [agencies, alerts] = await Promise.all([hub.dashboard(), hub.alerts()]);
      return reply.type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(renderDashboardPage({ agencies, alerts, now: now(), refreshUrl: path }));
    });
  }
};
