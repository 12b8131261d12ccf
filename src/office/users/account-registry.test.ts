import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { DEMO_PASSWORD } from '../../../test/helpers/demo-office.ts';
import { registrySetting } from '../mailboxes/registries.fixture.ts';

const revokeRow = (account: string) => ({ fullName: 'Lãnh đạo xã', position: 'Phó Chủ tịch', workplace: 'UBND xã Bình Lư', account, reason: 'Đã nghỉ hưu' });

testOnBothEngines('ok: an agency\'s accounts with state, roles and last sign-in; one account\'s history from the audit log, in order, with who', async (db) => {
  const s = await registrySetting(db);
  const { items, total } = await s.office.accounts.list(s.unitAdmin, { agencyId: s.unit.agencyId });
  assert.equal(total, 4);
  assert.deepEqual(items.map((a) => [a.username, a.state, a.roles, a.lastSignInAt !== null]), [
    ['binhlu.admin', 'active', ['admin'], true], ['binhlu.chuyenvien', 'active', ['specialist'], true],
    ['binhlu.lanhdao', 'active', ['leader'], false], ['binhlu.vanthu', 'active', ['clerk'], true],
  ]);

  const u = s.office.users;
  const made = await u.create(s.unitAdmin, { agencyId: s.unit.agencyId, username: 'sangnq', fullName: 'Nguyễn Quang Sáng', email: 'sangnq.binhlu@laichau.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  await u.update(s.unitAdmin, made.id, { roles: ['specialist', 'clerk'] });
  await u.update(s.unitAdmin, made.id, { fullName: 'Nguyễn Quang Sáng (Văn hóa)' });
  await u.deactivate(s.unitAdmin, made.id);
  assert.deepEqual((await s.office.accounts.list(s.unitAdmin, { agencyId: s.unit.agencyId, state: 'disabled' })).items.map((a) => [a.username, a.state]), [['sangnq', 'disabled']]);
  await u.reactivate(s.unitAdmin, made.id);
  await assert.rejects(u.resetPassword(s.dic, made.id), { code: 'OFFICE_FORBIDDEN' }, 'the DIC is no admin of Bình Lư: refused, and not in the history');
  await u.resetPassword(s.unitAdmin, made.id);
  const { account, events } = await s.office.accounts.history(s.dic, made.id);
  assert.deepEqual([account.username, account.state, account.roles], ['sangnq', 'active', ['clerk', 'specialist']]);
  assert.deepEqual(events.map((e) => [e.kind, e.actorId]), [
    ['created', s.unitAdmin.userId], ['roles_changed', s.unitAdmin.userId], ['profile_changed', s.unitAdmin.userId],
    ['disabled', s.unitAdmin.userId], ['re_enabled', s.unitAdmin.userId], ['password_reset', s.unitAdmin.userId],
  ]);
  assert.deepEqual([events[1]!.roles, events[2]!.fields], [['specialist', 'clerk'], ['fullName']]);
  assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1]!.seq), 'oldest first');
  assert.equal(events[0]!.actorName, 'Quản trị UBND xã Bình Lư');
});

testOnBothEngines('ok: Mẫu 07 marked done disables the named account in the same transaction, its history pointing to the entry; an account not in this province is left alone; the DIC cannot revoke itself', async (db) => {
  const s = await registrySetting(db);
  const r = s.office.requests;
  const entries = await s.approvedAtDic('document-accounts-revoke', [revokeRow('binhlu.lanhdao'), revokeRow('khongco.binhlu'), revokeRow('langson-stttt.lanhdao'), revokeRow('stttt.dic')]);
  const of = (account: string) => entries.find((e) => e.values.account === account)!;
  const leader = (await s.office.accounts.list(s.dic, { agencyId: s.unit.agencyId })).items.find((a) => a.username === 'binhlu.lanhdao')!;

  await r.decisions.markDone(s.dic, of('binhlu.lanhdao'), 'Đã thu hồi');
  const { account, events } = await s.office.accounts.history(s.dic, leader.id);
  assert.equal(account.state, 'disabled');
  assert.deepEqual([events.at(-1)?.kind, events.at(-1)?.actorId, events.at(-1)?.entryId], ['disabled', s.dic.userId, of('binhlu.lanhdao').id]);
  await assert.rejects(s.office.auth.signIn({ username: 'binhlu.lanhdao', password: DEMO_PASSWORD }), { code: 'OFFICE_AUTH_INACTIVE' });

  const active = async () => Number((await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('is_active', '=', 1).executeTakeFirstOrThrow()).n);
  const before = await active();
  assert.equal((await r.decisions.markDone(s.dic, of('khongco.binhlu'))).state, 'done', 'an account this installation does not have');
  assert.equal((await r.decisions.markDone(s.dic, of('langson-stttt.lanhdao'))).state, 'done', 'an account of another province');
  assert.equal(await active(), before);
  await assert.rejects(r.decisions.markDone(s.dic, of('stttt.dic')), { code: 'OFFICE_CANNOT_DEACTIVATE_SELF' });
  assert.equal((await r.queries.timeline(s.dic, of('stttt.dic').id)).events.at(-1)?.to, 'approved', 'refused whole');
  assert.equal(await active(), before);
});

testOnBothEngines('error/scope: specialists and clerks see no registry; an admin sees their subtree only; unknown ids are coded', async (db) => {
  const s = await registrySetting(db);
  const a = s.office.accounts;
  for (const actor of [s.specialist, s.unit]) {
    await assert.rejects(a.list(actor), { code: 'OFFICE_FORBIDDEN' });
    await assert.rejects(a.history(actor, actor.userId), { code: 'OFFICE_FORBIDDEN' });
  }
  await assert.rejects(a.list(s.otherAdmin, { agencyId: s.unit.agencyId }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(a.history(s.otherAdmin, s.unit.userId), { code: 'OFFICE_USER_NOT_FOUND' });
  await assert.rejects(a.list(s.unitAdmin, { agencyId: 'không-có' }), { code: 'OFFICE_AGENCY_NOT_FOUND' });
  await assert.rejects(a.list(s.unitAdmin, { agencyId: ['x'] }), { code: 'OFFICE_AGENCY_NOT_FOUND' });
  await assert.rejects(a.history(s.unitAdmin, 'không-có'), { code: 'OFFICE_USER_NOT_FOUND' });
  await assert.rejects(a.history(s.unitAdmin, null), { code: 'OFFICE_USER_NOT_FOUND' });
  assert.deepEqual((await a.list(s.otherAdmin)).items.map((x) => x.agencyId).filter((id) => id !== s.otherAdmin.agencyId), [], 'Bản Bo\'s admin sees Bản Bo');
  assert.equal((await a.list(s.dic)).total, 30, 'the DIC sees the province: seven agencies of four, its operators');
});
