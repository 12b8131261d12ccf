/**
 * A request list's documents over HTTP (issue 7): the list as XLSX, the covering letter made (numbered, signed by
 * the actor's server-held key or on their USB token, sealed) and downloaded as kept, and the requests filed in a list wherever they are
 * now. Thin: the schema validates, one office call does the work; files go out under a Vietnamese name with an
 * ASCII fallback for old clients.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Office } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { sendFile } from '../send-file.ts';
import { actorOf, sessionHook } from '../session.ts';
import { download } from './records.schemas.ts';
import { filedBody, letterBody, madeLetterBody } from './requests.schemas.ts';

interface IdParams { id: string }

export const requestDocumentRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const { documents, filed } = office.requests;
  const tags = ['requests'];

  app.get<{ Params: IdParams }>('/api/request-batches/:id/list.xlsx', { schema: { tags, summary: 'Tải danh sách đề nghị (XLSX, cột theo mẫu)', params: idParam, response: { ...download('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errorReplies } } },
    async (req, reply) => sendFile(reply, await documents.listXlsx(actorOf(req), req.params.id)));

  app.get<{ Params: IdParams }>('/api/request-batches/:id/letter', { schema: { tags, summary: 'Công văn gửi kèm của danh sách (nếu đã lập)', params: idParam, response: { 200: { anyOf: [letterBody, { type: 'null' }] }, ...errorReplies } } },
    async (req) => documents.letterInfo(actorOf(req), req.params.id));

  app.post<{ Params: IdParams }>('/api/request-batches/:id/letter', { schema: { tags, summary: 'Lập công văn gửi kèm (lấy số, ký số cá nhân, đóng dấu cơ quan)', params: idParam, response: { 200: madeLetterBody, 201: madeLetterBody, ...errorReplies } } },
    async (req, reply) => {
      const made = await documents.makeLetter(actorOf(req), req.params.id);
      return reply.code(made.isNew ? 201 : 200).send(made);
    });

  app.post<{ Params: IdParams; Body: { certificate: string } }>('/api/request-batches/:id/letter/token/prepare', {
    schema: {
      tags, summary: 'Lập công văn gửi kèm để ký bằng USB token (congvan agent): lấy số, dàn trang, trả chuỗi băm cần ký', params: idParam,
      body: { type: 'object', additionalProperties: false, required: ['certificate'], properties: { certificate: { type: 'string', minLength: 1, maxLength: 20_000 } } },
      response: { 200: { type: 'object', properties: { digest: { type: 'string' }, expiresAt: { type: 'string' }, letter: letterBody } }, ...errorReplies },
    },
  }, async (req) => documents.prepareLetterForToken(actorOf(req), req.params.id, req.body.certificate));

  app.post<{ Params: IdParams; Body: { signature: string } }>('/api/request-batches/:id/letter/token/complete', {
    schema: {
      tags, summary: 'Hoàn tất chữ ký từ USB token, đóng dấu cơ quan và lưu công văn gửi kèm', params: idParam,
      body: { type: 'object', additionalProperties: false, required: ['signature'], properties: { signature: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^[A-Za-z0-9+/=]+$' } } },
      response: { 201: madeLetterBody, ...errorReplies },
    },
  }, async (req, reply) => reply.code(201).send(await documents.completeLetterFromToken(actorOf(req), req.params.id, new Uint8Array(Buffer.from(req.body.signature, 'base64')))));

  app.get<{ Params: IdParams }>('/api/request-batches/:id/letter.pdf', { schema: { tags, summary: 'Tải công văn gửi kèm đã ký (PDF)', params: idParam, response: { ...download('application/pdf'), ...errorReplies } } },
    async (req, reply) => sendFile(reply, await documents.letterPdf(actorOf(req), req.params.id)));

  app.get<{ Params: IdParams }>('/api/request-batches/:id/filed', { schema: { tags, summary: 'Các đề nghị lập trong danh sách và nơi đang xử lý', params: idParam, response: { 200: { type: 'array', items: filedBody }, ...errorReplies } } },
    async (req) => filed.filedIn(actorOf(req), req.params.id));
};
