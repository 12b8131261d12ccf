/**
 * Records over HTTP: a register as XLSX or PDF, case files (hồ sơ) and their ZIP, saved searches. Thin: the
 * schema validates, one office call does the work, files go out with a Content-Disposition naming them.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CaseFileChanges, NewCaseFile, Office, RegisterExportQuery, SavedQuery } from '../../office/index.ts';
import { errorReplies, idParam } from '../schemas.ts';
import { sendFile } from '../send-file.ts';
import { actorOf, sessionHook } from '../session.ts';
import {
  caseFileBody, caseFileChangesInput, caseFileDetailBody, caseFileDocumentParams, caseFileListQuery, documentIdInput, download,
  newCaseFileInput, pageQuery, registerExportQuery, savedSearchBody, savedSearchInput, savedSearchResults,
} from './records.schemas.ts';

interface IdParams { id: string }
interface DocumentParams { id: string; documentId: string }

export const recordRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  const { registers, caseFiles, savedSearches } = office.records;
  const registerTags = ['registers'];
  const tags = ['case-files'];
  const searchTags = ['saved-searches'];
  const noContent = { 204: { type: 'null' }, ...errorReplies };

  app.get<{ Querystring: RegisterExportQuery }>('/api/registers/export', {
    schema: { tags: registerTags, summary: 'Xuất sổ đăng ký văn bản (XLSX hoặc PDF)', querystring: registerExportQuery, response: { ...download('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'), ...errorReplies } },
  }, async (req, reply) => sendFile(reply, await registers.exportRegister(actorOf(req), req.query)));

  app.get<{ Querystring: { year?: number; status?: 'open' | 'closed' } }>('/api/case-files', { schema: { tags, summary: 'Danh sách hồ sơ', querystring: caseFileListQuery, response: { 200: { type: 'array', items: caseFileBody }, ...errorReplies } } },
    async (req) => caseFiles.list(actorOf(req), req.query));

  app.post<{ Body: NewCaseFile }>('/api/case-files', { schema: { tags, summary: 'Lập hồ sơ', body: newCaseFileInput, response: { 201: caseFileBody, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await caseFiles.create(actorOf(req), req.body)));

  app.get<{ Params: IdParams }>('/api/case-files/:id', { schema: { tags, summary: 'Hồ sơ và các văn bản trong hồ sơ', params: idParam, response: { 200: caseFileDetailBody, ...errorReplies } } },
    async (req) => caseFiles.get(actorOf(req), req.params.id));

  app.patch<{ Params: IdParams; Body: CaseFileChanges }>('/api/case-files/:id', { schema: { tags, summary: 'Sửa thông tin hồ sơ', params: idParam, body: caseFileChangesInput, response: { 200: caseFileBody, ...errorReplies } } },
    async (req) => caseFiles.update(actorOf(req), req.params.id, req.body));

  app.delete<{ Params: IdParams }>('/api/case-files/:id', { schema: { tags, summary: 'Xóa hồ sơ chưa đóng', params: idParam, response: noContent } },
    async (req, reply) => { await caseFiles.remove(actorOf(req), req.params.id); return reply.code(204).send(); });

  app.post<{ Params: IdParams; Body: { documentId: string } }>('/api/case-files/:id/documents', { schema: { tags, summary: 'Đưa văn bản vào hồ sơ', params: idParam, body: documentIdInput, response: { 200: caseFileBody, ...errorReplies } } },
    async (req) => caseFiles.addDocument(actorOf(req), req.params.id, req.body.documentId));

  app.delete<{ Params: DocumentParams }>('/api/case-files/:id/documents/:documentId', { schema: { tags, summary: 'Rút văn bản khỏi hồ sơ', params: caseFileDocumentParams, response: { 200: caseFileBody, ...errorReplies } } },
    async (req) => caseFiles.removeDocument(actorOf(req), req.params.id, req.params.documentId));

  app.post<{ Params: IdParams }>('/api/case-files/:id/close', { schema: { tags, summary: 'Đóng hồ sơ', params: idParam, response: { 200: caseFileBody, ...errorReplies } } },
    async (req) => caseFiles.close(actorOf(req), req.params.id));

  app.get<{ Params: IdParams }>('/api/case-files/:id/zip', { schema: { tags, summary: 'Tải hồ sơ (ZIP: tệp PDF, metadata.json, muc-luc.xlsx)', params: idParam, response: { ...download('application/zip'), ...errorReplies } } },
    async (req, reply) => sendFile(reply, await caseFiles.exportZip(actorOf(req), req.params.id)));

  app.get('/api/saved-searches', { schema: { tags: searchTags, summary: 'Các tìm kiếm đã lưu của tôi', response: { 200: { type: 'array', items: savedSearchBody }, ...errorReplies } } },
    async (req) => savedSearches.list(actorOf(req)));

  app.post<{ Body: { name: string; query: SavedQuery } }>('/api/saved-searches', { schema: { tags: searchTags, summary: 'Lưu một tìm kiếm', body: savedSearchInput, response: { 201: savedSearchBody, ...errorReplies } } },
    async (req, reply) => reply.code(201).send(await savedSearches.save(actorOf(req), req.body)));

  app.get<{ Params: IdParams; Querystring: { limit: number; offset: number } }>('/api/saved-searches/:id/results', {
    schema: { tags: searchTags, summary: 'Chạy một tìm kiếm đã lưu', params: idParam, querystring: pageQuery, response: { 200: savedSearchResults, ...errorReplies } },
  }, async (req) => savedSearches.run(actorOf(req), req.params.id, req.query));

  app.delete<{ Params: IdParams }>('/api/saved-searches/:id', { schema: { tags: searchTags, summary: 'Xóa một tìm kiếm đã lưu', params: idParam, response: noContent } },
    async (req, reply) => { await savedSearches.remove(actorOf(req), req.params.id); return reply.code(204).send(); });
};
