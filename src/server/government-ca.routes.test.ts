import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD, demoOffice } from '../../test/helpers/demo-office.ts';
import { asUser, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';
import { scratch } from '../../test/helpers/tools.ts';
import { createOffice } from '../office/index.ts';
import { governmentCa, issued } from '../office/requests/ca-government.fixture.ts';
import type { Db } from '../store/index.ts';
import { buildApp } from './app.ts';

/** The demo's Bình Lư specialist, who holds an official mailbox */
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};

/** An office sending its requests to the Government CA, whose root and issuing CA it trusts through CONGVAN_TRUSTED_ROOTS' file (a lone certificate then has its path) */
async function governmentApp(db: Db, files: ReturnType<typeof scratch>) {
  const demo = await demoOffice(db, new Date());
  const gov = await governmentCa(demo.clock.now());
  const office = createOffice({ db, blobs: demo.blobs, now: demo.clock.now, requestCa: 'government', trustedRootsFile: files.write('roots.pem', [gov.root, gov.issuing].map((ca) => ca.certificate.toString('pem')).join('\n')) });
  const app = await buildApp(office, { webRoot: '/nonexistent', cookieSecure: false, signInRateLimit: 1000, logLevel: 'silent' });
  return { ...demo, app, gov };
}

const as = async (app: FastifyInstance, username: string) => asUser(app, await signIn(app, username, DEMO_PASSWORD));

/** Bình Lư files, Tam Đường's desk sends on, the DIC merges and approves: the approved entry */
async function approvedAtDic(app: FastifyInstance) {
  const clerk = await as(app, 'binhlu.vanthu');
  const desk = await as(app, 'tamduong-vhtt.vanthu');
  const dic = await as(app, 'stttt.dic');
  const batch = (await clerk('POST', '/api/request-batches', { formId: 'personal-certificate' })).json();
  assert.equal((await clerk('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [PERSON] })).statusCode, 201);
  const sent = (await clerk('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 })).json();
  const district = (await desk('POST', '/api/request-batches/merge', { sources: [{ id: sent.id, version: sent.version }] })).json();
  const up = (await desk('POST', `/api/request-batches/${district.id}/submit`, { version: district.version })).json();
  const list = (await dic('POST', '/api/request-batches/merge', { sources: [{ id: up.id, version: up.version }] })).json();
  const [entry] = (await dic('GET', `/api/request-batches/${list.id}`)).json().entries;
  const approved = await dic('POST', '/api/request-entries/approve', { entries: [{ id: entry.id, version: entry.version }] });
  assert.equal(approved.statusCode, 200, approved.body);
  return { dic, clerk, entryId: entry.id as string };
}

testOnBothEngines('ok/error: the DIC uploads the Government CA\'s certificate as it came; the request is done and the registry shows it; bad files and other roles refused in Vietnamese', async (db) => {
  const files = scratch();
  try {
    const { app, gov, clock } = await governmentApp(db, files);
    const { dic, clerk, entryId } = await approvedAtDic(app);
    const subject = { profile: 'individual' as const, fullName: PERSON.fullName, agency: PERSON.workplace, province: 'Lai Châu', email: PERSON.email, idNumber: { kind: 'CCCD' as const, value: PERSON.personIdNumber } };
    const cert = await issued(gov.issuing, subject, clock.now());
    const upload = async (username: string, body: string | Buffer, type: string) =>
      app.inject({ method: 'POST', url: '/api/government-ca/certificates', payload: body, headers: { ...(await headersOf(app, username)), 'content-type': type } });

    const wrongRole = await upload('binhlu.vanthu', cert.toString('pem'), 'application/x-pem-file');
    assert.deepEqual([wrongRole.statusCode, wrongRole.json().code], [403, 'OFFICE_FORBIDDEN']);
    const garbage = await upload('stttt.dic', 'không phải chứng thư', 'text/plain');
    assert.deepEqual([garbage.statusCode, garbage.json().code], [400, 'PKI_DER_INVALID']);
    const huge = await upload('stttt.dic', Buffer.alloc(5 * 1024 * 1024, 0x41), 'application/octet-stream');
    assert.deepEqual([huge.statusCode, huge.json().code], [413, 'SRV_BODY_TOO_LARGE']);
    assert.match(huge.json().message, /tối đa 4 MiB/, 'the limit of this route, not the default');
    const json = await dic('POST', '/api/government-ca/certificates', { pem: cert.toString('pem') });
    assert.deepEqual([json.statusCode, json.json().code], [400, 'OFFICE_GOVERNMENT_BUNDLE_EMPTY']);
    assert.match(json.json().message, /không có chứng thư số nào/);

    const taken = await upload('stttt.dic', Buffer.from(cert.rawData), 'application/pkix-cert');
    assert.equal(taken.statusCode, 200, taken.body);
    assert.deepEqual(taken.json().refused, []);
    assert.deepEqual(taken.json().imported.map((i: { entryId: string }) => i.entryId), [entryId]);
    assert.equal((await dic('GET', `/api/request-entries/${entryId}/timeline`)).json().entry.state, 'done');
    const { kind, certificates: registry } = (await dic('GET', '/api/government-ca/certificates')).json();
    assert.equal(kind, 'government');
    assert.deepEqual(registry.map((r: { serial: string; holderName: string }) => [r.serial, r.holderName]), [[cert.serialNumber.toUpperCase(), PERSON.fullName]]);
    assert.equal((await clerk('GET', '/api/government-ca/certificates')).statusCode, 403);
  } finally {
    files.remove();
  }
});

async function headersOf(app: FastifyInstance, username: string) {
  const who = await signIn(app, username, DEMO_PASSWORD);
  return { cookie: who.cookie, 'x-csrf-token': who.csrf };
}
