import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

const DAY = 86_400_000;

testOnBothEngines('ok: the unused accounts picked become a draft Mẫu 07 of the admin\'s unit in one go — name, workplace, account, reason from the accounts, the position as typed — audited, and it goes on through the usual request flow', async (db) => {
  const { office, clock, actorOf } = await demoOffice(db);
  const admin = await actorOf('tamduong.admin');
  const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * DAY).toISOString();
  // 20:00 UTC is already the next day in Vietnam: the reason names Vietnam's day
  await db.kysely.updateTable('users').set({ last_sign_in_at: '2025-09-03T20:00:00.000Z' }).where('username', '=', 'tamduong.chuyenvien').execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: null, created_at: at(400) }).where('username', '=', 'binhlu.lanhdao').execute();
  const ids = Object.fromEntries((await db.kysely.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));

  const { batch, entries } = await office.users.draftRevokeList(admin, { accounts: [
    { userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' },
    { userId: ids['binhlu.lanhdao'], position: '  Phó Chủ tịch  ' },
    { userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }, // picked twice, listed once
  ] });
  assert.deepEqual([batch.formId, batch.state, batch.level, batch.agencyId], ['document-accounts-revoke', 'draft', 'unit', admin.agencyId]);
  assert.deepEqual(entries.map((e) => e.values), [
    { fullName: 'Chuyên viên UBND huyện Tam Đường', position: 'Chuyên viên', workplace: 'Ủy ban nhân dân huyện Tam Đường', account: 'tamduong.chuyenvien', reason: 'Không đăng nhập từ 04/09/2025' },
    { fullName: 'Lãnh đạo UBND xã Bình Lư', position: 'Phó Chủ tịch', workplace: 'Ủy ban nhân dân xã Bình Lư', account: 'binhlu.lanhdao', reason: 'Chưa từng đăng nhập' },
  ]);
  assert.ok(entries.every((e) => e.state === 'draft' && e.batchId === batch.id));
  const audit = await db.kysely.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', batch.id).orderBy('seq').execute();
  assert.deepEqual(audit.map((a) => a.action), ['request.batch.created', 'request.entries.added']);
  assert.equal(JSON.parse(audit[0]!.details).from, 'unused-accounts');

  // The draft is an ordinary list: its rows open in the editor, and it is sent to the district's desk with its count
  const view = await office.requests.queries.batch(admin, batch.id);
  assert.equal(view.entries.length, 2);
  const sent = await office.requests.batches.submit(admin, { id: batch.id, version: view.version });
  assert.deepEqual([sent.state, sent.header], ['submitted', { count: 2 }]);
});

testOnBothEngines('error: a Mẫu 07 draft is refused, nothing stored, for no account picked, a row without its position (the form\'s own message), an account outside the admin\'s agencies or unknown, one already switched off, and anyone but a unit\'s admin', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const admin = await actorOf('tamduong.admin');
  const ids = Object.fromEntries((await db.kysely.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  await db.kysely.updateTable('users').set({ is_active: 0 }).where('username', '=', 'tamduong.vanthu').execute();
  const count = async () => Number((await db.kysely.selectFrom('request_batches').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const refused = async (input: unknown, code: string, message?: RegExp, actor = admin) => {
    await assert.rejects(office.users.draftRevokeList(actor, input as never), (err: Error & { code?: string; localise: (lang: 'vi') => string }) => {
      assert.equal(err.code, code, `${JSON.stringify(input)}: ${err.message}`);
      if (message) assert.match(err.localise('vi'), message);
      return true;
    });
  };

  for (const input of [{ accounts: [] }, {}, { accounts: 'tamduong.chuyenvien' }, null]) await refused(input, 'OFFICE_UNUSED_NONE_SELECTED', /Chưa chọn tài khoản nào/);
  // No position is made up: a row without one (or a blank one) is the form's refusal, row numbered
  for (const position of [undefined, '   ', '']) {
    await assert.rejects(office.users.draftRevokeList(admin, { accounts: [{ userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }, { userId: ids['tamduong.lanhdao'], position }] }),
      (err: Error & { code?: string; cause?: unknown; localise: (lang: 'vi') => string }) => {
        assert.equal(err.code, 'OFFICE_FORM_INVALID');
        assert.match(err.localise('vi'), /Cần ghi "Chức vụ"/);
        assert.deepEqual((err.cause as { field: string; row?: number }[]).map((p) => [p.field, p.row]), [['position', 2]]);
        return true;
      });
  }
  await refused({ accounts: [{ userId: ids['laichau.vanthu'], position: 'Văn thư' }] }, 'OFFICE_UNUSED_ACCOUNT_OUTSIDE', /"laichau\.vanthu" không thuộc cơ quan, đơn vị bạn quản lý/);
  await refused({ accounts: [{ userId: '00000000-0000-4000-8000-000000000000', position: 'Văn thư' }] }, 'OFFICE_UNUSED_ACCOUNT_OUTSIDE');
  await refused({ accounts: [{ userId: 42 }] }, 'OFFICE_UNUSED_ACCOUNT_OUTSIDE');
  await refused({ accounts: [{ userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }, { userId: ids['tamduong.vanthu'], position: 'Văn thư' }] }, 'OFFICE_UNUSED_ACCOUNT_INACTIVE', /"tamduong\.vanthu" đã bị khóa/);
  await refused({ accounts: Array.from({ length: 501 }, (_, i) => ({ userId: `id-${i}` })) }, 'OFFICE_UNUSED_TOO_MANY');
  for (const who of ['tamduong.chuyenvien', 'binhlu.vanthu', 'stttt.dic']) await refused({ accounts: [{ userId: ids['tamduong.chuyenvien'], position: 'Chuyên viên' }] }, 'OFFICE_FORBIDDEN', undefined, await actorOf(who));
  assert.equal(await count(), before, 'no refusal leaves a list behind');
});
