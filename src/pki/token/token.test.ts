import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createSoftToken, pkcs11Tool, runWithConf, showSlots, SOFTHSM_LIBRARY, type SoftToken } from '../../../test/helpers/softhsm.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { createRootCa, issueCertificate } from '../ca.ts';
import { buildCrl } from '../crl.ts';
import { x509 } from '../crypto.ts';
import { toPem } from '../der.ts';
import { PkiError } from '../pki.errors.ts';
import { PROFILES } from '../profiles.ts';
import { createTestHierarchy } from '../test-ca.ts';
import { PinGuard, TokenLibrary, type TokenSession } from './pkcs11-token.ts';

let soft: SoftToken;
let library: TokenLibrary;
before(() => {
  soft = createSoftToken('lc-vanthu-01', '246810', '13579135');
  library = TokenLibrary.open(SOFTHSM_LIBRARY);
});
after(() => {
  library?.close();
  soft?.remove();
});

// The subject the device profile writes for DEVICE, in its order: C, ST, O, CN (as issueTestDevice does).
const DEVICE = { profile: 'device' as const, deviceName: 'Token văn thư', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu' };
const DEVICE_NAME = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['Sở Thông tin và Truyền thông'] }, { '2.5.4.3': ['Token văn thư'] }]);
const KEY_KINDS = [['ky-so-rsa', 'RSA-2048'], ['ky-so-ec', 'ECDSA-P256']] as const;
const SIGNING_KEYS = [['ky-van-ban-rsa', 'RSA-2048'], ['ky-van-ban-ec', 'ECDSA-P256']] as const;

async function withSession(run: (session: TokenSession, files: ReturnType<typeof scratch>) => Promise<void>): Promise<void> {
  const files = scratch();
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    await run(session, files);
  } finally {
    session.close();
    files.remove();
  }
}

/** The public key as pkcs11-tool reads it off the token (DER SPKI), not as we do. */
function publicKeyFile(files: ReturnType<typeof scratch>, label: string): string {
  const der = `${files.dir}/${label}.pub.der`;
  const read = pkcs11Tool(soft, ['--token-label', soft.label, '--read-object', '--type', 'pubkey', '--label', label, '--output-file', der]);
  assert.equal(read.code, 0, read.stderr);
  const pem = runTool('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', der]);
  assert.equal(pem.code, 0, pem.stderr);
  return files.write(`${label}.pub.pem`, pem.stdout);
}

/** PKI_TOKEN_OPERATION_FAILED for this operation, whatever the driver's reason. */
const refused = (operation: string) => (err: unknown) => err instanceof PkiError && err.code === 'PKI_TOKEN_OPERATION_FAILED' && err.params.operation === operation;

const opensslVerifies = (hash: string, publicKey: string, signature: string, data: string) =>
  runTool('openssl', ['dgst', `-${hash}`, '-verify', publicKey, '-signature', signature, data]);

test('ok: slots list the initialised token with the slot, serial, label, maker and model softhsm2-util shows', () => {
  const shown = showSlots(soft.conf).find((t) => t.label === soft.label);
  const listed = library.tokens().find((t) => t.label === soft.label);
  assert.ok(shown && listed, JSON.stringify(library.tokens()));
  assert.deepEqual({ slot: listed.slot, serial: listed.serial, label: listed.label, manufacturer: listed.manufacturer, model: listed.model }, shown);
  assert.equal(listed.serial, soft.serial);
  assert.deepEqual([listed.pinCountLow, listed.pinFinalTry, listed.pinLocked], [false, false, false]);
  assert.equal(library.tokens().length, 1, 'the free, uninitialised slot is not a token');
});

test('ok: RSA and EC keys made on the token, CSRs signed there, certificates written back and read back; openssl and pkcs11-tool agree', () => withSession(async (session, files) => {
  const { issuing } = await createTestHierarchy();
  for (const [label, algorithm] of KEY_KINDS) {
    const keys = await session.generateKeyPair(label, algorithm);
    assert.equal(keys.privateKey.extractable, false);
    assert.match(keys.id, /^[0-9a-f]{40}$/);
    const csr = await session.createCsr(label, DEVICE_NAME);
    const verified = runTool('openssl', ['req', '-in', files.write(`${label}.csr`, toPem(csr, 'CERTIFICATE REQUEST')), '-verify', '-noout']);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout + verified.stderr, /verify OK/i);
    const now = new Date();
    const certificate = await issueCertificate(issuing, { csr, profile: PROFILES.device, subject: DEVICE, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 365 * 86_400_000) });
    await session.storeCertificate(label, certificate);
    await session.storeCertificate(label, certificate);
    const back = session.certificates(label);
    assert.equal(back.length, 1, 'the same certificate twice is written once');
    assert.deepEqual(Buffer.from(back[0]!.certificate.rawData), Buffer.from(certificate.rawData));
    assert.equal(back[0]!.id, keys.id, 'the certificate carries its key\'s CKA_ID');
    const keyOfCert = runTool('openssl', ['x509', '-in', files.write(`${label}.pem`, certificate.toString('pem')), '-noout', '-pubkey']).stdout;
    assert.equal(keyOfCert, runTool('openssl', ['pkey', '-pubin', '-in', publicKeyFile(files, label)]).stdout, 'the certificate is for the key on the token');
  }
  assert.deepEqual(session.certificates().map((c) => c.label).sort(), ['ky-so-ec', 'ky-so-rsa']);
  const listed = pkcs11Tool(soft, ['--token-label', soft.label, '--list-objects', '--login', '--pin', soft.pin]);
  assert.equal(listed.code, 0, listed.stderr);
  for (const [label, algorithm] of KEY_KINDS) {
    const type = algorithm === 'RSA-2048' ? 'RSA' : 'EC';
    const [certificate] = session.certificates(label);
    assert.match(listed.stdout, new RegExp(`Certificate Object; type = X\\.509 cert\\n\\s+label:\\s+${label}\\n[^\\n]*\\n\\s+serial:\\s+${certificate!.certificate.serialNumber}`, 'i'));
    assert.match(listed.stdout, new RegExp(`Public Key Object; ${type}[^\\n]*\\n(?:  [^\\n]*\\n)*?  label:\\s+${label}\\n`));
    const privateKey = new RegExp(`Private Key Object; ${type} *\\n  label:\\s+${label}\\n(?:  [^\\n]*\\n)*?  Usage:\\s+([^\\n]*)\\n  Access:\\s+([^\\n]*)`).exec(listed.stdout);
    assert.ok(privateKey, listed.stdout);
    assert.equal(privateKey[1], 'sign', 'a signing key does nothing else');
    assert.match(privateKey[2]!, /^sensitive, always sensitive, never extractable\b/);
  }
}));

test('ok: signatures made on the token verify with openssl dgst (RSA and ECDSA, SHA-256/384/512); signDigest of a SHA-256 verifies over the data', () => withSession(async (session, files) => {
  const data = new TextEncoder().encode('Công văn số 296/UBND-VHTT ngày 13/5/2024 về việc triển khai chữ ký số');
  const dataFile = files.write('data.txt', data);
  const forged = files.write('forged.txt', 'Công văn số 297/UBND-VHTT');
  for (const [label, algorithm] of SIGNING_KEYS) {
    await session.generateKeyPair(label, algorithm);
    const publicKey = publicKeyFile(files, label);
    for (const [hash, openssl] of [['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']] as const) {
      const signature = files.write(`${label}-${openssl}.sig`, session.sign(label, hash, data));
      assert.match(opensslVerifies(openssl, publicKey, signature, dataFile).stdout, /Verified OK/, `${label} ${hash}`);
      assert.notEqual(opensslVerifies(openssl, publicKey, signature, forged).code, 0, `${label} ${hash}: other data must fail`);
    }
    const overDigest = session.signDigest(label, 'SHA-256', createHash('sha256').update(data).digest());
    const verified = opensslVerifies('sha256', publicKey, files.write(`${label}-digest.sig`, overDigest), dataFile);
    assert.match(verified.stdout, /Verified OK/, `${label}: ${verified.stderr}`);
    // PKCS#1 v1.5 is deterministic: signing the digest and signing the data are one signature.
    if (algorithm === 'RSA-2048') assert.deepEqual(Buffer.from(overDigest), Buffer.from(session.sign(label, 'SHA-256', data)));
  }
}));

test('ok: a CA whose key lives on the token issues certificates and CRLs that openssl verifies', () => withSession(async (session, files) => {
  const keys = await session.generateKeyPair('ca-goc', 'ECDSA-P256');
  const now = new Date();
  const urls = { crl: 'http://127.0.0.1:9/pki/root/crl', ocsp: 'http://127.0.0.1:9/pki/root/ocsp' };
  const root = await createRootCa({ commonName: 'CA gốc trên token', organization: 'congvan', keys, notBefore: new Date(now.getTime() - 60_000), urls });
  await session.generateKeyPair('thiet-bi', 'RSA-2048');
  const leaf = await issueCertificate(root, { csr: await session.createCsr('thiet-bi', DEVICE_NAME), profile: PROFILES.device, subject: DEVICE, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 86_400_000) });
  const rootFile = files.write('root.pem', root.certificate.toString('pem'));
  const leafFile = files.write('leaf.pem', leaf.toString('pem'));
  const crl = await buildCrl(root, { number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000), revoked: [{ serial: leaf.serialNumber, revokedAt: now, reason: 'keyCompromise' }] });
  const plain = runTool('openssl', ['verify', '-CAfile', rootFile, leafFile]);
  assert.equal(plain.code, 0, plain.stdout + plain.stderr);
  const withCrl = runTool('openssl', ['verify', '-crl_check', '-CAfile', rootFile, '-CRLfile', files.write('crl.pem', toPem(crl, 'X509 CRL')), leafFile]);
  assert.match(withCrl.stdout + withCrl.stderr, /certificate revoked/);
}));

test('ok: closing a second library over the same driver ends its sessions and leaves the first one working', async () => {
  const other = TokenLibrary.open(SOFTHSM_LIBRARY);
  const session = other.login(soft.label, soft.pin, new PinGuard());
  await session.generateKeyPair('tam-thoi', 'ECDSA-P256');
  other.close();
  other.close();
  assert.throws(() => session.sign('tam-thoi', 'SHA-256', new Uint8Array(8)), { code: 'PKI_TOKEN_OPERATION_FAILED' }, 'logged out by the library\'s close');
  assert.throws(() => other.tokens(), { code: 'PKI_TOKEN_OPERATION_FAILED' });
  assert.equal(library.tokens()[0]?.serial, soft.serial, 'the driver is still initialised for the first library');
  const again = library.login(soft.serial, soft.pin, new PinGuard());
  again.close();
  again.close();
});

test('error/wrong PIN: PKI_TOKEN_PIN_WRONG with the tries left', () => {
  const guard = new PinGuard();
  assert.throws(() => library.login(soft.serial, '000000', guard), { code: 'PKI_TOKEN_PIN_WRONG', params: { attemptsLeft: 2 } });
  assert.throws(() => library.login(soft.label, '12', guard), { code: 'PKI_TOKEN_PIN_WRONG', params: { attemptsLeft: 1 } }, 'a PIN too short is a wrong PIN');
});

test('error/PIN locked: after three wrong PINs our guard refuses even the right one; a right PIN before that resets the count', () => {
  const guard = new PinGuard();
  assert.throws(() => library.login(soft.serial, '000000', guard), { code: 'PKI_TOKEN_PIN_WRONG' });
  library.login(soft.serial, soft.pin, guard).close();
  assert.equal(guard.attemptsLeft(soft.serial), 3, 'a right PIN resets the count');
  for (const pin of ['000000', '111111', '222222']) assert.throws(() => library.login(soft.serial, pin, guard), { code: 'PKI_TOKEN_PIN_WRONG' });
  // Logged in elsewhere, C_Login would answer "already logged in": the lockout answering shows C_Login was never called.
  const elsewhere = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    assert.throws(() => library.login(soft.serial, soft.pin, guard), { code: 'PKI_TOKEN_PIN_LOCKED' });
  } finally {
    elsewhere.close();
  }
  assert.throws(() => library.login(soft.label, soft.pin, guard), { code: 'PKI_TOKEN_PIN_LOCKED' }, 'by label as by serial');
  assert.equal(library.tokens()[0]?.pinLocked, false, 'the lockout is ours: the token itself is not locked');
});

test('error/PIN locked: the library\'s own guard counts to the number it was opened with', () => {
  const strict = TokenLibrary.open(SOFTHSM_LIBRARY, { maxPinAttempts: 2 });
  try {
    assert.throws(() => strict.login(soft.serial, '000000'), { code: 'PKI_TOKEN_PIN_WRONG' });
    assert.throws(() => strict.login(soft.serial, '111111'), { code: 'PKI_TOKEN_PIN_WRONG' });
    assert.throws(() => strict.login(soft.serial, soft.pin), { code: 'PKI_TOKEN_PIN_LOCKED' });
  } finally {
    strict.close();
  }
});

test('error/second login: while a session is logged in, another login is refused whatever the PIN, and is not a wrong PIN', () => {
  const first = library.login(soft.serial, soft.pin, new PinGuard());
  const guard = new PinGuard();
  try {
    assert.throws(() => library.login(soft.serial, '999999', guard), refused('login'));
    assert.equal(guard.attemptsLeft(soft.serial), 3);
  } finally {
    first.close();
  }
});

test('error/unknown token: PKI_TOKEN_NOT_FOUND', () => {
  assert.throws(() => library.login('TOKEN-KHONG-CO', soft.pin, new PinGuard()), { code: 'PKI_TOKEN_NOT_FOUND', params: { token: 'TOKEN-KHONG-CO' } });
});

test('error/missing library: PKI_TOKEN_LIBRARY_MISSING, also for a file that is no PKCS#11 library', () => {
  assert.throws(() => TokenLibrary.open('/usr/lib/khong-co/libtoken.so'), { code: 'PKI_TOKEN_LIBRARY_MISSING', params: { path: '/usr/lib/khong-co/libtoken.so' } });
  const files = scratch();
  try {
    assert.throws(() => TokenLibrary.open(files.write('libgia.so', 'không phải thư viện')), { code: 'PKI_TOKEN_LIBRARY_MISSING' });
  } finally {
    files.remove();
  }
});

test('error/unknown key label: PKI_TOKEN_KEY_NOT_FOUND from every operation that takes a label', () => withSession(async (session) => {
  const notFound = { code: 'PKI_TOKEN_KEY_NOT_FOUND', params: { label: 'khong-co' } };
  await assert.rejects(session.keyPair('khong-co'), notFound);
  await assert.rejects(session.createCsr('khong-co', DEVICE_NAME), notFound);
  assert.throws(() => session.sign('khong-co', 'SHA-256', new Uint8Array(4)), notFound);
  assert.throws(() => session.signDigest('khong-co', 'SHA-256', new Uint8Array(32)), notFound);
}));

test('error/operation refused: a digest of the wrong length, a label in use, a certificate of another key', () => withSession(async (session) => {
  await session.generateKeyPair('ngan', 'ECDSA-P256');
  assert.throws(() => session.signDigest('ngan', 'SHA-256', new Uint8Array(20)), refused('sign'));
  await assert.rejects(session.generateKeyPair('ngan', 'RSA-2048'), refused('generateKeyPair'));
  await assert.rejects(session.generateKeyPair('la', 'DSA-1024' as 'RSA-2048'), { code: 'PKI_KEY_ALGORITHM_UNSUPPORTED' });
  const { issuing } = await createTestHierarchy();
  await session.generateKeyPair('khac', 'ECDSA-P256');
  const now = new Date();
  const other = await issueCertificate(issuing, { csr: await session.createCsr('khac', DEVICE_NAME), profile: PROFILES.device, subject: DEVICE, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 86_400_000) });
  await assert.rejects(session.storeCertificate('ngan', other), refused('storeCertificate'));
  assert.equal(session.certificates('ngan').length, 0);
}));

test('error/ambiguous label: two tokens with one label are chosen by serial, not by label', () => {
  const second = runWithConf(soft.conf, 'softhsm2-util', ['--init-token', '--free', '--label', soft.label, '--so-pin', soft.soPin, '--pin', soft.pin]);
  assert.equal(second.code, 0, second.stderr);
  // SoftHSM2 reads its token folder at C_Initialize: a token made since then shows once the library is opened again.
  library.close();
  library = TokenLibrary.open(SOFTHSM_LIBRARY);
  assert.equal(library.tokens().filter((t) => t.label === soft.label).length, 2);
  assert.throws(() => library.login(soft.label, soft.pin, new PinGuard()), refused('selectToken'));
  library.login(soft.serial, soft.pin, new PinGuard()).close();
});
