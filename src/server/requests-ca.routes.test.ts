import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { consoleOperator } from '../office/index.ts';
import { ocspSays, row, type CaSetting } from '../office/requests/ca-own.fixture.ts';
import { DEMO_PASSWORD, demoOffice } from '../../test/helpers/demo-office.ts';
import { asUser, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import type { Db } from '../store/index.ts';
import { buildApp } from './app.ts';

/** A Mẫu 01 row for the demo's Bình Lư specialist, who holds an official mailbox */
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};

/** The demo app with congvan's own CA initialised and every log line kept, as the server writes them */
async function caApp(db: Db) {
  const demo = await demoOffice(db, new Date());
  const logLines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  const app = await buildApp(demo.office, { webRoot: '/nonexistent', cookieSecure: false, signInRateLimit: 1000, logLevel: 'trace', logStream });
  await demo.office.pki.init(consoleOperator('test'), { passphrase: 'cum-tu-bao-ve-khoa-CA-2026', baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
  return { ...demo, app, logLines };
}

const as = async (app: FastifyInstance, username: string) => asUser(app, await signIn(app, username, DEMO_PASSWORD));

/** Bình Lư files the rows, Tam Đường's desk sends them on, the DIC merges them: the DIC's entries */
async function filedToDic(app: FastifyInstance, formId: string, rows: readonly object[]) {
  const clerk = await as(app, 'binhlu.vanthu');
  const desk = await as(app, 'tamduong-vhtt.vanthu');
  const dic = await as(app, 'stttt.dic');
  const batch = (await clerk('POST', '/api/request-batches', { formId })).json();
  const added = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows });
  assert.equal(added.statusCode, 201, added.body);
  const sent = (await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 })).json();
  const district = (await desk('POST', '/api/request-batches/merge', { sources: [{ id: sent.id, version: sent.version }] })).json();
  const onward = (await desk('POST', `/api/request-batches/${district.id}/submit`, { version: district.version })).json();
  const province = (await dic('POST', '/api/request-batches/merge', { sources: [{ id: onward.id, version: onward.version }] })).json();
  return { dic, entries: (await dic('GET', `/api/request-batches/${province.id}`)).json().entries as { id: string; version: number }[] };
}

testOnBothEngines('ok: the DIC approves Mẫu 01: issued at once, the answer has the serial and a one-time password; the .p12 opens with it for the approver and a CA operator only; the password in no log and no audit entry', async (db) => {
  const files = scratch();
  try {
    const { app, logLines } = await caApp(db);
    const { dic, entries: [entry] } = await filedToDic(app, 'personal-certificate', [PERSON]);
    const approved = await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] });
    assert.equal(approved.statusCode, 200, approved.body);
    const { entries, carried } = approved.json();
    assert.equal(entries[0].state, 'done');
    assert.equal(carried.length, 1);
    const [report] = carried;
    assert.deepEqual([report.entryId, report.ok, report.action, report.hasKeyBundle, report.holderName], [entry!.id, true, 'issue-personal', true, 'NGUYỄN QUANG SÁNG']);
    assert.match(report.serial, /^[0-9a-f]+$/);
    assert.match(report.subject, /NGUYỄN QUANG SÁNG/);
    const password: string = report.oneTimePassword;
    assert.match(password, /^[A-Za-z2-9]{20}$/);

    const download = await dic('GET', `/api/request-entries/${entry!.id}/key-bundle`);
    assert.equal(download.statusCode, 200, download.body);
    assert.equal(download.headers['content-type'], 'application/x-pkcs12');
    assert.match(String(download.headers['content-disposition']), new RegExp(`${report.serial}\\.p12`));
    const p12 = files.write('f.p12', download.rawPayload);
    const opened = runTool('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${password}`, '-nokeys']);
    assert.equal(opened.code, 0, opened.stderr);
    const leaf = opened.stdout.slice(opened.stdout.indexOf('-----BEGIN CERTIFICATE'));
    const subject = runTool('openssl', ['x509', '-noout', '-subject', '-serial', '-nameopt', 'utf8,sep_comma_plus_space'], leaf).stdout;
    assert.match(subject, /CN\s*=\s*NGUYỄN QUANG SÁNG/);
    assert.match(subject.toLowerCase(), new RegExp(`serial=0*${report.serial.replace(/^0+/, '')}`));
    assert.notEqual(runTool('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:sai-mat-khau', '-nokeys']).code, 0);

    const clerk = await as(app, 'binhlu.vanthu');
    const refused = await clerk('GET', `/api/request-entries/${entry!.id}/key-bundle`);
    assert.deepEqual([refused.statusCode, refused.json().code], [403, 'OFFICE_FORBIDDEN']);
    const desk = await as(app, 'tamduong-vhtt.vanthu');
    assert.equal((await desk('GET', `/api/request-entries/${entry!.id}/key-bundle`)).statusCode, 403);
    const caOperator = await as(app, 'stttt.ca');
    assert.equal((await caOperator('GET', `/api/request-entries/${entry!.id}/key-bundle`)).statusCode, 200);

    const audit = JSON.stringify(await db.kysely.selectFrom('audit_log').selectAll().execute());
    assert.ok(audit.includes('request.entry.key_bundle_downloaded'));
    assert.equal(audit.includes(password), false, 'the password is not in the audit trail');
    const log = logLines.join('');
    assert.match(log, /request-entries\/approve/, 'the log was captured');
    assert.equal(log.includes(password), false, 'the password is not in the server log');
    const timeline = (await dic('GET', `/api/request-entries/${entry!.id}/timeline`)).json();
    assert.equal(JSON.stringify(timeline).includes(password), false);
  } finally {
    files.remove();
  }
});

testOnBothEngines('ok: a lost-token report (Mẫu 06) revokes at once: openssl ocsp against our responder says revoked, the entry\'s timeline shows it', async (db) => {
  const files = scratch();
  try {
    const { app, office } = await caApp(db);
    const { dic, entries: [entry] } = await filedToDic(app, 'personal-certificate', [PERSON]);
    const { carried: [issued] } = (await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] })).json();
    const pem = (await office.pki.find(consoleOperator('test'), issued.serial)).pem;
    const asked = { office } as unknown as CaSetting;
    assert.match(await ocspSays(asked, files, pem), /leaf\.pem: good/);

    const clerk = await as(app, 'binhlu.vanthu');
    const batch = (await clerk('POST', '/api/request-batches', { formId: 'token-loss-report' })).json();
    const report = row('token-loss-report', { certificateSerial: issued.serial, tokenSerial: 'VGCA-0200001', email: PERSON.email, certificateName: PERSON.fullName, lossReason: 'Đánh rơi khi đi công tác' });
    const added = await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [report] });
    assert.equal(added.statusCode, 201, added.body);
    const [filed] = added.json().entries;
    const notKeeper = await clerk('POST', `/api/request-entries/${filed.id}/report-lost`);
    assert.deepEqual([notKeeper.statusCode, notKeeper.json().code], [403, 'OFFICE_FORBIDDEN']);

    const acted = await dic('POST', `/api/request-entries/${filed.id}/report-lost`);
    assert.equal(acted.statusCode, 200, acted.body);
    assert.deepEqual([acted.json().serial, acted.json().tokenSerial, acted.json().entry.state], [issued.serial, 'VGCA-0200001', 'draft']);
    const said = await ocspSays(asked, files, pem);
    assert.match(said, /leaf\.pem: revoked/);
    assert.match(said, /Reason: keyCompromise/);
    const { events } = (await clerk('GET', `/api/request-entries/${filed.id}/timeline`)).json();
    assert.equal(events.at(-1).action, 'token-loss-acted');
    assert.match(events.at(-1).details.outcome, new RegExp(`Đã thu hồi chứng thư số ${issued.serial} \\(keyCompromise\\)`));
  } finally {
    files.remove();
  }
});

testOnBothEngines('error/the CA refuses: the entry stays approved with the reason in the answer, and in the retry; only the DIC or a CA operator retries', async (db) => {
  const { app } = await caApp(db);
  const { dic, entries: [entry] } = await filedToDic(app, 'certificate-revocation', [row('certificate-revocation', { email: PERSON.email, certificateSerial: '0a0b0c0d0e0f', reason: 'Nghỉ hưu' })]);
  const { entries, carried } = (await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] })).json();
  assert.equal(entries[0].state, 'approved');
  assert.deepEqual([carried[0].ok, carried[0].code], [false, 'OFFICE_CERTIFICATE_NOT_FOUND']);
  assert.match(carried[0].reason, /0a0b0c0d0e0f/);
  const again = await dic('POST', '/api/request-entries/carry-pending');
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json().map((r: { entryId: string; ok: boolean }) => [r.entryId, r.ok]), [[entry!.id, false]]);
  const clerk = await as(app, 'binhlu.vanthu');
  assert.equal((await clerk('POST', '/api/request-entries/carry-pending')).json().code, 'OFFICE_FORBIDDEN');
});

testOnBothEngines('ok: with the Government CA (requestCa: government) approval only approves; the own CA\'s actions are refused', async (db) => {
  const { createOffice } = await import('../office/index.ts');
  const { app: ownApp, office, blobs, clock } = await caApp(db);
  await ownApp.close();
  const government = createOffice({ db, blobs, now: clock.now, requestCa: 'government' });
  assert.equal(government.caDesk.kind, 'government');
  assert.equal(office.caDesk.kind, 'own');
  const app = await buildApp(government, { webRoot: '/nonexistent', cookieSecure: false, signInRateLimit: 1000, logLevel: 'silent' });
  const { dic, entries: [entry] } = await filedToDic(app, 'personal-certificate', [PERSON]);
  const { entries, carried } = (await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] })).json();
  assert.deepEqual([entries[0].state, carried], ['approved', []]);
  const refused = await dic('POST', '/api/request-entries/carry-pending');
  assert.deepEqual([refused.statusCode, refused.json().code], [409, 'OFFICE_REQUEST_NOT_ALLOWED']);
});

testOnBothEngines('ok/error: the certificate register as each sees it — the commune\'s admin and the district\'s see the certificate issued for Bình Lư, the DIC its province\'s, another province\'s admin nothing, a clerk is refused', async (db) => {
  const { app } = await caApp(db);
  const { dic, entries: [entry] } = await filedToDic(app, 'personal-certificate', [PERSON]);
  const [report] = (await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] })).json().carried;
  const seen = async (username: string) => {
    const res = await (await as(app, username))('GET', '/api/pki/registry');
    return res.statusCode === 200 ? res.json().map((c: { serial: string }) => c.serial).includes(report.serial) : res.statusCode;
  };
  assert.deepEqual(await Promise.all(['binhlu.admin', 'tamduong.admin', 'stttt.dic', 'stttt.ca', 'langson-stttt.admin', 'banbo.admin', 'binhlu.vanthu'].map(seen)),
    [true, true, true, true, false, false, 403]);
  const valid = (await (await as(app, 'binhlu.admin'))('GET', '/api/pki/registry?status=revoked')).json();
  assert.deepEqual(valid, [], 'filtered by status');
  assert.equal((await (await as(app, 'binhlu.admin'))('GET', '/api/pki/registry?status=lost')).statusCode, 400);
});
