import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

/** A Mẫu 01 row for the demo's Bình Lư specialist, who holds an official mailbox */
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};

const as = async (app: FastifyInstance, username: string) => asUser(app, await signIn(app, username));

testOnBothEngines('ok: the forms catalog with its columns in the seed\'s order; a list filed, refused field by field, corrected, submitted to the district desk', async (db) => {
  const { app, actorOf } = await demoApp(db);
  const clerk = await as(app, 'binhlu.vanthu');
  const forms = (await clerk('GET', '/api/request-forms')).json();
  const personal = forms.find((f: { id: string }) => f.id === 'personal-certificate');
  assert.equal(personal.title, 'ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CÁ NHÂN');
  assert.deepEqual(personal.columns.slice(0, 3).map((c: { label: string }) => c.label), ['Họ và tên (chữ in hoa)', 'Giới tính', 'Ngày sinh']);
  assert.deepEqual(personal.columns[1].options, [{ value: 'male', label: 'Nam' }, { value: 'female', label: 'Nữ' }]);

  const created = await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' });
  assert.equal(created.statusCode, 201, created.body);
  const batch = created.json();
  assert.deepEqual([batch.state, batch.level, batch.version], ['draft', 'unit', 1]);

  const refused = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [{ ...PERSON, email: 'sangnq@gmail.com', fullName: 'Nguyễn Quang Sáng' }] });
  assert.deepEqual([refused.statusCode, refused.json().code], [400, 'OFFICE_FORM_INVALID']);
  const problems = refused.json().problems as { field: string; row: number | null; code: string; message: string }[];
  assert.deepEqual(problems.map((p) => [p.field, p.row, p.code]).sort(), [['email', null, 'FORM_EMAIL_FREE_PROVIDER'], ['fullName', null, 'FORM_NAME_NOT_UPPER']]);
  assert.match(problems.find((p) => p.field === 'email')!.message, /không dùng hộp thư miễn phí \(gmail\.com\)/);
  const english = await app.inject({ method: 'POST', url: `/api/request-batches/${batch.id}/entries`, headers: { ...(await signIn(app, 'binhlu.vanthu').then((s) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf }))), 'accept-language': 'en' }, payload: { version: 1, rows: [{ ...PERSON, email: 'sangnq@gmail.com' }] } });
  assert.match(english.json().problems[0].message, /free mail providers/);
  const twoRows = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON, { ...PERSON, mobile: '12' }] });
  assert.deepEqual(twoRows.json().problems.map((p: { field: string; row: number }) => [p.field, p.row]), [['mobile', 2]]);

  const added = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON] });
  assert.equal(added.statusCode, 201, added.body);
  assert.deepEqual([added.json().batch.version, added.json().entries[0].values.gender, added.json().entries[0].values.birthDate], [2, 'male', '1980-05-17']);

  const stale = await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 1 });
  assert.deepEqual([stale.statusCode, stale.json().code], [409, 'OFFICE_REQUEST_BATCH_STALE']);
  const sent = await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.deepEqual([sent.json().state, sent.json().targetAgencyId, sent.json().targetLevel], ['submitted', (await actorOf('tamduong-vhtt.vanthu')).agencyId, 'district']);
  const late = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: sent.json().version, rows: [PERSON] });
  assert.deepEqual([late.statusCode, late.json().code], [409, 'OFFICE_REQUEST_NOT_ALLOWED']);
  assert.deepEqual((await clerk('GET', '/api/request-batches?state=submitted')).json().map((b: { id: string }) => b.id), [batch.id]);
  assert.deepEqual((await clerk('GET', '/api/request-batches?state=draft')).json(), []);
});

testOnBothEngines('ok: commune → district desk (merge, return with a reason, resubmit, send on) → DIC (merge, approve, done), the timeline showing each step', async (db) => {
  const { app } = await demoApp(db);
  const clerk = await as(app, 'binhlu.vanthu');
  const desk = await as(app, 'tamduong-vhtt.vanthu');
  const dic = await as(app, 'stttt.dic');
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json();
  const { entries: [entry] } = (await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON] })).json();
  const sent = (await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 })).json();

  const inbox = (await desk('GET', '/api/request-batches/inbox')).json();
  assert.deepEqual(inbox.map((b: { id: string }) => b.id), [batch.id]);
  const merged = await desk('POST', '/api/request-batches/merge', { sources: [{ id: sent.id, version: sent.version }] });
  assert.equal(merged.statusCode, 200, merged.body);
  const districtList = (await desk('GET', `/api/request-batches/${merged.json().id}`)).json();
  assert.deepEqual([districtList.level, districtList.entries.length], ['district', 1]);
  const held = districtList.entries[0];
  const noReason = await desk('POST', `/api/request-entries/${held.id}/return`, { version: held.version, reason: '   ' });
  assert.deepEqual([noReason.statusCode, noReason.json().code], [400, 'OFFICE_REASON_REQUIRED']);
  const returned = (await desk('POST', `/api/request-entries/${held.id}/return`, { version: held.version, reason: 'Ghi rõ chức vụ' })).json();
  assert.equal(returned.state, 'returned');
  assert.deepEqual((await clerk('GET', '/api/request-entries/returned')).json().map((e: { id: string }) => e.id), [entry.id]);
  const back = await clerk('POST', `/api/request-entries/${entry.id}/resubmit`, { version: returned.version, values: { ...PERSON, position: 'Công chức Văn hóa - Xã hội' } });
  assert.equal(back.statusCode, 200, back.body);
  assert.deepEqual([back.json().state, back.json().values.position], ['submitted', 'Công chức Văn hóa - Xã hội']);

  const current = (await desk('GET', `/api/request-batches/${merged.json().id}`)).json();
  const onward = (await desk('POST', `/api/request-batches/${current.id}/submit`, { version: current.version })).json();
  assert.equal(onward.targetLevel, 'province');
  const notYours = await clerk('POST', '/api/request-batches/merge', { sources: [{ id: onward.id, version: onward.version }] });
  assert.deepEqual([notYours.statusCode, notYours.json().code], [403, 'OFFICE_FORBIDDEN']);
  const province = (await dic('POST', '/api/request-batches/merge', { sources: [{ id: onward.id, version: onward.version }] })).json();
  const [atDic] = (await dic('GET', `/api/request-batches/${province.id}`)).json().entries;
  const approved = await dic('POST', '/api/request-entries/approve', { entries: [{ id: atDic.id, version: atDic.version }] });
  assert.equal(approved.statusCode, 200, approved.body);
  // congvan's own CA is not initialised in this demo: its refusal is on the entry, which stays approved for the DIC to close by hand
  assert.deepEqual([approved.json().entries[0].state, approved.json().carried[0].ok], ['approved', false]);
  const done = await dic('POST', `/api/request-entries/${atDic.id}/done`, { version: approved.json().entries[0].version, outcome: 'Đã cấp chứng thư số 5401010a0b0c0d0e' });
  assert.equal(done.json().state, 'done');

  const timeline = (await clerk('GET', `/api/request-entries/${entry.id}/timeline`)).json();
  assert.equal(timeline.entry.state, 'done');
  assert.deepEqual(timeline.events.map((e: { action: string }) => e.action), ['add', 'submit', 'merge', 'return', 'resubmit', 'submit', 'merge', 'approve', 'ca-failed', 'done']);
  assert.equal(timeline.events[3].reason, 'Ghi rõ chức vụ');
  assert.equal(timeline.events[7].actorName, 'Cán bộ điều hành Sở TT&TT');
  assert.deepEqual((await dic('GET', `/api/request-batches/${province.id}/timeline`)).json().map((e: { action: string }) => e.action), ['create', 'merge']);
});

testOnBothEngines('error/requests over HTTP: another province\'s agency gets not found, an empty list is not sent, a stale entry and a bad body are refused', async (db) => {
  const { app } = await demoApp(db);
  const clerk = await as(app, 'binhlu.vanthu');
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json();
  const stranger = await as(app, 'langson-stttt.vanthu');
  const hidden = await stranger('GET', `/api/request-batches/${batch.id}`);
  assert.deepEqual([hidden.statusCode, hidden.json().code], [404, 'OFFICE_REQUEST_BATCH_NOT_FOUND']);
  assert.match(hidden.json().message, /Không tìm thấy danh sách đề nghị/);
  const empty = await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 1 });
  assert.deepEqual([empty.statusCode, empty.json().code], [409, 'OFFICE_REQUEST_EMPTY']);
  const missing = await clerk('GET', '/api/request-entries/00000000-0000-4000-8000-000000000000/timeline');
  assert.deepEqual([missing.statusCode, missing.json().code], [404, 'OFFICE_REQUEST_ENTRY_NOT_FOUND']);
  const { entries: [entry] } = (await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON] })).json();
  assert.equal((await clerk('PATCH', `/api/request-entries/${entry.id}`, { version: 1, values: { ...PERSON, mobile: '0912 345 678' } })).json().values.mobile, '0912345678');
  const stale = await clerk('PATCH', `/api/request-entries/${entry.id}`, { version: 1, values: PERSON });
  assert.deepEqual([stale.statusCode, stale.json().code], [409, 'OFFICE_REQUEST_ENTRY_STALE']);
  assert.equal((await clerk('POST', `/api/request-batches/${batch.id}/submit`, {})).json().code, 'SRV_VALIDATION');
  assert.equal((await clerk('POST', '/api/request-batches', { formId: 'personal-certificate', bogus: 1 })).json().code, 'SRV_VALIDATION');
  const unknown = await clerk('POST', '/api/request-batches', { formId: 'khong-co' });
  assert.deepEqual([unknown.statusCode, unknown.json().code], [400, 'OFFICE_REQUEST_FORM_UNKNOWN']);
  const specialist = await as(app, 'binhlu.chuyenvien');
  assert.equal((await specialist('POST', '/api/request-batches', { formId: 'personal-certificate' })).json().code, 'OFFICE_FORBIDDEN');
  assert.equal((await app.inject('/api/request-batches')).statusCode, 401);
});
