import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { issueCertificate, parseCsr } from './ca.ts';
import { toPem } from './der.ts';
import { exportEncryptedKey, generateKeyPair, importEncryptedKey } from './keys.ts';
import { PROFILES, type SubjectRequest } from './profiles.ts';
import { createTestHierarchy } from './test-ca.ts';
import { parseUid } from './subject.ts';

const NOW = new Date();
const inYears = (years: number) => new Date(NOW.getTime() + years * 365 * 86_400_000);
const person: SubjectRequest = {
  profile: 'individual', fullName: 'Lò Văn Thành', agency: 'UBND huyện Tam Đường', province: 'Lai Châu', email: 'thanh.td@laichau.gov.vn',
  idNumber: { kind: 'CCCD', value: '012345678901' },
};
const PERSON_SUBJ = '/C=VN/ST=Lai Châu/O=UBND huyện Tam Đường/CN=Lò Văn Thành/UID=CCCD:012345678901';

function opensslCsr(files: ReturnType<typeof scratch>, subj: string, key: readonly string[] = ['-newkey', 'rsa:2048']): string {
  const run = runTool('openssl', ['req', '-new', ...key, '-nodes', '-keyout', `${files.dir}/key.pem`, '-utf8', '-subj', subj, '-out', `${files.dir}/req.pem`]);
  assert.equal(run.code, 0, run.stderr);
  return runTool('cat', [`${files.dir}/req.pem`]).stdout;
}

test('ok: an openssl CSR becomes a certificate that openssl verifies up to the root, showing the profile', async () => {
  const files = scratch();
  try {
    const { root, issuing } = await createTestHierarchy();
    const cert = await issueCertificate(issuing, { csr: opensslCsr(files, PERSON_SUBJ), profile: PROFILES.individual, subject: person, kind: 'new', notBefore: NOW, notAfter: inYears(5) });
    const rootPem = files.write('root.pem', root.certificate.toString('pem'));
    const issuingPem = files.write('issuing.pem', issuing.certificate.toString('pem'));
    const leafPem = files.write('leaf.pem', cert.toString('pem'));
    const verify = runTool('openssl', ['verify', '-CAfile', rootPem, '-untrusted', issuingPem, leafPem]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const text = runTool('openssl', ['x509', '-in', leafPem, '-noout', '-text', '-nameopt', 'utf8']).stdout;
    assert.match(text, /Digital Signature, Non Repudiation/);
    assert.match(text, /URI:http:\/\/127\.0\.0\.1:9\/pki\/issuing\/crl/);
    assert.match(text, /OCSP - URI:http:\/\/127\.0\.0\.1:9\/pki\/issuing\/ocsp/);
    assert.match(text, /email:thanh\.td@laichau\.gov\.vn/);
    assert.match(text, /UID ?= ?CCCD:012345678901/);
    assert.match(text, /CN ?= ?Lò Văn Thành/);
    assert.deepEqual(parseUid('MST:0801206940-CMND:030084004974').identifiers, [{ kind: 'MST', value: '0801206940' }, { kind: 'CMND', value: '030084004974' }]);
  } finally {
    files.remove();
  }
});

test('error/CSR problems: bad signature, another subject, garbage, oversized', async () => {
  const files = scratch();
  try {
    const { issuing } = await createTestHierarchy();
    const issue = (csr: string | Uint8Array, subject: SubjectRequest = person) =>
      issueCertificate(issuing, { csr, profile: PROFILES.individual, subject, kind: 'new', notBefore: NOW, notAfter: inYears(2) });
    const pem = opensslCsr(files, PERSON_SUBJ);
    const der = new Uint8Array(parseCsr(pem).rawData);
    const tampered = der.slice();
    tampered[tampered.length - 5]! ^= 0xff; // inside the signature
    await assert.rejects(issue(tampered), { code: 'PKI_CSR_SIGNATURE_INVALID' });
    await assert.rejects(issue(opensslCsr(files, '/C=VN/ST=Lai Châu/O=UBND huyện Tam Đường/CN=Người Khác/UID=CCCD:012345678901')), { code: 'PKI_CSR_SUBJECT_MISMATCH' });
    await assert.rejects(issue('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----'), { code: 'PKI_DER_INVALID' });
    await assert.rejects(issue(new Uint8Array(70_000).fill(0x30)), { code: 'PKI_INPUT_TOO_LARGE' });
    await assert.rejects(issue(pem, { ...person, idNumber: { kind: 'CCCD', value: '123' } }), { code: 'PKI_SUBJECT_FIELD_INVALID' });
  } finally {
    files.remove();
  }
});

test('error/validity: at most 5 years new, 3 on renewal; an expired issuer issues nothing', async () => {
  const files = scratch();
  try {
    const { issuing } = await createTestHierarchy();
    const csr = opensslCsr(files, PERSON_SUBJ, ['-newkey', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const base = { csr, profile: PROFILES.individual, subject: person, notBefore: NOW };
    await assert.rejects(issueCertificate(issuing, { ...base, kind: 'new', notAfter: inYears(5.1) }), { code: 'PKI_VALIDITY_TOO_LONG' });
    await assert.rejects(issueCertificate(issuing, { ...base, kind: 'renewal', notAfter: inYears(3.1) }), { code: 'PKI_VALIDITY_TOO_LONG' });
    const renewed = await issueCertificate(issuing, { ...base, kind: 'renewal', notAfter: inYears(3) });
    assert.ok(renewed.notAfter <= inYears(3));
    assert.equal(renewed.publicKey.algorithm.name, 'ECDSA');
    await assert.rejects(issueCertificate(issuing, { ...base, kind: 'new', notBefore: inYears(11), notAfter: inYears(12) }), { code: 'PKI_ISSUER_NOT_VALID' });
  } finally {
    files.remove();
  }
});

test('ok: CA keys leave memory only encrypted; openssl reads them with the passphrase; a wrong one is refused', async () => {
  const files = scratch();
  try {
    const keys = await generateKeyPair('ECDSA-P256');
    const pem = exportEncryptedKey(keys.privateKey, 'mat-khau-CA-2026');
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
    const path = files.write('ca.key', pem);
    assert.equal(runTool('openssl', ['pkey', '-in', path, '-passin', 'pass:mat-khau-CA-2026', '-noout']).code, 0);
    assert.notEqual(runTool('openssl', ['pkey', '-in', path, '-passin', 'pass:sai', '-noout']).code, 0);
    const key = await importEncryptedKey(pem, 'mat-khau-CA-2026');
    assert.equal(key.algorithm.name, 'ECDSA');
    await assert.rejects(importEncryptedKey(pem, 'sai'), { code: 'PKI_KEY_PASSPHRASE_WRONG' });
    assert.match(toPem(new Uint8Array([0x30, 0]), 'X'), /BEGIN X/);
  } finally {
    files.remove();
  }
});
