import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSoftToken, SOFTHSM_LIBRARY, type SoftToken } from '../../../test/helpers/softhsm.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { createRootCa, issueCertificate } from '../ca.ts';
import { buildCrl } from '../crl.ts';
import { toPem } from '../der.ts';
import { PROFILES } from '../profiles.ts';
import { createTestHierarchy } from '../test-ca.ts';
import { x509 } from '../crypto.ts';
import { PinGuard, TokenLibrary } from './pkcs11-token.ts';

let soft: SoftToken;
let library: TokenLibrary;
before(() => {
  soft = createSoftToken('lc-vanthu-01');
  library = TokenLibrary.open(SOFTHSM_LIBRARY);
});
after(() => {
  library?.close();
  soft?.remove();
});

const DEVICE = { profile: 'device' as const, deviceName: 'Token văn thư', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu' };
const deviceName = () => new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['Sở Thông tin và Truyền thông'] }, { '2.5.4.3': ['Token văn thư'] }]);
const pkcs11Tool = (...args: string[]) => runTool('pkcs11-tool', ['--module', SOFTHSM_LIBRARY, ...args]);

test('ok: the token is listed with the label and serial softhsm2-util reports', () => {
  const tokens = library.tokens();
  const ours = tokens.find((t) => t.label === 'lc-vanthu-01');
  assert.ok(ours, JSON.stringify(tokens));
  assert.equal(ours.serial, soft.serial);
  assert.equal(ours.manufacturer, 'SoftHSM project');
  assert.equal(ours.pinLocked, false);
});

test('ok: keys made on the token, a CSR signed there, the certificate written back; openssl and pkcs11-tool agree', async () => {
  const files = scratch();
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    const { issuing } = await createTestHierarchy();
    for (const [label, algorithm] of [['ky-so-rsa', 'RSA-2048'], ['ky-so-ec', 'ECDSA-P256']] as const) {
      const keys = await session.generateKeyPair(label, algorithm);
      const csr = await session.createCsr(label, deviceName());
      const csrFile = files.write(`${label}.csr`, toPem(csr, 'CERTIFICATE REQUEST'));
      const verified = runTool('openssl', ['req', '-in', csrFile, '-verify', '-noout']);
      assert.match(verified.stdout + verified.stderr, /verify OK/i, `${label}: ${verified.stderr}`);
      const now = new Date();
      const certificate = await issueCertificate(issuing, { csr, profile: PROFILES.device, subject: DEVICE, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 86_400_000 * 365) });
      await session.storeCertificate(label, certificate);
      const back = session.certificates().find((c) => c.label === label);
      assert.ok(back);
      assert.equal(back.certificate.serialNumber, certificate.serialNumber);

      // A signature made on the token, checked by openssl with the certificate's public key.
      const data = new TextEncoder().encode(`Công văn số 296/UBND-VHTT, ${label}`);
      const cert = files.write(`${label}.pem`, certificate.toString('pem'));
      const pub = files.write(`${label}.pub`, runTool('openssl', ['x509', '-in', cert, '-noout', '-pubkey']).stdout);
      const dataFile = files.write(`${label}.txt`, data);
      const sig = files.write(`${label}.sig`, session.sign(label, 'SHA-256', data));
      const ok = runTool('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, dataFile]);
      assert.match(ok.stdout, /Verified OK/, `${label}: ${ok.stderr}`);
      const forged = files.write(`${label}.bad`, 'văn bản bị sửa');
      assert.notEqual(runTool('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, forged]).code, 0);
      assert.equal(keys.privateKey.extractable, false);
    }
    const listed = pkcs11Tool(...['--token-label', soft.label, '--list-objects', '--login', '--pin', soft.pin]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /Certificate Object; type = X\.509 cert\s+label:\s+ky-so-rsa/);
    assert.match(listed.stdout, /Private Key Object; EC[\s\S]*?label:\s+ky-so-ec[\s\S]*?Access:\s+sensitive, always sensitive, never extractable/);
    assert.match(listed.stdout, /Private Key Object; RSA[\s\S]*?label:\s+ky-so-rsa[\s\S]*?Access:\s+sensitive, always sensitive, never extractable/);
  } finally {
    session.close();
    files.remove();
  }
});

test('ok: a CA whose key lives on the token issues certificates and CRLs that openssl verifies', async () => {
  const files = scratch();
  const session = library.login(soft.label, soft.pin, new PinGuard());
  try {
    const keys = await session.generateKeyPair('ca-goc', 'ECDSA-P256');
    const now = new Date();
    const urls = { crl: 'http://127.0.0.1:9/pki/root/crl', ocsp: 'http://127.0.0.1:9/pki/root/ocsp' };
    const root = await createRootCa({ commonName: 'CA gốc trên token', organization: 'congvan', keys, notBefore: new Date(now.getTime() - 60_000), urls });
    const device = await session.generateKeyPair('thiet-bi', 'RSA-2048');
    assert.ok(device);
    const leaf = await issueCertificate(root, { csr: await session.createCsr('thiet-bi', deviceName()), profile: PROFILES.device, subject: DEVICE, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 86_400_000) });
    const rootFile = files.write('root.pem', root.certificate.toString('pem'));
    const leafFile = files.write('leaf.pem', leaf.toString('pem'));
    const crl = await buildCrl(root, { number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000), revoked: [{ serial: leaf.serialNumber, revokedAt: now, reason: 'keyCompromise' }] });
    const crlFile = files.write('crl.pem', toPem(crl, 'X509 CRL'));
    const plain = runTool('openssl', ['verify', '-CAfile', rootFile, leafFile]);
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    const withCrl = runTool('openssl', ['verify', '-crl_check', '-CAfile', rootFile, '-CRLfile', crlFile, leafFile]);
    assert.match(withCrl.stdout + withCrl.stderr, /certificate revoked/);
  } finally {
    session.close();
    files.remove();
  }
});

test('error/wrong PIN, our lockout after three, unknown token, missing library, unknown key: each with its code', async () => {
  const guard = new PinGuard(3);
  assert.throws(() => library.login(soft.serial, '000000', guard), { code: 'PKI_TOKEN_PIN_WRONG' });
  assert.throws(() => library.login(soft.serial, '111111', guard), { code: 'PKI_TOKEN_PIN_WRONG' });
  assert.throws(() => library.login(soft.serial, '222222', guard), { code: 'PKI_TOKEN_PIN_LOCKED' });
  assert.throws(() => library.login(soft.serial, soft.pin, guard), { code: 'PKI_TOKEN_PIN_LOCKED' }, 'locked even with the right PIN');
  // The token itself still opens with another guard: the lockout is ours, and the token knows nothing of it.
  const fresh = new PinGuard(3);
  assert.throws(() => library.login(soft.serial, '000000', fresh), { code: 'PKI_TOKEN_PIN_WRONG' });
  const session = library.login(soft.serial, soft.pin, fresh);
  assert.equal(fresh.attemptsLeft(soft.serial), 3, 'a right PIN resets the count');
  try {
    await assert.rejects(session.keyPair('khong-co'), { code: 'PKI_TOKEN_KEY_NOT_FOUND' });
    assert.throws(() => session.sign('khong-co', 'SHA-256', new Uint8Array(4)), { code: 'PKI_TOKEN_KEY_NOT_FOUND' });
    await session.generateKeyPair('ngan', 'ECDSA-P256');
    assert.throws(() => session.signDigest('ngan', 'SHA-256', new Uint8Array(20)), { code: 'PKI_TOKEN_OPERATION_FAILED' });
  } finally {
    session.close();
  }
  assert.throws(() => library.login('TOKEN-KHONG-CO', soft.pin, new PinGuard()), { code: 'PKI_TOKEN_NOT_FOUND' });
  assert.throws(() => TokenLibrary.open('/usr/lib/khong-co/libtoken.so'), { code: 'PKI_TOKEN_LIBRARY_MISSING' });
});
