import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { registryMailboxLookup } from './index.ts';
import { registrySetting } from './registries.fixture.ts';

const countMailboxes = async (db: { kysely: import('kysely').Kysely<import('../../store/index.ts').Database> }) =>
  Number((await db.kysely.selectFrom('official_mailboxes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

testOnBothEngines('ok: the demo records its users\' official addresses as active mailboxes of their agencies, linked to the accounts', async (db) => {
  const s = await registrySetting(db);
  const { items, total } = await s.office.mailboxes.list(s.dic);
  assert.equal(total, 2);
  assert.deepEqual(items.map((m) => [m.address, m.state, m.holderKind, m.holderUsername]).sort(), [
    ['chuyenvien.banbo@laichau.gov.vn', 'active', 'person', 'banbo.chuyenvien'],
    ['chuyenvien.binhlu@laichau.gov.vn', 'active', 'person', 'binhlu.chuyenvien'],
  ]);
  const own = await s.office.mailboxes.list(s.unitAdmin);
  assert.deepEqual(own.items.map((m) => [m.address, m.agencyId]), [['chuyenvien.binhlu@laichau.gov.vn', s.unit.agencyId]], 'an admin sees their own subtree');
  const { events } = await s.office.mailboxes.history(s.dic, own.items[0]!.id);
  assert.deepEqual(events.map((e) => [e.version, e.from, e.to, e.actorId, e.entry]), [[1, null, 'active', null, null]]);
});

testOnBothEngines('ok: an admin records a unit\'s and a person\'s mailbox, suspends, resumes and revokes one; each change in the history with who and why', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const unitBox = await m.create(s.unitAdmin, { address: ' VanThu.BinhLu@LaiChau.gov.vn ', agencyId: s.unit.agencyId, holderKind: 'unit', holderName: 'UBND xã Bình Lư' });
  assert.deepEqual([unitBox.address, unitBox.state, unitBox.holderKind, unitBox.holderUserId, unitBox.version], ['vanthu.binhlu@laichau.gov.vn', 'active', 'unit', null, 1]);
  const account = await s.office.users.create(s.unitAdmin, { agencyId: s.unit.agencyId, username: 'sangnq', fullName: 'Nguyễn Quang Sáng', email: 'sangnq.binhlu@laichau.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  const personBox = await m.create(s.dic, { address: 'sangnq.binhlu@laichau.gov.vn', agencyId: s.unit.agencyId });
  assert.deepEqual([personBox.holderKind, personBox.holderUserId, personBox.holderName], ['person', account.id, 'Nguyễn Quang Sáng'], 'the account with that e-mail, found');
  assert.deepEqual((await m.list(s.dic, { userId: account.id })).items.map((x) => x.id), [personBox.id], 'a person\'s mailboxes');

  await m.suspend(s.unitAdmin, personBox.id, { reason: 'Nghi bị lộ mật khẩu (thư giả mạo)' });
  await m.resume(s.unitAdmin, personBox.id);
  const revoked = await m.revoke(s.dic, personBox.id, { reason: 'Chuyển công tác' });
  assert.deepEqual([revoked.state, revoked.version, revoked.revokedAt !== null], ['revoked', 4, true]);
  const { events } = await m.history(s.unitAdmin, personBox.id);
  assert.deepEqual(events.map((e) => [e.version, e.from, e.to, e.actorId, e.reason]), [
    [1, null, 'active', s.dic.userId, null],
    [2, 'active', 'suspended', s.unitAdmin.userId, 'Nghi bị lộ mật khẩu (thư giả mạo)'],
    [3, 'suspended', 'active', s.unitAdmin.userId, null],
    [4, 'active', 'revoked', s.dic.userId, 'Chuyển công tác'],
  ]);
  assert.deepEqual((await m.list(s.unitAdmin, { agencyId: s.unit.agencyId, state: 'revoked' })).items.map((x) => x.id), [personBox.id]);
  await assert.rejects(m.revoke(s.dic, personBox.id, { reason: 'Lần nữa' }), { code: 'OFFICE_MAILBOX_REVOKED' });
  await assert.rejects(m.resume(s.dic, personBox.id), { code: 'OFFICE_MAILBOX_REVOKED' });
  await assert.rejects(m.resume(s.dic, unitBox.id), { code: 'OFFICE_MAILBOX_STATE_UNCHANGED' });
  await assert.rejects(m.create(s.dic, { address: 'sangnq.binhlu@laichau.gov.vn', agencyId: s.unit.agencyId }), { code: 'OFFICE_MAILBOX_ADDRESS_TAKEN' }, 'a revoked address is not given again');
  assert.equal((await m.history(s.dic, personBox.id)).events.length, 4, 'refusals leave no event');
  assert.equal((await s.office.audit.verify()).ok, true, 'the audit chain holds');
});

testOnBothEngines('error/input: not official, free provider, malformed, taken, unknown agency, bad holder or kind, missing reason — each coded, nothing stored', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const agencyId = s.unit.agencyId;
  const before = await countMailboxes(db);
  const refusals: [Record<string, unknown>, string][] = [
    [{ address: 'sangnq@gmail.com', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_FREE'],
    [{ address: 'sangnq@yahoo.com.vn', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_FREE'],
    [{ address: 'sangnq@example.com', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_NOT_OFFICIAL'],
    [{ address: 'không phải địa chỉ', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_INVALID'],
    [{ address: 'a\u200b@laichau.gov.vn', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_INVALID'],
    [{ address: 42, agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_INVALID'],
    [{ agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_INVALID'],
    [{ address: 'CHUYENVIEN.BINHLU@laichau.gov.vn', agencyId, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_TAKEN'],
    [{ address: 'moi@laichau.gov.vn', agencyId: 'không-có', holderName: 'A' }, 'OFFICE_AGENCY_NOT_FOUND'],
    [{ address: 'moi@laichau.gov.vn', agencyId: { id: agencyId }, holderName: 'A' }, 'OFFICE_AGENCY_NOT_FOUND'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: '   ' }, 'OFFICE_MAILBOX_HOLDER_INVALID'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: 'A\u202eB' }, 'OFFICE_MAILBOX_HOLDER_INVALID'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderKind: 'unit' }, 'OFFICE_MAILBOX_HOLDER_INVALID'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: 'A', holderKind: 'robot' }, 'OFFICE_MAILBOX_KIND_INVALID'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: 'A', holderUserId: s.dic.userId }, 'OFFICE_MAILBOX_HOLDER_ELSEWHERE'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: 'A', holderUserId: 'không-có' }, 'OFFICE_USER_NOT_FOUND'],
    [{ address: 'moi@laichau.gov.vn', agencyId, holderName: 'A', reason: 'x'.repeat(600) }, 'OFFICE_MAILBOX_REASON_INVALID'],
  ];
  for (const [input, code] of refusals) await assert.rejects(m.create(s.unitAdmin, input), { code }, JSON.stringify(input).slice(0, 80));
  const box = (await m.list(s.unitAdmin)).items[0]!;
  await assert.rejects(m.revoke(s.unitAdmin, box.id), { code: 'OFFICE_REASON_REQUIRED' });
  await assert.rejects(m.revoke(s.unitAdmin, box.id, { reason: '  ' }), { code: 'OFFICE_REASON_REQUIRED' });
  await assert.rejects(m.revoke(s.unitAdmin, box.id, { reason: 'Nghỉ\u0000 hưu' }), { code: 'OFFICE_MAILBOX_REASON_INVALID' });
  await assert.rejects(m.suspend(s.unitAdmin, box.id, { reason: 7 }), { code: 'OFFICE_MAILBOX_REASON_INVALID' });
  await assert.rejects(m.revoke(s.unitAdmin, 'không-có', { reason: 'x' }), { code: 'OFFICE_MAILBOX_NOT_FOUND' });
  await assert.rejects(m.history(s.unitAdmin, 12), { code: 'OFFICE_MAILBOX_NOT_FOUND' });
  assert.equal(await countMailboxes(db), before);
  assert.equal((await m.history(s.unitAdmin, box.id)).mailbox.state, 'active');
});

testOnBothEngines('error/forbidden: another subtree\'s admin, a specialist or a clerk neither read nor change; the DIC reaches the whole province', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const binhluBox = (await m.list(s.unitAdmin)).items[0]!;
  await assert.rejects(m.create(s.otherAdmin, { address: 'moi@laichau.gov.vn', agencyId: s.unit.agencyId, holderName: 'A' }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(m.list(s.otherAdmin, { agencyId: s.unit.agencyId }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(m.history(s.otherAdmin, binhluBox.id), { code: 'OFFICE_MAILBOX_NOT_FOUND' });
  await assert.rejects(m.revoke(s.otherAdmin, binhluBox.id, { reason: 'x' }), { code: 'OFFICE_MAILBOX_NOT_FOUND' });
  for (const actor of [s.specialist, s.unit]) {
    await assert.rejects(m.list(actor), { code: 'OFFICE_FORBIDDEN' });
    await assert.rejects(m.create(actor, { address: 'moi@laichau.gov.vn', agencyId: actor.agencyId, holderName: 'A' }), { code: 'OFFICE_FORBIDDEN' });
    await assert.rejects(m.revoke(actor, binhluBox.id, { reason: 'x' }), { code: 'OFFICE_FORBIDDEN' });
  }
  const langson = await s.actorOf('langson-stttt.admin');
  await assert.rejects(m.create(s.dic, { address: 'moi@langson.gov.vn', agencyId: langson.agencyId, holderName: 'A' }), { code: 'OFFICE_FORBIDDEN' }, 'another province');
  const created = await m.create(s.dic, { address: 'moi@laichau.gov.vn', agencyId: s.unit.agencyId, holderName: 'Nguyễn Văn Mới' });
  assert.equal(created.agencyId, s.unit.agencyId);
  assert.equal((await m.list(s.unitAdmin)).total, 2);
});

testOnBothEngines('ok: the mailbox rule reads the registry — active yes, suspended, revoked or unrecorded no; a province that recorded none keeps the account rule', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const lookup = registryMailboxLookup({ db, blobs: s.blobs, now: s.clock.now });
  const langson = await s.actorOf('langson-stttt.admin');
  // Filed in Lai Châu (Bình Lư), or in Lạng Sơn
  const holds = (email: string) => lookup(email, s.unit.agencyId);
  const holdsInLangson = (email: string) => lookup(email, langson.agencyId);
  const box = (await m.list(s.unitAdmin)).items[0]!;
  assert.equal(await holds('Chuyenvien.Binhlu@laichau.gov.vn'), true);
  await m.suspend(s.dic, box.id, { reason: 'Tạm khóa' });
  assert.equal(await holds(box.address), false);
  assert.equal(await holdsInLangson(box.address), false, 'a recorded address is read from the registry wherever the request is filed');
  await m.resume(s.dic, box.id);
  await m.revoke(s.dic, box.id, { reason: 'Nghỉ hưu' });
  assert.equal(await holds(box.address), false);
  // Lai Châu uses the registry: an account's e-mail alone is no mailbox there
  await s.office.users.create(s.unitAdmin, { agencyId: s.unit.agencyId, username: 'sangnq', fullName: 'Nguyễn Quang Sáng', email: 'sangnq.binhlu@laichau.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  assert.equal(await holds('sangnq.binhlu@laichau.gov.vn'), false);
  // Lạng Sơn has recorded nothing: its accounts' e-mails still count, until its first mailbox is recorded
  await s.office.users.create(langson, { agencyId: langson.agencyId, username: 'hoanv', fullName: 'Nguyễn Văn Hòa', email: 'hoanv@langson.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  assert.equal(await holdsInLangson('hoanv@langson.gov.vn'), true);
  assert.equal(await holdsInLangson('khongai@langson.gov.vn'), false);
  await m.create(langson, { address: 'vanthu@langson.gov.vn', agencyId: langson.agencyId, holderKind: 'unit', holderName: 'Sở TT&TT Lạng Sơn' });
  assert.equal(await holdsInLangson('hoanv@langson.gov.vn'), false);
  assert.equal(await holdsInLangson('vanthu@langson.gov.vn'), true);
});
