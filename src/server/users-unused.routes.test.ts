import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

testOnBothEngines('ok/error: unused accounts over HTTP — the admin gets the revoke list; any other days value is a coded 400, never a 500; a specialist 403', async (db) => {
  const { app } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  await db.kysely.updateTable('users').set({ last_sign_in_at: '2026-01-01T00:00:00.000Z' }).where('username', '=', 'tamduong.chuyenvien').execute();
  const admin = asUser(app, await signIn(app, 'tamduong.admin'));
  const report = await admin('GET', '/api/users/unused?days=90');
  assert.equal(report.statusCode, 200, report.body);
  assert.deepEqual(report.json().accounts.map((a: { username: string }) => a.username), ['tamduong.chuyenvien']);
  assert.equal(report.json().yearlyCostVnd, 20_000);

  for (const days of ['abc', '-5', '0', '1e2', '0x10', '%2090', '3651', '1234567890123']) {
    const res = await admin('GET', `/api/users/unused?days=${days}`);
    assert.equal(res.statusCode, 400, days);
    assert.match(res.json().code, /^(OFFICE_UNUSED_DAYS_INVALID|SRV_VALIDATION)$/, days);
  }
  await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 14 }), fc.integer({ min: -10, max: 4000 }).map(String)), async (days) => {
    const res = await admin('GET', `/api/users/unused?days=${encodeURIComponent(days)}`);
    const isValid = /^\d{1,4}$/.test(days) && Number(days) >= 1 && Number(days) <= 3650;
    assert.equal(res.statusCode, isValid ? 200 : 400, `${JSON.stringify(days)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (!isValid) assert.match(res.json().code, /^(OFFICE_UNUSED_DAYS_INVALID|SRV_VALIDATION)$/);
  }), { numRuns: 150 });

  const specialist = asUser(app, await signIn(app, 'tamduong.chuyenvien'));
  const refused = await specialist('GET', '/api/users/unused');
  assert.deepEqual([refused.statusCode, refused.json().code], [403, 'OFFICE_FORBIDDEN']);
});
