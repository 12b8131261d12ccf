/**
 * The CA's public face for standard clients (openssl, Adobe, Windows): no session, no JSON. Bodies are raw
 * DER in the media types RFC 5280, 6960 and 3161 name.
 */
import type { FastifyPluginAsync } from 'fastify';
import { MAX_DER_BYTES } from '../../pki/index.ts';
import type { Office } from '../../office/index.ts';

const CA_ID = { type: 'object', additionalProperties: false, required: ['ca'], properties: { ca: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } } } as const;
const der = (contentType: string) => ({ 200: { description: contentType, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } } });

export const pkiPublicRoutes: FastifyPluginAsync<{ office: Office }> = async (app, { office }) => {
  for (const type of ['application/ocsp-request', 'application/timestamp-query']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_DER_BYTES }, (_req, body, done) => done(null, body));
  }
  const tags = ['pki'];
  const responders = office.pki.responders;

  app.get<{ Params: { ca: string } }>('/pki/:ca/cert', { schema: { tags, summary: 'Chứng thư của CA (DER)', params: CA_ID, response: der('application/pkix-cert') } },
    async (req, reply) => reply.type('application/pkix-cert').header('cache-control', 'public, max-age=86400').send(Buffer.from(await responders.certificate(req.params.ca))));

  app.get<{ Params: { ca: string } }>('/pki/:ca/crl', { schema: { tags, summary: 'Danh sách chứng thư bị thu hồi (CRL, DER)', params: CA_ID, response: der('application/pkix-crl') } },
    async (req, reply) => reply.type('application/pkix-crl').header('cache-control', 'public, max-age=300').send(Buffer.from(await responders.crl(req.params.ca))));

  app.post<{ Params: { ca: string }; Body: Buffer }>('/pki/:ca/ocsp', {
    schema: { tags, summary: 'Trả lời OCSP (RFC 6960)', params: CA_ID, consumes: ['application/ocsp-request'], response: der('application/ocsp-response') },
  }, async (req, reply) => reply.type('application/ocsp-response').send(Buffer.from(await responders.ocsp(req.params.ca, new Uint8Array(req.body)))));

  app.post<{ Body: Buffer }>('/pki/tsa', {
    schema: { tags, summary: 'Cấp dấu thời gian (RFC 3161)', consumes: ['application/timestamp-query'], response: der('application/timestamp-reply') },
  }, async (req, reply) => reply.type('application/timestamp-reply').send(Buffer.from(await responders.timestamp(new Uint8Array(req.body)))));

  // RFC 6960 A.1: small requests may come as GET with the DER base64- and URL-encoded in the path.
  app.get<{ Params: { ca: string; '*': string } }>('/pki/:ca/ocsp/*', { schema: { tags, summary: 'Trả lời OCSP qua GET (RFC 6960 A.1)', response: der('application/ocsp-response') } }, async (req, reply) => {
    const request = Buffer.from(decodeURIComponent(req.params['*']), 'base64');
    const answer = await responders.ocsp(req.params.ca, new Uint8Array(request));
    return reply.type('application/ocsp-response').header('cache-control', 'public, max-age=60').send(Buffer.from(answer));
  });
};
