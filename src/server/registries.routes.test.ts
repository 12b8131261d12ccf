import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
type Reply = { statusCode: number; json: () => { code: string; message: string } };
const refusal = (res: Reply) => [res.statusCode >= 400 && res.statusCode < 500, res.json().code];

testOnBothEngines('ok/error: the mailbox registry over HTTP — list per agency and person, record, history, suspend, resume, revoke; bad input refused with its code, never a 500', async (db) => {
  const { app, actorOf } = await demoApp(db);
  const admin = asUser(app, await signIn(app, 'binhlu.admin'));
  const binhlu = (await actorOf('binhlu.admin')).agencyId;
  const listed = await admin('GET', `/api/mailboxes?agencyId=${binhlu}`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(listed.json().items.map((m: { address: string; state: string }) => [m.address, m.state]), [['chuyenvien.binhlu@laichau.gov.vn', 'active']]);

  const created = await admin('POST', '/api/mailboxes', { address: 'vanthu.binhlu@laichau.gov.vn', agencyId: binhlu, holderKind: 'unit', holderName: 'UBND xã Bình Lư' });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  assert.deepEqual([created.json().state, created.json().agencyName], ['active', 'Ủy ban nhân dân xã Bình Lư']);
  assert.equal((await admin('POST', `/api/mailboxes/${id}/suspend`, { reason: 'Thư giả mạo' })).json().state, 'suspended');
  assert.equal((await admin('POST', `/api/mailboxes/${id}/resume`, {})).json().state, 'active');
  assert.deepEqual(refusal(await admin('POST', `/api/mailboxes/${id}/revoke`, {})), [true, 'OFFICE_REASON_REQUIRED']);
  const revoked = await admin('POST', `/api/mailboxes/${id}/revoke`, { reason: 'Sáp nhập xã' });
  assert.equal(revoked.json().state, 'revoked', revoked.body);
  assert.deepEqual(refusal(await admin('POST', `/api/mailboxes/${id}/revoke`, { reason: 'Lần nữa' })), [true, 'OFFICE_MAILBOX_REVOKED']);
  const history = (await admin('GET', `/api/mailboxes/${id}/history`)).json() as { mailbox: { state: string }; events: { from: string | null; to: string; reason: string | null }[] };
  assert.deepEqual(history.events.map((e) => [e.from, e.to, e.reason]), [[null, 'active', null], ['active', 'suspended', 'Thư giả mạo'], ['suspended', 'active', null], ['active', 'revoked', 'Sáp nhập xã']]);
  const person = (await admin('GET', `/api/mailboxes?userId=${(await actorOf('binhlu.chuyenvien')).userId}`)).json();
  assert.deepEqual(person.items.map((m: { address: string }) => m.address), ['chuyenvien.binhlu@laichau.gov.vn'], 'a person\'s mailboxes');

  const free = await admin('POST', '/api/mailboxes', { address: 'vanthu.binhlu@gmail.com', agencyId: binhlu, holderName: 'A' });
  assert.deepEqual(refusal(free), [true, 'OFFICE_MAILBOX_ADDRESS_FREE']);
  assert.match(free.json().message, /miễn phí \(gmail\.com\)/);
  const bad: [string, string, unknown, string][] = [
    ['POST', '/api/mailboxes', { address: 'a@example.com', agencyId: binhlu, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_NOT_OFFICIAL'],
    ['POST', '/api/mailboxes', { address: 'CHUYENVIEN.binhlu@laichau.gov.vn', agencyId: binhlu, holderName: 'A' }, 'OFFICE_MAILBOX_ADDRESS_TAKEN'],
    ['POST', '/api/mailboxes', { address: 'moi@laichau.gov.vn', agencyId: UNKNOWN, holderName: 'A' }, 'OFFICE_AGENCY_NOT_FOUND'],
    ['POST', '/api/mailboxes', { address: 'moi@laichau.gov.vn', agencyId: binhlu }, 'OFFICE_MAILBOX_HOLDER_INVALID'],
    ['POST', '/api/mailboxes', { address: 'moi@laichau.gov.vn' }, 'SRV_VALIDATION'],
    ['POST', '/api/mailboxes', { address: 'moi@laichau.gov.vn', agencyId: binhlu, holderName: 'A', holderKind: 'robot' }, 'SRV_VALIDATION'],
    ['POST', '/api/mailboxes', { address: 'moi@laichau.gov.vn', agencyId: binhlu, holderName: 'A', extra: 1 }, 'SRV_VALIDATION'],
    ['POST', '/api/mailboxes', { address: { at: 'moi@laichau.gov.vn' }, agencyId: binhlu, holderName: 'A' }, 'SRV_VALIDATION'],
    ['POST', `/api/mailboxes/${UNKNOWN}/revoke`, { reason: 'x' }, 'OFFICE_MAILBOX_NOT_FOUND'],
    ['POST', '/api/mailboxes/khong-phai-uuid/revoke', { reason: 'x' }, 'SRV_VALIDATION'],
    ['GET', `/api/mailboxes/${UNKNOWN}/history`, undefined, 'OFFICE_MAILBOX_NOT_FOUND'],
    ['GET', '/api/mailboxes?state=lost', undefined, 'SRV_VALIDATION'],
    ['GET', '/api/mailboxes?limit=0', undefined, 'SRV_VALIDATION'],
    ['GET', `/api/mailboxes?agencyId=${UNKNOWN}`, undefined, 'OFFICE_AGENCY_NOT_FOUND'],
  ];
  for (const [method, url, body, code] of bad) assert.deepEqual(refusal(await admin(method as 'GET', url, body)), [true, code], `${method} ${url} ${JSON.stringify(body)}`);
  // A mailbox that is not there is 404; one taken, or already revoked, a conflict with what is on record (409)
  assert.equal((await admin('GET', `/api/mailboxes/${UNKNOWN}/history`)).statusCode, 404);
  assert.equal((await admin('POST', '/api/mailboxes', { address: 'chuyenvien.binhlu@laichau.gov.vn', agencyId: binhlu, holderName: 'A' })).statusCode, 409);
  assert.deepEqual([(await admin('POST', `/api/mailboxes/${id}/revoke`, { reason: 'lần nữa' })).statusCode], [409]);
  const session = await signIn(app, 'binhlu.admin');
  const notJson = await app.inject({ method: 'POST', url: `/api/mailboxes/${id}/revoke`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, payload: '{reason' });
  assert.deepEqual(refusal(notJson), [true, 'SRV_INVALID_JSON']);

  const otherAdmin = asUser(app, await signIn(app, 'banbo.admin'));
  assert.deepEqual(refusal(await otherAdmin('GET', `/api/mailboxes?agencyId=${binhlu}`)), [true, 'OFFICE_FORBIDDEN']);
  assert.deepEqual(refusal(await otherAdmin('GET', `/api/mailboxes/${id}/history`)), [true, 'OFFICE_MAILBOX_NOT_FOUND']);
  const clerk = asUser(app, await signIn(app, 'binhlu.vanthu'));
  assert.deepEqual([(await clerk('GET', '/api/mailboxes')).statusCode, (await clerk('POST', '/api/mailboxes', { address: 'x@laichau.gov.vn', agencyId: binhlu, holderName: 'A' })).statusCode], [403, 403]);

  // Whatever is posted, the answer is a record or a coded refusal
  await fc.assert(fc.asyncProperty(
    fc.record({ address: fc.oneof(fc.string({ maxLength: 40 }), fc.emailAddress(), fc.constantFrom('a@laichau.gov.vn', 'b@gmail.com', '')), holderName: fc.string({ maxLength: 30 }), holderKind: fc.constantFrom('person', 'unit'), reason: fc.string({ maxLength: 30 }) }, { requiredKeys: ['address'] }),
    async (input) => {
      const res = await admin('POST', '/api/mailboxes', { ...input, agencyId: binhlu });
      assert.ok(res.statusCode === 201 || (res.statusCode >= 400 && res.statusCode < 500 && /^(OFFICE|SRV)_/.test(res.json().code)), `${JSON.stringify(input)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    },
  ), { numRuns: 60 });
});

testOnBothEngines('ok/error: the account registry over HTTP — accounts per agency with state and roles, one account\'s history; other subtrees and roles refused; bad ids coded', async (db) => {
  const { app, actorOf } = await demoApp(db);
  const admin = asUser(app, await signIn(app, 'binhlu.admin'));
  const binhlu = (await actorOf('binhlu.admin')).agencyId;
  const leader = (await actorOf('binhlu.lanhdao')).userId;
  assert.equal((await admin('POST', `/api/users/${leader}/deactivate`)).statusCode, 200);
  const list = await admin('GET', `/api/accounts?agencyId=${binhlu}&state=disabled`);
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json().items.map((a: { username: string; state: string; roles: string[] }) => [a.username, a.state, a.roles]), [['binhlu.lanhdao', 'disabled', ['leader']]]);
  assert.equal((await admin('GET', `/api/accounts?agencyId=${binhlu}`)).json().total, 4);
  const history = await admin('GET', `/api/accounts/${leader}/history`);
  assert.equal(history.statusCode, 200, history.body);
  assert.deepEqual(history.json().events.map((e: { kind: string; actorName: string }) => [e.kind, e.actorName]), [['disabled', 'Quản trị UBND xã Bình Lư']]);

  for (const [url, code] of [
    [`/api/accounts/${UNKNOWN}/history`, 'OFFICE_USER_NOT_FOUND'], ['/api/accounts/khong-phai-uuid/history', 'SRV_VALIDATION'],
    [`/api/accounts?agencyId=${UNKNOWN}`, 'OFFICE_AGENCY_NOT_FOUND'], ['/api/accounts?state=locked', 'SRV_VALIDATION'], ['/api/accounts?limit=abc', 'SRV_VALIDATION'],
  ] as const) assert.deepEqual(refusal(await admin('GET', url)), [true, code], url);
  const otherAdmin = asUser(app, await signIn(app, 'banbo.admin'));
  assert.deepEqual(refusal(await otherAdmin('GET', `/api/accounts/${leader}/history`)), [true, 'OFFICE_USER_NOT_FOUND']);
  assert.deepEqual(refusal(await otherAdmin('GET', `/api/accounts?agencyId=${binhlu}`)), [true, 'OFFICE_FORBIDDEN']);
  const specialist = asUser(app, await signIn(app, 'binhlu.chuyenvien'));
  assert.deepEqual(refusal(await specialist('GET', '/api/accounts')), [true, 'OFFICE_FORBIDDEN']);
});

testOnBothEngines('ok/error: the DIC marking a new-mailbox entry done over HTTP — without the address written, a coded refusal and the entry still approved; with it, the mailbox active and linked', async (db) => {
  const { app, office, actorOf } = await demoApp(db);
  const [unit, district, dicActor] = [await actorOf('binhlu.vanthu'), await actorOf('tamduong-vhtt.vanthu'), await actorOf('stttt.dic')];
  const r = office.requests;
  const added = await r.entries.add(unit, await r.batches.create(unit, { formId: 'mailboxes-new-persons' }), [{ fullName: 'Vũ Thị Lan', workplace: 'UBND xã Bình Lư', position: 'Công chức' }]);
  const merged = await r.batches.merge(district, { sources: [await r.batches.submit(unit, added.batch)] });
  const province = await r.batches.merge(dicActor, { sources: [await r.batches.submit(district, await r.queries.batch(district, merged.id))] });
  const [entry] = await r.decisions.approve(dicActor, (await r.queries.batch(dicActor, province.id)).entries);
  const dic = asUser(app, await signIn(app, 'stttt.dic'));

  const refused = await dic('POST', `/api/request-entries/${entry!.id}/done`, { version: entry!.version, outcome: 'Đã cấp' });
  assert.deepEqual([refused.statusCode, refused.json().code], [400, 'OFFICE_MAILBOX_OUTCOME_ADDRESS_MISSING']);
  assert.match(refused.json().message, /Vũ Thị Lan/);
  const done = await dic('POST', `/api/request-entries/${entry!.id}/done`, { version: entry!.version, outcome: 'Đã cấp lanvt.binhlu@laichau.gov.vn' });
  assert.equal(done.statusCode, 200, done.body);
  const [box] = (await dic('GET', '/api/mailboxes?state=active')).json().items.filter((m: { address: string }) => m.address === 'lanvt.binhlu@laichau.gov.vn');
  const events = (await dic('GET', `/api/mailboxes/${box.id}/history`)).json().events as { entry: { id: string; formId: string } | null }[];
  assert.deepEqual(events.map((e) => e.entry), [{ id: entry!.id, formId: 'mailboxes-new-persons', batchId: added.batch.id }]);
});
