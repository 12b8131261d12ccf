/** Documents over HTTP: drafts and their files, the outgoing steps, arrivals and handling, search. Thin: the rules are in office/. */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Office } from '../../office/index.ts';
import { DOCUMENT_TYPES } from '../../office/documents/catalogue.ts';
import { MAX_UPLOAD_BYTES } from '../../office/documents/files.ts';
import { ServerError } from '../server.errors.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { actorOf, sessionHook } from '../session.ts';

interface IdParams { id: string }
const text = (maxLength: number, minLength = 1) => ({ type: 'string', minLength, maxLength }) as const;
const body = (required: readonly string[], properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required, properties }) as const;
const rect = { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } } as const;
const place = body(['page', 'rect'], { page: { type: 'integer', minimum: 0, maximum: 9999 }, rect });
const ok = { 200: { type: 'object', additionalProperties: true }, ...errorReplies } as const;
const list = { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorReplies } as const;

const searchQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 }, typeCode: { type: 'string', maxLength: 40 }, direction: { type: 'string', enum: ['in', 'out'] },
    status: { type: 'string', maxLength: 30 }, handlerId: { type: 'string', format: 'uuid' }, from: { type: 'string', maxLength: 10 }, to: { type: 'string', maxLength: 10 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 }, offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const MISSING_FILE = 'thiếu tệp tải lên (trường "file")';
/** The multipart limits of these routes, as the error says them */
const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES + 10 * 1024 * 1024, files: 1, fields: 10, fieldSize: 4000 } as const;

/**
 * What @fastify/multipart and its busboy throw on a bad upload, as the Vietnamese answer the clerk reads; any
 * other error is left as it is (then it is ours, not the request's).
 */
function uploadError(err: unknown): unknown {
  const { code, message } = err as { code?: unknown; message?: unknown };
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE': return new ServerError('SRV_BODY_TOO_LARGE', { limit: `${MAX_UPLOAD_BYTES / 1024 / 1024} MiB` });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE': return new ServerError('SRV_VALIDATION', { problem: 'tệp phải được gửi dạng multipart/form-data' });
    case 'FST_FILES_LIMIT': return new ServerError('SRV_VALIDATION', { problem: `chỉ gửi ${UPLOAD_LIMITS.files} tệp mỗi lần` });
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT': return new ServerError('SRV_VALIDATION', { problem: `quá nhiều trường trong biểu mẫu (tối đa ${UPLOAD_LIMITS.fields})` });
    case 'FST_PROTO_VIOLATION': return new ServerError('SRV_VALIDATION', { problem: 'tên trường không được phép' });
    case 'FST_MP_PREMATURE_CLOSE': return new ServerError('SRV_VALIDATION', { problem: 'biểu mẫu tải lên bị ngắt giữa chừng' });
  }
  if (code === undefined && typeof message === 'string' && /multipart data|Boundary not found/.test(message)) {
    return new ServerError('SRV_VALIDATION', { problem: 'biểu mẫu tải lên bị hỏng hoặc không trọn vẹn' });
  }
  return err;
}

/** One uploaded file with its form fields (multipart), the fields as text */
async function fileWithFields(req: FastifyRequest) {
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Uint8Array } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') file = { name: part.filename, bytes: new Uint8Array(await part.toBuffer()) };
      else fields[part.fieldname] = String(part.value ?? '');
    }
  } catch (err) {
    throw uploadError(err);
  }
  if (!file) throw new ServerError('SRV_VALIDATION', { problem: MISSING_FILE });
  return { file, fields };
}

export const documentRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  await app.register(multipart, { limits: UPLOAD_LIMITS });
  const tags = ['documents'];
  const schema = (summary: string, extra: Record<string, unknown> = {}) => ({ tags, summary, response: ok, ...extra });

  app.get('/api/document-types', { schema: { tags, summary: 'Các loại văn bản (Nghị định 30, Phụ lục III)', response: list } }, async () => DOCUMENT_TYPES);

  app.get<{ Querystring: Record<string, string | number | undefined> }>('/api/documents', { schema: { tags, summary: 'Tìm văn bản (không cần dấu)', querystring: searchQuery, response: ok } },
    async (req) => office.documents.search(actorOf(req), req.query as never));

  app.post<{ Body: { typeCode: string; subject: string; urgency?: string; secrecy?: string; replaces?: { documentId: string; businessType: 1 | 2 | 3 } } }>('/api/documents', {
    schema: schema('Tạo dự thảo văn bản đi (có thể thu hồi, cập nhật hoặc thay thế một văn bản đã gửi qua trục)', {
      body: body(['typeCode', 'subject'], { typeCode: text(40), subject: text(2000), urgency: text(20), secrecy: text(20), replaces: body(['documentId', 'businessType'], { documentId: { type: 'string', format: 'uuid' }, businessType: { type: 'integer', enum: [1, 2, 3] } }) }),
      response: { 201: ok[200], ...errorReplies },
    }),
  }, async (req, reply) => reply.code(201).send(await office.documents.createDraft(actorOf(req), req.body as never)));

  app.get<{ Params: IdParams }>('/api/documents/:id', { schema: schema('Một văn bản, với nơi nhận, các phiên bản tệp và vết xử lý', { params: idParam }) },
    async (req) => office.documentDetail(actorOf(req), req.params.id));

  app.post<{ Params: IdParams }>('/api/documents/:id/file', { schema: { tags, summary: 'Tải tệp lên dự thảo (PDF, hoặc Word/ODT chuyển sang PDF)', params: idParam, consumes: ['multipart/form-data'], response: ok } }, async (req) =>
    office.files.attach(actorOf(req), req.params.id, (await fileWithFields(req)).file));

  app.get<{ Params: IdParams; Querystring: { version?: number } }>('/api/documents/:id/file', {
    schema: { tags, summary: 'Tệp PDF của văn bản', params: idParam, querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } } },
  }, async (req, reply) => {
    const file = await office.files.read(actorOf(req), req.params.id, req.query.version);
    return reply.type('application/pdf').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`).send(Buffer.from(file.bytes));
  });

  app.put<{ Params: IdParams; Body: { recipients: { kind: 'unit' | 'agency' | 'email'; target: string }[] } }>('/api/documents/:id/recipients', {
    schema: schema('Nơi nhận', { params: idParam, body: body(['recipients'], { recipients: { type: 'array', maxItems: 200, items: body(['kind', 'target'], { kind: { type: 'string', enum: ['unit', 'agency', 'email'] }, target: text(254) }) } }), response: list }),
  }, async (req) => office.issuing.setRecipients(actorOf(req), req.params.id, req.body.recipients));

  const comment = body([], { comment: text(2000, 0) });
  app.post<{ Params: IdParams; Body: { reviewerIds: string[] } }>('/api/documents/:id/submit', { schema: schema('Trình lãnh đạo duyệt (theo thứ tự)', { params: idParam, body: body(['reviewerIds'], { reviewerIds: { type: 'array', maxItems: 10, items: { type: 'string', format: 'uuid' } } }) }) },
    async (req) => office.outgoing.submit(actorOf(req), req.params.id, req.body.reviewerIds));
  app.post<{ Params: IdParams; Body: { comment?: string } }>('/api/documents/:id/approve', { schema: schema('Duyệt', { params: idParam, body: comment }) },
    async (req) => office.outgoing.approve(actorOf(req), req.params.id, req.body?.comment));
  app.post<{ Params: IdParams; Body: { comment: string } }>('/api/documents/:id/return', { schema: schema('Trả lại để sửa', { params: idParam, body: comment }) },
    async (req) => office.outgoing.returnForRevision(actorOf(req), req.params.id, req.body?.comment ?? ''));
  app.post<{ Params: IdParams; Body: { comment: string } }>('/api/documents/:id/cancel', { schema: schema('Hủy dự thảo', { params: idParam, body: comment }) },
    async (req) => office.outgoing.cancel(actorOf(req), req.params.id, req.body?.comment ?? ''));

  app.get<{ Params: IdParams }>('/api/documents/:id/sign/place', { schema: schema('Vị trí chữ ký đề xuất (theo tên người ký trong văn bản)', { params: idParam }) },
    async (req) => office.issuing.proposePlace(actorOf(req), req.params.id));
  app.post<{ Params: IdParams; Body: { place?: { page: number; rect: [number, number, number, number] } } }>('/api/documents/:id/sign', { schema: schema('Ký số bằng khóa trên máy chủ', { params: idParam, body: body([], { place }) }) },
    async (req) => office.issuing.signOnServer(actorOf(req), req.params.id, req.body?.place));
  app.post<{ Params: IdParams; Body: { certificate: string; place?: { page: number; rect: [number, number, number, number] } } }>('/api/documents/:id/sign/prepare', {
    schema: schema('Chuẩn bị chữ ký cho USB token (congvan agent)', { params: idParam, body: body(['certificate'], { certificate: text(20_000), place }) }),
  }, async (req) => office.issuing.prepareForToken(actorOf(req), req.params.id, req.body.certificate, req.body.place));
  app.post<{ Params: IdParams; Body: { signature: string } }>('/api/signing-sessions/:id/complete', {
    schema: schema('Hoàn tất chữ ký từ USB token', { params: idParam, body: body(['signature'], { signature: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^[A-Za-z0-9+/=]+$' } }) }),
  }, async (req) => office.issuing.completeFromToken(actorOf(req), req.params.id, new Uint8Array(Buffer.from(req.body.signature, 'base64'))));

  app.post<{ Params: IdParams; Body: { issuer?: string; unit?: string } }>('/api/documents/:id/number', { schema: schema('Cấp số, ghi số vào văn bản', { params: idParam, body: body([], { issuer: text(30), unit: text(30) }) }) },
    async (req) => office.issuing.number(actorOf(req), req.params.id, req.body?.issuer, req.body?.unit));
  app.post<{ Params: IdParams }>('/api/documents/:id/seal', { schema: schema('Ký số của cơ quan (đóng dấu)', { params: idParam }) },
    async (req) => office.issuing.sealOnServer(actorOf(req), req.params.id));
  app.post<{ Params: IdParams; Body: { reason: string } }>('/api/documents/:id/recall', { schema: schema('Đề nghị lấy lại văn bản đã gửi qua trục (mã 13)', { params: idParam, body: body(['reason'], { reason: text(2000) }) }) },
    async (req) => office.outgoing.recall(actorOf(req), req.params.id, req.body.reason));
  app.post<{ Params: IdParams; Body: { accept: boolean; comment?: string } }>('/api/documents/:id/recall-answer', {
    schema: schema('Trả lời đề nghị lấy lại: đồng ý (15) hoặc từ chối có lý do (16)', { params: idParam, body: body(['accept'], { accept: { type: 'boolean' }, comment: text(2000, 0) }) }),
  }, async (req) => office.incoming.answerRecall(actorOf(req), req.params.id, req.body.accept, req.body.comment));
  // The body is optional: a POST without one (as before paperCopy was asked) issues electronically only
  app.post<{ Params: IdParams; Body: { paperCopy?: boolean } | null }>('/api/documents/:id/issue', { schema: schema('Phát hành (paperCopy: có gửi kèm bản giấy)', { params: idParam, body: { ...body([], { paperCopy: { type: 'boolean' } }), type: ['object', 'null'] } }) },
    async (req) => office.issuing.issue(actorOf(req), req.params.id, { paperCopy: req.body?.paperCopy }));

  app.get('/api/incoming/arrivals', { schema: { tags, summary: 'Văn bản đến chờ vào sổ', response: list } }, async (req) => office.incoming.arrivals(actorOf(req)));
  app.get('/api/incoming/mine', { schema: { tags, summary: 'Văn bản tôi xử lý', response: list } }, async (req) => office.incoming.mine(actorOf(req)));
  app.get('/api/incoming/overdue', { schema: { tags, summary: 'Văn bản quá hạn', response: list } }, async (req) => office.incoming.overdue(actorOf(req)));
  app.get('/api/incoming/due-soon', { schema: { tags, summary: 'Văn bản sắp đến hạn', response: list } }, async (req) => office.incoming.dueSoon(actorOf(req)));
  app.post<{ Params: IdParams; Body: { note?: string; typeCode?: string; subject?: string; notation?: string; documentDate?: string; sender?: string } }>('/api/documents/:id/register', {
    schema: schema('Vào sổ văn bản đến (với số, ký hiệu, ngày đọc trên văn bản)', { params: idParam, body: body([], { note: text(2000, 0), typeCode: text(40), subject: text(2000), notation: text(100, 0), documentDate: text(10, 0), sender: text(255) }) }),
  }, async (req) => {
    const { note, ...details } = req.body ?? {};
    return office.incoming.registerArrival(actorOf(req), req.params.id, note, { ...details, notation: details.notation || undefined, documentDate: details.documentDate || undefined });
  });

  app.post('/api/incoming/scan', { schema: { tags, summary: 'Nhận văn bản giấy đã quét (OCR, ký số số hóa)', consumes: ['multipart/form-data'], response: ok } }, async (req) => {
    const { file, fields } = await fileWithFields(req);
    const id = await office.arrivals.receiveScan(actorOf(req), {
      typeCode: fields.typeCode ?? '', subject: fields.subject ?? '', sender: fields.sender ?? '', notation: fields.notation || null, documentDate: fields.documentDate || null,
      urgency: (fields.urgency || undefined) as never, secrecy: (fields.secrecy || undefined) as never,
    }, file);
    return { id };
  });
  app.post('/api/incoming/email', { schema: { tags, summary: 'Nhận văn bản từ thư điện tử (tệp .eml)', consumes: ['multipart/form-data'], response: ok } }, async (req) => {
    const { file, fields } = await fileWithFields(req);
    return { ids: await office.arrivals.receiveEmail(actorOf(req), file.bytes, fields.typeCode || undefined) };
  });
  app.post<{ Params: IdParams; Body: { leadId: string; coHandlerIds?: string[]; dueDate: string; comment?: string } }>('/api/documents/:id/assign', {
    schema: schema('Giao xử lý', { params: idParam, body: body(['leadId', 'dueDate'], { leadId: { type: 'string', format: 'uuid' }, coHandlerIds: { type: 'array', maxItems: 20, items: { type: 'string', format: 'uuid' } }, dueDate: text(10), comment: text(2000, 0) }) }),
  }, async (req) => office.incoming.assign(actorOf(req), req.params.id, req.body, req.body.comment));
  app.post<{ Params: IdParams; Body: { note: string } }>('/api/documents/:id/progress', { schema: schema('Cập nhật tiến độ', { params: idParam, body: body(['note'], { note: text(2000) }) }) },
    async (req) => office.incoming.progress(actorOf(req), req.params.id, req.body.note));
  app.post<{ Params: IdParams; Body: { result: string } }>('/api/documents/:id/complete', { schema: schema('Hoàn thành xử lý', { params: idParam, body: body(['result'], { result: text(2000) }) }) },
    async (req) => office.incoming.complete(actorOf(req), req.params.id, req.body.result));
  app.post<{ Params: IdParams; Body: { reason: string } }>('/api/documents/:id/return-to-sender', { schema: schema('Trả lại nơi gửi', { params: idParam, body: body(['reason'], { reason: text(2000) }) }) },
    async (req) => office.incoming.returnToSender(actorOf(req), req.params.id, req.body.reason));

  app.get<{ Querystring: { role: 'leader' | 'specialist' | 'clerk' } }>('/api/colleagues', {
    schema: { tags, summary: 'Người trong cơ quan theo vai trò', querystring: body(['role'], { role: { type: 'string', enum: ['leader', 'specialist', 'clerk'] } }), response: list },
  }, async (req) => office.users.colleagues(actorOf(req), req.query.role));
  app.get('/api/directory', { schema: { tags, summary: 'Danh bạ cơ quan trong hệ thống (nơi nhận)', response: list } }, async (req) => office.issuing.directory(actorOf(req)));
};
