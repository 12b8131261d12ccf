import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { consoleOperator, createOffice } from '../office/index.ts';
import { buildApp } from './app.ts';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';
import { runTool, runToolAsync, scratch } from '../../test/helpers/tools.ts';

const SUBJECT = { profile: 'device', deviceName: 'Máy chủ một cửa', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu' };
const SUBJ_ARG = '/C=VN/ST=Lai Châu/O=Sở Thông tin và Truyền thông/CN=Máy chủ một cửa';

testOnBothEngines('ok: standard clients over HTTP: openssl ocsp -url good then revoked, the CRL, the CA certificate', async (db) => {
  const files = scratch();
  const { app, office } = await demoApp(db, { start: new Date() });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await office.pki.init(consoleOperator('test'), { passphrase: 'cum-tu-bao-ve-khoa-CA-2026', baseUrl: base, keyAlgorithm: 'ECDSA-P256' });
    const as = asUser(app, await signIn(app, 'stttt.ca'));
    runTool('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${files.dir}/k.pem`, '-subj', SUBJ_ARG, '-utf8', '-out', `${files.dir}/req.pem`]);
    const issued = await as('POST', '/api/pki/certificates', { csr: readFileSync(`${files.dir}/req.pem`, 'utf8'), profile: 'device', subject: SUBJECT, years: 3 });
    assert.equal(issued.statusCode, 201, issued.body);
    const leaf = files.write('leaf.pem', issued.json().pem);

    const fetchDer = async (path: string, type: string) => {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type);
      return new Uint8Array(await res.arrayBuffer());
    };
    const issuer = files.write('issuing.der', await fetchDer('/pki/issuing/cert', 'application/pkix-cert'));
    const root = files.write('root.der', await fetchDer('/pki/root/cert', 'application/pkix-cert'));
    const chain = files.write('chain.pem', ['root.der', 'issuing.der'].map((f) => runTool('openssl', ['x509', '-inform', 'DER', '-in', `${files.dir}/${f}`]).stdout).join(''));
    const issuerPem = files.write('issuing.pem', runTool('openssl', ['x509', '-inform', 'DER', '-in', issuer]).stdout);
    assert.ok(root);
    // openssl takes the responder address from the certificate itself, as any relying party would.
    const ocspUrl = runTool('openssl', ['x509', '-in', leaf, '-noout', '-ocsp_uri']).stdout.trim();
    assert.equal(ocspUrl, `${base}/pki/issuing/ocsp`);
    const ask = () => runToolAsync('openssl', ['ocsp', '-issuer', issuerPem, '-cert', leaf, '-CAfile', chain, '-url', ocspUrl, '-resp_text']);
    const good = await ask();
    assert.match(good.stdout, /leaf\.pem: good/, good.stderr);
    assert.match(good.stderr + good.stdout, /Response verify OK/);

    const revoke = await as('POST', `/api/pki/certificates/${issued.json().serial}/revoke`, { reason: 'keyCompromise' });
    assert.equal(revoke.json().status, 'revoked');
    const revoked = await ask();
    assert.match(revoked.stdout, /leaf\.pem: revoked/);
    assert.match(revoked.stdout, /Reason: keyCompromise/);

    const crl = files.write('crl.der', await fetchDer('/pki/issuing/crl', 'application/pkix-crl'));
    const crlPem = files.write('crl.pem', runTool('openssl', ['crl', '-inform', 'DER', '-in', crl]).stdout);
    const check = runTool('openssl', ['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crlPem, leaf]);
    assert.match(check.stdout + check.stderr, /certificate revoked/);
    // The GET form of RFC 6960 A.1 gives the same verdict.
    runTool('openssl', ['ocsp', '-issuer', issuerPem, '-cert', leaf, '-no_nonce', '-reqout', `${files.dir}/q.der`]);
    const viaGet = await fetchDer(`/pki/issuing/ocsp/${encodeURIComponent(readFileSync(`${files.dir}/q.der`).toString('base64'))}`, 'application/ocsp-response');
    assert.match(runTool('openssl', ['ocsp', '-respin', files.write('g.der', viaGet), '-resp_text', '-noverify']).stdout, /Cert Status: revoked/);

    const askTsa = await fetch(`${base}/pki/tsa/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: readFileSync(`${files.dir}/q.der`) });
    assert.deepEqual([...new Uint8Array(await askTsa.arrayBuffer())], [0x30, 0x03, 0x0a, 0x01, 0x06], 'the TSA answers no OCSP: unauthorized');

    // RFC 3161 over HTTP: openssl makes the query, we answer, openssl verifies against the CA chain.
    const document = files.write('van-ban.pdf', '%PDF-1.7 Công văn số 296/UBND-VHTT');
    runTool('openssl', ['ts', '-query', '-data', document, '-sha256', '-cert', '-out', `${files.dir}/q.tsq`]);
    const stamped = await fetch(`${base}/pki/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: readFileSync(`${files.dir}/q.tsq`) });
    assert.equal(stamped.status, 200);
    assert.equal(stamped.headers.get('content-type'), 'application/timestamp-reply');
    const tsr = files.write('r.tsr', new Uint8Array(await stamped.arrayBuffer()));
    const verified = runTool('openssl', ['ts', '-verify', '-queryfile', `${files.dir}/q.tsq`, '-in', tsr, '-CAfile', chain]);
    assert.match(verified.stdout, /Verification: OK/, verified.stderr);
    const serial = /Serial number: 0x([0-9A-F]+)/.exec(runTool('openssl', ['ts', '-reply', '-in', tsr, '-text']).stdout)?.[1]?.toLowerCase();
    const logged = await db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'pki.tsa.timestamp').execute();
    assert.equal(logged.length, 1);
    assert.equal(JSON.parse(String(logged[0]!.details)).serial.replace(/^0+/, ''), serial?.replace(/^0+/, ''), 'the token granted is the one logged');
  } finally {
    await app.close();
    files.remove();
  }
});

testOnBothEngines('error/over HTTP: unknown CA, garbage OCSP, locked keys, clerks, bad tokens moves — each with its message', async (db) => {
  const { app, office } = await demoApp(db);
  const missing = await app.inject('/pki/issuing/crl');
  assert.equal(missing.statusCode, 409);
  assert.match(missing.json().message, /congvan ca init/);
  await office.pki.init(consoleOperator('test'), { passphrase: 'cum-tu-bao-ve-khoa-CA-2026', baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
  const unknown = await app.inject('/pki/khong-co/cert');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().message, /Không có CA "khong-co"/);
  assert.equal((await app.inject('/pki/Bad..Id/cert')).statusCode, 400);
  const garbage = await app.inject({ method: 'POST', url: '/pki/issuing/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from('not der') });
  assert.equal(garbage.statusCode, 200);
  assert.deepEqual([...garbage.rawPayload], [0x30, 0x03, 0x0a, 0x01, 0x01], 'OCSPResponse { malformedRequest }');
  const big = await app.inject({ method: 'POST', url: '/pki/issuing/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.alloc(70_000, 0x30) });
  assert.equal(big.statusCode, 413);
  const sha1 = await app.inject({ method: 'POST', url: '/pki/tsa', headers: { 'content-type': 'application/timestamp-query' }, payload: Buffer.from(`30260201013021300906052b0e03021a05000414${'00'.repeat(20)}`, 'hex') });
  assert.equal(sha1.statusCode, 200);
  const files = scratch();
  try {
    const text = runTool('openssl', ['ts', '-reply', '-in', files.write('sha1.tsr', sha1.rawPayload), '-text']);
    assert.match(text.stdout, /Status: Rejected[\s\S]*unrecognized or unsupported algorithm/, text.stderr);
  } finally {
    files.remove();
  }
  assert.equal((await app.inject('/pki/tsa/crl')).statusCode, 404, 'nor signs CRLs');

  const clerk = asUser(app, await signIn(app, 'stttt.vanthu'));
  assert.equal((await clerk('GET', '/api/pki/certificates')).statusCode, 403);
  const ca = asUser(app, await signIn(app, 'stttt.ca'));
  // A second server over the same database starts with the CA key locked until given the passphrase.
  const second = await buildApp(createOffice({ db }), { webRoot: '/nonexistent', cookieSecure: false, signInRateLimit: 1000, logLevel: 'silent' });
  const locked = await asUser(second, await signIn(second, 'stttt.ca'))('POST', '/api/pki/certificates', { csr: 'xx', profile: 'device', subject: SUBJECT, years: 3 });
  assert.equal(locked.statusCode, 503);
  assert.match(locked.json().message, /CONGVAN_CA_PASSPHRASE/);
  await second.close();
  const bad = await ca('POST', '/api/pki/certificates', { csr: 'xx', profile: 'device', subject: SUBJECT, years: 3 });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /CSR/);
  const tooLong = await ca('POST', '/api/pki/certificates', { csr: 'xx', profile: 'device', subject: { ...SUBJECT, shoeSize: 42 }, years: 3 });
  assert.equal(tooLong.statusCode, 400);

  const admin = asUser(app, await signIn(app, 'stttt.admin'));
  const session = (await admin('GET', '/api/session')).json();
  assert.equal((await admin('POST', '/api/pki/tokens', { serial: 'VNPT-777', label: 'Token văn thư', agencyId: session.user.agencyId })).statusCode, 201);
  const jump = await admin('POST', '/api/pki/tokens/VNPT-777/state', { to: 'lost' });
  assert.equal(jump.statusCode, 409);
  assert.match(jump.json().message, /Không thể chuyển token từ trạng thái "new" sang "lost"/);
  const noRecord = await admin('POST', '/api/pki/tokens/VNPT-777/state', { to: 'issued' });
  assert.equal(noRecord.statusCode, 400);
  assert.match(noRecord.json().message, /người giao, người nhận/);
  assert.equal((await admin('POST', '/api/pki/tokens/VNPT-777/state', { to: 'issued', handedBy: 'A', receivedBy: 'B' })).json().state, 'issued');
  assert.equal((await admin('GET', '/api/pki/tokens/VNPT-777/history')).json().length, 2);
  await app.close();
});
