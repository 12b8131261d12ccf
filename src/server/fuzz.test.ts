// Thousands of hostile bodies and query strings: each gets a 4xx with a coded, localised answer; never a 500.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const anyJson = fc.jsonValue({ maxDepth: 4 });
const userLike = fc.record({
  agencyId: fc.oneof(fc.uuid(), fc.string()), username: fc.string({ maxLength: 80 }), fullName: fc.string({ maxLength: 130 }),
  email: fc.oneof(fc.constant(null), fc.emailAddress(), fc.string()), password: fc.string({ maxLength: 40 }),
  roles: fc.array(fc.oneof(fc.constantFrom('admin', 'clerk', 'leader', 'specialist', 'dic_operator', 'ca_operator'), fc.string()), { maxLength: 7 }),
}, { requiredKeys: [] });

testOnBothEngines('property: hostile input never breaks the server', async (db) => {
  const { app } = await demoApp(db);
  const as = asUser(app, await signIn(app, 'tamduong.admin'));
  const routes = ['/api/users', '/api/agencies', '/api/auth/sign-in', '/api/setup', '/api/me/password', '/api/me/totp/enable'];
  await fc.assert(fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(anyJson, userLike), async (url, body) => {
    const res = await as('POST', url, body);
    assert.ok(res.statusCode < 500, `${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
    if (res.statusCode >= 400) {
      const answer = res.json();
      assert.match(answer.code, /^(SRV|OFFICE|STORE)_[A-Z_]+$/);
      assert.ok(answer.message.length > 0);
    }
  }), { numRuns: 400 });
  await fc.assert(fc.asyncProperty(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), async (q, limit) => {
    const res = await as('GET', `/api/users?q=${encodeURIComponent(q)}&limit=${encodeURIComponent(limit)}`);
    assert.ok(res.statusCode === 200 || res.statusCode === 400, `${q} ${limit} → ${res.statusCode} ${res.body}`);
  }), { numRuns: 300 });
  assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok' });
});
