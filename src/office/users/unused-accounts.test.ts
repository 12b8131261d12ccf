import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

const DAY = 86_400_000;
/** dd/mm/yyyy on Vietnam's calendar, worked out apart from the code under test */
const vnDay = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

testOnBothEngines('ok/error: unused accounts: active accounts of the admin\'s agencies idle for N days (or never used since made), 20,000 VND a year each, with the reason for the revoke list; others\' agencies, locked accounts and bad N left out or refused', async (db) => {
  const { office, clock, actorOf } = await demoOffice(db);
  const admin = await actorOf('tamduong.admin');
  const provinceAdmin = await actorOf('laichau.admin');
  const specialist = await actorOf('tamduong.chuyenvien');
  const now = clock.now().getTime();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  // Everyone signed in ten days ago; then one idle 200 days, one never since made 400 days ago, one idle but locked, one idle elsewhere
  await db.kysely.updateTable('users').set({ last_sign_in_at: at(10) }).execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: at(200) }).where('username', '=', 'tamduong.chuyenvien').execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: null, created_at: at(400) }).where('username', '=', 'tamduong.lanhdao').execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: at(300), is_active: 0 }).where('username', '=', 'tamduong.vanthu').execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: at(300) }).where('username', '=', 'laichau.vanthu').execute();

  const report = await office.users.unused(admin, { days: '90' });
  assert.deepEqual(report.accounts.map((a) => [a.username, a.idleDays]).sort(), [['tamduong.chuyenvien', 200], ['tamduong.lanhdao', 400]]);
  assert.equal(report.yearlyCostVnd, 40_000);
  // Worded as Mẫu 07's "Lý do thu hồi" (the draft list is filled with it): the day of the last sign-in, or never
  assert.equal(report.accounts.find((a) => a.username === 'tamduong.chuyenvien')!.reason, `Không đăng nhập từ ${vnDay(at(200))}`);
  assert.equal(report.accounts.find((a) => a.username === 'tamduong.lanhdao')!.reason, 'Chưa từng đăng nhập');
  assert.deepEqual((await office.users.unused(admin, { days: 250 })).accounts.map((a) => a.username), ['tamduong.lanhdao'], 'a longer period finds fewer');
  const province = await office.users.unused(provinceAdmin, {});
  assert.equal(province.days, 90, 'ninety days unless told');
  assert.ok(province.accounts.some((a) => a.username === 'laichau.vanthu') && province.accounts.some((a) => a.username === 'tamduong.chuyenvien'), 'the province sees its districts too');
  assert.equal(province.yearlyCostVnd, province.accounts.length * 20_000);

  for (const days of ['abc', '', 0, -5, 1.5, 99_999, '1e2', '0x10', ' 90', '90.0', '+90', true, [90], null]) await assert.rejects(office.users.unused(admin, { days }), { code: 'OFFICE_UNUSED_DAYS_INVALID' }, String(days));
  await assert.rejects(office.users.unused(specialist, {}), { code: 'OFFICE_FORBIDDEN' });
});
