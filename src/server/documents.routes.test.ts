import assert from 'node:assert/strict';
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { consoleOperator } from '../office/index.ts';
import { digestInfo } from '../pki/index.ts';
import { letterPdf } from '../pades/test-fixtures.ts';
import { asUser, demoApp, signIn, type Signed } from '../../test/helpers/http.ts';
import { openTestDb, testOnBothEngines } from '../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import type { FastifyInstance } from 'fastify';

interface Part { name: string; filename?: string; body: string | Uint8Array }

/** A form as a browser sends it (multipart): fields, and files where a part has a file name */
function form(app: FastifyInstance, who: Signed, url: string, parts: readonly Part[]) {
  const boundary = '----congvan' + Date.now();
  const payload = Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"\r\nContent-Type: application/octet-stream`}\r\n\r\n`),
      Buffer.from(p.body), Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** A file upload as a browser's form sends it */
const upload = (app: FastifyInstance, who: Signed, url: string, name: string, bytes: Uint8Array) => form(app, who, url, [{ name: 'file', filename: name, body: bytes }]);

testOnBothEngines('ok: over HTTP a draft gets its PDF, goes to the leader, is signed through the token path (prepare, the value made outside, complete) and pdfsig finds the signature valid', async (db) => {
  const files = scratch();
  const { app, office } = await demoApp(db, { start: new Date() });
  try {
    await office.pki.init(consoleOperator('test'), { passphrase: 'cum-tu-bao-ve-khoa-CA-2026', baseUrl: 'http://127.0.0.1:9', keyAlgorithm: 'ECDSA-P256' });
    const author = await signIn(app, 'laichau.chuyenvien');
    const leader = await signIn(app, 'laichau.lanhdao');
    const asAuthor = asUser(app, author);
    const asLeader = asUser(app, leader);

    const created = await asAuthor('POST', '/api/documents', { typeCode: 'cong-van', subject: 'Về việc kiểm tra chữ ký số' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    const attached = await upload(app, author, `/api/documents/${id}/file`, 'cong-van.pdf', await letterPdf());
    assert.equal(attached.statusCode, 200, attached.body);
    const leaders = (await asAuthor('GET', '/api/colleagues?role=leader')).json() as { id: string }[];
    assert.equal((await asAuthor('POST', `/api/documents/${id}/submit`, { reviewerIds: [leaders[0]!.id] })).statusCode, 200);
    assert.equal((await asLeader('POST', `/api/documents/${id}/approve`, {})).statusCode, 200);

    // The token's key and certificate: made with openssl, certified by the office's CA
    runTool('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${files.dir}/k.pem`, '-utf8', '-subj', '/C=VN/ST=Lai Châu/O=UBND tỉnh Lai Châu/CN=Lãnh đạo UBND tỉnh Lai Châu/UID=CCCD:012345678901', '-out', `${files.dir}/req.pem`]);
    const cert = await office.pki.issue(consoleOperator('test'), {
      csr: readFileSync(`${files.dir}/req.pem`, 'utf8'), profile: 'individual', years: 1,
      subject: { profile: 'individual', fullName: 'Lãnh đạo UBND tỉnh Lai Châu', agency: 'UBND tỉnh Lai Châu', province: 'Lai Châu', email: 'lanhdao@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '012345678901' } },
    });
    const prepared = await asLeader('POST', `/api/documents/${id}/sign/prepare`, { certificate: cert.pem, place: { page: 0, rect: [350, 100, 500, 160] } });
    assert.equal(prepared.statusCode, 200, prepared.body);
    const { sessionId, digest } = prepared.json() as { sessionId: string; digest: string };
    const key = createPrivateKey(readFileSync(`${files.dir}/k.pem`));
    const wrong = await asLeader('POST', `/api/signing-sessions/${sessionId}/complete`, { signature: Buffer.alloc(256, 7).toString('base64') });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.match(wrong.json().message, /không khớp/);
    const value = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo('SHA-256', new Uint8Array(Buffer.from(digest, 'base64'))));
    const done = await asLeader('POST', `/api/signing-sessions/${sessionId}/complete`, { signature: value.toString('base64') });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'signed');

    const pdf = await asLeader('GET', `/api/documents/${id}/file`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const sig = runTool('pdfsig', [files.write('signed.pdf', pdf.rawPayload)]).stdout;
    assert.match(sig, /Signer Certificate Common Name: Lãnh đạo UBND tỉnh Lai Châu/);
    assert.match(sig, /Signature Validation: Signature is Valid\./);
    const detail = (await asLeader('GET', `/api/documents/${id}`)).json() as { trail: { action: string }[]; files: { kind: string }[] };
    assert.deepEqual(detail.trail.map((e) => e.action), ['submit', 'approve', 'sign']);
    assert.deepEqual(detail.files.map((f) => f.kind), ['upload', 'signed']);
  } finally {
    files.remove();
    await app.close();
  }
});

testOnBothEngines('bad: over HTTP, an upload that is not a PDF, a missing file field, another agency, an unknown step, a bad signature value: clear Vietnamese answers with the right status', async (db) => {
  const { app } = await demoApp(db, { start: new Date() });
  try {
    const author = await signIn(app, 'laichau.chuyenvien');
    const stranger = await signIn(app, 'tamduong.vanthu');
    const id = (await asUser(app, author)('POST', '/api/documents', { typeCode: 'cong-van', subject: 'Thử' })).json().id as string;
    const notPdf = await upload(app, author, `/api/documents/${id}/file`, 'gia.pdf', new TextEncoder().encode('xin chào'));
    assert.equal(notPdf.statusCode, 400);
    assert.match(notPdf.json().message, /không phải PDF/);
    const exe = await upload(app, author, `/api/documents/${id}/file`, 'virus.exe', new Uint8Array(100));
    assert.equal(exe.statusCode, 400);
    assert.match(exe.json().message, /chỉ nhận/);
    assert.equal((await asUser(app, stranger)('GET', `/api/documents/${id}`)).statusCode, 404);
    assert.equal((await asUser(app, stranger)('GET', `/api/documents/${id}/file`)).statusCode, 404);
    const typeBad = await asUser(app, author)('POST', '/api/documents', { typeCode: 'khong-co', subject: 'Thử' });
    assert.equal(typeBad.statusCode, 400);
    assert.match(typeBad.json().message, /không có loại văn bản/);
    const early = await asUser(app, author)('POST', `/api/documents/${id}/issue`);
    assert.ok([403, 409].includes(early.statusCode), early.body);
    const badPaper = await asUser(app, author)('POST', `/api/documents/${id}/issue`, { paperCopy: 'có' });
    assert.equal(badPaper.statusCode, 400, badPaper.body);
    assert.match(badPaper.json().message, /paperCopy/, 'the answer names the field');
    const badValue = await asUser(app, author)('POST', `/api/signing-sessions/${id}/complete`, { signature: 'không-phải-base64' });
    assert.equal(badValue.statusCode, 400);
    const noFile = await asUser(app, author)('GET', `/api/documents/${id}/file`);
    assert.equal(noFile.statusCode, 409);
    assert.match(noFile.json().message, /chưa có tệp PDF/);
  } finally {
    await app.close();
  }
});

testOnBothEngines('ok: over HTTP the clerk receives an e-mail (.eml upload), sees its arrival with the signature report, and registers it with the notation read off the document', async (db) => {
  const { app } = await demoApp(db, { start: new Date() });
  try {
    const clerk = await signIn(app, 'tamduong.vanthu');
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
    const eml = await new MailComposer({ from: 'Sở Tài chính <stc@laichau.gov.vn>', to: 'vanthu@tamduong.gov.vn', subject: 'Hướng dẫn quyết toán năm 2026', attachments: [{ filename: 'huong-dan.pdf', content: Buffer.from(await letterPdf()) }] }).compile().build();
    const received = await upload(app, clerk, '/api/incoming/email', 'thu.eml', eml);
    assert.equal(received.statusCode, 200, received.body);
    const [id] = received.json().ids as string[];
    const as = asUser(app, clerk);
    const detail = (await as('GET', `/api/documents/${id}`)).json();
    assert.deepEqual([detail.status, detail.subject, detail.arrivalReport.passed], ['arrived', 'Hướng dẫn quyết toán năm 2026', false]);
    const noNote = await as('POST', `/api/documents/${id}/register`, { notation: '120/STC-QLNS' });
    assert.equal(noNote.statusCode, 400);
    assert.match(noNote.json().message, /cần ghi chú/);
    const registered = await as('POST', `/api/documents/${id}/register`, { notation: '120/STC-QLNS', note: 'Văn bản không có chữ ký số; đã xác nhận qua điện thoại.' });
    assert.equal(registered.statusCode, 200, registered.body);
    assert.deepEqual([registered.json().number, registered.json().notation], [1, '120/STC-QLNS']);
    const notEml = await upload(app, clerk, '/api/incoming/email', 'thu.eml', new TextEncoder().encode('xin chào'));
    assert.equal(notEml.statusCode, 400);
    assert.match(notEml.json().message, /thư điện tử/);
  } finally {
    await app.close();
  }
});

test('bad: over HTTP, uploads that are not one file in a well-formed form: a missing file, JSON instead of a form, two files, too many fields, a form cut short; each a 400 in Vietnamese, never a 500 or "too large"', async (t) => {
  const db = await openTestDb('sqlite', t);
  if (!db) return;
  const { app } = await demoApp(db, { start: new Date() });
  try {
    const author = await signIn(app, 'laichau.chuyenvien');
    const clerk = await signIn(app, 'tamduong.vanthu');
    const id = (await asUser(app, author)('POST', '/api/documents', { typeCode: 'cong-van', subject: 'Thử' })).json().id as string;
    const refused = async (res: { statusCode: number; json: () => { code: string; message: string } }, problem: RegExp) => {
      assert.equal(res.statusCode, 400, JSON.stringify(res.json()));
      assert.equal(res.json().code, 'SRV_VALIDATION');
      assert.match(res.json().message, problem);
    };
    const pdf = { name: 'file', filename: 'a.pdf', body: await letterPdf() };
    await refused(await form(app, author, `/api/documents/${id}/file`, [{ name: 'ghi-chu', body: 'không có tệp' }]), /thiếu tệp tải lên/);
    await refused(await form(app, clerk, '/api/incoming/scan', [{ name: 'subject', body: 'Công văn' }]), /thiếu tệp tải lên/);
    await refused(await asUser(app, author)('POST', `/api/documents/${id}/file`, { file: 'JVBERi0=' }), /multipart\/form-data/);
    await refused(await asUser(app, clerk)('POST', '/api/incoming/scan', { subject: 'Công văn' }), /multipart\/form-data/);
    await refused(await form(app, clerk, '/api/incoming/scan', [pdf, { ...pdf, filename: 'b.pdf' }]), /chỉ gửi 1 tệp/);
    await refused(await form(app, clerk, '/api/incoming/email', Array.from({ length: 11 }, (_, i) => ({ name: `truong${i}`, body: 'x' }))), /quá nhiều trường/);
    const cut = (url: string, who: Signed) => app.inject({ method: 'POST', url, payload: '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'multipart/form-data; boundary=abc' } });
    await refused(await cut(`/api/documents/${id}/file`, author), /bị hỏng hoặc không trọn vẹn/);
    await refused(await cut('/api/incoming/scan', clerk), /bị hỏng hoặc không trọn vẹn/);
    const detail = (await asUser(app, author)('GET', `/api/documents/${id}`)).json() as { files: unknown[] };
    assert.deepEqual(detail.files, [], 'nothing refused was kept');
  } finally {
    await app.close();
    await db.close();
  }
});
