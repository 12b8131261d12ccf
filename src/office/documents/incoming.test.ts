import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

const ARRIVAL = { typeCode: 'cong-van', subject: 'V/v báo cáo tình hình sử dụng chữ ký số', notation: '1102/STTTT-CNTT', sender: 'Sở Thông tin và Truyền thông', documentDate: '2026-03-20' };

testOnBothEngines('ok: registered → assigned (lead, co-handler, deadline) → progress → completed, on the trail; overdue and due-soon lists move with the clock', async (db) => {
  const { office, actorOf, clock } = await demoOffice(db, new Date('2026-03-22T02:00:00Z'));
  const [clerk, leader, specialist] = [await actorOf('laichau.vanthu'), await actorOf('laichau.lanhdao'), await actorOf('laichau.chuyenvien')];
  const doc = await office.documents.registerIncoming(clerk, ARRIVAL);
  await assert.rejects(office.incoming.progress(specialist, doc.id, 'chưa được giao'), { code: 'OFFICE_TRANSITION_NOT_ALLOWED' });
  await assert.rejects(office.incoming.assign(specialist, doc.id, { leadId: specialist.userId, dueDate: '2026-03-25' }), { code: 'OFFICE_FORBIDDEN' });
  await office.incoming.assign(leader, doc.id, { leadId: specialist.userId, coHandlerIds: [leader.userId], dueDate: '2026-03-24' }, 'Chủ trì, báo cáo trước ngày 24');
  assert.deepEqual((await office.incoming.mine(specialist)).map((d) => [d.id, d.kind]), [[doc.id, 'lead']]);
  assert.deepEqual((await office.incoming.mine(leader)).map((d) => d.kind), ['co']);
  const other = await office.documents.registerIncoming(clerk, { ...ARRIVAL, notation: '1103/STTTT-CNTT' });
  assert.deepEqual((await office.documents.search(clerk, { handlerId: specialist.userId })).documents.map((d) => d.id), [doc.id], 'search by handler: the lead');
  assert.deepEqual((await office.documents.search(clerk, { q: 'chu ky so', handlerId: leader.userId })).documents.map((d) => d.id), [doc.id], 'search by handler: a co-handler, with words');
  assert.equal((await office.documents.search(clerk, { q: 'chu ky so' })).total, 2, `without the handler both match (${other.id})`);
  assert.deepEqual((await office.incoming.dueSoon(clerk, 2)).map((d) => d.id), [doc.id], 'due in two days');
  assert.deepEqual(await office.incoming.overdue(clerk), []);
  await assert.rejects(office.incoming.complete(leader, doc.id, 'không phải chủ trì'), { code: 'OFFICE_FORBIDDEN' });
  await office.incoming.progress(specialist, doc.id, 'Đã tổng hợp số liệu 8/10 đơn vị');

  clock.advanceMinutes(3 * 24 * 60); // 25 March: one day late
  assert.deepEqual((await office.incoming.overdue(clerk)).map((d) => d.id), [doc.id]);
  await office.incoming.complete(specialist, doc.id, 'Đã gửi báo cáo số 45/BC-UBND');
  assert.deepEqual(await office.incoming.overdue(clerk), [], 'finished documents are no longer overdue');
  const trail = await office.incoming.trail(clerk, doc.id);
  assert.deepEqual(trail.map((e) => `${e.action}:${e.from}>${e.to}`), ['assign:registered>assigned', 'progress:assigned>in_progress', 'complete:in_progress>completed']);
  assert.equal(trail[2]!.comment, 'Đã gửi báo cáo số 45/BC-UBND');
});

testOnBothEngines('bad: a deadline in the past, handlers of another agency or a clerk as handler, a lead who is also co-handler, a return without reason; another agency cannot act', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date('2026-03-22T02:00:00Z'));
  const [clerk, leader, specialist] = [await actorOf('laichau.vanthu'), await actorOf('laichau.lanhdao'), await actorOf('laichau.chuyenvien')];
  const doc = await office.documents.registerIncoming(clerk, ARRIVAL);
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: specialist.userId, dueDate: '2026-03-21' }), { code: 'OFFICE_DEADLINE_PAST' });
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: specialist.userId, dueDate: '22/03/2026' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: (await actorOf('tamduong.chuyenvien')).userId, dueDate: '2026-03-30' }), { code: 'OFFICE_HANDLERS_INVALID' });
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: clerk.userId, dueDate: '2026-03-30' }), { code: 'OFFICE_HANDLERS_INVALID' });
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: specialist.userId, coHandlerIds: [specialist.userId], dueDate: '2026-03-30' }), { code: 'OFFICE_HANDLERS_INVALID' });
  await assert.rejects(office.incoming.assign(await actorOf('tamduong.lanhdao'), doc.id, { leadId: specialist.userId, dueDate: '2026-03-30' }), { code: 'OFFICE_DOCUMENT_NOT_FOUND' });
  await assert.rejects(office.incoming.returnToSender(clerk, doc.id, ''), { code: 'OFFICE_REASON_REQUIRED' });
  assert.equal((await office.incoming.returnToSender(clerk, doc.id, 'Gửi nhầm đơn vị')).status, 'returned');
  await assert.rejects(office.incoming.assign(leader, doc.id, { leadId: specialist.userId, dueDate: '2026-03-30' }), { code: 'OFFICE_TRANSITION_NOT_ALLOWED' });
  assert.deepEqual((await office.incoming.trail(clerk, doc.id)).map((e) => e.action), ['return'], 'refused steps left no trace');
});
