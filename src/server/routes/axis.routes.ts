/**
 * The hub's push to this office (office/axis/hub.ts, PushNote): a note that a message waits. Nothing in it is
 * trusted — it only wakes the link, which lists, fetches and checks over its own signed channel — so it needs no
 * session; a rate limit keeps a flood of notes from becoming a flood of rounds (they coalesce anyway).
 */
import type { FastifyInstance } from 'fastify';

export async function axisRoutes(app: FastifyInstance, opts: { wake: () => void }): Promise<void> {
  app.post('/api/axis/wake', {
    config: { rateLimit: { max: 1200, timeWindow: '1 minute' } },
    schema: { hide: true },
    bodyLimit: 4096,
  }, async (_req, reply) => {
    opts.wake();
    return reply.code(202).send({ ok: true });
  });
}
