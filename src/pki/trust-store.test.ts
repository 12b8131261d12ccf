import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { createIssuingCa, createRootCa } from './ca.ts';
import { toPem } from './der.ts';
import { generateKeyPair } from './keys.ts';
import { createTestHierarchy, issueTestDevice } from './test-ca.ts';
import { TrustStore, readCertificates } from './trust-store.ts';

const DAY = 86_400_000;

/** A root, an intermediate and a leaf made by openssl alone: a chain nobody here wrote. */
function opensslChain(files: ReturnType<typeof scratch>, leafExt = 'basicConstraints=CA:FALSE') {
  const d = files.dir;
  const run = (...args: string[]) => { const r = runTool('openssl', args); assert.equal(r.code, 0, r.stderr); };
  files.write('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  files.write('leaf.ext', `${leafExt}\nkeyUsage=critical,digitalSignature,nonRepudiation\nauthorityKeyIdentifier=keyid\n`);
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/root.key`, '-subj', '/C=VN/O=Ban Cơ yếu Chính phủ/CN=Root CA thử', '-utf8', '-days', '3650', '-out', `${d}/root.pem`);
  run('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/int.key`, '-subj', '/C=VN/O=Ban Cơ yếu Chính phủ/CN=CA chuyên dùng thử', '-utf8', '-out', `${d}/int.csr`);
  run('x509', '-req', '-in', `${d}/int.csr`, '-CA', `${d}/root.pem`, '-CAkey', `${d}/root.key`, '-CAcreateserial', '-days', '1825', '-extfile', `${d}/ca.ext`, '-out', `${d}/int.pem`);
  run('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/leaf.key`, '-subj', '/C=VN/O=UBND tỉnh Lai Châu/CN=Nguyễn Văn A', '-utf8', '-out', `${d}/leaf.csr`);
  run('x509', '-req', '-in', `${d}/leaf.csr`, '-CA', `${d}/int.pem`, '-CAkey', `${d}/int.key`, '-CAcreateserial', '-days', '365', '-extfile', `${d}/leaf.ext`, '-out', `${d}/leaf.pem`);
  const read = (name: string) => readFileSync(`${d}/${name}.pem`, 'utf8');
  return { root: read('root'), intermediate: read('int'), leaf: read('leaf'), paths: { root: `${d}/root.pem`, int: `${d}/int.pem`, leaf: `${d}/leaf.pem` } };
}

test('ok: an openssl-made chain is built as openssl verify builds it; PKCS#7 and multi-PEM imports; duplicates; removal', async () => {
  const files = scratch();
  try {
    const chain = opensslChain(files);
    const verified = runTool('openssl', ['verify', '-CAfile', chain.paths.root, '-untrusted', chain.paths.int, chain.paths.leaf]);
    assert.equal(verified.code, 0, verified.stderr);
    const store = new TrustStore();
    store.addAnchors(chain.root);
    const bundle = `${files.dir}/bundle.p7b`;
    assert.equal(runTool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', chain.paths.int, '-certfile', chain.paths.root, '-outform', 'DER', '-out', bundle]).code, 0);
    const fromP7 = store.addIntermediates(new Uint8Array(readFileSync(bundle)));
    assert.equal(fromP7.added.length, 1, 'the intermediate is added');
    assert.equal(fromP7.duplicates, 1, 'the root, already an anchor, is a duplicate');
    const report = await store.buildChain(chain.leaf, { at: new Date() });
    assert.equal(report.ok, true, report.ok ? '' : report.problem.reason);
    assert.deepEqual(report.chain.map((c) => c.subjectName.getField('CN')[0]), ['Nguyễn Văn A', 'CA chuyên dùng thử', 'Root CA thử']);
    assert.equal(readCertificates(`${chain.intermediate}\n${chain.root}`).length, 2);

    const [anchor] = store.list('anchor');
    assert.ok(store.remove(anchor!.fingerprint));
    const orphan = await store.buildChain(chain.leaf, { at: new Date() });
    assert.equal(orphan.ok, false);
    assert.equal(!orphan.ok && orphan.problem.check, 'issuer-missing');
  } finally {
    files.remove();
  }
});

test('ok: a signing time in the past is judged at that time; expired at the time is refused with the dates', async () => {
  const now = new Date();
  const root = await createRootCa({ commonName: 'Gốc', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - 400 * DAY), urls: { crl: 'http://x/crl', ocsp: 'http://x/ocsp' } });
  const issuing = await createIssuingCa(root, { commonName: 'Cấp phát', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - 300 * DAY), years: 20, urls: { crl: 'http://x/crl', ocsp: 'http://x/ocsp' } });
  const leaf = await issueTestDevice(issuing);
  const store = new TrustStore();
  store.addAnchors(root.certificate);
  store.addIntermediates(issuing.certificate);
  assert.equal((await store.buildChain(leaf, { at: new Date(now.getTime() + 100 * DAY) })).ok, true);
  const late = await store.buildChain(leaf, { at: new Date(now.getTime() + 400 * DAY) });
  assert.equal(late.ok, false);
  assert.equal(!late.ok && late.problem.check, 'expired');
  assert.match(!late.ok ? late.problem.reason : '', /đã hết hạn tại/);
  const early = await store.buildChain(leaf, { at: new Date(now.getTime() - 350 * DAY) });
  assert.equal(!early.ok && early.problem.check, 'not-yet-valid');
});

test('error/untrusted root, a forged issuer, a non-CA issuer, path length, critical extension, bad input: named, and openssl agrees', async () => {
  const files = scratch();
  try {
    const { root, issuing } = await createTestHierarchy();
    const leaf = await issueTestDevice(issuing);
    const empty = new TrustStore();
    empty.addIntermediates([issuing.certificate, root.certificate]);
    const untrusted = await empty.buildChain(leaf, { at: new Date() });
    assert.equal(!untrusted.ok && untrusted.problem.check, 'untrusted-root');
    assert.equal(!untrusted.ok && untrusted.problem.code, 'PKI_CHAIN_INCOMPLETE');

    // Same issuer name, another key: its key identifier points elsewhere, so the issuer is missing.
    const impostor = await createIssuingCa(root, { commonName: 'congvan Issuing CA (thử nghiệm)', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - DAY), years: 5, urls: issuing.urls });
    const store = new TrustStore();
    store.addAnchors(root.certificate);
    store.addIntermediates(issuing.certificate);
    const stranger = await store.buildChain(await issueTestDevice(impostor), { at: new Date() });
    assert.equal(!stranger.ok && stranger.problem.check, 'issuer-missing');
    // A leaf whose signature was altered: the signature check names it, and openssl refuses it too.
    const der = new Uint8Array(leaf.rawData);
    der[der.length - 3]! ^= 0x01;
    const forged = await store.buildChain(der, { at: new Date() });
    assert.equal(!forged.ok && forged.problem.check, 'signature');
    assert.match(!forged.ok ? forged.problem.reason : '', /không khớp khóa công khai/);
    const rootFile = files.write('r.pem', root.certificate.toString('pem'));
    const openssl = runTool('openssl', ['verify', '-CAfile', rootFile, '-untrusted', files.write('i.pem', issuing.certificate.toString('pem')), files.write('f.pem', toPem(der, 'CERTIFICATE'))]);
    assert.match(openssl.stdout + openssl.stderr, /certificate signature failure/, 'openssl refuses it for the same reason');

    // openssl-made chains with a leaf that claims to be a CA and issues, and a critical unknown extension.
    const notCa = opensslChain(files);
    const d = files.dir;
    runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/sub.key`, '-subj', '/CN=Dưới lá', '-utf8', '-out', `${d}/sub.csr`]);
    files.write('plain.ext', 'basicConstraints=CA:FALSE\n');
    runTool('openssl', ['x509', '-req', '-in', `${d}/sub.csr`, '-CA', notCa.paths.leaf, '-CAkey', `${d}/leaf.key`, '-CAcreateserial', '-days', '30', '-extfile', `${d}/plain.ext`, '-out', `${d}/sub.pem`]);
    const s2 = new TrustStore();
    s2.addAnchors(notCa.root);
    s2.addIntermediates([notCa.intermediate, notCa.leaf]);
    const notCaReport = await s2.buildChain(readFileSync(`${d}/sub.pem`, 'utf8'), { at: new Date() });
    assert.equal(!notCaReport.ok && notCaReport.problem.check, 'not-ca');
    assert.notEqual(runTool('openssl', ['verify', '-CAfile', notCa.paths.root, '-untrusted', files.write('u.pem', notCa.intermediate + notCa.leaf), `${d}/sub.pem`]).code, 0);

    const critical = opensslChain(files, 'basicConstraints=CA:FALSE\n1.2.3.4.5=critical,ASN1:UTF8String:bí ẩn');
    const s3 = new TrustStore();
    s3.addAnchors(critical.root);
    s3.addIntermediates(critical.intermediate);
    const crit = await s3.buildChain(critical.leaf, { at: new Date() });
    assert.equal(!crit.ok && crit.problem.check, 'critical-extension');
    assert.notEqual(runTool('openssl', ['verify', '-CAfile', critical.paths.root, '-untrusted', critical.paths.int, critical.paths.leaf]).code, 0);

    assert.throws(() => readCertificates('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'), { code: 'PKI_DER_INVALID' });
    assert.throws(() => readCertificates(new Uint8Array([0x30, 0x03, 0x02, 0x01])), { code: 'PKI_DER_INVALID' });
    assert.throws(() => readCertificates(new Uint8Array(5 * 1024 * 1024).fill(0x30)), { code: 'PKI_INPUT_TOO_LARGE' });
    assert.throws(() => readCertificates('không phải chứng thư'), { code: 'PKI_DER_INVALID' });
  } finally {
    files.remove();
  }
});

test('error/path length: an issuing CA with pathLen 0 cannot have a CA below it', async () => {
  const { root, issuing } = await createTestHierarchy();
  // A sub-CA under the issuing CA (which has pathLen 0), then a leaf under that.
  const sub = await createIssuingCa(issuing, { commonName: 'CA cấp dưới', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - DAY), years: 5, urls: issuing.urls });
  const leaf = await issueTestDevice(sub);
  const store = new TrustStore();
  store.addAnchors(root.certificate);
  store.addIntermediates([issuing.certificate, sub.certificate]);
  const report = await store.buildChain(leaf, { at: new Date() });
  assert.equal(report.ok, false);
  assert.equal(!report.ok && report.problem.check, 'path-length');
  assert.match(!report.ok ? report.problem.reason : '', /chỉ cho phép 0 CA trung gian/);
});
