import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { createSoftToken, SOFTHSM_LIBRARY } from '../../../test/helpers/softhsm.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { toPem } from '../../pki/index.ts';
import { createOffice } from '../index.ts';
import { consoleOperator } from './index.ts';

// One token folder for the process (SoftHSM reads its configuration once), one token per engine.
const soft = createSoftToken('hsm-ca-sqlite', '2468');
const second = runTool('softhsm2-util', ['--init-token', '--free', '--label', 'hsm-ca-postgres', '--so-pin', soft.soPin, '--pin', soft.pin]);
assert.equal(second.code, 0, second.stderr);
const tokens = ['hsm-ca-sqlite', 'hsm-ca-postgres'];
after(() => soft.remove());

const SUBJ = '/C=VN/ST=Lai Châu/O=Sở Thông tin và Truyền thông/CN=Máy chủ một cửa';
const SUBJECT = { profile: 'device' as const, deviceName: 'Máy chủ một cửa', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu' };

testOnBothEngines('ok: ca init on a PKCS#11 token: no key in the register, certificates, OCSP and timestamps signed on the token, checked by openssl', async (db) => {
  const files = scratch();
  const token = tokens.shift()!;
  try {
    const { office } = await demoOffice(db, new Date());
    const operator = consoleOperator('test');
    const made = await office.pki.init(operator, { passphrase: soft.pin, baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256', token: { library: SOFTHSM_LIBRARY, token } });
    assert.deepEqual(made.map((a) => a.id).sort(), ['issuing', 'root', 'tsa']);
    const rows = await db.kysely.selectFrom('pki_authorities').select(['key_pem', 'key_uri']).execute();
    assert.ok(rows.every((r) => r.key_pem === null && r.key_uri?.startsWith(`pkcs11:token=${token};object=congvan-`)), JSON.stringify(rows));
    const listed = runTool('pkcs11-tool', ['--module', SOFTHSM_LIBRARY, '--token-label', token, '--list-objects', '--login', '--pin', soft.pin]);
    assert.equal((listed.stdout.match(/Private Key Object; EC/g) ?? []).length, 3, listed.stdout + listed.stderr);

    runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${files.dir}/k.pem`, '-subj', SUBJ, '-utf8', '-out', `${files.dir}/req.pem`]);
    const issued = await office.pki.issue(operator, { csr: readFileSync(`${files.dir}/req.pem`, 'utf8'), profile: 'device', subject: SUBJECT, years: 2 });
    const chain = files.write('chain.pem', toPem(await office.pki.responders.certificate('root'), 'CERTIFICATE') + toPem(await office.pki.responders.certificate('issuing'), 'CERTIFICATE'));
    const leaf = files.write('leaf.pem', issued.pem);
    assert.equal(runTool('openssl', ['verify', '-CAfile', chain, leaf]).code, 0);

    const issuer = files.write('issuing.pem', toPem(await office.pki.responders.certificate('issuing'), 'CERTIFICATE'));
    runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-no_nonce', '-reqout', `${files.dir}/q.der`]);
    await office.pki.revoke(operator, issued.serial, 'keyCompromise');
    const answer = files.write('r.der', await office.pki.responders.ocsp('issuing', new Uint8Array(readFileSync(`${files.dir}/q.der`))));
    const read = runTool('openssl', ['ocsp', '-respin', answer, '-issuer', issuer, '-cert', leaf, '-CAfile', chain]);
    assert.match(read.stdout, /leaf\.pem: revoked/, read.stderr);
    assert.match(read.stdout + read.stderr, /Response verify OK/);

    runTool('openssl', ['ts', '-query', '-data', leaf, '-sha256', '-cert', '-out', `${files.dir}/q.tsq`]);
    const tsr = files.write('r.tsr', await office.pki.responders.timestamp(new Uint8Array(readFileSync(`${files.dir}/q.tsq`))));
    const verified = runTool("openssl", ["ts", "-verify", "-queryfile", `${files.dir}/q.tsq`, "-in", tsr, "-CAfile", chain]);
    assert.match(verified.stdout, /Verification: OK/, verified.stderr);

    // Another office over the same register opens the same token keys with the PIN; a wrong PIN is refused.
    const other = createOffice({ db });
    await assert.rejects(other.pki.unlock('0000'), { code: 'PKI_TOKEN_PIN_WRONG' });
    assert.equal(await other.pki.unlock(soft.pin), 3);
    const crl = files.write('crl.pem', toPem(await other.pki.responders.crl('issuing'), 'X509 CRL'));
    const withCrl = runTool('openssl', ['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crl, leaf]);
    assert.match(withCrl.stdout + withCrl.stderr, /certificate revoked/, 'a CRL signed on the token by the second office');
  } finally {
    files.remove();
  }
});

testOnBothEngines('error/RSA-3072 on a token, an unknown token: refused before anything is written', async (db) => {
  const { office } = await demoOffice(db, new Date());
  const operator = consoleOperator('test');
  await assert.rejects(office.pki.init(operator, { passphrase: soft.pin, baseUrl: 'http://x', keyAlgorithm: 'RSA-3072', token: { library: SOFTHSM_LIBRARY, token: soft.label } }), { code: 'PKI_KEY_ALGORITHM_UNSUPPORTED' });
  await assert.rejects(office.pki.init(operator, { passphrase: soft.pin, baseUrl: 'http://x', token: { library: SOFTHSM_LIBRARY, token: 'KHONG-CO' } }), { code: 'PKI_TOKEN_NOT_FOUND' });
  await assert.rejects(office.pki.init(operator, { passphrase: soft.pin, baseUrl: 'http://x', token: { library: '/khong/co.so', token: soft.label } }), { code: 'PKI_TOKEN_LIBRARY_MISSING' });
  assert.equal((await db.kysely.selectFrom('pki_authorities').select('id').execute()).length, 0);
});
