import type { FastifyRequest } from 'fastify';
import type { Lang } from '../shared/coded-error.ts';

/** Vietnamese unless the client asks for English (the UI sends its choice as Accept-Language). */
export function requestLang(req: FastifyRequest): Lang {
  const header = req.headers['accept-language'];
  return typeof header === 'string' && /^en\b/i.test(header.trim()) ? 'en' : 'vi';
}
