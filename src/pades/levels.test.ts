import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { buildOcspResponse, normaliseSerial, parseOcspRequest } from '../pki/index.ts';
import { extendPdf, signPdf } from './sign.ts';
import { samplePdf, testPki, testSigner } from './test-fixtures.ts';
import { localTimestampSource, signatureImprint } from './timestamp.ts';
import { checkSignedData } from './validate/signed-data.ts';
import { findSignatures, signedBytes, trimDer } from './validate/signature-fields.ts';
import { PdfFile } from './pdf/file.ts';
import { validate } from './validate/validate.ts';

const pem = (der: ArrayBuffer) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

function toolChecks(bytes: Uint8Array, expectedSignatures: number) {
  const files = scratch();
  try {
    const path = files.write('f.pdf', bytes);
    const pdfsig = runTool('pdfsig', ['-nocert', path]);
    assert.equal((pdfsig.stdout.match(/Signature Validation: Signature is Valid\./g) ?? []).length, expectedSignatures, pdfsig.stdout);
    const qpdf = runTool('qpdf', ['--check', path]);
    assert.equal(qpdf.code, 0, qpdf.stdout + qpdf.stderr);
  } finally {
    files.remove();
  }
}

test('ok: B-T — the signature timestamp from our TSA verifies with openssl ts -verify and the validator reports B-T with the proven time', async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const before = Math.floor(Date.now() / 1000) * 1000;
  const signed = await signPdf(await samplePdf(), { signer, signingTime: new Date(), level: 'B-T', timestamp: localTimestampSource(pki.tsa) });
  const after = Date.now();
  const report = await validate(signed, pki.trustStore, { fetch: pki.fetch });
  const s = report.signatures[0]!;
  assert.deepEqual([s.indication, s.level], ['TOTAL_PASSED', 'B-T'], s.reason.vi);
  // The proven time is the TSA's, taken while we signed (genTime has whole seconds)
  assert.ok(s.timestampTime && s.timestampTime.getTime() >= before && s.timestampTime.getTime() <= after, String(s.timestampTime));
  toolChecks(signed, 1);

  // openssl checks the token on its own: the imprint is the SHA-256 of the signature value
  const field = findSignatures(new PdfFile(signed)).signed[0]!;
  const cms = checkSignedData(trimDer(field.contents!));
  const files = scratch();
  try {
    const token = files.write('token.der', cms.timestampToken!);
    const chain = files.write('chain.pem', pem(pki.root.certificate.rawData) + pem(pki.issuing.certificate.rawData));
    const run = runTool('openssl', ['ts', '-verify', '-digest', Buffer.from(signatureImprint(cms.signatureValue)).toString('hex'), '-sha256', '-in', token, '-token_in', '-CAfile', chain]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Verification: OK/);
    // And the whole CMS with its chain, over the signed byte ranges
    const cmsFile = files.write('cms.der', trimDer(field.contents!));
    const content = files.write('content.bin', signedBytes(signed, field.byteRange!));
    const whole = runTool('openssl', ['cms', '-verify', '-inform', 'DER', '-in', cmsFile, '-content', content, '-binary', '-CAfile', chain, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(whole.code, 0, whole.stderr);
    assert.match(whole.stderr, /CMS Verification successful/);
  } finally {
    files.remove();
  }
});

test('ok: B-LT validates offline from the DSS alone; B-LTA adds a document timestamp; both stay valid in pdfsig and qpdf', async () => {
  const pki = await testPki();
  const common = { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date(), timestamp: localTimestampSource(pki.tsa), validation: { trustStore: pki.trustStore, fetch: pki.fetch } };
  const lt = await signPdf(await samplePdf(), { ...common, level: 'B-LT' });
  const offline = await validate(lt, pki.trustStore);
  const s = offline.signatures[0]!;
  assert.deepEqual([s.indication, s.level, s.revocation.source], ['TOTAL_PASSED', 'B-LT', 'embedded'], s.reason.vi);
  toolChecks(lt, 1);

  const lta = await signPdf(await samplePdf(), { ...common, level: 'B-LTA' });
  const report = await validate(lta, pki.trustStore, { fetch: pki.fetch });
  assert.deepEqual(report.signatures.map((x) => [x.type, x.indication, x.level]), [['signature', 'TOTAL_PASSED', 'B-LTA'], ['document-timestamp', 'TOTAL_PASSED', 'DOC-TIMESTAMP']], JSON.stringify(report.signatures.map((x) => x.reason.vi)));
  assert.ok(report.signatures[0]!.changes.some((c) => c.kind === 'dss' && c.allowed));
  toolChecks(lta, 1);
});

test('ok: a B-B signature extended later to B-LTA reaches B-LTA; levels that lack a TSA or a trust store are refused before signing', async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const bb = await signPdf(await samplePdf(), { signer, signingTime: new Date() });
  const extended = await extendPdf(bb, 'B-LTA', { timestamp: localTimestampSource(pki.tsa), validation: { trustStore: pki.trustStore, fetch: pki.fetch } });
  assert.deepEqual(extended.subarray(0, bb.length), bb);
  const report = await validate(extended, pki.trustStore, { fetch: pki.fetch });
  assert.deepEqual(report.signatures.map((x) => x.level), ['B-LTA', 'DOC-TIMESTAMP']);
  assert.equal(report.valid, true, JSON.stringify(report.signatures.map((x) => x.reason.vi)));

  await assert.rejects(signPdf(await samplePdf(), { signer, signingTime: new Date(), level: 'B-T' }), { code: 'PADES_LEVEL_NEEDS' });
  await assert.rejects(signPdf(await samplePdf(), { signer, signingTime: new Date(), level: 'B-LT', timestamp: localTimestampSource(pki.tsa) }), { code: 'PADES_LEVEL_NEEDS' });
});

test('ok: B-LT with OCSP answers (nonce and all) in the DSS validates offline; a revoked signer\'s OCSP answer fails it online', async () => {
  const pki = await testPki({}, 'http://127.0.0.1:9', 'ECDSA-P256', { ocsp: true });
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const lt = await signPdf(await samplePdf(), { signer, signingTime: new Date(), level: 'B-LT', timestamp: localTimestampSource(pki.tsa), validation: { trustStore: pki.trustStore, fetch: pki.fetch } });
  assert.ok(pki.fetched.some((f) => f.startsWith('POST') && f.endsWith('/pki/issuing/ocsp')), 'OCSP was asked, not the CRL');
  const offline = (await validate(lt, pki.trustStore)).signatures[0]!;
  assert.deepEqual([offline.indication, offline.level, offline.revocation.source, offline.revocation.status], ['TOTAL_PASSED', 'B-LT', 'embedded', 'good'], offline.reason.vi);

  const victim = await testSigner(pki.issuing, 'Trần Văn Mất');
  const doc = await signPdf(await samplePdf(), { signer: victim, signingTime: new Date(), level: 'B-T', timestamp: localTimestampSource(pki.tsa) });
  // The same CA now answers that the victim's key was compromised an hour before it signed
  const fetch = async (request: { url: string; method: string; body?: Uint8Array }) => {
    if (request.method !== 'POST') throw new Error('chỉ OCSP');
    const ca = request.url.endsWith('/pki/root/ocsp') ? pki.root : pki.issuing;
    const revoked = (serial: string) => ca === pki.issuing && serial === normaliseSerial(victim.certificate.serialNumber);
    return buildOcspResponse(ca, parseOcspRequest(request.body!), {
      producedAt: new Date(), nextUpdate: new Date(Date.now() + 3_600_000),
      statusOf: (serial) => (revoked(serial) ? { status: 'revoked', revokedAt: new Date(Date.now() - 3_600_000), reason: 'keyCompromise' } : { status: 'good' }),
    });
  };
  const verdict = (await validate(doc, pki.trustStore, { fetch })).signatures[0]!;
  assert.deepEqual([verdict.indication, verdict.subIndication, verdict.revocation.source], ['TOTAL_FAILED', 'REVOKED', 'online'], verdict.reason.vi);
});
