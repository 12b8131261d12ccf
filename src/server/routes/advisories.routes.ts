/** Security advisories: the DIC publishes and follows up; every user sees what they have not acknowledged. */
import type { FastifyInstance } from 'fastify';
import type { Office } from '../../office/index.ts';
import { actorOf, sessionHook } from '../session.ts';

const idParam = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'], additionalProperties: false } as const;
const advisoryInput = {
  type: 'object', additionalProperties: false, required: ['title', 'body'],
  properties: { title: { type: 'string', maxLength: 400 }, body: { type: 'string', maxLength: 20_000 }, severity: { type: 'string', maxLength: 20 } },
} as const;

export async function advisoryRoutes(app: FastifyInstance, opts: { office: Office }): Promise<void> {
  const { office } = opts;
  app.addHook('onRequest', sessionHook(office));
  const tags = ['advisories'];
  app.get('/api/advisories/pending', { schema: { tags, summary: 'Cảnh báo an toàn thông tin chưa xác nhận đã đọc' } }, async (req) => office.advisories.pending(actorOf(req)));
  app.post<{ Params: { id: string } }>('/api/advisories/:id/ack', { schema: { tags, summary: 'Xác nhận đã đọc', params: idParam } }, async (req) => {
    await office.advisories.acknowledge(actorOf(req), req.params.id);
    return { ok: true };
  });
  app.get('/api/advisories', { schema: { tags, summary: 'Cảnh báo đã phát hành (Sở TT&TT)' } }, async (req) => office.advisories.list(actorOf(req)));
  app.post<{ Body: { title: string; body: string; severity?: string } }>('/api/advisories', { schema: { tags, summary: 'Phát hành cảnh báo', body: advisoryInput } },
    async (req, reply) => reply.code(201).send(await office.advisories.publish(actorOf(req), req.body)));
  app.get<{ Params: { id: string } }>('/api/advisories/:id/status', { schema: { tags, summary: 'Ai đã và chưa xác nhận', params: idParam } },
    async (req) => office.advisories.status(actorOf(req), req.params.id));
  app.post<{ Params: { id: string } }>('/api/advisories/:id/withdraw', { schema: { tags, summary: 'Thu hồi cảnh báo', params: idParam } },
    async (req) => office.advisories.withdraw(actorOf(req), req.params.id));
}
