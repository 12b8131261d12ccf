import type { FastifyPluginAsync } from 'fastify';
import type { NewAgency, Office } from '../../office/index.ts';
import { agencyBody, errorReplies, newAgencyInput } from '../schemas.ts';
import { actorOf, roleHook, sessionHook } from '../session.ts';

export const agencyRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const tags = ['agencies'];

  app.get('/api/agencies', { schema: { tags, summary: 'Cơ quan trong phạm vi được xem', response: { 200: { type: 'array', items: agencyBody }, ...errorReplies } } },
    async (req) => office.agencies.list(actorOf(req)));

  app.post<{ Body: NewAgency }>('/api/agencies', { schema: { tags, summary: 'Tạo cơ quan trực thuộc', body: newAgencyInput, response: { 201: agencyBody, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await office.agencies.create(actorOf(req), req.body)));
};

export const auditRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  app.addHook('preHandler', roleHook('admin'));
  const entry = {
    type: 'object',
    properties: {
      seq: { type: 'integer' }, at: { type: 'string' }, actorId: { type: ['string', 'null'] }, agencyId: { type: ['string', 'null'] },
      action: { type: 'string' }, targetType: { type: 'string' }, targetId: { type: ['string', 'null'] }, details: { type: 'object', additionalProperties: true },
    },
  } as const;
  app.get<{ Querystring: { limit: number; before?: number } }>('/api/audit', {
    schema: {
      tags: ['audit'], summary: 'Nhật ký thao tác (mới nhất trước)',
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, before: { type: 'integer', minimum: 1 } } },
      response: { 200: { type: 'array', items: entry }, ...errorReplies },
    },
  }, async (req) => office.audit.list(actorOf(req), req.query.limit, req.query.before));
};
