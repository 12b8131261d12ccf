import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { manualClock } from '../../../test/helpers/clock.ts';
import { decodeHeader, leaves, parseMime, startSmtpPeer } from '../../../test/helpers/smtp-peer.ts';
import { openTestDb, testOnBothEngines, type TestDb } from '../../../test/helpers/test-db.ts';
import { openDatabase, openDiskBlobStore } from '../../store/index.ts';
import type { OfficeContext } from '../context.ts';
import { countOutbox, enqueueMail, readMail, type NewMail } from './outbox.ts';
import { createMailSender, type MailSender, type MailSenderOptions } from './sender.ts';

const FROM = 'Văn thư UBND tỉnh Lai Châu <vanthu@laichau.gov.vn>';
const SUBJECT = 'Công văn số 296/UBND-VHTT: V/v triển khai chữ ký số chuyên dùng công vụ';

function contextOn(db: TestDb) {
  const clock = manualClock(new Date('2026-03-23T01:00:00Z'));
  const ctx: OfficeContext = { db, blobs: openDiskBlobStore(mkdtempSync(join(tmpdir(), 'congvan-blobs-'))), now: clock.now };
  return { ctx, clock };
}

/** A PDF-looking file holding every byte value, so that any damage in transfer shows */
const samplePdf = () => new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(40_000), Buffer.from('\n%%EOF\n')]));

const enqueue = (ctx: OfficeContext, mail: NewMail) => ctx.db.kysely.transaction().execute((trx) => enqueueMail(trx, ctx, mail));

type Peer = Awaited<ReturnType<typeof startSmtpPeer>>;

/** A real SMTP peer and a sender over ctx delivering to it, both stopped once the work is done */
async function withSender(ctx: OfficeContext, work: (sender: MailSender, peer: Peer) => Promise<void>, options: { peer?: Parameters<typeof startSmtpPeer>[0]; sender?: Partial<MailSenderOptions> } = {}) {
  const peer = await startSmtpPeer(options.peer);
  const sender = createMailSender(ctx, { transport: peer.transport, from: FROM, ...options.sender });
  try {
    await work(sender, peer);
  } finally {
    await sender.stop();
    await peer.close();
  }
}

/** The same on SQLite alone, for what does not depend on the engine: the database closed afterwards */
async function onSqliteWithSender(t: TestContext, work: (ctx: OfficeContext, sender: MailSender, peer: Peer) => Promise<void>) {
  const db = await openTestDb('sqlite', t);
  if (!db) return;
  try {
    const { ctx } = contextOn(db);
    await withSender(ctx, (sender, peer) => work(ctx, sender, peer));
  } finally {
    await db.close();
  }
}

testOnBothEngines('ok: a queued mail reaches a real SMTP peer: recipient, Vietnamese subject and text, the PDF attachment byte for byte; sent once', async (db) => {
  const { ctx } = contextOn(db);
  await withSender(ctx, async (sender, peer) => {
    const pdf = samplePdf();
    const blobId = await ctx.blobs.put(pdf);
    const id = await enqueue(ctx, { to: ['stttt@laichau.gov.vn'], subject: SUBJECT, text: 'Kính gửi Sở Thông tin và Truyền thông: đề nghị triển khai trước ngày 30/3.', attachments: [{ filename: '296-UBND-VHTT.pdf', blobId, contentType: 'application/pdf' }], documentId: 'doc-1' });
    assert.equal((await readMail(ctx, id)).status, 'queued');
    assert.deepEqual(await sender.drain(), { sent: 1, retried: 0, failed: 0 });
    assert.equal(peer.received.length, 1);
    const [mail] = peer.received;
    assert.deepEqual(mail!.to, ['stttt@laichau.gov.vn']);
    assert.equal(mail!.from, 'vanthu@laichau.gov.vn');
    const message = parseMime(mail!.raw);
    assert.equal(decodeHeader(message.headers.get('subject') ?? ''), SUBJECT);
    assert.equal(message.headers.get('message-id'), `<${id}@laichau.gov.vn>`);
    const parts = leaves(message);
    const text = parts.find((p) => /^text\/plain/i.test(p.headers.get('content-type') ?? ''));
    assert.match(text!.body.toString('utf8'), /đề nghị triển khai trước ngày 30\/3/);
    const attachment = parts.find((p) => /attachment/i.test(p.headers.get('content-disposition') ?? ''));
    assert.match(attachment!.headers.get('content-disposition')!, /296-UBND-VHTT\.pdf/);
    assert.match(attachment!.headers.get('content-type')!, /^application\/pdf/);
    assert.ok(Buffer.from(pdf).equals(attachment!.body), 'the attachment arrives byte for byte');
    const row = await readMail(ctx, id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.equal(row.sentAt, ctx.now().toISOString());
    assert.equal(row.documentId, 'doc-1');
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 0 }, 'a sent mail is not sent again');
    assert.equal(peer.received.length, 1);
  });
});

testOnBothEngines('ok: a mail commits with its transaction: a rolled-back change leaves no mail behind', async (db) => {
  const { ctx } = contextOn(db);
  await assert.rejects(ctx.db.kysely.transaction().execute(async (trx) => {
    await enqueueMail(trx, ctx, { to: ['a@laichau.gov.vn'], subject: 'Không gửi', text: '' });
    throw new Error('the change fails after queuing its mail');
  }), /change fails/);
  assert.deepEqual(await countOutbox(ctx), { queued: 0, sent: 0, failed: 0 });
  await enqueue(ctx, { to: ['a@laichau.gov.vn'], subject: 'Có gửi', text: '' });
  assert.deepEqual(await countOutbox(ctx), { queued: 1, sent: 0, failed: 0 });
});

testOnBothEngines('error/peer rejects: 550 is retried after a growing pause, then the mail is failed with the error kept', async (db) => {
  const { ctx, clock } = contextOn(db);
  await withSender(ctx, async (sender, peer) => {
    const id = await enqueue(ctx, { to: ['khongco@laichau.gov.vn'], subject: SUBJECT, text: 'Nội dung' });
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 1, failed: 0 });
    let row = await readMail(ctx, id);
    assert.equal(row.status, 'queued');
    assert.match(row.lastError!, /550/);
    assert.equal(row.nextAttemptAt, new Date(clock.now().getTime() + 60_000).toISOString());
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 0 }, 'not before its pause is over');
    clock.advanceMinutes(1);
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 1, failed: 0 });
    clock.advanceMinutes(1);
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 0 }, 'the second pause is two minutes');
    clock.advanceMinutes(1);
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 1 });
    row = await readMail(ctx, id);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.match(row.lastError!, /550/);
    assert.match(row.lastError!, /Mailbox unavailable/);
    assert.equal(peer.rejections(), 3);
    clock.advanceMinutes(60);
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 0 }, 'a failed mail stays failed');
  }, { peer: { rejectRecipients: true }, sender: { maxAttempts: 3 } });
});

testOnBothEngines('ok: a sender that died between claim and send: the mail waits for the lease, then another sender delivers it once', async (db) => {
  const { ctx, clock } = contextOn(db);
  const peer = await startSmtpPeer();
  const dead = createMailSender(ctx, { transport: peer.transport, from: FROM, leaseMs: 5 * 60_000 });
  const alive = createMailSender(ctx, { transport: peer.transport, from: FROM, leaseMs: 5 * 60_000 });
  try {
    const id = await enqueue(ctx, { to: ['stttt@laichau.gov.vn'], subject: SUBJECT, text: 'Nội dung' });
    assert.deepEqual((await dead.claim()).map((m) => m.id), [id]);
    // the claiming process dies here: it never sends and never settles the row
    assert.deepEqual(await alive.drain(), { sent: 0, retried: 0, failed: 0 }, 'the lease holds');
    clock.advanceMinutes(4);
    assert.deepEqual(await alive.drain(), { sent: 0, retried: 0, failed: 0 }, 'still within the lease');
    clock.advanceMinutes(1);
    assert.deepEqual(await alive.drain(), { sent: 1, retried: 0, failed: 0 }, 'taken over when the lease runs out');
    assert.equal(peer.received.length, 1);
    const row = await readMail(ctx, id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 2, 'the lost attempt counts');
  } finally {
    await alive.stop();
    await dead.stop();
    await peer.close();
  }
});

testOnBothEngines('ok: two senders over their own connections drain one outbox together: every mail delivered exactly once', async (db) => {
  const { ctx } = contextOn(db);
  const other = openDatabase(db.config);
  const peer = await startSmtpPeer();
  const one = createMailSender(ctx, { transport: peer.transport, from: FROM, batchSize: 2 });
  const two = createMailSender({ ...ctx, db: other }, { transport: peer.transport, from: FROM, batchSize: 2 });
  try {
    const ids = [];
    for (let i = 1; i <= 9; i++) ids.push(await enqueue(ctx, { to: [`nguoinhan${i}@laichau.gov.vn`], subject: `Thư số ${i}`, text: `Nội dung ${i}` }));
    const [a, b] = await Promise.all([one.drain(), two.drain()]);
    assert.equal(a.sent + b.sent, 9);
    assert.equal(a.retried + a.failed + b.retried + b.failed, 0);
    const subjects = peer.received.map((m) => decodeHeader(parseMime(m.raw).headers.get('subject') ?? '')).sort();
    assert.deepEqual(subjects, ids.map((_, i) => `Thư số ${i + 1}`).sort());
    assert.deepEqual(await countOutbox(ctx), { queued: 0, sent: 9, failed: 0 });
  } finally {
    await one.stop();
    await two.stop();
    await other.close();
    await peer.close();
  }
});

test('ok: the poller sends what is queued without being asked, and stops cleanly', async (t) => {
  await onSqliteWithSender(t, async (ctx, sender, peer) => {
    const id = await enqueue(ctx, { to: ['stttt@laichau.gov.vn'], subject: SUBJECT, text: 'Nội dung' });
    sender.start(20);
    for (let i = 0; i < 250 && (await readMail(ctx, id)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 20));
    await sender.stop();
    assert.equal((await readMail(ctx, id)).status, 'sent');
    assert.equal(peer.received.length, 1);
  });
});

test('error/bad mail: no recipient, a bad address, a subject with a line break or empty, a bad attachment; a vanished attachment fails at once', async (t) => {
  await onSqliteWithSender(t, async (ctx, sender, peer) => {
    const ok: NewMail = { to: ['a@laichau.gov.vn'], subject: 'Tiêu đề', text: 'x' };
    await assert.rejects(enqueue(ctx, { ...ok, to: [] }), { code: 'OFFICE_MAIL_INVALID', params: { field: 'to', reason: 'cần ít nhất một người nhận' } });
    await assert.rejects(enqueue(ctx, { ...ok, to: ['a@laichau.gov.vn', 'không phải thư'] }), { code: 'OFFICE_EMAIL_INVALID' });
    await assert.rejects(enqueue(ctx, { ...ok, to: ['a@b.vn>, c@d.vn'] }), { code: 'OFFICE_EMAIL_INVALID' });
    await assert.rejects(enqueue(ctx, { ...ok, subject: 'Tiêu đề\r\nBcc: x@y.vn' }), { code: 'OFFICE_MAIL_INVALID', params: { field: 'subject', reason: 'tiêu đề không được xuống dòng' } });
    await assert.rejects(enqueue(ctx, { ...ok, subject: '  ' }), { code: 'OFFICE_MAIL_INVALID' });
    await assert.rejects(enqueue(ctx, { ...ok, attachments: [{ filename: '../etc/passwd', blobId: 'a'.repeat(64), contentType: 'application/pdf' }] }), { code: 'OFFICE_MAIL_INVALID' });
    await assert.rejects(enqueue(ctx, { ...ok, attachments: [{ filename: 'a.pdf', blobId: 'not-a-blob', contentType: 'application/pdf' }] }), { code: 'OFFICE_MAIL_INVALID' });
    await assert.rejects(enqueue(ctx, { ...ok, attachments: [{ filename: 'a.pdf', blobId: 'a'.repeat(64), contentType: 'pdf' }] }), { code: 'OFFICE_MAIL_INVALID' });
    await assert.rejects(readMail(ctx, 'khong-co'), { code: 'OFFICE_MAIL_NOT_FOUND' });
    assert.deepEqual(await countOutbox(ctx), { queued: 0, sent: 0, failed: 0 }, 'nothing refused was queued');
    const id = await enqueue(ctx, { ...ok, attachments: [{ filename: 'a.pdf', blobId: 'b'.repeat(64), contentType: 'application/pdf' }] });
    assert.deepEqual(await sender.drain(), { sent: 0, retried: 0, failed: 1 });
    const row = await readMail(ctx, id);
    assert.equal(row.attempts, 1);
    assert.match(row.lastError!, /STORE_BLOB_NOT_FOUND/);
    assert.equal(peer.received.length, 0);
  });
});
