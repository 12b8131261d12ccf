import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../../test/helpers/spawn-office.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';

const ENV = { CONGVAN_CA_PASSPHRASE: 'mat-khau-CA-cua-van-hanh-2026' };
const SUBJECT = { profile: 'individual', fullName: 'Lò Văn Minh', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu', email: 'minhlv@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '012345678901' } };
const SUBJ_ARG = '/C=VN/ST=Lai Châu/O=Sở Thông tin và Truyền thông/CN=Lò Văn Minh/UID=CCCD:012345678901';

test('ok: congvan ca init, issue from an openssl CSR, list, revoke and crl, as the operator at the console', async () => {
  const files = scratch();
  const data = `${files.dir}/data`;
  try {
    const init = await runCli(['ca', 'init', '--data', data, '--key', 'ECDSA-P256', '--base-url', 'http://127.0.0.1:3000', '--json'], ENV);
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(JSON.parse(init.stdout).map((a: { id: string }) => a.id).sort(), ['issuing', 'root', 'tsa']);

    const made = runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${files.dir}/k.pem`, '-subj', SUBJ_ARG, '-utf8', '-out', `${files.dir}/req.pem`]);
    assert.equal(made.code, 0, made.stderr);
    const issued = await runCli(['ca', 'issue', '--data', data, '--csr', `${files.dir}/req.pem`, '--profile', 'individual', '--subject', JSON.stringify(SUBJECT), '--years', '2', '--out', `${files.dir}/leaf.pem`], ENV);
    assert.equal(issued.code, 0, issued.stderr);
    assert.match(issued.stdout, /Đã cấp chứng thư số [0-9a-f]+ cho "Lò Văn Minh"/);
    const text = runTool('openssl', ['x509', '-in', `${files.dir}/leaf.pem`, '-noout', '-text', '-nameopt', 'utf8']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /CN\s*=\s*Lò Văn Minh/);
    assert.match(text.stdout, /Digital Signature, Non Repudiation/);

    const listed = await runCli(['ca', 'list', '--data', data, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const [row] = JSON.parse(listed.stdout) as { serial: string; status: string; pem?: string }[];
    assert.equal(row?.status, 'valid');
    assert.equal(row.pem, undefined, 'the list is a register, not a certificate dump');
    const serialFromOpenssl = runTool('openssl', ['x509', '-in', `${files.dir}/leaf.pem`, '-noout', '-serial']).stdout.trim().split('=')[1]?.toLowerCase();
    assert.equal(row.serial.toLowerCase().replace(/^0+/, ''), serialFromOpenssl?.replace(/^0+/, ''));

    const revoked = await runCli(['ca', 'revoke', '--data', data, '--serial', row.serial, '--reason', 'keyCompromise']);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Đã thu hồi chứng thư số .* \(keyCompromise\)/);

    const crl = await runCli(['ca', 'crl', '--data', data, '--out', `${files.dir}/crl.pem`], ENV);
    assert.equal(crl.code, 0, crl.stderr);
    const crlText = runTool('openssl', ['crl', '-in', `${files.dir}/crl.pem`, '-noout', '-text']);
    assert.equal(crlText.code, 0, crlText.stderr);
    assert.match(crlText.stdout, new RegExp(`Serial Number: 0*${serialFromOpenssl?.replace(/^0+/, '').toUpperCase()}`, 'i'));
    assert.match(crlText.stdout, /Key Compromise/);
    assert.match(readFileSync(`${files.dir}/crl.pem`, 'utf8'), /BEGIN X509 CRL/);

    const audit = await runCli(['audit', 'verify', '--data', data, '--json']);
    assert.equal(JSON.parse(audit.stdout).ok, true, audit.stdout);
  } finally {
    files.remove();
  }
});

test('error/congvan ca without a passphrase, a second init, an unknown serial, a bad reason: clear messages, exit 1', async () => {
  const files = scratch();
  const data = `${files.dir}/data`;
  try {
    const noPass = await runCli(['ca', 'init', '--data', data], { CONGVAN_CA_PASSPHRASE: '' });
    assert.notEqual(noPass.code, 0);
    assert.match(noPass.stderr, /cần mật khẩu bảo vệ khóa CA/);

    const notYet = await runCli(['ca', 'crl', '--data', data], ENV);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /OFFICE_CA_NOT_INITIALISED/);

    assert.equal((await runCli(['ca', 'init', '--data', data, '--key', 'ECDSA-P256'], ENV)).code, 0);
    const again = await runCli(['ca', 'init', '--data', data], ENV);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /OFFICE_CA_EXISTS/);

    const wrong = await runCli(['ca', 'crl', '--data', data], { CONGVAN_CA_PASSPHRASE: 'khong-phai-mat-khau-nay' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /PKI_KEY_PASSPHRASE_WRONG.*không đúng/);

    const unknown = await runCli(['ca', 'revoke', '--data', data, '--serial', '0abc', '--reason', 'keyCompromise']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /OFFICE_CERTIFICATE_NOT_FOUND/);

    const reason = await runCli(['ca', 'revoke', '--data', data, '--serial', '0abc', '--reason', 'becauseISaidSo']);
    assert.notEqual(reason.code, 0);
    assert.match(reason.stderr, /keyCompromise/, 'the message lists the allowed reasons');

    const badSubject = await runCli(['ca', 'issue', '--data', data, '--csr', '/dev/null', '--profile', 'device', '--subject', '{not json'], ENV);
    assert.notEqual(badSubject.code, 0);
    assert.match(badSubject.stderr, /--subject phải là JSON/);
  } finally {
    files.remove();
  }
});
