import assert from 'node:assert/strict';
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

const agencyIdOf = async (db: { kysely: import('kysely').Kysely<import('../../store/index.ts').Database> }, code: string) =>
  (await db.kysely.selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

const newUser = (agencyId: string, username: string, roles: string[] = ['specialist']) =>
  ({ agencyId, username, fullName: 'Nguyễn Văn A', email: `${username}@laichau.gov.vn`, password: 'matkhau-moi-2026', roles });

testOnBothEngines('ok: a district admin creates a user in a commune below it', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const admin = await actorOf('tamduong.admin');
  const user = await office.users.create(admin, newUser(await agencyIdOf(db, '000.21.31.H33'), 'binhlu.cv2'));
  assert.equal(user.isActive, true);
  const grant = await office.auth.signIn({ username: 'binhlu.cv2', password: 'matkhau-moi-2026' });
  assert.deepEqual(grant.user.roles, ['specialist']);
});

testOnBothEngines('error/forbidden outside the admin subtree or without the admin role', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const tamduongAdmin = await actorOf('tamduong.admin');
  const clerk = await actorOf('tamduong.vanthu');
  const langson = await agencyIdOf(db, '000.00.11.H37');
  await assert.rejects(office.users.create(tamduongAdmin, newUser(langson, 'x.cv1')), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.users.create(clerk, newUser(clerk.agencyId, 'x.cv2')), { code: 'OFFICE_FORBIDDEN' });
  assert.equal(await db.kysely.selectFrom('users').select('id').where('username', 'in', ['x.cv1', 'x.cv2']).executeTakeFirst(), undefined);
});

testOnBothEngines('error/bad input: username, duplicate, roles, weak password, e-mail', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const admin = await actorOf('laichau.admin');
  const at = admin.agencyId;
  await assert.rejects(office.users.create(admin, newUser(at, 'Có Dấu')), { code: 'OFFICE_USERNAME_INVALID' });
  await assert.rejects(office.users.create(admin, newUser(at, 'tamduong.vanthu')), { code: 'OFFICE_USERNAME_TAKEN' });
  await assert.rejects(office.users.create(admin, newUser(at, 'new.one', [])), { code: 'OFFICE_ROLES_EMPTY' });
  await assert.rejects(office.users.create(admin, newUser(at, 'new.one', ['king'])), { code: 'OFFICE_ROLE_UNKNOWN' });
  await assert.rejects(office.users.create(admin, { ...newUser(at, 'new.one'), password: 'abcdefghij' }), { code: 'OFFICE_PASSWORD_TOO_WEAK' });
  await assert.rejects(office.users.create(admin, { ...newUser(at, 'new.one'), email: 'not-mail' }), { code: 'OFFICE_EMAIL_INVALID' });
});

testOnBothEngines('error/only a province admin grants province-wide roles', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const district = await actorOf('tamduong.admin');
  await assert.rejects(office.users.create(district, newUser(district.agencyId, 'td.dic', ['dic_operator'])), { code: 'OFFICE_ROLE_NOT_GRANTABLE' });
  const province = await actorOf('laichau.admin');
  const user = await office.users.create(province, newUser(district.agencyId, 'td.dic', ['dic_operator']));
  assert.deepEqual(user.roles, ['dic_operator']);
});

testOnBothEngines('ok: each role sees only what it should', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const usernames = async (name: string) => (await office.users.list(await actorOf(name), { limit: 500 })).items.map((u) => u.username);
  const clerkSees = await usernames('binhlu.vanthu');
  assert.ok(clerkSees.every((u) => u.startsWith('binhlu.')), clerkSees.join());
  const districtAdminSees = await usernames('tamduong.admin');
  assert.ok(districtAdminSees.includes('banbo.vanthu') && !districtAdminSees.includes('stttt.admin'));
  const dicSees = await usernames('stttt.dic');
  assert.ok(dicSees.includes('banbo.vanthu') && dicSees.includes('vpubnd.admin') && !dicSees.some((u) => u.startsWith('thanhmien.')));
  const found = await office.users.list(await actorOf('laichau.admin'), { text: 'BANBO.VAN' });
  assert.deepEqual(found.items.map((u) => u.username), ['banbo.vanthu']);
  const other = await agencyIdOf(db, '000.00.40.H23');
  const thanhmienUser = (await office.users.list(await actorOf('thanhmien.admin'))).items[0];
  assert.ok(thanhmienUser && thanhmienUser.agencyId === other);
  await assert.rejects(office.users.get(await actorOf('binhlu.vanthu'), thanhmienUser.id), { code: 'OFFICE_USER_NOT_FOUND' });
});

testOnBothEngines('ok: deactivate ends sessions and blocks sign-in; reactivate restores; reset forces a change', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const admin = await actorOf('tamduong.admin');
  const victim = await office.auth.signIn({ username: 'banbo.lanhdao', password: DEMO_PASSWORD });
  await assert.rejects(office.users.deactivate(admin, admin.userId), { code: 'OFFICE_CANNOT_DEACTIVATE_SELF' });
  await office.users.deactivate(admin, victim.user.id);
  await assert.rejects(office.auth.authenticate(victim.token), { code: 'OFFICE_AUTH_SESSION_EXPIRED' });
  await assert.rejects(office.auth.signIn({ username: 'banbo.lanhdao', password: DEMO_PASSWORD }), { code: 'OFFICE_AUTH_INACTIVE' });
  await office.users.reactivate(admin, victim.user.id);
  const { temporaryPassword } = await office.users.resetPassword(admin, victim.user.id);
  const again = await office.auth.signIn({ username: 'banbo.lanhdao', password: temporaryPassword });
  assert.equal(again.user.mustChangePassword, true);
  const updated = await office.users.update(admin, victim.user.id, { fullName: 'Lò Văn B', roles: ['leader', 'clerk'] });
  assert.deepEqual(updated.roles, ['clerk', 'leader']);
  assert.equal(updated.fullName, 'Lò Văn B');
  assert.deepEqual(await office.audit.verify(), { ok: true, entries: (await db.kysely.selectFrom('audit_log').select('seq').execute()).length });
});
