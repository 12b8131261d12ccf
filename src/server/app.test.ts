import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../test/helpers/demo-office.ts';
import { asUser, cookieOf, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const noStack = (body: string) => assert.doesNotMatch(body, /\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);

testOnBothEngines('ok: health, OpenAPI from the route schemas, JSON 404', async (db) => {
  const { app } = await demoApp(db);
  assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok' });
  const docs = (await app.inject('/api/docs')).json();
  assert.equal(docs.openapi.startsWith('3.'), true);
  for (const path of ['/api/auth/sign-in', '/api/users', '/api/users/{id}/deactivate', '/api/agencies', '/api/audit']) assert.ok(docs.paths[path], path);
  assert.ok(docs.paths['/api/users'].post.requestBody.content['application/json'].schema.properties.roles);
  const headers = (await app.inject('/healthz')).headers;
  assert.match(String(headers['content-security-policy']), /default-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['x-frame-options'], 'SAMEORIGIN');
  assert.equal(headers['x-powered-by'], undefined);
  const missing = await app.inject('/api/khong-co');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'SRV_NOT_FOUND');
  const garbled = await app.inject('/api/users/%E0%A4%A');
  assert.deepEqual([garbled.statusCode, garbled.json().code], [400, 'SRV_BAD_URL'], garbled.body);
  assert.match(garbled.json().message, /mã hóa không hợp lệ/);
});

testOnBothEngines('ok: sign-in sets an httpOnly strict cookie; the session answers; sign-out ends it', async (db) => {
  const { app } = await demoApp(db);
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'tamduong.vanthu', password: DEMO_PASSWORD } });
  assert.equal(res.statusCode, 200);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.equal(res.json().user.username, 'tamduong.vanthu');
  assert.equal(res.json().user.password_hash, undefined);
  assert.equal(res.json().agency.code, '000.00.31.H33');
  const who = { cookie: cookieOf(res), csrf: res.json().csrfToken };
  const as = asUser(app, who);
  assert.equal((await as('GET', '/api/session')).json().user.roles[0], 'clerk');
  assert.equal((await as('POST', '/api/auth/sign-out')).statusCode, 204);
  const after = await as('GET', '/api/session');
  assert.equal(after.statusCode, 401);
  assert.equal(after.json().code, 'OFFICE_AUTH_SESSION_EXPIRED');
});

testOnBothEngines('error/CSRF: a change without the token or from another site is refused', async (db) => {
  const { app } = await demoApp(db);
  const admin = await signIn(app, 'tamduong.admin');
  const body = { agencyId: '00000000-0000-4000-8000-000000000000', username: 'x.y', fullName: 'X', password: 'matkhau-2026', roles: ['clerk'] };
  const noToken = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: body });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'SRV_CSRF_INVALID');
  const crossSite = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'https://evil.example' }, payload: { username: 'a', password: 'b' } });
  assert.equal(crossSite.statusCode, 403);
  assert.equal(crossSite.json().code, 'SRV_ORIGIN_FORBIDDEN');
});

testOnBothEngines('error/bad input: each gets a fitting status and a Vietnamese message, never a stack', async (db) => {
  const { app } = await demoApp(db);
  const admin = asUser(app, await signIn(app, 'laichau.admin'));
  const cases = [
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"username": "a",' }), status: 400, code: 'SRV_INVALID_JSON', vi: /JSON/ },
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'a', password: 'b', role: 'admin' } }), status: 400, code: 'SRV_VALIDATION', vi: /không được phép “role”/ },
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'a' } }), status: 400, code: 'SRV_VALIDATION', vi: /thiếu trường “password”/ },
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'x'.repeat(1_100_000) }) }), status: 413, code: 'SRV_BODY_TOO_LARGE', vi: /quá lớn \(tối đa 1 MiB\)/ },
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'text/plain' }, payload: 'username=a' }), status: 415, code: 'SRV_UNSUPPORTED_MEDIA_TYPE', vi: /text\/plain/ },
    { res: await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'laichau.admin', password: 'sai-mat-khau-1' } }), status: 401, code: 'OFFICE_AUTH_INVALID_CREDENTIALS', vi: /không đúng/ },
    { res: await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: 'congvan_session=expired-or-forged' } }), status: 401, code: 'OFFICE_AUTH_SESSION_EXPIRED', vi: /hết hạn/ },
    { res: await admin('GET', '/api/users?limit=100000'), status: 400, code: 'SRV_VALIDATION', vi: /không được vượt quá 500/ },
    { res: await admin('GET', '/api/users/not-a-uuid'), status: 400, code: 'SRV_VALIDATION', vi: /sai định dạng/ },
    { res: await admin('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { fullName: 'A' }), status: 404, code: 'OFFICE_USER_NOT_FOUND', vi: /Không tìm thấy/ },
    { res: await admin('POST', '/api/agencies', { code: '123', name: 'A', shortName: 'A', level: 'office', parentId: '00000000-0000-4000-8000-000000000000' }), status: 403, code: 'OFFICE_FORBIDDEN', vi: /không có quyền/ },
  ];
  for (const { res, status, code, vi } of cases) {
    assert.equal(res.statusCode, status, `${code}: ${res.body}`);
    assert.equal(res.json().code, code);
    assert.match(res.json().message, vi);
    assert.ok(res.json().requestId);
    noStack(res.body);
  }
});

testOnBothEngines('ok: English messages on request', async (db) => {
  const { app } = await demoApp(db);
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'accept-language': 'en-GB' }, payload: { username: 'x', password: 'y' } });
  assert.equal(res.json().message, 'Wrong username or password.');
});

testOnBothEngines('error/a broken database answers 500 SRV_INTERNAL with no detail', async (db) => {
  const { app } = await demoApp(db);
  const who = await signIn(app, 'laichau.admin');
  await db.kysely.schema.dropTable('user_roles').execute();
  const res = await asUser(app, who)('GET', '/api/users');
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().code, 'SRV_INTERNAL');
  assert.doesNotMatch(res.body, /user_roles|sqlite|relation/i);
  noStack(res.body);
});

testOnBothEngines('error/sign-in is rate-limited per address', async (db) => {
  const { app } = await demoApp(db, { signInRateLimit: 3 });
  const attempt = () => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'nobody', password: 'x' } });
  for (let i = 0; i < 3; i++) assert.equal((await attempt()).statusCode, 401);
  const limited = await attempt();
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'SRV_RATE_LIMITED');
});

testOnBothEngines('ok: administration over HTTP within the admin subtree; a clerk is refused', async (db) => {
  const { app } = await demoApp(db);
  const admin = asUser(app, await signIn(app, 'tamduong.admin'));
  const agencies = (await admin('GET', '/api/agencies')).json() as { id: string; code: string }[];
  assert.deepEqual(agencies.map((a) => a.code).sort(), ['000.00.31.H33', '000.05.31.H33', '000.21.31.H33', '000.22.31.H33']);
  const commune = agencies.find((a) => a.code === '000.21.31.H33')?.id;
  const created = await admin('POST', '/api/users', { agencyId: commune, username: 'binhlu.vt2', fullName: 'Lò Thị C', email: null, password: 'matkhau-2026', roles: ['clerk'] });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  assert.equal((await admin('POST', `/api/users/${id}/deactivate`)).json().isActive, false);
  assert.equal((await admin('POST', `/api/users/${id}/reactivate`)).json().isActive, true);
  const temp = (await admin('POST', `/api/users/${id}/reset-password`)).json().temporaryPassword;
  const fresh = asUser(app, await signIn(app, 'binhlu.vt2', temp));
  assert.equal((await fresh('GET', '/api/session')).json().user.mustChangePassword, true);
  assert.equal((await fresh('POST', '/api/me/password', { currentPassword: temp, newPassword: 'matkhau-moi-2026' })).statusCode, 204);
  const newAgency = await admin('POST', '/api/agencies', { parentId: agencies.find((a) => a.code === '000.00.31.H33')?.id, code: '000.23.31.H33', name: 'Ủy ban nhân dân xã Sơn Bình', shortName: 'UBND', level: 'commune' });
  assert.equal(newAgency.statusCode, 201, newAgency.body);
  const clerk = asUser(app, await signIn(app, 'tamduong.vanthu'));
  const refused = await clerk('POST', '/api/users', { agencyId: commune, username: 'binhlu.vt3', fullName: 'X', password: 'matkhau-2026', roles: ['clerk'] });
  assert.equal(refused.statusCode, 403);
  assert.equal((await clerk('GET', '/api/audit')).statusCode, 403);
  const audit = (await admin('GET', '/api/audit?limit=50')).json() as { action: string }[];
  assert.ok(audit.some((e) => e.action === 'user.created') && audit.some((e) => e.action === 'agency.created'));
});
