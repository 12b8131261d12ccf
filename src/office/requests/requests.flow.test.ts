import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { filedBatch, person, requestSetting } from './requests.fixture.ts';

testOnBothEngines('ok: unit → district → DIC, an entry returned by the district corrected and resubmitted, approved, done, tracked to the end', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, banbo, district, dic } = s;
  const a = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'), person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { mobile: '0912 345 678' })]);
  const b = await filedBatch(s, banbo, [person('VŨ THỊ LAN', 'lanvt.banbo@laichau.gov.vn')]);
  const sentA = await r.batches.submit(binhlu, a.batch);
  assert.deepEqual([sentA.state, sentA.targetAgencyId, sentA.targetLevel], ['submitted', district.agencyId, 'district']);
  const sentB = await r.batches.submit(banbo, b.batch);
  assert.deepEqual((await r.queries.inbox(district)).map((x) => x.id).sort(), [sentA.id, sentB.id].sort());

  const merged = await r.batches.merge(district, { sources: [sentA, sentB] });
  assert.deepEqual([merged.agencyId, merged.level, merged.state], [district.agencyId, 'district', 'draft']);
  const view = await r.queries.batch(district, merged.id);
  assert.equal(view.entries.length, 3);
  assert.equal((await r.queries.batch(binhlu, sentA.id)).state, 'merged');

  // the district returns the second row of Bình Lư; Bình Lư corrects the phone and resubmits it to the district's list
  const bad = view.entries.find((e) => e.values.mobile === '0912345678')!;
  const returned = await r.entries.returnToOrigin(district, bad, 'Số điện thoại không đúng của người đề nghị');
  assert.equal(returned.state, 'returned');
  assert.deepEqual((await r.queries.returned(binhlu)).map((e) => e.id), [bad.id]);
  assert.deepEqual(await r.queries.returned(banbo), []);
  const corrected = await r.entries.edit(binhlu, returned, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { mobile: '0916 111 222' }));
  assert.equal(corrected.state, 'returned', 'a correction alone does not send it back');
  const again = await r.entries.resubmit(binhlu, corrected);
  assert.deepEqual([again.state, again.batchId, again.values.mobile], ['submitted', merged.id, '0916111222']);

  const districtList = await r.queries.batch(district, merged.id);
  const sentOn = await r.batches.submit(district, districtList);
  assert.deepEqual([sentOn.targetAgencyId, sentOn.targetLevel], [dic.agencyId, 'province']);
  const province = await r.batches.merge(dic, { sources: [sentOn] });
  assert.equal(province.level, 'province');
  const provinceView = await r.queries.batch(dic, province.id);
  assert.equal(provinceView.entries.length, 3);
  const approved = await r.decisions.approve(dic, provinceView.entries);
  assert.deepEqual(approved.map((e) => e.state), ['approved', 'approved', 'approved']);
  assert.deepEqual(s.approvedSeen.flat().map((e) => e.id).sort(), provinceView.entries.map((e) => e.id).sort(), 'the CA seam received the approved entries');
  assert.equal((await r.queries.pendingApproved(dic)).length, 3);
  const done = await r.decisions.markDone(dic, approved.find((e) => e.id === bad.id)!, '5401010a0b0c0d0e');
  assert.deepEqual([done.state, done.outcome], ['done', '5401010a0b0c0d0e']);
  assert.equal((await r.queries.pendingApproved(dic)).length, 2);

  const { events } = await r.queries.timeline(binhlu, bad.id);
  assert.deepEqual(events.map((e) => `${e.action}:${e.from ?? ''}>${e.to}`), [
    'add:>draft', 'submit:draft>submitted', 'merge:submitted>submitted', 'return:submitted>returned', 'edit:returned>returned',
    'resubmit:returned>submitted', 'submit:submitted>submitted', 'merge:submitted>submitted', 'approve:submitted>approved', 'done:approved>done',
  ]);
  assert.deepEqual(events.map((e) => e.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(events[3]!.reason, 'Số điện thoại không đúng của người đề nghị');
  assert.deepEqual([events[3]!.actorId, events[4]!.actorId, events[9]!.actorId], [district.userId, binhlu.userId, dic.userId]);
});

testOnBothEngines('ok: a returned entry goes back to the level that returned it (its list, or its open list once that one moved on); a unit under the province goes straight to the DIC', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district, dic, vpubnd } = s;
  const a = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const dl = await r.batches.merge(district, { sources: [await r.batches.submit(binhlu, a.batch)] });
  const pl = await r.batches.merge(dic, { sources: [await r.batches.submit(district, dl)] });
  const [entry] = (await r.queries.batch(dic, pl.id)).entries;
  const returned = await r.entries.returnToOrigin(dic, entry!, 'Chưa ghi đúng chức vụ');
  assert.equal(returned.returnedByAgencyId, dic.agencyId);
  const sentToCa = await r.batches.submit(dic, await r.queries.batch(dic, pl.id)).catch((e: { code: string }) => e.code);
  assert.equal(sentToCa, 'OFFICE_REQUEST_EMPTY', 'a returned entry is not sent on');
  const back = await r.entries.resubmit(binhlu, returned, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { position: 'Văn thư' }));
  assert.equal(back.batchId, pl.id, 'the DIC still holds its list: the entry goes back into it');

  const own = await filedBatch(s, vpubnd, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const sent = await r.batches.submit(vpubnd, own.batch);
  assert.deepEqual([sent.targetAgencyId, sent.targetLevel], [dic.agencyId, 'province']);
  const grown = await r.batches.merge(dic, { sources: [sent], into: await r.queries.batch(dic, pl.id) });
  assert.equal((await r.queries.batch(dic, grown.id)).entries.length, 2);
  const final = await r.batches.submit(dic, await r.queries.batch(dic, grown.id));
  assert.deepEqual([final.state, final.targetAgencyId], ['submitted', null]);
  const tl = await r.queries.batchTimeline(dic, pl.id);
  assert.deepEqual(tl.map((e) => e.action), ['create', 'merge', 'resubmitted-entry', 'merge', 'submit']);
});

testOnBothEngines('ok: returned from a unit\'s list before the merge, the corrected entry joins the district\'s open list; a withdrawn entry stays on its trail only', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district } = s;
  const a = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'), person('NGUYỄN VĂN AN', 'sangnq.binhlu@laichau.gov.vn')]);
  const sent = await r.batches.submit(binhlu, a.batch);
  const [first, second] = (await r.queries.batch(district, sent.id)).entries;
  const returned = await r.entries.returnToOrigin(district, first!, 'Trùng người đề nghị');
  const refreshed = await r.queries.batch(district, sent.id);
  const merged = await r.batches.merge(district, { sources: [refreshed] });
  assert.deepEqual((await r.queries.batch(district, merged.id)).entries.map((e) => e.id), [second!.id], 'the returned entry is not carried');
  const back = await r.entries.resubmit(binhlu, returned);
  assert.equal(back.batchId, merged.id, 'into the district desk\'s open list of the form');
  const again = await r.entries.returnToOrigin(district, back, 'Vẫn trùng');
  const gone = await r.entries.remove(binhlu, again, 'Không đề nghị nữa');
  assert.equal(gone.state, 'withdrawn');
  assert.deepEqual((await r.queries.batch(district, merged.id)).entries.map((e) => e.id), [second!.id]);
  assert.deepEqual((await r.queries.timeline(binhlu, first!.id)).events.map((e) => e.action), ['add', 'submit', 'return', 'resubmit', 'return', 'withdraw']);
});

testOnBothEngines('ok: rows added in one go keep the order they were given — in the list, after the district merges it, and in its XLSX (they share their time, and their ids are random)', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district } = s;
  const names = ['VŨ VĂN AN', 'ĐẶNG THỊ BÌNH', 'LÒ VĂN CƯỜNG', 'BẠC CẦM DUNG', 'HOÀNG VĂN EM', 'ÂU THỊ GIANG', 'NGUYỄN VĂN HẢI', 'TRẦN THỊ KIM'];
  const filed = await filedBatch(s, binhlu, names.map((name) => person(name, 'sangnq.binhlu@laichau.gov.vn')));
  const namesOf = (entries: readonly { values: Record<string, unknown> }[]) => entries.map((e) => e.values.fullName);
  assert.deepEqual(namesOf((await r.queries.batch(binhlu, filed.batch.id)).entries), names);
  const merged = await r.batches.merge(district, { sources: [await r.batches.submit(binhlu, filed.batch)] });
  assert.deepEqual(namesOf((await r.queries.batch(district, merged.id)).entries), names, 'the district\'s list keeps the order');
  const xlsx = await r.documents.listXlsx(district, merged.id);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
  const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
  assert.deepEqual(names.map((n) => cells.indexOf(n)).every((at, i, all) => at > 0 && (i === 0 || at > all[i - 1]!)), true, 'the XLSX rows in the same order');
});
