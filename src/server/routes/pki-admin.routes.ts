/** The CA operator's and IT officers' API: certificates and tokens. The rules live in office/pki. */
import type { FastifyPluginAsync } from 'fastify';
import { userOperator, type Office } from '../../office/index.ts';
import type { IssueInput } from '../../office/pki/index.ts';
import { errorReplies } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max }) as const;

const certificate = {
  type: 'object',
  properties: {
    serial: { type: 'string' }, caId: { type: 'string' }, profile: { type: 'string' }, subject: { type: 'string' }, holderName: { type: 'string' },
    agencyId: nullableText(64), tokenSerial: nullableText(64), notBefore: { type: 'string' }, notAfter: { type: 'string' }, status: { type: 'string' },
    revokedAt: nullableText(40), revocationReason: nullableText(40), replacesSerial: nullableText(64), pem: { type: 'string' },
  },
} as const;

const subject = {
  type: 'object', additionalProperties: false, required: ['profile'],
  properties: {
    profile: { type: 'string', enum: ['individual', 'organisation', 'device'] },
    fullName: text(200), agency: text(300), agencyName: text(300), deviceName: text(200), province: text(100), email: text(254),
    taxCode: text(14), budgetCode: text(20),
    idNumber: { type: 'object', additionalProperties: false, required: ['kind', 'value'], properties: { kind: { type: 'string', enum: ['CMND', 'CCCD', 'HC'] }, value: text(20) } },
  },
} as const;

const issueBody = {
  type: 'object', additionalProperties: false, required: ['csr', 'profile', 'subject', 'years'],
  properties: {
    caId: text(40), csr: text(65_536), profile: text(40), subject, kind: { type: 'string', enum: ['new', 'renewal'] }, years: { type: 'integer', minimum: 1, maximum: 20 },
    agencyId: text(64), tokenSerial: text(64), replacesSerial: text(64),
  },
} as const;

const token = {
  type: 'object',
  properties: { serial: { type: 'string' }, label: { type: 'string' }, model: nullableText(100), agencyId: { type: 'string' }, holderName: nullableText(200), state: { type: 'string' }, updatedAt: { type: 'string' } },
} as const;

const handedOver = { type: 'object', properties: { token, certificateSerial: { type: 'string' }, keyBundleRemoved: { type: 'boolean' } } } as const;

const tokenEvent = {
  type: 'object',
  properties: {
    fromState: nullableText(20), toState: { type: 'string' }, handedBy: nullableText(200), receivedBy: nullableText(200), witnessedBy: nullableText(200),
    authorisation: nullableText(300), note: nullableText(1000), at: { type: 'string' },
  },
} as const;

const serialParam = { type: 'object', additionalProperties: false, required: ['serial'], properties: { serial: text(64) } } as const;

export const pkiAdminRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const tags = ['pki'];
  const pki = office.pki;
  const operator = (req: Parameters<typeof actorOf>[0]) => userOperator(actorOf(req));

  app.get('/api/pki/authorities', { schema: { tags, summary: 'Các CA của hệ thống', response: errorReplies } }, async (req) => pki.authorities(operator(req)));

  app.get<{ Querystring: { status?: 'valid' | 'on_hold' | 'revoked'; ca?: string } }>('/api/pki/certificates', {
    schema: {
      tags, summary: 'Sổ chứng thư số đã cấp',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['valid', 'on_hold', 'revoked'] }, ca: text(40) } },
      response: { 200: { type: 'array', items: certificate }, ...errorReplies },
    },
  }, async (req) => pki.list(operator(req), { ...(req.query.status ? { status: req.query.status } : {}), ...(req.query.ca ? { caId: req.query.ca } : {}) }));

  app.get<{ Querystring: { status?: 'valid' | 'on_hold' | 'revoked' } }>('/api/pki/registry', {
    schema: {
      tags, summary: 'Sổ chứng thư số của các cơ quan mình quản lý (quản trị, Sở TT&TT, CA)',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['valid', 'on_hold', 'revoked'] } } },
      response: { 200: { type: 'array', items: certificate }, ...errorReplies },
    },
  }, async (req) => pki.registry(actorOf(req), req.query.status ? { status: req.query.status } : {}));

  app.post<{ Body: IssueInput & { csr: string } }>('/api/pki/certificates', { schema: { tags, summary: 'Cấp chứng thư số từ CSR', body: issueBody, response: { 201: certificate, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await pki.issue(operator(req), req.body)));

  app.post<{ Params: { serial: string }; Body: { reason: string } }>('/api/pki/certificates/:serial/revoke', {
    schema: { tags, summary: 'Thu hồi hoặc tạm dừng chứng thư số', params: serialParam, body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: text(40) } }, response: { 200: certificate, ...errorReplies } },
  }, async (req) => pki.revoke(operator(req), req.params.serial, req.body.reason));

  app.post<{ Params: { serial: string } }>('/api/pki/certificates/:serial/release', { schema: { tags, summary: 'Khôi phục chứng thư đang tạm dừng', params: serialParam, response: { 200: certificate, ...errorReplies } } },
    async (req) => pki.release(operator(req), req.params.serial));

  // The hand-over of congvan's own CA (ca-own-tokens.ts): the token in stock to the holder, the certificate named on it, the PKCS#12 deleted
  app.post<{ Params: { serial: string }; Body: { tokenSerial: string; handedBy: string; receivedBy?: string; witnessedBy?: string; authorisation?: string } }>('/api/pki/certificates/:serial/hand-over', {
    schema: {
      tags, summary: 'Bàn giao token mang khóa của chứng thư số cho người được cấp (xóa tệp PKCS#12)', params: serialParam,
      body: { type: 'object', additionalProperties: false, required: ['tokenSerial', 'handedBy'], properties: { tokenSerial: text(64), handedBy: text(200), receivedBy: text(200), witnessedBy: text(200), authorisation: text(300) } },
      response: { 200: handedOver, ...errorReplies },
    },
  }, async (req) => office.caDesk.handOver(actorOf(req), { ...req.body, certificateSerial: req.params.serial }));

  app.get('/api/pki/tokens', { schema: { tags, summary: 'Sổ theo dõi token', response: { 200: { type: 'array', items: token }, ...errorReplies } } },
    async (req) => pki.tokens.list(actorOf(req)));

  app.post<{ Body: { serial: string; label: string; model?: string; agencyId: string } }>('/api/pki/tokens', {
    schema: {
      tags, summary: 'Đăng ký token mới',
      body: { type: 'object', additionalProperties: false, required: ['serial', 'label', 'agencyId'], properties: { serial: text(64), label: text(200), model: text(100), agencyId: text(64) } },
      response: { 201: token, ...errorReplies },
    },
  }, async (req, reply) => reply.code(201).send(await pki.tokens.register(actorOf(req), req.body)));

  app.post<{ Params: { serial: string }; Body: { to: string; handedBy?: string; receivedBy?: string; witnessedBy?: string; authorisation?: string; note?: string } }>('/api/pki/tokens/:serial/state', {
    schema: {
      tags, summary: 'Chuyển trạng thái token (kèm biên bản bàn giao khi đổi người giữ)', params: serialParam,
      body: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: text(20), handedBy: text(200), receivedBy: text(200), witnessedBy: text(200), authorisation: text(300), note: text(1000) } },
      response: { 200: token, ...errorReplies },
    },
  }, async (req) => pki.tokens.change(actorOf(req), req.params.serial, req.body));

  app.get<{ Params: { serial: string } }>('/api/pki/tokens/:serial/history', { schema: { tags, summary: 'Lịch sử và biên bản bàn giao của token', params: serialParam, response: { 200: { type: 'array', items: tokenEvent }, ...errorReplies } } },
    async (req) => pki.tokens.history(actorOf(req), req.params.serial));
};
