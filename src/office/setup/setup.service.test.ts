import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { createOffice } from '../index.ts';

const agency = { code: '000.00.00.H33', name: 'Ủy ban nhân dân tỉnh Lai Châu', shortName: 'UBND', level: 'province' as const };
const admin = { username: 'quantri', fullName: 'Quản trị hệ thống', password: 'quantri-2026-lc' };

testOnBothEngines('ok: the first administrator with the printed token, once', async (db) => {
  const office = createOffice({ db });
  assert.equal(await office.setup.isNeeded(), true);
  const token = await office.setup.issueToken();
  assert.ok(token);
  await assert.rejects(office.setup.complete('wrong', agency, admin), { code: 'OFFICE_SETUP_TOKEN_INVALID' });
  const user = await office.setup.complete(token, agency, admin);
  assert.deepEqual(user.roles, ['admin']);
  assert.equal(await office.setup.isNeeded(), false);
  assert.equal(await office.setup.issueToken(), null);
  await assert.rejects(office.setup.complete(token, agency, admin), { code: 'OFFICE_SETUP_DONE' });
});

testOnBothEngines('error/bad first agency leaves nothing behind', async (db) => {
  const office = createOffice({ db });
  const token = await office.setup.issueToken();
  await assert.rejects(office.setup.complete(token ?? '', { ...agency, code: 'lai-chau' }, admin), { code: 'OFFICE_AGENCY_CODE_INVALID' });
  await assert.rejects(office.setup.complete(token ?? '', agency, { ...admin, password: 'abc' }), { code: 'OFFICE_PASSWORD_TOO_WEAK' });
  assert.equal((await db.kysely.selectFrom('agencies').select('id').execute()).length, 0);
  assert.equal(await office.setup.isNeeded(), true);
});

testOnBothEngines('ok: demo province seeds valid agencies and a user per role', async (db) => {
  const office = createOffice({ db });
  const counts = await office.seedDemo('demo-password-2026');
  assert.deepEqual(counts, { agencies: 9, users: 38 });
  const roles = await db.kysely.selectFrom('user_roles').select('role').distinct().execute();
  assert.deepEqual(roles.map((r) => r.role).sort(), ['admin', 'ca_operator', 'clerk', 'dic_operator', 'leader', 'specialist']);
  await assert.rejects(createOffice({ db }).seedDemo('weak'), { code: 'OFFICE_DEMO_PASSWORD_WEAK' });
});
