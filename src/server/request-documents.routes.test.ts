import assert from 'node:assert/strict';
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { withSigningKeys } from '../../test/helpers/letter.ts';
import { openTestDb, testOnBothEngines, type TestDb } from '../../test/helpers/test-db.ts';
import { nssTrusting, pdfsigVerdicts, runTool, scratch } from '../../test/helpers/tools.ts';
import { findProgram } from '../shared/find-program.ts';
import { findSoffice } from '../office/documents/convert.ts';
import { columnLabels, formById } from '../office/forms/index.ts';
import { consoleOperator } from '../office/index.ts';
import { digestInfo } from '../pki/index.ts';
import { attachmentOf } from './send-file.ts';

/** A Mẫu 01 row for the demo's Bình Lư specialist, who holds an official mailbox */
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};
const DESK = 'Phòng Văn hóa và Thông tin huyện Tam Đường';

const as = async (app: FastifyInstance, username: string) => asUser(app, await signIn(app, username));

/** Bình Lư's clerk files one list of two Mẫu 01 rows and sends it to Tam Đường's desk */
async function sentList(app: FastifyInstance) {
  const clerk = await as(app, 'binhlu.vanthu');
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json();
  const added = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON, { ...PERSON, fullName: 'LÒ VĂN ĐỨC' }] });
  assert.equal(added.statusCode, 201, added.body);
  const sent = await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 });
  assert.equal(sent.statusCode, 200, sent.body);
  return { clerk, batch: sent.json() as { id: string; version: number } };
}

test('ok: file names — ASCII fallback without diacritics, the Vietnamese name encoded', () => {
  assert.equal(attachmentOf('Công văn 01-UBND-VP - Ủy ban nhân dân xã Bình Lư.pdf'),
    `attachment; filename="cong-van-01-ubnd-vp-uy-ban-nhan-dan-xa-binh-lu.pdf"; filename*=UTF-8''${encodeURIComponent('Công văn 01-UBND-VP - Ủy ban nhân dân xã Bình Lư.pdf')}`);
});

testOnBothEngines('ok: the list as XLSX — a Vietnamese-safe file name, exceljs reads the seed\'s header labels in order and one row per request', async (db) => {
  const { app } = await demoApp(db);
  const { clerk, batch } = await sentList(app);
  const res = await clerk('GET', `/api/request-batches/${batch.id}/list.xlsx`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const disposition = String(res.headers['content-disposition']);
  assert.match(disposition, /^attachment; filename="danh-sach-[a-z0-9-]+\.xlsx"; filename\*=UTF-8''/);
  assert.ok(decodeURIComponent(disposition.split("UTF-8''")[1]!).includes('Ủy ban nhân dân xã Bình Lư'), disposition);

  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const headerEnd = (sheet.views[0] as { ySplit?: number }).ySplit!;
  const labels = columnLabels(formById('personal-certificate')!);
  const text = (r: number, c: number) => String(sheet.getRow(r).getCell(c).value ?? '');
  assert.deepEqual(labels.map((_, i) => text(headerEnd, i + 2)), labels);
  assert.equal(text(headerEnd, 1), 'STT');
  // rows added in one call share their time: their order among themselves is the ids'
  assert.deepEqual([text(headerEnd + 1, 1), text(headerEnd + 2, 1)], ['1', '2']);
  assert.deepEqual([text(headerEnd + 1, 2), text(headerEnd + 2, 2)].sort(), ['LÒ VĂN ĐỨC', 'NGUYỄN QUANG SÁNG']);

  const stranger = await as(app, 'langson-stttt.vanthu');
  assert.deepEqual([(await stranger('GET', `/api/request-batches/${batch.id}/list.xlsx`)).statusCode], [404]);
});

testOnBothEngines('error/letter: a signer without a server-held personal key is refused 409 with the reason; no number is taken and no letter kept', async (db) => {
  const { app } = await demoApp(db);
  const { clerk, batch } = await sentList(app);
  const refused = await clerk('POST', `/api/request-batches/${batch.id}/letter`);
  assert.deepEqual([refused.statusCode, refused.json().code], [409, 'OFFICE_REQUEST_LETTER_SIGNER_KEY_MISSING']);
  assert.ok(refused.json().message.length > 20);
  assert.equal((await clerk('GET', `/api/request-batches/${batch.id}/letter`)).json(), null);
  const none = await clerk('GET', `/api/request-batches/${batch.id}/letter.pdf`);
  assert.deepEqual([none.statusCode, none.json().code], [404, 'OFFICE_REQUEST_LETTER_NOT_FOUND']);
  assert.equal((await db.kysely.selectFrom('register_numbers').select('number').execute()).length, 0);
  const desk = await as(app, 'tamduong-vhtt.vanthu');
  const notTheirs = await desk('POST', `/api/request-batches/${batch.id}/letter`);
  assert.deepEqual([notTheirs.statusCode, notTheirs.json().code], [403, 'OFFICE_FORBIDDEN']);
});

testOnBothEngines('ok: after the district merges its list, the commune still sees each request it filed — its state, the list and desk holding it, its timeline', async (db) => {
  const { app, actorOf } = await demoApp(db);
  const { clerk, batch } = await sentList(app);
  const desk = await as(app, 'tamduong-vhtt.vanthu');
  const merged = (await desk('POST', '/api/request-batches/merge', { sources: [{ id: batch.id, version: batch.version }] })).json();
  assert.deepEqual((await clerk('GET', `/api/request-batches/${batch.id}`)).json().entries, []);

  const filed = (await clerk('GET', `/api/request-batches/${batch.id}/filed`)).json();
  const deskId = (await actorOf('tamduong-vhtt.vanthu')).agencyId;
  assert.deepEqual(filed.map((f: { entry: { values: { fullName: string }; state: string }; batchId: string; batchLevel: string; withAgencyId: string }) =>
    [f.entry.values.fullName, f.entry.state, f.batchId, f.batchLevel, f.withAgencyId]).sort(),
  [['LÒ VĂN ĐỨC', 'submitted', merged.id, 'district', deskId], ['NGUYỄN QUANG SÁNG', 'submitted', merged.id, 'district', deskId]]);

  const [first] = (await desk('GET', `/api/request-batches/${merged.id}`)).json().entries;
  await desk('POST', `/api/request-entries/${first.id}/return`, { version: first.version, reason: 'Ghi rõ chức vụ' });
  const after = (await clerk('GET', `/api/request-batches/${batch.id}/filed`)).json() as { entry: { id: string; state: string; reason: string | null }; withAgencyId: string }[];
  const back = after.find((f) => f.entry.id === first.id)!;
  assert.deepEqual([back.entry.state, back.entry.reason, back.withAgencyId], ['returned', 'Ghi rõ chức vụ', (await actorOf('binhlu.vanthu')).agencyId]);
  assert.deepEqual(after.filter((f) => f.entry.id !== first.id).map((f) => [f.entry.state, f.withAgencyId]), [['submitted', deskId]]);
  const timeline = (await clerk('GET', `/api/request-entries/${back.entry.id}/timeline`)).json();
  assert.deepEqual(timeline.events.map((e: { action: string }) => e.action), ['add', 'submit', 'merge', 'return']);

  const xlsx = await clerk('GET', `/api/request-batches/${batch.id}/list.xlsx`);
  assert.equal(xlsx.statusCode, 200, 'a merged list still downloads the rows that went up with it');
  const stranger = await as(app, 'langson-stttt.vanthu');
  assert.equal((await stranger('GET', `/api/request-batches/${batch.id}/filed`)).statusCode, 404);
});

const hasSoffice = !!findSoffice();
const hasPoppler = ['pdfsig', 'pdftotext', 'certutil'].every((tool) => findProgram(tool, `CONGVAN_TEST_${tool.toUpperCase()}`) !== undefined);
test('LibreOffice, pdfsig, pdftotext and certutil are present for the covering letter route', () => {
  if ((!hasSoffice || !hasPoppler) && process.env.CI) assert.fail('soffice, pdfsig, pdftotext and certutil are required under CI');
});
const withTools = (name: string, fn: (t: TestContext) => Promise<void>): void => {
  if (hasSoffice && hasPoppler) test(name, fn);
  else test.skip(`${name} (soffice or poppler tools not installed)`);
};

async function letterFlow(db: TestDb): Promise<void> {
  const { app, office, actorOf } = await demoApp(db, { start: new Date() });
  await withSigningKeys(office, actorOf, 'binhlu.lanhdao');
  const { batch } = await sentList(app);
  const leader = await as(app, 'binhlu.lanhdao');
  const made = await leader('POST', `/api/request-batches/${batch.id}/letter`);
  assert.equal(made.statusCode, 201, made.body);
  assert.deepEqual([made.json().isNew, made.json().letter.state, made.json().letter.notation, made.json().letter.recipient, made.json().letter.entries], [true, 'made', '01/UBND-VP', DESK, 2]);
  const pdf = await leader('GET', `/api/request-batches/${batch.id}/letter.pdf`);
  assert.equal(pdf.statusCode, 200, pdf.body);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="cong-van-01-ubnd-vp-uy-ban-nhan-dan-xa-binh-lu\.pdf"/);

  const files = scratch();
  try {
    const path = files.write('cong-van.pdf', pdf.rawPayload);
    const root = await db.kysely.selectFrom('pki_authorities').select('certificate_pem').where('kind', '=', 'root').executeTakeFirstOrThrow();
    const sig = pdfsigVerdicts(nssTrusting(files.dir, root.certificate_pem), path);
    assert.deepEqual(sig.signatures, ['Signature is Valid.', 'Signature is Valid.'], sig.output);
    assert.deepEqual(sig.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.'], sig.output);
    const text = runTool('pdftotext', ['-raw', path, '-']).stdout.normalize('NFC').replace(/\s+/g, ' ');
    for (const wanted of [`Kính gửi: ${DESK}`, 'Số: 01/UBND-VP', 'Bình Lư, ngày', 'NGUYỄN QUANG SÁNG', 'LÒ VĂN ĐỨC']) assert.ok(text.includes(wanted), `"${wanted}" in ${text.slice(0, 1200)}`);
  } finally {
    files.remove();
  }

  const again = await leader('POST', `/api/request-batches/${batch.id}/letter`);
  assert.deepEqual([again.statusCode, again.json().isNew, again.json().letter.notation], [200, false, '01/UBND-VP']);
  const pdfAgain = await leader('GET', `/api/request-batches/${batch.id}/letter.pdf`);
  assert.ok(Buffer.compare(pdf.rawPayload, pdfAgain.rawPayload) === 0, 'the same stored bytes');
  const clerk = await as(app, 'binhlu.vanthu');
  assert.equal((await clerk('GET', `/api/request-batches/${batch.id}/letter`)).json().notation, '01/UBND-VP');
  const numbers = await db.kysely.selectFrom('register_numbers').select(['number', 'notation']).execute();
  assert.deepEqual(numbers, [{ number: 1, notation: '01/UBND-VP' }]);
  const audit = await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'request.batch.letter').execute();
  assert.equal(audit.length, 1);
}

/** A flow on each engine, when the tools are here */
const withToolsOnBothEngines = (name: string, flow: (db: TestDb) => Promise<void>): void => {
  for (const engine of ['sqlite', 'postgres'] as const) {
    withTools(`${engine}: ${name}`, async (t) => {
      const db = await openTestDb(engine, t);
      if (!db) return;
      try { await flow(db); } finally { await db.close(); }
    });
  }
};

withToolsOnBothEngines('ok: the letter made, numbered from the outgoing register, signed by the leader and sealed; pdfsig trusts both signatures; a second call returns the same stored bytes', letterFlow);

async function tokenLetterFlow(db: TestDb): Promise<void> {
  const { app, office, actorOf } = await demoApp(db, { start: new Date() });
  await withSigningKeys(office, actorOf, 'binhlu.lanhdao', undefined, { personal: false });
  const { batch } = await sentList(app);
  const leader = await as(app, 'binhlu.lanhdao');
  const noKey = await leader('POST', `/api/request-batches/${batch.id}/letter`);
  assert.deepEqual([noKey.statusCode, noKey.json().code], [409, 'OFFICE_REQUEST_LETTER_SIGNER_KEY_MISSING']);
  assert.match(noKey.json().message, /USB token/, 'the refusal points to the token');
  const files = scratch();
  try {
    // The leader's token: its key and certificate made with openssl, certified by the office's CA
    const { full_name: name } = await db.kysely.selectFrom('users').select('full_name').where('username', '=', 'binhlu.lanhdao').executeTakeFirstOrThrow();
    runTool('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${files.dir}/k.pem`, '-utf8', '-subj', `/C=VN/ST=Lai Châu/O=UBND xã Bình Lư/CN=${name}/UID=CCCD:012345678902`, '-out', `${files.dir}/req.pem`]);
    const cert = await office.pki.issue(consoleOperator('test'), {
      csr: readFileSync(`${files.dir}/req.pem`, 'utf8'), profile: 'individual', years: 1,
      subject: { profile: 'individual', fullName: name, agency: 'UBND xã Bình Lư', province: 'Lai Châu', email: 'lanhdao.binhlu@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '012345678902' } },
    });
    const unreadable = await leader('POST', `/api/request-batches/${batch.id}/letter/token/prepare`, { certificate: 'không phải PEM' });
    assert.deepEqual([unreadable.statusCode, unreadable.json().code], [409, 'OFFICE_SIGNING_SESSION_INVALID']);
    assert.equal((await db.kysely.selectFrom('register_numbers').select('number').execute()).length, 0, 'no number taken for an unreadable certificate');

    const prepared = await leader('POST', `/api/request-batches/${batch.id}/letter/token/prepare`, { certificate: cert.pem });
    assert.equal(prepared.statusCode, 200, prepared.body);
    const { digest, letter } = prepared.json() as { digest: string; letter: { state: string; notation: string } };
    assert.deepEqual([letter.state, letter.notation], ['awaiting-token', '01/UBND-VP']);
    assert.equal((await leader('GET', `/api/request-batches/${batch.id}/letter`)).json().state, 'awaiting-token');
    const clerk = await as(app, 'binhlu.vanthu');
    const meanwhile = await clerk('POST', `/api/request-batches/${batch.id}/letter/token/prepare`, { certificate: cert.pem });
    assert.deepEqual([meanwhile.statusCode, meanwhile.json().code], [409, 'OFFICE_REQUEST_LETTER_PENDING'], 'another maker waits while the leader signs');
    const notMine = await clerk('POST', `/api/request-batches/${batch.id}/letter/token/complete`, { signature: Buffer.alloc(256, 7).toString('base64') });
    assert.deepEqual([notMine.statusCode, notMine.json().code], [409, 'OFFICE_SIGNING_SESSION_INVALID']);
    const wrong = await leader('POST', `/api/request-batches/${batch.id}/letter/token/complete`, { signature: Buffer.alloc(256, 7).toString('base64') });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.match(wrong.json().message, /không khớp/);

    const key = createPrivateKey(readFileSync(`${files.dir}/k.pem`));
    const value = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo('SHA-256', new Uint8Array(Buffer.from(digest, 'base64'))));
    const made = await leader('POST', `/api/request-batches/${batch.id}/letter/token/complete`, { signature: value.toString('base64') });
    assert.equal(made.statusCode, 201, made.body);
    assert.deepEqual([made.json().letter.state, made.json().letter.notation, made.json().letter.entries], ['made', '01/UBND-VP', 2]);
    const twice = await leader('POST', `/api/request-batches/${batch.id}/letter/token/complete`, { signature: value.toString('base64') });
    assert.deepEqual([twice.statusCode, twice.json().code], [409, 'OFFICE_REQUEST_LETTER_ALREADY_MADE']);

    const pdf = await leader('GET', `/api/request-batches/${batch.id}/letter.pdf`);
    assert.equal(pdf.statusCode, 200, pdf.body);
    const path = files.write('cong-van-token.pdf', pdf.rawPayload);
    const root = await db.kysely.selectFrom('pki_authorities').select('certificate_pem').where('kind', '=', 'root').executeTakeFirstOrThrow();
    const sig = pdfsigVerdicts(nssTrusting(files.dir, root.certificate_pem), path);
    assert.deepEqual(sig.signatures, ['Signature is Valid.', 'Signature is Valid.'], sig.output);
    assert.deepEqual(sig.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.'], sig.output);
    assert.match(sig.output, new RegExp(`Signer Certificate Common Name: ${name}`), 'the first signature is the token holder\'s');
    const text = runTool('pdftotext', ['-raw', path, '-']).stdout.normalize('NFC').replace(/\s+/g, ' ');
    for (const wanted of [`Kính gửi: ${DESK}`, 'Số: 01/UBND-VP', 'NGUYỄN QUANG SÁNG', 'LÒ VĂN ĐỨC']) assert.ok(text.includes(wanted), `"${wanted}" in ${text.slice(0, 1200)}`);
  } finally {
    files.remove();
  }
  assert.deepEqual(await db.kysely.selectFrom('register_numbers').select(['number', 'notation']).execute(), [{ number: 1, notation: '01/UBND-VP' }]);
  assert.equal((await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'request.batch.letter').execute()).length, 1);
}

withToolsOnBothEngines('ok/error: the leader with no server-held key signs the letter on a token (prepare, the value made outside, complete): a certificate that does not read takes no number, another maker waits, a wrong value is refused, the agency seals it; pdfsig trusts both signatures', tokenLetterFlow);
