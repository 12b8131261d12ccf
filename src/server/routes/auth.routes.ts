import type { FastifyPluginAsync } from 'fastify';
import type { Office } from '../../office/index.ts';
import { errorReplies, sessionBody, signInInput } from '../schemas.ts';
import { actorOf, clearSessionCookie, SESSION_COOKIE, sessionHook, setSessionCookie } from '../session.ts';

interface Options { office: Office; cookieSecure: boolean; signInRateLimit: number }
interface SignInBody { username: string; password: string; otp?: string }

/** Sign-in is public (rate-limited per address); everything else here needs a session. */
export const authRoutes: FastifyPluginAsync<Options> = async (app, { office, cookieSecure, signInRateLimit }) => {
  app.post<{ Body: SignInBody }>('/api/auth/sign-in', {
    schema: { tags: ['auth'], summary: 'Đăng nhập', body: signInInput, response: { 200: sessionBody, ...errorReplies } },
    config: { rateLimit: { max: signInRateLimit, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const grant = await office.auth.signIn(req.body);
    setSessionCookie(reply, grant.token, grant.expiresAt, cookieSecure);
    return { user: grant.user, csrfToken: grant.csrfToken, agency: await office.agencies.get(grant.actor, grant.actor.agencyId) };
  });

  app.register(async (scoped) => {
    scoped.addHook('onRequest', sessionHook(office));

    scoped.get('/api/session', { schema: { tags: ['auth'], summary: 'Phiên hiện tại', response: { 200: sessionBody, ...errorReplies } } }, async (req) => {
      const actor = actorOf(req);
      return { user: await office.users.get(actor, actor.userId), csrfToken: req.session?.csrfToken, agency: await office.agencies.get(actor, actor.agencyId) };
    });

    scoped.post('/api/auth/sign-out', { schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 204: { type: 'null' } } } }, async (req, reply) => {
      await office.auth.signOut(req.cookies[SESSION_COOKIE] ?? '');
      clearSessionCookie(reply);
      return reply.code(204).send();
    });

    scoped.post<{ Body: { currentPassword: string; newPassword: string } }>('/api/me/password', {
      schema: {
        tags: ['auth'], summary: 'Đổi mật khẩu',
        body: { type: 'object', additionalProperties: false, required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: { type: 'string', minLength: 1, maxLength: 256 } } },
      },
    }, async (req, reply) => {
      await office.auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send();
    });

    scoped.post('/api/me/totp/setup', {
      schema: { tags: ['auth'], summary: 'Bắt đầu thiết lập xác thực hai lớp', response: { 200: { type: 'object', properties: { secret: { type: 'string' }, uri: { type: 'string' } } } } },
    }, async (req) => office.auth.beginTotp(actorOf(req)));

    scoped.post<{ Body: { code: string } }>('/api/me/totp/enable', {
      schema: { tags: ['auth'], summary: 'Bật xác thực hai lớp', body: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 10 } } } },
    }, async (req, reply) => {
      await office.auth.enableTotp(actorOf(req), req.body.code);
      return reply.code(204).send();
    });

    scoped.post<{ Body: { password: string } }>('/api/me/totp/disable', {
      schema: { tags: ['auth'], summary: 'Tắt xác thực hai lớp', body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', minLength: 1, maxLength: 256 } } } },
    }, async (req, reply) => {
      await office.auth.disableTotp(actorOf(req), req.body.password);
      return reply.code(204).send();
    });
  });
};
