/** The office's HTTP face: parse, authorise, call the domain, serialise. No rules live here. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Office } from '../office/index.ts';
import type { AppConfig } from './config.ts';
import { frameworkErrors, installErrorHandling, sendError } from './error-handler.ts';
import { agencyRoutes, auditRoutes } from './routes/agencies.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { pkiAdminRoutes } from './routes/pki-admin.routes.ts';
import { pkiPublicRoutes } from './routes/pki.routes.ts';
import { notificationRoutes } from './routes/notifications.routes.ts';
import { recordRoutes } from './routes/records.routes.ts';
import { setupRoutes } from './routes/setup.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { documentRoutes } from './routes/documents.routes.ts';
import { axisRoutes } from './routes/axis.routes.ts';
import { advisoryRoutes } from './routes/advisories.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { statisticsRoutes } from './routes/statistics.routes.ts';
import { requestRoutes } from './routes/requests.routes.ts';
import { requestDocumentRoutes } from './routes/request-documents.routes.ts';
import { governmentCaRoutes } from './routes/government-ca.routes.ts';
import { registryRoutes } from './routes/registries.routes.ts';
import { ServerError } from './server.errors.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { sameOriginHook } from './session.ts';

export const BODY_LIMIT = 1024 * 1024;

export type AppOptions = Pick<AppConfig, 'webRoot' | 'cookieSecure' | 'signInRateLimit' | 'logLevel'> & {
  /** Runs the axis link's round now (the hub's push, or a change that may owe the axis a package) */
  readonly axisWake?: () => void;
  /** Where the log lines go (tests read them); by default standard output */
  readonly logStream?: NodeJS.WritableStream;
};

export async function buildApp(office: Office, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    frameworkErrors,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    // One completion line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    logger: options.logLevel === 'silent' ? false : {
      level: options.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.otp', '*.oneTimePassword'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Unknown fields are an error, not something to drop in silence.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });
  app.decorateRequest('session', null);
  // JSON only: a text/plain body is what a cross-site form can send without asking first.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request done');
  });
  app.addHook('onRequest', sameOriginHook);
  const { axisWake } = options;
  if (axisWake) {
    // A document issued, registered, assigned, completed or recalled may owe the axis a package: sent now, not at the next tick
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.url.startsWith('/api/documents') && reply.statusCode < 400) axisWake();
    });
  }

  installSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new ServerError('SRV_RATE_LIMITED', { seconds: Math.ceil(ctx.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'congvan API', version: '0.1.0', description: 'Hệ thống quản lý văn bản và điều hành' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'congvan_session' } } },
    },
  });

  await app.register(setupRoutes, { office });
  await app.register(authRoutes, { office, cookieSecure: options.cookieSecure, signInRateLimit: options.signInRateLimit });
  await app.register(userRoutes, { office });
  await app.register(agencyRoutes, { office });
  await app.register(auditRoutes, { office });
  await app.register(pkiPublicRoutes, { office });
  await app.register(pkiAdminRoutes, { office });
  await app.register(documentRoutes, { office });
  await app.register(recordRoutes, { office });
  await app.register(notificationRoutes, { office });
  await app.register(advisoryRoutes, { office });
  await app.register(reportRoutes, { office });
  await app.register(statisticsRoutes, { office });
  await app.register(requestRoutes, { office });
  await app.register(requestDocumentRoutes, { office });
  await app.register(governmentCaRoutes, { office });
  await app.register(registryRoutes, { office });
  if (axisWake) await app.register(axisRoutes, { wake: axisWake });
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());

  const hasWeb = existsSync(join(options.webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && hasWeb;
    if (isPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendError(req, reply, new ServerError('SRV_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]?.slice(0, 200) ?? '' }));
  });
  return app;
}
