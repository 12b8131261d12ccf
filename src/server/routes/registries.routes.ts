/** Registries (issue 7): official mailboxes and document-system accounts per agency and person, with state and history. */
import type { FastifyPluginAsync } from 'fastify';
import type { NewMailbox, Office } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';
import {
  accountHistoryReply, accountListReply, accountListQuery, mailboxHistoryReply, mailboxListQuery, mailboxListReply, mailboxReply, newMailboxInput, reasonInput,
} from './registries.schemas.ts';

interface IdParams { id: string }
interface ListQuery { agencyId?: string; userId?: string; state?: string; limit?: number; offset?: number }
type Reason = { reason?: string } | undefined;

export const registryRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const tags = ['registries'];
  const { mailboxes, accounts } = office;

  app.get<{ Querystring: ListQuery }>('/api/mailboxes', { schema: { tags, summary: 'Sổ hộp thư công vụ', querystring: mailboxListQuery, response: { 200: mailboxListReply, ...errorReplies } } },
    async (req) => mailboxes.list(actorOf(req), req.query));
  app.get<{ Params: IdParams }>('/api/mailboxes/:id/history', { schema: { tags, summary: 'Lịch sử hộp thư', params: idParam, response: { 200: mailboxHistoryReply, ...errorReplies } } },
    async (req) => mailboxes.history(actorOf(req), req.params.id));
  app.post<{ Body: NewMailbox }>('/api/mailboxes', { schema: { tags, summary: 'Ghi hộp thư công vụ vào sổ', body: newMailboxInput, response: { 201: mailboxReply, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await mailboxes.create(actorOf(req), req.body)));
  for (const [change, summary] of [['revoke', 'Thu hồi hộp thư'], ['suspend', 'Tạm khóa hộp thư'], ['resume', 'Mở lại hộp thư đang tạm khóa']] as const) {
    app.post<{ Params: IdParams; Body: Reason }>(`/api/mailboxes/:id/${change}`, { schema: { tags, summary, params: idParam, body: reasonInput, response: { 200: mailboxReply, ...errorReplies } } },
      async (req) => mailboxes[change](actorOf(req), req.params.id, req.body ?? {}));
  }

  app.get<{ Querystring: ListQuery }>('/api/accounts', { schema: { tags, summary: 'Tài khoản trên hệ thống', querystring: accountListQuery, response: { 200: accountListReply, ...errorReplies } } },
    async (req) => accounts.list(actorOf(req), req.query));
  app.get<{ Params: IdParams }>('/api/accounts/:id/history', { schema: { tags, summary: 'Lịch sử tài khoản', params: idParam, response: { 200: accountHistoryReply, ...errorReplies } } },
    async (req) => accounts.history(actorOf(req), req.params.id));
};
