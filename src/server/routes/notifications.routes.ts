/** In-app notifications over HTTP: the signed-in person's own, newest first, and marking them read. Thin: the rules are in office/. */
import type { FastifyPluginAsync } from 'fastify';
import type { Office } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';

interface IdParams { id: string }

const notificationBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' },
    documentId: { type: ['string', 'null'] }, createdAt: { type: 'string' }, readAt: { type: ['string', 'null'] },
  },
} as const;

const listQuery = {
  type: 'object', additionalProperties: false,
  properties: { unread: { type: 'boolean', default: false }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
} as const;

export const notificationRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const { notifications } = office;
  const tags = ['notifications'];

  app.get<{ Querystring: { unread: boolean; limit: number } }>('/api/notifications', {
    schema: { tags, summary: 'Thông báo của tôi, mới nhất trước (unread=true: chỉ thông báo chưa đọc)', querystring: listQuery, response: { 200: { type: 'array', items: notificationBody }, ...errorReplies } },
  }, async (req) => (req.query.unread ? notifications.unread(actorOf(req), req.query.limit) : notifications.recent(actorOf(req), req.query.limit)));

  app.get('/api/notifications/count', {
    schema: { tags, summary: 'Số thông báo chưa đọc', response: { 200: { type: 'object', properties: { unread: { type: 'integer' } } }, ...errorReplies } },
  }, async (req) => ({ unread: await notifications.countUnread(actorOf(req)) }));

  app.post<{ Params: IdParams }>('/api/notifications/:id/read', {
    schema: { tags, summary: 'Đánh dấu một thông báo đã đọc', params: idParam, response: { 200: notificationBody, ...errorReplies } },
  }, async (req) => notifications.markRead(actorOf(req), req.params.id));

  app.post('/api/notifications/read-all', {
    schema: { tags, summary: 'Đánh dấu mọi thông báo đã đọc', response: { 200: { type: 'object', properties: { marked: { type: 'integer' } } }, ...errorReplies } },
  }, async (req) => ({ marked: await notifications.markAllRead(actorOf(req)) }));
};
