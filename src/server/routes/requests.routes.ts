/**
 * Administration requests over HTTP (issue 7): the seeds' forms with their columns, a unit's lists and their rows,
 * the desk's inbox, merge, return with a reason, resubmit, the DIC's approval, and each request's timeline. Thin:
 * the schema validates, one office call does the work. Every change carries the version the user saw.
 */
import type { FastifyPluginAsync } from 'fastify';
import { FORMS, type MergeInput, type Office, type Seen } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';
import { download } from './records.schemas.ts';
import { sendFile } from '../send-file.ts';
import {
  addedBody, approvalBody, approveInput, batchBody, carryReportBody, lostTokenBody, batchViewBody, doneInput, entryBody, entryTimelineBody, eventBody, formBody, headerInput, inboxQuery,
  mergeInput, mineQuery, newBatchInput, reasonInput, resubmitInput, rowsInput, valuesInput, versionInput, withdrawInput,
} from './requests.schemas.ts';

interface IdParams { id: string }
type Values = Record<string, unknown>;
const seenOf = (req: { params: IdParams; body: { version: number } }): Seen => ({ id: req.params.id, version: req.body.version });

export const requestRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const { batches, entries, decisions, queries } = office.requests;
  const tags = ['requests'];
  const one = (body: object, status = 200) => ({ [status]: body, ...errorReplies });
  const many = (items: object) => ({ 200: { type: 'array', items }, ...errorReplies });

  app.get('/api/request-forms', { schema: { tags, summary: 'Các biểu mẫu đề nghị, cột theo thứ tự in trong văn bản mẫu', response: many(formBody) } },
    async () => FORMS);

  app.get<{ Querystring: { formId?: string; state?: string } }>('/api/request-batches', { schema: { tags, summary: 'Danh sách đề nghị của cơ quan tôi', querystring: mineQuery, response: many(batchBody) } },
    async (req) => queries.mine(actorOf(req), req.query));

  app.get<{ Querystring: { formId?: string } }>('/api/request-batches/inbox', { schema: { tags, summary: 'Danh sách đề nghị gửi tới cơ quan tôi, chưa gộp', querystring: inboxQuery, response: many(batchBody) } },
    async (req) => queries.inbox(actorOf(req), req.query.formId));

  app.post<{ Body: { formId: string; header?: Values } }>('/api/request-batches', { schema: { tags, summary: 'Lập danh sách đề nghị theo một biểu mẫu', body: newBatchInput, response: one(batchBody, 201) } },
    async (req, reply) => reply.code(201).send(await batches.create(actorOf(req), req.body)));

  app.post<{ Body: MergeInput }>('/api/request-batches/merge', { schema: { tags, summary: 'Gộp các danh sách gửi tới (cấp huyện, Sở TT&TT)', body: mergeInput, response: one(batchBody) } },
    async (req) => batches.merge(actorOf(req), req.body));

  app.get<{ Params: IdParams }>('/api/request-batches/:id', { schema: { tags, summary: 'Danh sách đề nghị và các dòng', params: idParam, response: one(batchViewBody) } },
    async (req) => queries.batch(actorOf(req), req.params.id));

  app.get<{ Params: IdParams }>('/api/request-batches/:id/timeline', { schema: { tags, summary: 'Quá trình xử lý của danh sách', params: idParam, response: many(eventBody) } },
    async (req) => queries.batchTimeline(actorOf(req), req.params.id));

  app.patch<{ Params: IdParams; Body: { version: number; header: Values } }>('/api/request-batches/:id/header', { schema: { tags, summary: 'Sửa thông tin chung của danh sách', params: idParam, body: headerInput, response: one(batchBody) } },
    async (req) => batches.setHeader(actorOf(req), seenOf(req), req.body.header));

  app.post<{ Params: IdParams; Body: { version: number; rows: Values[] } }>('/api/request-batches/:id/entries', { schema: { tags, summary: 'Thêm dòng vào danh sách (kiểm tra từng ô)', params: idParam, body: rowsInput, response: one(addedBody, 201) } },
    async (req, reply) => reply.code(201).send(await entries.add(actorOf(req), seenOf(req), req.body.rows)));

  app.post<{ Params: IdParams; Body: { version: number } }>('/api/request-batches/:id/submit', { schema: { tags, summary: 'Gửi danh sách lên cấp trên', params: idParam, body: versionInput, response: one(batchBody) } },
    async (req) => batches.submit(actorOf(req), seenOf(req)));

  app.post<{ Params: IdParams; Body: { version: number } }>('/api/request-batches/:id/recall', { schema: { tags, summary: 'Rút danh sách đã gửi về', params: idParam, body: versionInput, response: one(batchBody) } },
    async (req) => batches.recall(actorOf(req), seenOf(req)));

  app.get('/api/request-entries/returned', { schema: { tags, summary: 'Đề nghị của cơ quan tôi bị trả lại', response: many(entryBody) } },
    async (req) => queries.returned(actorOf(req)));

  // With congvan's own CA the approval carries the certificate entries at once (ca-desk.ts): the answer holds each
  // entry's outcome and, for a key made here, its one-time password, shown once to this operator and never logged.
  app.post<{ Body: { entries: Seen[] } }>('/api/request-entries/approve', { schema: { tags, summary: 'Sở TT&TT duyệt đề nghị (CA nội bộ: cấp, thu hồi ngay)', body: approveInput, response: one(approvalBody) } },
    async (req) => office.caDesk.approve(actorOf(req), req.body.entries));

  app.post('/api/request-entries/carry-pending', { schema: { tags, summary: 'Thực hiện lại các đề nghị đã duyệt mà CA chưa thực hiện được', response: many(carryReportBody) } },
    async (req) => office.caDesk.carryPending(actorOf(req)));

  app.get<{ Params: IdParams }>('/api/request-entries/:id/key-bundle', { schema: { tags, summary: 'Tệp PKCS#12 (khóa và chứng thư số) cho người đã duyệt hoặc cán bộ CA', params: idParam, response: { ...download('application/x-pkcs12'), ...errorReplies } } },
    async (req, reply) => sendFile(reply, await office.caDesk.keyBundle(actorOf(req), req.params.id)));

  app.post<{ Params: IdParams }>('/api/request-entries/:id/report-lost', { schema: { tags, summary: 'Báo mất thiết bị (Mẫu 06): thu hồi ngay chứng thư số', params: idParam, response: one(lostTokenBody) } },
    async (req) => office.caDesk.reportLostToken(actorOf(req), req.params.id));

  app.get<{ Params: IdParams }>('/api/request-entries/:id/timeline', { schema: { tags, summary: 'Quá trình xử lý một đề nghị', params: idParam, response: one(entryTimelineBody) } },
    async (req) => queries.timeline(actorOf(req), req.params.id));

  app.patch<{ Params: IdParams; Body: { version: number; values: Values } }>('/api/request-entries/:id', { schema: { tags, summary: 'Sửa một đề nghị', params: idParam, body: valuesInput, response: one(entryBody) } },
    async (req) => entries.edit(actorOf(req), seenOf(req), req.body.values));

  app.post<{ Params: IdParams; Body: { version: number; reason?: string } }>('/api/request-entries/:id/withdraw', { schema: { tags, summary: 'Rút một đề nghị', params: idParam, body: withdrawInput, response: one(entryBody) } },
    async (req) => entries.remove(actorOf(req), seenOf(req), req.body.reason));

  app.post<{ Params: IdParams; Body: { version: number; reason: string } }>('/api/request-entries/:id/return', { schema: { tags, summary: 'Trả lại đề nghị cho nơi lập, nêu lý do', params: idParam, body: reasonInput, response: one(entryBody) } },
    async (req) => entries.returnToOrigin(actorOf(req), seenOf(req), req.body.reason));

  app.post<{ Params: IdParams; Body: { version: number; values?: Values } }>('/api/request-entries/:id/resubmit', { schema: { tags, summary: 'Gửi lại đề nghị đã sửa', params: idParam, body: resubmitInput, response: one(entryBody) } },
    async (req) => entries.resubmit(actorOf(req), seenOf(req), req.body.values));

  app.post<{ Params: IdParams; Body: { version: number; outcome?: string } }>('/api/request-entries/:id/done', { schema: { tags, summary: 'Đánh dấu đề nghị đã hoàn thành', params: idParam, body: doneInput, response: one(entryBody) } },
    async (req) => decisions.markDone(actorOf(req), seenOf(req), req.body.outcome));
};
