/** Files the office made, sent as downloads: one way for every route, so a Vietnamese name never breaks the header. */
import type { FastifyReply } from 'fastify';
import type { ExportedFile } from '../office/index.ts';
import { foldText } from '../shared/fold.ts';

/** RFC 6266: `filename` in ASCII ("Công văn 05-UBND-VHTT.pdf" → "cong-van-05-ubnd-vhtt.pdf"), `filename*` the name as written */
export function attachmentOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot).toLowerCase().replace(/[^.a-z0-9]/g, '') : '';
  const ascii = foldText(stem).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'tep';
  return `attachment; filename="${ascii}${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A file the office made, sent as an attachment and never cached (registers, lists, letters, reports, a PKCS#12) */
export const sendFile = (reply: FastifyReply, file: ExportedFile) =>
  reply.type(file.contentType).header('content-disposition', attachmentOf(file.name)).header('cache-control', 'no-store').send(Buffer.from(file.bytes));
