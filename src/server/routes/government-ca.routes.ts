/**
 * The Government CA's side of the requests over HTTP (issue 7): the DIC uploads the file of certificates it
 * returned, as it came (PEM, DER or PKCS#7, the body raw), and reads the registry of them. Thin: one office call each.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Office } from '../../office/index.ts';
import { MAX_BUNDLE_BYTES } from '../../pki/index.ts';
import { actorOf, sessionHook } from '../session.ts';

/** What browsers and CAs label such files with; anything else is read the same way */
const BUNDLE_TYPES = ['application/pkcs7-mime', 'application/x-pkcs7-certificates', 'application/pkix-cert', 'application/x-x509-ca-cert', 'application/x-pem-file', 'application/octet-stream', 'text/plain'];

/** A JSON body is no file */
const bytesOf = (body: unknown): Uint8Array =>
  Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array(0);

export const governmentCaRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  app.addHook('onRequest', sessionHook(office));
  for (const type of BUNDLE_TYPES) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const tags = ['requests'];

  app.post<{ Body: unknown }>('/api/government-ca/certificates', {
    bodyLimit: MAX_BUNDLE_BYTES,
    schema: { tags, summary: 'Nhận chứng thư số CA Chính phủ trả về (PEM, DER, PKCS#7), ghi vào đề nghị tương ứng', consumes: BUNDLE_TYPES },
  }, async (req) => office.governmentCa.importCertificates(actorOf(req), bytesOf(req.body)));

  app.get('/api/government-ca/certificates', { schema: { tags, summary: 'Sổ chứng thư số do CA Chính phủ cấp theo đề nghị' } },
    async (req) => office.governmentCa.registry(actorOf(req)));
};
