import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { decodeHeader, parseMime, startSmtpPeer } from '../../../test/helpers/smtp-peer.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

const arrival = (subject: string, notation: string) => ({ typeCode: 'cong-van', subject, notation, sender: 'Sở Thông tin và Truyền thông', documentDate: '2026-03-20' });

/** 09:00 on Sunday 22 March 2026 in Hà Nội */
const START = new Date('2026-03-22T02:00:00Z');

async function setting(db: Parameters<typeof demoOffice>[0]) {
  const demo = await demoOffice(db, START);
  const [clerk, leader, specialist, admin] = [await demo.actorOf('laichau.vanthu'), await demo.actorOf('laichau.lanhdao'), await demo.actorOf('laichau.chuyenvien'), await demo.actorOf('laichau.admin')];
  const register = async (subject: string, notation: string, dueDate: string, coHandlerIds: string[] = []) => {
    const doc = await demo.office.documents.registerIncoming(clerk, arrival(subject, notation));
    await demo.office.incoming.assign(leader, doc.id, { leadId: specialist.userId, coHandlerIds, dueDate });
    return doc;
  };
  return { ...demo, clerk, leader, specialist, admin, register };
}

const mailRows = (db: Parameters<typeof demoOffice>[0]) => db.kysely.selectFrom('mail_outbox').select(['recipients', 'subject', 'body_text']).orderBy('created_at').orderBy('recipients').execute();

testOnBothEngines('ok: handlers of documents due today, tomorrow or overdue get one notification and one e-mail a day; a second run the same Vietnam day sends nothing; audited', async (db) => {
  const { office, clock, leader, specialist, admin, register } = await setting(db);
  const today = await register('V/v báo cáo tình hình sử dụng chữ ký số', '1102/STTTT-CNTT', '2026-03-22', [leader.userId]);
  await register('V/v rà soát thủ tục hành chính', '45/VPUBND-KSTT', '2026-03-23');
  await register('V/v kế hoạch chuyển đổi số năm 2026', '77/STTTT-KHTC', '2026-03-30');
  const finished = await register('V/v đã xong', '12/STTTT-VP', '2026-03-22');
  await office.incoming.complete(specialist, finished.id, 'Đã báo cáo');

  assert.deepEqual(await office.reminders.runDaily(), { date: '2026-03-22', notified: 2, mailed: 2, renewals: 0 });
  const [mine] = await office.notifications.unread(specialist);
  assert.equal(mine!.kind, 'deadline');
  assert.equal(mine!.title, 'Nhắc hạn xử lý văn bản đến: 2 văn bản sắp đến hạn');
  assert.match(mine!.body, /1102\/STTTT-CNTT: V\/v báo cáo tình hình sử dụng chữ ký số \(hạn 22\/03\/2026, hạn hôm nay; chủ trì\)/);
  assert.match(mine!.body, /45\/VPUBND-KSTT.*hạn ngày mai/);
  assert.doesNotMatch(mine!.body, /77\/STTTT-KHTC|12\/STTTT-VP/, 'neither a far deadline nor a finished document');
  const [leaders] = await office.notifications.unread(leader);
  assert.match(leaders!.body, /1102\/STTTT-CNTT.*phối hợp/);
  assert.equal(leaders!.documentId, today.id, 'a reminder about one document points to it');
  assert.doesNotMatch(leaders!.body, /45\/VPUBND-KSTT/);
  const mails = await mailRows(db);
  assert.deepEqual(mails.map((m) => JSON.parse(m.recipients)).sort(), [['laichau.chuyenvien@demo.congvan.vn'], ['laichau.lanhdao@demo.congvan.vn']]);

  clock.advanceMinutes(10 * 60); // 19:00 the same day in Hà Nội
  assert.deepEqual(await office.reminders.runDaily(), { date: '2026-03-22', notified: 0, mailed: 0, renewals: 0 });
  assert.equal((await mailRows(db)).length, 2);
  assert.equal(await office.notifications.countUnread(specialist), 1);

  clock.advanceMinutes(13 * 60); // 08:00 on Monday 23 March
  assert.deepEqual(await office.reminders.runDaily(), { date: '2026-03-23', notified: 2, mailed: 2, renewals: 0 });
  const [monday] = await office.notifications.unread(specialist);
  assert.equal(monday!.title, 'Nhắc hạn xử lý văn bản đến: 1 văn bản quá hạn, 1 văn bản sắp đến hạn');
  assert.match(monday!.body, /1102\/STTTT-CNTT.*quá hạn 1 ngày/);
  assert.match(monday!.body, /45\/VPUBND-KSTT.*hạn hôm nay/);

  const trail = (await office.audit.list(admin, 200)).filter((e) => e.action === 'notification.deadline_reminder');
  assert.equal(trail.length, 4);
  assert.ok(trail.every((e) => e.actorId === null && [leader.userId, specialist.userId].includes(e.targetId!)));
  assert.deepEqual((await office.audit.verify()).ok, true);
});

testOnBothEngines('ok: the day is the Vietnam day: 23:30 and 00:30 in Hà Nội (the same UTC date) are two days; two runs at once still remind once', async (db) => {
  const { office, clock, specialist, register } = await setting(db);
  await register('V/v báo cáo tình hình sử dụng chữ ký số', '1102/STTTT-CNTT', '2026-03-23');
  clock.advanceMinutes(14 * 60 + 30); // 2026-03-22T16:30Z, 23:30 in Hà Nội
  const [first, second] = await Promise.all([office.reminders.runDaily(), office.reminders.runDaily()]);
  assert.equal(first.notified + second.notified, 1, 'two runs at once: one reminder');
  assert.equal(first.mailed + second.mailed, 1);
  clock.advanceMinutes(60); // 2026-03-22T17:30Z, 00:30 on the 23rd in Hà Nội
  assert.deepEqual(await office.reminders.runDaily(), { date: '2026-03-23', notified: 1, mailed: 1, renewals: 0 });
  assert.equal(await office.notifications.countUnread(specialist), 2);
  assert.equal(office.reminders.isTime(), false, 'before 07:00 in Hà Nội');
  clock.advanceMinutes(6 * 60 + 30);
  assert.equal(office.reminders.isTime(), true, '07:00 in Hà Nội');
});

testOnBothEngines('ok: notifications are the owner\'s: unread listed newest first, marked read one by one or all; another person cannot touch them; the reminder e-mail reaches an SMTP peer in Vietnamese', async (db) => {
  const { office, clock, specialist, leader, register } = await setting(db);
  await register('V/v báo cáo tình hình sử dụng chữ ký số', '1102/STTTT-CNTT', '2026-03-22');
  await office.reminders.runDaily();
  clock.advanceMinutes(24 * 60);
  await office.reminders.runDaily();
  const unread = await office.notifications.unread(specialist);
  assert.equal(unread.length, 2);
  assert.ok(unread[0]!.createdAt > unread[1]!.createdAt, 'newest first');
  await assert.rejects(office.notifications.markRead(leader, unread[0]!.id), { code: 'OFFICE_NOTIFICATION_NOT_FOUND' });
  await assert.rejects(office.notifications.markRead(specialist, 'khong-co'), { code: 'OFFICE_NOTIFICATION_NOT_FOUND' });
  const read = await office.notifications.markRead(specialist, unread[0]!.id);
  assert.equal(read.readAt, clock.now().toISOString());
  clock.advanceMinutes(5);
  assert.equal((await office.notifications.markRead(specialist, unread[0]!.id)).readAt, read.readAt, 'reading again keeps the first time');
  assert.deepEqual((await office.notifications.unread(specialist)).map((n) => n.id), [unread[1]!.id]);
  assert.equal(await office.notifications.markAllRead(specialist), 1);
  assert.equal(await office.notifications.countUnread(specialist), 0);
  assert.equal((await office.notifications.recent(specialist)).length, 2);

  const peer = await startSmtpPeer();
  const sender = office.mail.createSender({ transport: peer.transport, from: 'congvan <noreply@laichau.gov.vn>' });
  try {
    assert.deepEqual(await sender.drain(), { sent: 2, retried: 0, failed: 0 });
    const received = peer.received.find((m) => m.to.includes('laichau.chuyenvien@demo.congvan.vn') && /quá hạn/.test(decodeHeader(parseMime(m.raw).headers.get('subject') ?? '')));
    assert.ok(received, 'the overdue reminder reached the specialist');
    assert.equal(decodeHeader(parseMime(received.raw).headers.get('subject')!), 'Nhắc hạn xử lý văn bản đến: 1 văn bản quá hạn');
  } finally {
    await sender.stop();
    await peer.close();
  }
});

testOnBothEngines('bad: a secret document\'s reminder e-mail names it by its incoming number only, never its notation or subject; the in-app notification keeps them', async (db) => {
  const { office, clerk, leader, specialist } = await setting(db);
  const secret = await office.documents.registerIncoming(clerk, { ...arrival('V/v bảo vệ bí mật nhà nước trong công tác cơ yếu', '7/BCA-A03'), secrecy: 'mat' });
  await office.incoming.assign(leader, secret.id, { leadId: specialist.userId, dueDate: '2026-03-22' });
  assert.deepEqual(await office.reminders.runDaily(), { date: '2026-03-22', notified: 1, mailed: 1, renewals: 0 });
  const [mail] = await mailRows(db);
  assert.doesNotMatch(mail!.body_text, /bí mật nhà nước|cơ yếu|7\/BCA-A03/, mail!.body_text);
  assert.match(mail!.body_text, /- Số đến \d+: văn bản mật \(xem trên hệ thống\) \(hạn 22\/03\/2026, hạn hôm nay; chủ trì\)/);
  assert.doesNotMatch(mail!.subject, /bí mật nhà nước|7\/BCA-A03/);
  const [notification] = await office.notifications.unread(specialist);
  assert.match(notification!.body, /7\/BCA-A03: V\/v bảo vệ bí mật nhà nước trong công tác cơ yếu/);
});
