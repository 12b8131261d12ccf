/** Registries (issue 7): official mailboxes and document-system accounts per agency and person, with state and history. */
import type { FastifyPluginAsync } from 'fastify';
import { MAX_MAILBOX_IMPORT_BYTES, type NewMailbox, type Office } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { sendFile } from '../send-file.ts';
import { actorOf, sessionHook } from '../session.ts';
import {
  accountHistoryReply, accountListReply, accountListQuery, mailboxHistoryReply, mailboxImportReply, mailboxListQuery, mailboxListReply, mailboxReply, newMailboxInput, reasonInput,
} from './registries.schemas.ts';

/** A mailbox list as browsers label it (CSV is often called an Excel file on Windows); the body is read raw */
const IMPORT_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

interface IdParams { id: string }
interface ListQuery { agencyId?: string; userId?: string; state?: string; limit?: number; offset?: number }
type Reason = { reason?: string } | undefined;

export const registryRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const tags = ['registries'];
  const { mailboxes, accounts } = office;
  for (const type of IMPORT_TYPES) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

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

  app.post<{ Body: unknown }>('/api/mailboxes/import', {
    bodyLimit: MAX_MAILBOX_IMPORT_BYTES,
    schema: { tags, summary: 'Nhập danh sách hộp thư công vụ từ tệp XLSX hoặc CSV (cả tệp hoặc không dòng nào)', consumes: IMPORT_TYPES, response: { 200: mailboxImportReply, ...errorReplies } },
  }, async (req) => mailboxes.importFile(actorOf(req), Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0)));
  app.get('/api/mailboxes/import-template', { schema: { tags, summary: 'Tệp mẫu để nhập danh sách hộp thư công vụ' } },
    async (_req, reply) => sendFile(reply, await mailboxes.importTemplate()));

  app.get<{ Querystring: ListQuery }>('/api/accounts', { schema: { tags, summary: 'Tài khoản trên hệ thống', querystring: accountListQuery, response: { 200: accountListReply, ...errorReplies } } },
    async (req) => accounts.list(actorOf(req), req.query));
  app.get<{ Params: IdParams }>('/api/accounts/:id/history', { schema: { tags, summary: 'Lịch sử tài khoản', params: idParam, response: { 200: accountHistoryReply, ...errorReplies } } },
    async (req) => accounts.history(actorOf(req), req.params.id));
};
