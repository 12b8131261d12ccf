/** The hub over HTTP: thin. Every mailbox call is a request signed by the calling agency (office/axis/request-signature.ts). */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Hub } from '../office/axis/hub.ts';
import { checkRequestBody, checkRequestHead, type HeadCheck } from '../office/axis/request-signature.ts';
import { OfficeError } from '../office/index.ts';
import { frameworkErrors, installErrorHandling, sendError } from '../server/error-handler.ts';
import { ServerError } from '../server/server.errors.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import type { ReplayGuard } from './replays.ts';

export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest { axisAgency?: string }
}

export interface HubAppOptions {
  readonly logLevel?: string;
  /** Where log lines go (standard output when absent) */
  readonly logStream?: { write(line: string): void };
  readonly certificatePem: string;
  readonly now?: () => Date;
  /** CONGVAN_HUB_DASHBOARD_TOKEN: the dashboard's token; absent, the dashboard is for loopback clients only */
  readonly dashboardToken?: string;
  /** What refuses a signed request taken before (replays.ts: replayGuard over the hub's database) */
  readonly replays: ReplayGuard;
}

/** The request says a body follows (HTTP/1.1: a length above zero or a transfer coding) */
const hasBody = (req: FastifyRequest): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** A dashboard token in a query string never reaches the log */
export const redactedUrl = (url: string): string => url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');

const loggerOf = (options: HubAppOptions) => (options.logLevel && options.logLevel !== 'silent' ? {
  level: options.logLevel, ...(options.logStream ? { stream: options.logStream } : {}),
  serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) },
} : false);

export async function buildHubApp(hub: Hub, options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: MAX_PACKAGE_BYTES, logger: loggerOf(options), frameworkErrors });
  const now = options.now ?? (() => new Date());
  installErrorHandling(app);
  // Only the signed routes below read a body: anywhere else one is never parsed
  app.removeAllContentTypeParsers();

  /**
   * Who signed the request, checked in two steps. Before the body is read (onRequest): the signature headers, the
   * time window, the agency in the directory, the signature over the body digest the office declares, and that the
   * request was not taken before (a replay) — a caller that cannot sign, or only repeats, is refused without the hub
   * taking in up to 64 MiB from it. After (preValidation): the body is the one whose digest was signed.
   */
  const heads = new WeakMap<FastifyRequest, HeadCheck>();
  const checkHead = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const claimed = req.headers['x-axis-agency'];
    const certificate = typeof claimed === 'string' ? await hub.directory.certificateOf(claimed) : undefined;
    const head = checkRequestHead({ headers: req.headers, method: req.method, path: req.url, hasBody: hasBody(req), now: now(), certificateOf: (code) => (code === claimed ? certificate : undefined) });
    const refuse = (reason: string) => {
      // The body is left unread; the connection closes after the refusal instead of draining the rest of it
      reply.header('connection', 'close');
      return new OfficeError('OFFICE_AXIS_UNAUTHENTICATED', { reason });
    };
    if (!head.ok) throw refuse(head.reason);
    // Only a request that proved its signer is remembered: nobody else can fill the table
    const date = String(req.headers['x-axis-date']);
    if (!(await options.replays.firstUse({ certificatePem: certificate!, method: req.method, path: req.url, date, digest: head.digest }, head.agency))) {
      throw refuse(`yêu cầu đã ký lúc ${date.slice(0, 40)} đã được trục nhận một lần, không nhận lại (phát lại yêu cầu); mỗi yêu cầu phải được ký mới`);
    }
    heads.set(req, head);
  };
  const checkBody = async (req: FastifyRequest): Promise<void> => {
    const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0);
    const check = checkRequestBody(heads.get(req) ?? { ok: false, reason: 'thiếu chữ ký yêu cầu' }, body);
    if (!check.ok) throw new OfficeError('OFFICE_AXIS_UNAUTHENTICATED', { reason: check.reason });
    req.axisAgency = check.agency;
  };
  const caller = (req: FastifyRequest): string => {
    if (!req.axisAgency) throw new Error('a signed route without its request check');
    return req.axisAgency;
  };
  const json = (req: FastifyRequest): Record<string, unknown> => {
    let parsed: unknown = {};
    try {
      if (Buffer.isBuffer(req.body) && req.body.length) parsed = JSON.parse(req.body.toString('utf8'));
    } catch {
      // falls through to the error below
    }
    // `null`, an array or a bare value would crash the reader of `.outcome`: only an object is a body
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new OfficeError('OFFICE_AXIS_ACK_INVALID', { reason: 'thân yêu cầu phải là một đối tượng JSON, ví dụ {"outcome":"done"}' });
    return parsed as Record<string, unknown>;
  };

  // An unknown address answers like every other refusal: a code and a message in Vietnamese. Its body is not read,
  // so the connection closes rather than drain it
  app.setNotFoundHandler((req, reply) => {
    if (hasBody(req)) reply.header('connection', 'close');
    return sendError(req, reply, new ServerError('SRV_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]?.slice(0, 200) ?? '' }));
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/axis/certificate', async (_req, reply) => reply.type('application/x-pem-file').send(options.certificatePem));
  app.get('/axis/agencies', async () => hub.directory.list());
  await app.register(dashboardRoutes, { hub, token: options.dashboardToken, now });

  await app.register(async (axis) => {
    axis.addHook('onRequest', checkHead);
    // Bodies stay bytes: the request signature is over them, and packages are kept exactly as sent
    axis.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    axis.addHook('preValidation', checkBody);
    axis.post('/axis/send', async (req) => hub.send(caller(req), new Uint8Array(req.body as Buffer)));
    axis.get('/axis/mailbox', async (req) => hub.mailbox(caller(req), Math.trunc(Number((req.query as { limit?: string }).limit ?? 100)) || 100));
    axis.get<{ Params: { id: string } }>('/axis/messages/:id', async (req, reply) => reply.type('application/xml').send(Buffer.from(await hub.fetch(caller(req), req.params.id))));
    axis.post<{ Params: { id: string } }>('/axis/messages/:id/ack', async (req) => {
      const agency = caller(req);
      const body = json(req);
      const outcome = body.outcome === 'fail' ? 'fail' : body.outcome === 'done' ? 'done' : undefined;
      if (!outcome) throw new OfficeError('OFFICE_AXIS_ACK_INVALID', { reason: 'outcome cần "done" hoặc "fail"' });
      await hub.acknowledge(agency, req.params.id, outcome, typeof body.reason === 'string' ? body.reason : undefined);
      return { ok: true };
    });
    axis.get<{ Params: { id: string } }>('/axis/messages/:id/deliveries', async (req) => hub.deliveries(caller(req), req.params.id));
    axis.get('/axis/alerts', async (req) => hub.alerts(caller(req)));
  });
  return app;
}
