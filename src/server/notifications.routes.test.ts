import assert from 'node:assert/strict';
import { writeWithAudit } from '../office/context.ts';
import { createNotification } from '../office/notifications/notifications.ts';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

testOnBothEngines('ok: notifications over HTTP — count, list (all or unread), mark one read, mark all read; another person sees none of them and cannot mark them', async (db) => {
  const { app, office, actorOf, clock, blobs } = await demoApp(db, { start: new Date('2026-03-05T02:00:00Z') });
  const clerk = await actorOf('laichau.vanthu');
  const doc = await office.documents.registerIncoming(clerk, { typeCode: 'quyet-dinh', subject: 'Quyết định về nhắc hạn', notation: '7/QĐ-UBND', sender: 'UBND huyện Sìn Hồ', documentDate: '2026-03-02' });
  const ctx = { db, blobs, now: clock.now };
  const ids: string[] = [];
  for (const [i, title] of ['Nhắc hạn thứ nhất', 'Nhắc hạn thứ hai', 'Nhắc hạn thứ ba'].entries()) {
    clock.advanceMinutes(1);
    const id = await writeWithAudit(ctx, (trx) => createNotification(trx, ctx, { userId: clerk.userId, kind: 'deadline', title, body: `dòng ${i}`, ...(i === 2 ? { documentId: doc.id } : {}) }));
    ids.push(id!);
  }
  const as = asUser(app, await signIn(app, 'laichau.vanthu'));
  assert.deepEqual((await as('GET', '/api/notifications/count')).json(), { unread: 3 });
  const all = await as('GET', '/api/notifications');
  assert.equal(all.statusCode, 200, all.body);
  assert.deepEqual(all.json().map((n: { title: string }) => n.title), ['Nhắc hạn thứ ba', 'Nhắc hạn thứ hai', 'Nhắc hạn thứ nhất']);
  assert.equal(all.json()[0].documentId, doc.id);
  assert.equal(all.json()[1].documentId, null);

  const read = await as('POST', `/api/notifications/${ids[0]}/read`);
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().title, 'Nhắc hạn thứ nhất');
  assert.equal(read.json().readAt, clock.now().toISOString());
  assert.deepEqual((await as('GET', '/api/notifications/count')).json(), { unread: 2 });
  assert.deepEqual((await as('GET', '/api/notifications?unread=true')).json().map((n: { title: string }) => n.title), ['Nhắc hạn thứ ba', 'Nhắc hạn thứ hai']);
  assert.equal((await as('GET', '/api/notifications?limit=1')).json().length, 1);
  assert.equal((await as('GET', '/api/notifications?limit=0')).json().code, 'SRV_VALIDATION');

  const other = asUser(app, await signIn(app, 'laichau.chuyenvien'));
  assert.deepEqual((await other('GET', '/api/notifications')).json(), []);
  assert.deepEqual((await other('GET', '/api/notifications/count')).json(), { unread: 0 });
  const stolen = await other('POST', `/api/notifications/${ids[1]}/read`);
  assert.deepEqual([stolen.statusCode, stolen.json().code], [404, 'OFFICE_NOTIFICATION_NOT_FOUND']);
  assert.equal(stolen.json().message, 'Không tìm thấy thông báo.');
  assert.deepEqual((await other('POST', '/api/notifications/read-all')).json(), { marked: 0 });
  assert.deepEqual((await as('GET', '/api/notifications/count')).json(), { unread: 2 }, 'the other person marked nothing of the clerk’s');

  assert.deepEqual((await as('POST', '/api/notifications/read-all')).json(), { marked: 2 });
  assert.deepEqual((await as('GET', '/api/notifications/count')).json(), { unread: 0 });
  assert.ok((await as('GET', '/api/notifications')).json().every((n: { readAt: string | null }) => n.readAt !== null));
  assert.equal((await as('POST', '/api/notifications/not-a-uuid/read')).statusCode, 400);
  assert.equal((await app.inject('/api/notifications/count')).statusCode, 401);
  const noCsrf = await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: (await signIn(app, 'laichau.vanthu')).cookie } });
  assert.equal(noCsrf.json().code, 'SRV_CSRF_INVALID');
});
