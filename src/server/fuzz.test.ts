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

// Every field of a request form, hostile: a row is stored whole or refused with its problems, never half, never a 500
const hostileText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', ' ', '\u0000', '\u202e', 'a'.repeat(5000), '0916.731.226', '012084001234', 'x@gmail.com', 'a@laichau.gov.vn', '31/02/2020', 'Viettel/cs'));
const personLike = fc.record({
  fullName: hostileText, gender: fc.oneof(fc.constantFrom('male', 'female', 'Nam'), hostileText), birthDate: hostileText, birthPlace: hostileText, personIdNumber: hostileText,
  personIdIssuedOn: hostileText, personIdIssuedAt: hostileText, email: hostileText, workplace: hostileText, address: hostileText, position: hostileText, mobile: hostileText,
  extra: fc.option(anyJson),
}, { requiredKeys: [] });

testOnBothEngines('property: hostile request rows and advisories never break the server; a refused row leaves the list as it was', async (db) => {
  const { app } = await demoApp(db);
  const clerk = asUser(app, await signIn(app, 'binhlu.vanthu'));
  const dic = asUser(app, await signIn(app, 'stttt.dic'));
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json() as { id: string };
  let stored = 0;
  await fc.assert(fc.asyncProperty(fc.oneof(fc.array(personLike, { maxLength: 3 }), anyJson), async (rows) => {
    const current = (await clerk('GET', `/api/request-batches/${batch.id}`)).json() as { version: number; entries: unknown[] };
    const res = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: current.version, rows });
    assert.ok(res.statusCode < 500, `${JSON.stringify(rows).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode < 300) stored += (rows as unknown[]).length;
    else assert.match(res.json().code, /^(SRV|OFFICE)_[A-Z_]+$/);
    const after = (await clerk('GET', `/api/request-batches/${batch.id}`)).json() as { entries: unknown[] };
    assert.equal(after.entries.length, stored, 'rows are stored all together or not at all');
  }), { numRuns: 150 });
  await fc.assert(fc.asyncProperty(fc.oneof(fc.record({ title: hostileText, body: hostileText, severity: fc.oneof(fc.constantFrom('info', 'warning', 'critical'), hostileText) }, { requiredKeys: [] }), anyJson), async (body) => {
    const res = await dic('POST', '/api/advisories', body);
    assert.ok(res.statusCode < 500, `${JSON.stringify(body).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) assert.match(res.json().code, /^(SRV|OFFICE)_[A-Z_]+$/);
  }), { numRuns: 150 });
});
