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

testOnBothEngines('ok/error: a draft Mẫu 07 from the unused accounts over HTTP — 201 with the list; none picked 400, no position 400 with the form\'s problems, an account outside the admin\'s agencies 403, a disabled one 409, the DIC 403', async (db) => {
  const { app } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  const ids = Object.fromEntries((await db.kysely.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  await db.kysely.updateTable('users').set({ is_active: 0 }).where('username', '=', 'banbo.vanthu').execute();
  const admin = asUser(app, await signIn(app, 'tamduong.admin'));
  const post = (accounts: unknown, as = admin) => as('POST', '/api/users/unused/revoke-list', { accounts });
  const made = await post([{ userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }]);
  assert.equal(made.statusCode, 201, made.body);
  assert.deepEqual([made.json().batch.formId, made.json().batch.state, made.json().entries[0].values.account], ['document-accounts-revoke', 'draft', 'tamduong.chuyenvien']);

  const codeOf = async (accounts: unknown, as = admin) => { const res = await post(accounts, as); return [res.statusCode, res.json().code]; };
  assert.deepEqual(await codeOf([]), [400, 'OFFICE_UNUSED_NONE_SELECTED']);
  const noPosition = await post([{ userId: ids['tamduong.chuyenvien'] }]);
  assert.deepEqual([noPosition.statusCode, noPosition.json().code, noPosition.json().problems.map((p: { field: string }) => p.field)], [400, 'OFFICE_FORM_INVALID', ['position']]);
  assert.match(noPosition.json().problems[0].message, /Cần ghi "Chức vụ"/);
  assert.deepEqual(await codeOf([{ userId: ids['laichau.vanthu'], position: 'Văn thư' }]), [403, 'OFFICE_UNUSED_ACCOUNT_OUTSIDE']);
  assert.deepEqual(await codeOf([{ userId: ids['banbo.vanthu'], position: 'Văn thư' }]), [409, 'OFFICE_UNUSED_ACCOUNT_INACTIVE']);
  assert.deepEqual(await codeOf([{ userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }], asUser(app, await signIn(app, 'stttt.dic'))), [403, 'OFFICE_FORBIDDEN']);
  const extra = await admin('POST', '/api/users/unused/revoke-list', { accounts: [], positions: {} });
  assert.deepEqual([extra.statusCode, extra.json().code], [400, 'SRV_VALIDATION']);
});
