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
/** Mẫu 01 as the demo's Bình Lư specialist (who holds an official mailbox) would file it */
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};
/** Each field mostly right and sometimes hostile, so whole rows do pass and are checked to be stored as sent */
const fieldOf = (good: string) => fc.oneof({ arbitrary: fc.constant(good), weight: 5 }, { arbitrary: hostileText, weight: 1 });
const personLike = fc.record({
  ...Object.fromEntries(Object.entries(PERSON).map(([key, good]) => [key, fieldOf(good)])) as { [K in keyof typeof PERSON]: fc.Arbitrary<string> },
  extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, { arbitrary: anyJson, weight: 1 }), // a field the form has not
}, { requiredKeys: Object.keys(PERSON).filter((_, i) => i % 4 !== 3) as (keyof typeof PERSON)[] }); // some fields may be left out

testOnBothEngines('property: hostile request rows and advisories never break the server; a refused row leaves the list as it was', async (db) => {
  const { app } = await demoApp(db);
  const clerk = asUser(app, await signIn(app, 'binhlu.vanthu'));
  const dic = asUser(app, await signIn(app, 'stttt.dic'));
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json() as { id: string };
  let stored = 0;
  let accepted = 0;
  await fc.assert(fc.asyncProperty(fc.oneof(fc.array(personLike, { maxLength: 3 }), anyJson), async (rows) => {
    const current = (await clerk('GET', `/api/request-batches/${batch.id}`)).json() as { version: number; entries: unknown[] };
    const res = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: current.version, rows });
    assert.ok(res.statusCode < 500, `${JSON.stringify(rows).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode < 300) stored += (rows as unknown[]).length;
    else assert.match(res.json().code, /^(SRV|OFFICE)_[A-Z_]+$/);
    const after = (await clerk('GET', `/api/request-batches/${batch.id}`)).json() as { entries: { values: Record<string, unknown> }[] };
    assert.equal(after.entries.length, stored, 'rows are stored all together or not at all');
    if (res.statusCode < 300 && Array.isArray(rows) && rows.length > 0) {
      accepted += 1;
      const kept = after.entries.slice(-rows.length).map((e) => [e.values.fullName, e.values.personIdNumber, e.values.email]);
      assert.deepEqual(kept, (rows as Record<string, unknown>[]).map((r) => [r.fullName, r.personIdNumber, r.email]), 'an accepted row is kept as sent');
    }
  }), { numRuns: 150 });
  assert.ok(accepted > 0, 'some generated rows were whole and accepted: the stored-as-sent check ran');
  await fc.assert(fc.asyncProperty(fc.oneof(fc.record({ title: hostileText, body: hostileText, severity: fc.oneof(fc.constantFrom('info', 'warning', 'critical'), hostileText) }, { requiredKeys: [] }), anyJson), async (body) => {
    const res = await dic('POST', '/api/advisories', body);
    assert.ok(res.statusCode < 500, `${JSON.stringify(body).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) assert.match(res.json().code, /^(SRV|OFFICE)_[A-Z_]+$/);
  }), { numRuns: 150 });
});
