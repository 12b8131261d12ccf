import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

testOnBothEngines('ok: sign in, authenticate, sign out', async (db) => {
  const { office } = await demoOffice(db);
  const grant = await office.auth.signIn({ username: 'tamduong.vanthu', password: DEMO_PASSWORD });
  assert.deepEqual(grant.user.roles, ['clerk']);
  assert.ok(grant.user.lastSignInAt);
  const session = await office.auth.authenticate(grant.token);
  assert.equal(session.actor.username, 'tamduong.vanthu');
  assert.equal(session.csrfToken, grant.csrfToken);
  await office.auth.signOut(grant.token);
  await assert.rejects(office.auth.authenticate(grant.token), { code: 'OFFICE_AUTH_SESSION_EXPIRED' });
});

testOnBothEngines('error/unknown user and wrong password give the same answer', async (db) => {
  const { office } = await demoOffice(db);
  await assert.rejects(office.auth.signIn({ username: 'nobody', password: DEMO_PASSWORD }), { code: 'OFFICE_AUTH_INVALID_CREDENTIALS' });
  await assert.rejects(office.auth.signIn({ username: 'tamduong.vanthu', password: 'wrong-123456' }), { code: 'OFFICE_AUTH_INVALID_CREDENTIALS' });
});

testOnBothEngines('error/locked after five failures, even with the right password, until the lock ends', async (db) => {
  const { office, clock } = await demoOffice(db);
  for (let i = 0; i < 4; i++) {
    await assert.rejects(office.auth.signIn({ username: 'binhlu.vanthu', password: 'wrong-123456' }), { code: 'OFFICE_AUTH_INVALID_CREDENTIALS' });
  }
  await assert.rejects(office.auth.signIn({ username: 'binhlu.vanthu', password: 'wrong-123456' }), { code: 'OFFICE_AUTH_LOCKED' });
  await assert.rejects(office.auth.signIn({ username: 'binhlu.vanthu', password: DEMO_PASSWORD }), { code: 'OFFICE_AUTH_LOCKED' });
  clock.advanceMinutes(16);
  const grant = await office.auth.signIn({ username: 'binhlu.vanthu', password: DEMO_PASSWORD });
  assert.equal(grant.user.username, 'binhlu.vanthu');
  const actions = await db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'auth.%').execute();
  assert.equal(actions.filter((a) => a.action === 'auth.locked').length, 1);
});

testOnBothEngines('error/session ends after idling and after its maximum age', async (db) => {
  const { office, clock } = await demoOffice(db);
  const grant = await office.auth.signIn({ username: 'tamduong.lanhdao', password: DEMO_PASSWORD });
  clock.advanceMinutes(29);
  await office.auth.authenticate(grant.token); // touched: the idle limit starts again
  clock.advanceMinutes(29);
  await office.auth.authenticate(grant.token);
  clock.advanceMinutes(31);
  await assert.rejects(office.auth.authenticate(grant.token), { code: 'OFFICE_AUTH_SESSION_EXPIRED' });
  await assert.rejects(office.auth.authenticate(undefined), { code: 'OFFICE_AUTH_REQUIRED' });
});

testOnBothEngines('ok: TOTP second factor is asked for once enabled', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const actor = await actorOf('stttt.admin');
  const { secret, uri } = await office.auth.beginTotp(actor);
  assert.match(uri, /^otpauth:\/\/totp\//);
  await assert.rejects(office.auth.enableTotp(actor, '000000'), { code: 'OFFICE_AUTH_OTP_INVALID' });
  await office.auth.enableTotp(actor, await generate({ secret }));
  await assert.rejects(office.auth.signIn({ username: 'stttt.admin', password: DEMO_PASSWORD }), { code: 'OFFICE_AUTH_OTP_REQUIRED' });
  await assert.rejects(office.auth.signIn({ username: 'stttt.admin', password: DEMO_PASSWORD, otp: '123' }), { code: 'OFFICE_AUTH_INVALID_CREDENTIALS' });
  const grant = await office.auth.signIn({ username: 'stttt.admin', password: DEMO_PASSWORD, otp: await generate({ secret }) });
  assert.equal(grant.user.totpEnabled, true);
});

testOnBothEngines('ok: change password; error/wrong current or weak new password', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const actor = await actorOf('banbo.chuyenvien');
  await assert.rejects(office.auth.changePassword(actor, 'wrong-123456', 'mat-khau-moi-2026'), { code: 'OFFICE_PASSWORD_WRONG' });
  await assert.rejects(office.auth.changePassword(actor, DEMO_PASSWORD, 'short1'), { code: 'OFFICE_PASSWORD_TOO_WEAK' });
  await office.auth.changePassword(actor, DEMO_PASSWORD, 'mat-khau-moi-2026');
  await office.auth.signIn({ username: 'banbo.chuyenvien', password: 'mat-khau-moi-2026' });
});
