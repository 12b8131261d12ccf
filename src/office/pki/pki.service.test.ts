import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { toPem } from '../../pki/index.ts';
import { consoleOperator, userOperator } from './index.ts';

const PASSPHRASE = 'cum-tu-bao-ve-khoa-CA-2026';
const SUBJECT = { profile: 'individual' as const, fullName: 'Lò Văn Minh', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu', email: 'minhlv@laichau.gov.vn', idNumber: { kind: 'CCCD' as const, value: '012345678901' } };
const SUBJ_ARG = '/C=VN/ST=Lai Châu/O=Sở Thông tin và Truyền thông/CN=Lò Văn Minh/UID=CCCD:012345678901';

/** An openssl key and CSR for the test subject, as a subscriber's tool would make them. */
function opensslCsr(files: ReturnType<typeof scratch>): string {
  const made = runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${files.dir}/k.pem`, '-subj', SUBJ_ARG, '-utf8', '-out', `${files.dir}/req.pem`]);
  assert.equal(made.code, 0, made.stderr);
  return readFileSync(`${files.dir}/req.pem`, 'utf8');
}

testOnBothEngines('ok: init, issue from an openssl CSR, revoke at once: openssl sees it in OCSP and the CRL', async (db) => {
  const files = scratch();
  try {
    const { office, actorOf } = await demoOffice(db, new Date());
    const pki = office.pki;
    const authorities = await pki.init(consoleOperator('test'), { passphrase: PASSPHRASE, baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
    assert.deepEqual(authorities.map((a) => a.id).sort(), ['issuing', 'root', 'tsa']);
    await assert.rejects(pki.init(consoleOperator('test'), { passphrase: PASSPHRASE, baseUrl: 'http://x' }), { code: 'OFFICE_CA_EXISTS' });

    const operator = userOperator(await actorOf('stttt.ca'));
    const issued = await pki.issue(operator, { csr: opensslCsr(files), profile: 'individual', subject: SUBJECT, years: 2, agencyId: (await actorOf('stttt.vanthu')).agencyId });
    const chain = files.write('chain.pem', toPem(await pki.responders.certificate('root'), 'CERTIFICATE') + toPem(await pki.responders.certificate('issuing'), 'CERTIFICATE'));
    const leaf = files.write('leaf.pem', issued.pem);
    const verified = runTool('openssl', ['verify', '-CAfile', chain, leaf]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(runTool('openssl', ['x509', '-in', leaf, '-noout', '-text']).stdout, /URI:http:\/\/127\.0\.0\.1:3000\/pki\/issuing\/ocsp/);

    const issuer = files.write('issuing.pem', toPem(await pki.responders.certificate('issuing'), 'CERTIFICATE'));
    runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-no_nonce', '-reqout', `${files.dir}/q.der`]);
    const ask = async () => {
      const der = await pki.responders.ocsp('issuing', new Uint8Array(readFileSync(`${files.dir}/q.der`)));
      return runTool('openssl', ['ocsp', '-respin', files.write('r.der', der), '-issuer', issuer, '-cert', leaf, '-CAfile', chain, '-resp_text']);
    };
    const good = await ask();
    assert.match(good.stdout, /leaf\.pem: good/);
    assert.match(good.stderr + good.stdout, /Response verify OK/);

    await pki.revoke(operator, issued.serial, 'keyCompromise');
    const revoked = await ask();
    assert.match(revoked.stdout, /leaf\.pem: revoked/, 'a kept answer must not hide a revocation');
    assert.match(revoked.stdout, /Reason: keyCompromise/);
    const crlDer = await pki.responders.crl('issuing');
    const crl = files.write('crl.pem', toPem(crlDer, 'X509 CRL'));
    const withCrl = runTool('openssl', ['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crl, leaf]);
    assert.notEqual(withCrl.code, 0);
    assert.match(withCrl.stdout + withCrl.stderr, /certificate revoked/);
    assert.match(runTool('openssl', ['crl', '-in', crl, '-noout', '-text']).stdout, /X509v3 CRL Number: \s*1\b/);
    assert.deepEqual(await pki.responders.crl('issuing'), crlDer, 'a fresh CRL is served again, not re-signed');

    // A second office process over the same register: what it changes reaches this responder at its next count read.
    const { createOffice } = await import('../index.ts');
    const other = createOffice({ db });
    await other.pki.unlock(PASSPHRASE);
    await other.pki.release(operator, issued.serial).catch(() => undefined);
    const second = await other.pki.issue(operator, { csr: opensslCsr(files), profile: 'individual', subject: SUBJECT, years: 1 });
    const secondLeaf = files.write('leaf2.pem', second.pem);
    runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', secondLeaf, '-no_nonce', '-reqout', `${files.dir}/q2.der`]);
    const ask2 = async () => runTool('openssl', ['ocsp', '-respin', files.write('r2.der', await pki.responders.ocsp('issuing', new Uint8Array(readFileSync(`${files.dir}/q2.der`)))), '-issuer', issuer, '-cert', secondLeaf, '-CAfile', chain]).stdout;
    assert.match(await ask2(), /leaf2\.pem: good/);
    await other.pki.revoke(operator, second.serial, 'keyCompromise');
    await new Promise((done) => setTimeout(done, 1100));
    assert.match(await ask2(), /leaf2\.pem: revoked/, 'seen within the poll interval');
    assert.deepEqual((await pki.list(operator, { status: 'revoked' })).map((c) => c.serial).sort(), [issued.serial, second.serial].sort());
    const actions = (await db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'pki.%').orderBy('seq').execute()).map((r) => r.action);
    assert.deepEqual(actions, ['pki.ca.init', 'pki.certificate.issue', 'pki.certificate.revoke', 'pki.crl.issue', 'pki.certificate.issue', 'pki.certificate.revoke']);
  } finally {
    files.remove();
  }
});

testOnBothEngines('error/roles, locked keys, wrong passphrase, bad CSRs and holds: refused, nothing half-issued', async (db) => {
  const files = scratch();
  try {
    const { office, actorOf } = await demoOffice(db, new Date());
    const clerk = userOperator(await actorOf('stttt.vanthu'));
    await assert.rejects(office.pki.init(clerk, { passphrase: PASSPHRASE, baseUrl: 'http://x' }), { code: 'OFFICE_FORBIDDEN' });
    await assert.rejects(office.pki.init(consoleOperator(), { passphrase: 'short', baseUrl: 'http://x' }), { code: 'OFFICE_CA_PASSPHRASE_WEAK' });
    await assert.rejects(office.pki.unlock(PASSPHRASE), { code: 'OFFICE_CA_NOT_INITIALISED' });
    await office.pki.init(consoleOperator(), { passphrase: PASSPHRASE, baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });

    // A second office process over the same database starts locked.
    const { createOffice } = await import('../index.ts');
    const other = createOffice({ db });
    const operator = userOperator(await actorOf('stttt.ca'));
    await assert.rejects(other.pki.issue(operator, { csr: opensslCsr(files), profile: 'individual', subject: SUBJECT, years: 1 }), { code: 'OFFICE_CA_LOCKED' });
    await assert.rejects(other.pki.unlock('not-the-passphrase'), { code: 'PKI_KEY_PASSPHRASE_WRONG' });
    assert.equal(await other.pki.unlock(PASSPHRASE), 3, 'root, issuing and the TSA');

    const csr = opensslCsr(files);
    await assert.rejects(other.pki.issue(clerk, { csr, profile: 'individual', subject: SUBJECT, years: 1 }), { code: 'OFFICE_FORBIDDEN' });
    await assert.rejects(other.pki.issue(operator, { csr, profile: 'individual', subject: { ...SUBJECT, fullName: 'Người Khác' }, years: 1 }), { code: 'PKI_CSR_SUBJECT_MISMATCH' });
    await assert.rejects(other.pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 6 }), { code: 'PKI_VALIDITY_TOO_LONG' });
    await assert.rejects(other.pki.issue(operator, { csr, profile: 'wizard', subject: SUBJECT, years: 1 }), { code: 'PKI_PROFILE_UNKNOWN' });
    await assert.rejects(other.pki.issue(operator, { csr: 'garbage', profile: 'individual', subject: SUBJECT, years: 1 }), { code: 'PKI_DER_INVALID' });
    assert.equal((await db.kysely.selectFrom('pki_certificates').select('serial').execute()).length, 0);

    const held = await other.pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 1 });
    await assert.rejects(other.pki.release(operator, held.serial), { code: 'OFFICE_CERTIFICATE_NOT_ON_HOLD' });
    assert.equal((await other.pki.revoke(operator, held.serial, 'certificateHold')).status, 'on_hold');
    assert.equal((await other.pki.release(operator, held.serial)).status, 'valid');
    await assert.rejects(other.pki.revoke(operator, held.serial, 'lostIt'), { code: 'PKI_REVOCATION_REASON_UNKNOWN' });
    await other.pki.revoke(operator, held.serial, 'affiliationChanged');
    await assert.rejects(other.pki.revoke(operator, held.serial, 'keyCompromise'), { code: 'OFFICE_CERTIFICATE_REVOKED' });
    await assert.rejects(other.pki.revoke(operator, 'zz-not-hex', 'keyCompromise'), { code: 'OFFICE_SERIAL_INVALID' });
    await assert.rejects(other.pki.revoke(operator, 'abcdef', 'keyCompromise'), { code: 'OFFICE_CERTIFICATE_NOT_FOUND' });
    // OCSP speaks its own status codes: garbage is malformedRequest, an unknown CA unauthorized.
    assert.match(runTool('openssl', ['ocsp', '-respin', files.write('m.der', await other.pki.responders.ocsp('issuing', new Uint8Array([1, 2, 3]))), '-resp_text', '-noverify']).stdout, /malformedrequest/i);
  } finally {
    files.remove();
  }
});

testOnBothEngines('ok: tokens move only along allowed states, with a hand-over record for every change of hands', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const admin = await actorOf('stttt.admin');
  const tokens = office.pki.tokens;
  await tokens.register(admin, { serial: 'VNPT-0012345', label: 'Token Sở TT&TT', model: 'ePass2003', agencyId: admin.agencyId });
  await assert.rejects(tokens.register(admin, { serial: 'VNPT-0012345', label: 'x', agencyId: admin.agencyId }), { code: 'OFFICE_TOKEN_EXISTS' });
  await assert.rejects(tokens.register(admin, { serial: 'bad serial!', label: 'x', agencyId: admin.agencyId }), { code: 'OFFICE_TOKEN_SERIAL_INVALID' });
  await assert.rejects(tokens.change(admin, 'VNPT-0012345', { to: 'in_use' }), { code: 'OFFICE_TOKEN_TRANSITION_FORBIDDEN' });
  await assert.rejects(tokens.change(admin, 'VNPT-0012345', { to: 'issued', handedBy: 'Sở TT&TT' }), (err: Error & { code: string }) => err.code === 'OFFICE_TOKEN_HANDOVER_INCOMPLETE' && /người nhận/.test(err.message));
  const issued = await tokens.change(admin, 'VNPT-0012345', { to: 'issued', handedBy: 'Nguyễn Văn Giao (Sở TT&TT)', receivedBy: 'Lò Thị Nhận (văn thư)', witnessedBy: 'Trần Văn Chứng' });
  assert.equal(issued.holderName, 'Lò Thị Nhận (văn thư)');
  await tokens.change(admin, 'VNPT-0012345', { to: 'in_use' });
  await tokens.change(admin, 'VNPT-0012345', { to: 'lost', note: 'Biên bản xác nhận thất lạc số 01/BB' });
  await assert.rejects(tokens.change(admin, 'VNPT-0012345', { to: 'in_use' }), { code: 'OFFICE_TOKEN_TRANSITION_FORBIDDEN' });
  const history = await tokens.history(admin, 'VNPT-0012345');
  assert.deepEqual(history.map((e) => `${e.fromState}>${e.toState}`), ['null>new', 'new>issued', 'issued>in_use', 'in_use>lost']);
  assert.equal(history[1]!.witnessedBy, 'Trần Văn Chứng');
  await assert.rejects(tokens.history(await actorOf('tamduong.admin'), 'VNPT-0012345'), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(tokens.register(await actorOf('stttt.vanthu'), { serial: 'VNPT-1', label: 'x', agencyId: admin.agencyId }), { code: 'OFFICE_FORBIDDEN' });
  assert.equal((await tokens.list(await actorOf('stttt.ca'))).length, 1);
  assert.equal((await tokens.list(await actorOf('tamduong.admin'))).length, 0);
});

testOnBothEngines('ok: renewal with the same key (3 years at most) and re-issue with changed information supersede the old certificate', async (db) => {
  const files = scratch();
  try {
    const { office } = await demoOffice(db, new Date());
    const pki = office.pki;
    const operator = consoleOperator('test');
    await pki.init(operator, { passphrase: PASSPHRASE, baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
    const csr = opensslCsr(files);
    const first = await pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 5 });

    await assert.rejects(pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 4, replacesSerial: first.serial }), { code: 'PKI_VALIDITY_TOO_LONG' });
    const renewed = await pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 3, replacesSerial: first.serial });
    const spki = (pem: string) => runTool('openssl', ['x509', '-noout', '-pubkey'], pem).stdout;
    assert.equal(spki(renewed.pem), spki(first.pem), 'renewed on the same key');
    assert.equal(renewed.replacesSerial, first.serial);
    assert.equal((await pki.find(operator, first.serial)).revocationReason, 'superseded');

    // Mẫu 03: the holder moved to another agency and has a new key.
    const moved = { ...SUBJECT, agency: 'Văn phòng UBND tỉnh', email: 'minhlv.vp@laichau.gov.vn' };
    const made = runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${files.dir}/k2.pem`, '-subj', SUBJ_ARG.replace('Sở Thông tin và Truyền thông', 'Văn phòng UBND tỉnh'), '-utf8', '-out', `${files.dir}/req2.pem`]);
    assert.equal(made.code, 0, made.stderr);
    const changed = await pki.issue(operator, { csr: readFileSync(`${files.dir}/req2.pem`, 'utf8'), profile: 'individual', subject: moved, years: 3, replacesSerial: renewed.serial });
    const text = runTool('openssl', ['x509', '-noout', '-text', '-nameopt', 'utf8'], changed.pem).stdout;
    assert.match(text, /O\s*=\s*Văn phòng UBND tỉnh/);
    assert.match(text, /email:minhlv\.vp@laichau\.gov\.vn/);
    assert.notEqual(spki(changed.pem), spki(renewed.pem));
    await assert.rejects(pki.issue(operator, { csr, profile: 'individual', subject: SUBJECT, years: 1, replacesSerial: first.serial }), { code: 'OFFICE_CERTIFICATE_REVOKED' });
    assert.deepEqual((await pki.list(operator, { status: 'valid' })).map((c) => c.serial), [changed.serial]);
    const revokes = await db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'pki.certificate.revoke').orderBy('seq').execute();
    assert.deepEqual(revokes.map((r) => JSON.parse(String(r.details)).reason), ['superseded', 'superseded']);
  } finally {
    files.remove();
  }
});
