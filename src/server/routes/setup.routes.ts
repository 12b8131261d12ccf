import type { FastifyPluginAsync } from 'fastify';
import type { FirstAdministrator, NewAgency, Office } from '../../office/index.ts';
import { errorReplies, setupInput, userBody } from '../schemas.ts';

interface SetupBody { token: string; agency: Omit<NewAgency, 'parentId'>; admin: FirstAdministrator }

/** Health and first-run set-up: public by nature. */
export const setupRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.get('/healthz', { schema: { tags: ['system'], summary: 'Sẵn sàng phục vụ', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => {
      await office.setup.isNeeded(); // a query: answers only when the database does
      return { status: 'ok' };
    });

  app.get('/api/setup', { schema: { tags: ['system'], summary: 'Hệ thống có cần thiết lập lần đầu không', response: { 200: { type: 'object', properties: { needed: { type: 'boolean' } } } } } },
    async () => ({ needed: await office.setup.isNeeded() }));

  app.post<{ Body: SetupBody }>('/api/setup', {
    schema: { tags: ['system'], summary: 'Tạo cơ quan gốc và quản trị viên đầu tiên', body: setupInput, response: { 201: userBody, ...errorReplies } },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req, reply) => reply.code(201).send(await office.setup.complete(req.body.token, req.body.agency, req.body.admin)));
};
