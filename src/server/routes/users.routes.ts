import type { FastifyPluginAsync } from 'fastify';
import type { NewUser, Office, UserChanges } from '../../office/index.ts';
import { errorReplies, idParam, listQuery, newUserInput, userBody, userChangesInput } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';

interface IdParams { id: string }
interface ListQuery { agencyId?: string; q?: string; limit: number; offset: number }
const userList = { type: 'object', properties: { items: { type: 'array', items: userBody }, total: { type: 'integer' } } } as const;

export const userRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const tags = ['users'];

  app.get<{ Querystring: ListQuery }>('/api/users', { schema: { tags, summary: 'Danh sách người dùng', querystring: listQuery, response: { 200: userList, ...errorReplies } } },
    async (req) => office.users.list(actorOf(req), { agencyId: req.query.agencyId, text: req.query.q, limit: req.query.limit, offset: req.query.offset }));

  app.get<{ Querystring: { days?: string } }>('/api/users/unused', {
    schema: { tags, summary: 'Tài khoản không sử dụng (đề xuất thu hồi)', querystring: { type: 'object', properties: { days: { type: 'string', maxLength: 12 } }, additionalProperties: false } },
  }, async (req) => office.users.unused(actorOf(req), { days: req.query.days }));

  // The selection on the unused-accounts page, each with the position typed there; the shapes are checked by the domain, in Vietnamese
  app.post<{ Body: { accounts?: unknown } }>('/api/users/unused/revoke-list', {
    schema: { tags, summary: 'Lập danh sách Mẫu số 07 (thu hồi tài khoản) nháp từ các tài khoản không sử dụng đã chọn', body: { type: 'object', properties: { accounts: { type: 'array', maxItems: 1000 } }, additionalProperties: false } },
  }, async (req, reply) => reply.code(201).send(await office.users.draftRevokeList(actorOf(req), { accounts: req.body?.accounts })));

  app.get<{ Params: IdParams }>('/api/users/:id', { schema: { tags, summary: 'Thông tin người dùng', params: idParam, response: { 200: userBody, ...errorReplies } } },
    async (req) => office.users.get(actorOf(req), req.params.id));

  app.post<{ Body: NewUser }>('/api/users', { schema: { tags, summary: 'Tạo người dùng', body: newUserInput, response: { 201: userBody, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await office.users.create(actorOf(req), req.body)));

  app.patch<{ Params: IdParams; Body: UserChanges }>('/api/users/:id', { schema: { tags, summary: 'Sửa người dùng', params: idParam, body: userChangesInput, response: { 200: userBody, ...errorReplies } } },
    async (req) => office.users.update(actorOf(req), req.params.id, req.body));

  app.post<{ Params: IdParams }>('/api/users/:id/deactivate', { schema: { tags, summary: 'Khóa tài khoản', params: idParam, response: { 200: userBody, ...errorReplies } } },
    async (req) => office.users.deactivate(actorOf(req), req.params.id));

  app.post<{ Params: IdParams }>('/api/users/:id/reactivate', { schema: { tags, summary: 'Mở khóa tài khoản', params: idParam, response: { 200: userBody, ...errorReplies } } },
    async (req) => office.users.reactivate(actorOf(req), req.params.id));

  app.post<{ Params: IdParams }>('/api/users/:id/reset-password', {
    schema: { tags, summary: 'Đặt lại mật khẩu (trả về mật khẩu tạm một lần)', params: idParam, response: { 200: { type: 'object', properties: { temporaryPassword: { type: 'string' } } }, ...errorReplies } },
  }, async (req) => office.users.resetPassword(actorOf(req), req.params.id));
};
