import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { formById } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { formProblemsOf } from '../requests/index.ts';
import { registrySetting, type RegistrySetting } from './registries.fixture.ts';

const ADDRESS = 'sangnq.binhlu@laichau.gov.vn';
const newPerson = { fullName: 'Nguyễn Quang Sáng', workplace: 'UBND xã Bình Lư', position: 'Công chức Văn hóa - Xã hội' };
const revokeRow = (mailAccount: string) => ({ fullName: 'Nguyễn Quang Sáng', workplace: 'UBND xã Bình Lư', mailAccount, remark: 'Chuyển công tác' });

/** A personal-certificate request (Mẫu 01) for the holder of `email`, filed by Bình Lư's clerk */
async function fileCertificate(s: RegistrySetting, email: string) {
  const batch = await s.office.requests.batches.create(s.unit, { formId: 'personal-certificate' });
  return s.office.requests.entries.add(s.unit, batch, [{ ...sampleEntry(formById('personal-certificate')!), fullName: 'NGUYỄN QUANG SÁNG', email }]);
}

const mailboxCodes = async (p: Promise<unknown>) => p.then(() => [], (err: unknown) => formProblemsOf(err).map((x) => x.code));

testOnBothEngines('ok: a new-mailbox list goes from the unit to the DIC\'s done and the mailbox is active, its event pointing to the entry; then a certificate request for it is accepted, and refused once a revoke list takes it away', async (db) => {
  const s = await registrySetting(db);
  const r = s.office.requests;
  assert.deepEqual(await mailboxCodes(fileCertificate(s, ADDRESS)), ['FORM_MAILBOX_MISSING'], 'no mailbox yet');

  const [entry] = await s.approvedAtDic('mailboxes-new-persons', [newPerson]);
  const done = await r.decisions.markDone(s.dic, entry!, `Đã cấp: ${ADDRESS.toUpperCase()}.`);
  assert.equal(done.state, 'done');
  const [box] = (await s.office.mailboxes.list(s.dic, { agencyId: s.unit.agencyId, state: 'active' })).items.filter((m) => m.address === ADDRESS);
  assert.deepEqual([box?.state, box?.holderName, box?.holderKind, box?.agencyId], ['active', 'Nguyễn Quang Sáng', 'person', s.unit.agencyId]);
  const { events } = await s.office.mailboxes.history(s.dic, box!.id);
  assert.deepEqual(events.map((e) => [e.from, e.to, e.actorId, e.entry?.id, e.entry?.formId]), [[null, 'active', s.dic.userId, entry!.id, 'mailboxes-new-persons']]);

  assert.equal((await fileCertificate(s, ADDRESS)).entries.length, 1, 'the holder of an active mailbox may ask for a certificate');

  const [revoke] = await s.approvedAtDic('mailboxes-revoke', [revokeRow('sangnq.binhlu')]);
  await r.decisions.markDone(s.dic, revoke!, 'Đã thu hồi');
  const after = await s.office.mailboxes.history(s.dic, box!.id);
  assert.equal(after.mailbox.state, 'revoked');
  assert.deepEqual(after.events.map((e) => [e.from, e.to, e.reason, e.entry?.id]).at(-1), ['active', 'revoked', 'Chuyển công tác', revoke!.id]);
  assert.deepEqual(await mailboxCodes(fileCertificate(s, ADDRESS)), ['FORM_MAILBOX_MISSING'], 'a revoked mailbox is no mailbox');
});

testOnBothEngines('error/not applicable: a mark-done the registry cannot carry is refused whole — the entry stays approved, nothing recorded', async (db) => {
  const s = await registrySetting(db);
  const r = s.office.requests;
  const unchanged = async (seen: { id: string; version: number }) => {
    const { events } = await r.queries.timeline(s.dic, seen.id);
    assert.deepEqual([events.at(-1)?.to, events.at(-1)?.version], ['approved', seen.version], 'still approved, at the version approved');
  };
  const mailboxes = async () => (await s.office.mailboxes.list(s.dic)).items.map((m) => `${m.address}:${m.state}`).sort();
  const before = await mailboxes();

  // approve answers in its own order: each entry is found by what it asks
  const news = await s.approvedAtDic('mailboxes-new-persons', [newPerson, { ...newPerson, fullName: 'Vũ Thị Lan' }]);
  const [a, b] = [newPerson.fullName, 'Vũ Thị Lan'].map((name) => news.find((e) => e.values.fullName === name));
  for (const [outcome, code] of [
    [undefined, 'OFFICE_MAILBOX_OUTCOME_ADDRESS_MISSING'], ['Đã cấp', 'OFFICE_MAILBOX_OUTCOME_ADDRESS_MISSING'],
    [`Đã cấp ${ADDRESS}, lanvt.binhlu@laichau.gov.vn`, 'OFFICE_MAILBOX_OUTCOME_ADDRESS_MISSING'],
    ['Đã cấp sangnq@gmail.com', 'OFFICE_MAILBOX_ADDRESS_FREE'], ['Đã cấp sangnq@example.com', 'OFFICE_MAILBOX_ADDRESS_NOT_OFFICIAL'],
    ['Đã cấp chuyenvien.binhlu@laichau.gov.vn', 'OFFICE_MAILBOX_ADDRESS_TAKEN'],
  ] as const) {
    await assert.rejects(r.decisions.markDone(s.dic, a!, outcome), { code }, String(outcome));
    await unchanged(a!);
  }
  await r.decisions.markDone(s.dic, a!, `Đã cấp ${ADDRESS}`);
  await assert.rejects(r.decisions.markDone(s.dic, b!, `Đã cấp ${ADDRESS}`), { code: 'OFFICE_MAILBOX_ADDRESS_TAKEN' }, 'one address, one mailbox');
  await unchanged(b!);

  const revokes = await s.approvedAtDic('mailboxes-revoke', [
    revokeRow('khongco.binhlu'), revokeRow('vanthu'), { ...revokeRow('sangnq.binhlu'), remark: 'Lần 1' }, revokeRow(ADDRESS), { ...revokeRow('sangnq.binhlu'), remark: 'Lần 2' },
  ]);
  const named = (account: string, remark = 'Chuyển công tác') => revokes.find((e) => e.values.mailAccount === account && e.values.remark === remark);
  const [unknown, ambiguousName, mismatch, first, second] = [named('khongco.binhlu'), named('vanthu'), named('sangnq.binhlu', 'Lần 1'), named(ADDRESS), named('sangnq.binhlu', 'Lần 2')];
  await assert.rejects(r.decisions.markDone(s.dic, unknown!), { code: 'OFFICE_MAILBOX_ACCOUNT_UNKNOWN' });
  await unchanged(unknown!);
  // Two mailboxes named vanthu@… in the province: the bare name is not enough, the outcome names the one
  await s.office.mailboxes.create(s.dic, { address: 'vanthu@laichau.gov.vn', agencyId: s.unit.agencyId, holderKind: 'unit', holderName: 'UBND xã Bình Lư' });
  await s.office.mailboxes.create(s.dic, { address: 'vanthu@tamduong.laichau.gov.vn', agencyId: s.unit.agencyId, holderKind: 'unit', holderName: 'UBND xã Bình Lư' });
  await assert.rejects(r.decisions.markDone(s.dic, ambiguousName!), { code: 'OFFICE_MAILBOX_ACCOUNT_AMBIGUOUS' });
  await unchanged(ambiguousName!);
  await assert.rejects(r.decisions.markDone(s.dic, mismatch!, 'Đã thu hồi chuyenvien.binhlu@laichau.gov.vn'), { code: 'OFFICE_MAILBOX_OUTCOME_ADDRESS_MISMATCH' });
  await unchanged(mismatch!);
  await r.decisions.markDone(s.dic, ambiguousName!, 'Đã thu hồi vanthu@tamduong.laichau.gov.vn');
  await r.decisions.markDone(s.dic, first!);
  await assert.rejects(r.decisions.markDone(s.dic, second!), { code: 'OFFICE_MAILBOX_REVOKED' }, 'already revoked');
  await unchanged(second!);
  assert.deepEqual(await mailboxes(), [...before, `${ADDRESS}:revoked`, 'vanthu@laichau.gov.vn:active', 'vanthu@tamduong.laichau.gov.vn:revoked'].sort());
  assert.equal((await s.office.audit.verify()).ok, true);
});

testOnBothEngines('ok/error: the mailbox rule is the filing agency\'s province\'s — filed in Lai Châu (registry in use) for an address only a Lạng Sơn account holds: refused, on adding and on editing; filed in Lạng Sơn (no registry) for an address only a Lai Châu account holds: accepted', async (db) => {
  const s = await registrySetting(db);
  const r = s.office.requests;
  const langson = await s.actorOf('langson-stttt.admin');
  const inLangson = 'hoanv@langson.gov.vn';
  await s.office.users.create(langson, { agencyId: langson.agencyId, username: 'hoanv', fullName: 'Nguyễn Văn Hòa', email: inLangson, password: 'matkhau-moi-2026', roles: ['specialist'] });
  // An account of Bình Lư whose address Lai Châu's registry does not hold
  await s.office.users.create(s.unitAdmin, { agencyId: s.unit.agencyId, username: 'sangnq', fullName: 'Nguyễn Quang Sáng', email: ADDRESS, password: 'matkhau-moi-2026', roles: ['specialist'] });

  assert.deepEqual(await mailboxCodes(fileCertificate(s, inLangson)), ['FORM_MAILBOX_MISSING'], 'Lai Châu reads its registry, whoever holds the account');
  const filed = await fileCertificate(s, 'chuyenvien.binhlu@laichau.gov.vn');
  const edit = (values: Record<string, unknown>) => r.entries.edit(s.unit, filed.entries[0]!, { ...filed.entries[0]!.values, ...values });
  assert.deepEqual(await mailboxCodes(edit({ email: inLangson })), ['FORM_MAILBOX_MISSING'], 'the same on editing the entry');

  const fileInLangson = async (email: string) => {
    const batch = await r.batches.create(langson, { formId: 'personal-certificate' });
    return r.entries.add(langson, batch, [{ ...sampleEntry(formById('personal-certificate')!), fullName: 'NGUYỄN QUANG SÁNG', email }]);
  };
  assert.equal((await fileInLangson(ADDRESS)).entries.length, 1, 'Lạng Sơn keeps the account rule, whichever province the account is in');
  assert.deepEqual(await mailboxCodes(fileInLangson('khongai@langson.gov.vn')), ['FORM_MAILBOX_MISSING'], 'no account, no mailbox');
});
