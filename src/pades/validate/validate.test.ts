import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { PdfFile } from '../pdf/file.ts';
import { buildCrl } from '../../pki/index.ts';
import { signPdf } from '../sign.ts';
import { appendUpdate, samplePdf, testPki, testSigner } from '../test-fixtures.ts';
import { validate, type ValidationReport } from './validate.ts';

const pdfsigValid = (bytes: Uint8Array): string[] => {
  const files = scratch();
  try {
    const run = runTool('pdfsig', ['-nocert', files.write('f.pdf', bytes)]);
    return [...run.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]!);
  } finally {
    files.remove();
  }
};

const only = (report: ValidationReport) => {
  assert.equal(report.signatures.length, 1);
  return report.signatures[0]!;
};

/** A document whose first revision carries an unused content stream (50) and a text field (60, widget 61). */
async function documentWithShadow(): Promise<Uint8Array> {
  const plain = await samplePdf(1, 'So tien: 1.000.000 dong');
  const hidden = 'BT /F0 13 Tf 72 760 Td (So tien: 9.000.000.000 dong) Tj ET';
  return appendUpdate(plain, [
    { num: 50, body: `<< /Length ${hidden.length} >>\nstream\n${hidden}\nendstream` },
    { num: 2, body: '<< /Type /Catalog /Pages 1 0 R /AcroForm << /Fields [60 0 R] >> >>' },
    { num: 60, body: '<< /FT /Tx /T (sotien) /V (1000000) /Kids [61 0 R] >>' },
    { num: 61, body: '<< /Type /Annot /Subtype /Widget /Parent 60 0 R /Rect [72 700 300 720] /P 4 0 R /AP << /N 62 0 R >> >>' },
    { num: 62, body: '<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 0 >>\nstream\n\nendstream' },
    { num: 4, body: '<< /Type /Page /MediaBox [0 0 595.28 841.89] /Parent 1 0 R /Contents 5 0 R /Annots [61 0 R] /Resources << /Font << /F0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>' },
  ], { root: '2 0 R', size: 63 });
}

test('ok: two signatures of ours are TOTAL_PASSED with the CA trusted and its CRLs fetched; the first reports the second as an allowed change', async () => {
  const pki = await testPki();
  const once = await signPdf(await samplePdf(2), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const twice = await signPdf(once, { signer: await testSigner(pki.issuing, 'Nguyễn Thị Hoa', 'RSA-2048'), signingTime: new Date() });
  const report = await validate(twice, pki.trustStore, { fetch: pki.fetch });
  assert.equal(report.valid, true, JSON.stringify(report.signatures.map((s) => s.reason)));
  const [first, second] = report.signatures;
  assert.equal(first!.signer?.commonName, 'Lò Văn Minh');
  assert.equal(second!.signer?.commonName, 'Nguyễn Thị Hoa');
  assert.deepEqual([first!.coversWholeFile, second!.coversWholeFile], [false, true]);
  assert.ok(first!.changes.length > 0 && first!.changesAllowed, 'the second signature is listed and allowed');
  assert.ok(first!.changes.every((c) => c.kind === 'signature-added'), JSON.stringify(first!.changes));
  assert.deepEqual(first!.chain.map((c) => c.commonName), ['Lò Văn Minh', pki.issuing.certificate.subjectName.getField('CN')[0], pki.root.certificate.subjectName.getField('CN')[0]]);
  assert.equal(first!.level, 'B-B');
  assert.equal(first!.revocation.status, 'good');
  assert.equal(first!.revocation.source, 'online');
  assert.ok(pki.fetched.some((f) => f.endsWith('/pki/issuing/crl')), 'the CRL was asked for');
  assert.deepEqual(pdfsigValid(twice), ['Signature is Valid.', 'Signature is Valid.'], 'pdfsig agrees');
});

test('ok: without the root it is INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND; a revoked signer is not passed; no revocation source is TRY_LATER', async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const signed = await signPdf(await samplePdf(), { signer, signingTime: new Date() });
  const untrusted = only(await validate(signed));
  assert.deepEqual([untrusted.indication, untrusted.subIndication, untrusted.intact], ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', true]);
  assert.match(untrusted.reason.vi, /gốc tin cậy/);

  // A CRL of the same CA that lists the signer
  const revoked = await testPki();
  const victim = await testSigner(revoked.issuing, 'Trần Văn Mất');
  const doc = await signPdf(await samplePdf(), { signer: victim, signingTime: new Date() });
  const list = [{ serial: victim.certificate.serialNumber, revokedAt: new Date(Date.now() - 30_000), reason: 'keyCompromise' as const }];
  const crl = (ca: typeof revoked.root, entries: typeof list) => buildCrl(ca, { number: 2, thisUpdate: new Date(Date.now() - 10_000), nextUpdate: new Date(Date.now() + 86_400_000), revoked: entries });
  const fetch = async (request: { url: string }) => {
    if (request.url.endsWith('/pki/issuing/crl')) return crl(revoked.issuing, list);
    if (request.url.endsWith('/pki/root/crl')) return crl(revoked.root, []);
    throw new Error('không có');
  };
  const verdict = only(await validate(doc, revoked.trustStore, { fetch }));
  assert.equal(verdict.revocation.status, 'revoked');
  assert.deepEqual([verdict.indication, verdict.subIndication], ['INDETERMINATE', 'REVOKED_NO_POE'], verdict.reason.vi);

  const offline = only(await validate(doc, revoked.trustStore));
  assert.deepEqual([offline.indication, offline.subIndication], ['INDETERMINATE', 'TRY_LATER']);
});

test('bad: a byte changed inside the signed range is TOTAL_FAILED/HASH_FAILURE, and pdfsig agrees', async () => {
  const pki = await testPki();
  const signed = await signPdf(await samplePdf(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const text = Buffer.from(signed).toString('latin1');
  const at = text.indexOf('436F6E67'); // "Cong" in the page's text
  const tampered = Buffer.from(signed);
  tampered.write('446F', at, 'latin1'); // "Do"
  const verdict = only(await validate(tampered, pki.trustStore, { fetch: pki.fetch }));
  assert.deepEqual([verdict.indication, verdict.subIndication, verdict.intact], ['TOTAL_FAILED', 'HASH_FAILURE', false]);
  assert.notEqual(pdfsigValid(tampered)[0], 'Signature is Valid.');
});

test('bad: universal signature forgery — no /Contents, empty or zero /Contents, broken or missing /ByteRange — is never passed', async () => {
  const pki = await testPki();
  const signed = await signPdf(await samplePdf(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const text = Buffer.from(signed).toString('latin1');
  const contents = /\/Contents <([0-9A-F]+)>/.exec(text)!;
  const range = /\/ByteRange \[[^\]]+\]/.exec(text)!;
  const variants: Record<string, string> = {
    'Contents zeros': text.replace(contents[1]!, '0'.repeat(contents[1]!.length)),
    'Contents renamed': text.replace('/Contents <', '/Contentz <'),
    'ByteRange zero': text.replace(range[0], '/ByteRange [0 0 0 0]'.padEnd(range[0].length, ' ')),
    'ByteRange renamed': text.replace('/ByteRange [', '/ByteRangf ['),
    'ByteRange null': text.replace(range[0], '/ByteRange null'.padEnd(range[0].length, ' ')),
    'ByteRange outside the file': text.replace(range[0], '/ByteRange [0 1 2 99999999]'.padEnd(range[0].length, ' ')),
  };
  for (const [name, forged] of Object.entries(variants)) {
    const report = await validate(new Uint8Array(Buffer.from(forged, 'latin1')), pki.trustStore, { fetch: pki.fetch });
    for (const s of report.signatures) assert.notEqual(s.indication, 'TOTAL_PASSED', name);
    assert.equal(report.valid, false, name);
  }
});

test('bad: signature wrapping — data hidden inside the excluded gap next to /Contents — is TOTAL_FAILED/FORMAT_FAILURE although the hash still holds', async () => {
  const pki = await testPki();
  const signed = await signPdf(await samplePdf(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const text = Buffer.from(signed).toString('latin1');
  const hex = /\/Contents <([0-9A-F]+)>/.exec(text)!;
  // The padding zeros after the CMS are not signed: an attacker writes an object there
  const payload = '> /Note (Chuyen 9 ty dong) /X <';
  const end = hex.index! + '/Contents <'.length + hex[1]!.length;
  const wrapped = text.slice(0, end - payload.length - 2) + payload + '00' + text.slice(end);
  assert.equal(wrapped.length, text.length);
  const verdict = only(await validate(new Uint8Array(Buffer.from(wrapped, 'latin1')), pki.trustStore, { fetch: pki.fetch }));
  assert.deepEqual([verdict.indication, verdict.subIndication], ['TOTAL_FAILED', 'FORMAT_FAILURE']);
  assert.match(verdict.reason.vi, /khoảng trống/);
  assert.equal(pdfsigValid(new Uint8Array(Buffer.from(wrapped, 'latin1')))[0], 'Signature is Valid.', 'pdfsig only hashes the ranges');
});

test('bad: incremental saving attacks — a new page content after signing, or objects appended without a cross-reference — are TOTAL_FAILED', async () => {
  const pki = await testPki();
  const signed = await signPdf(await samplePdf(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const evil = 'BT /F0 13 Tf 72 760 Td (Cong van da bi sua) Tj ET';
  const isa = appendUpdate(signed, [{ num: 5, body: `<< /Length ${evil.length} >>\nstream\n${evil}\nendstream` }], { root: '2 0 R', size: 20 });
  const first = only(await validate(isa, pki.trustStore, { fetch: pki.fetch }));
  assert.deepEqual([first.intact, first.indication, first.subIndication, first.changesAllowed], [true, 'TOTAL_FAILED', 'SIG_CONSTRAINTS_FAILURE', false]);
  assert.ok(first.changes.some((c) => c.kind === 'page-content' && c.object === 5), JSON.stringify(first.changes));
  assert.equal(pdfsigValid(isa)[0], 'Signature is Valid.', 'pdfsig checks only the signed bytes: this is why the check is ours');

  const appended = new Uint8Array(Buffer.concat([Buffer.from(signed), Buffer.from(`\n5 0 obj\n<< /Length ${evil.length} >>\nstream\n${evil}\nendstream\nendobj\n`)]));
  const second = await validate(appended, pki.trustStore, { fetch: pki.fetch });
  assert.equal(second.valid, false);
  assert.match(second.problems.join(' '), /sau cuối phiên bản cuối cùng/);
});

test('bad: shadow attacks on our own signed document — hide, replace and hide-and-replace — are TOTAL_FAILED; filling the form is allowed', async () => {
  const pki = await testPki();
  const signed = await signPdf(await documentWithShadow(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date() });
  const clean = only(await validate(signed, pki.trustStore, { fetch: pki.fetch }));
  assert.equal(clean.indication, 'TOTAL_PASSED', clean.reason.vi);

  const annots = new PdfFile(signed).document.array(new PdfFile(signed).document.pages()[0]!.dict.get('Annots'))!.map(String).join(' ');
  const page = (contents: string, extra = '') => `<< /Type /Page /MediaBox [0 0 595.28 841.89] /Parent 1 0 R /Contents ${contents} /Annots [${annots}${extra}] /Resources << /Font << /F0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`;
  const attacks: Record<string, { objects: { num: number; body: string }[]; kind: string }> = {
    // hide-and-replace: the page now shows the stream that was signed but unused
    'hide-and-replace (page contents)': { objects: [{ num: 4, body: page('50 0 R') }], kind: 'page-content' },
    'hide-and-replace (page tree)': { objects: [{ num: 1, body: '<< /Type /Pages /Kids [4 0 R 4 0 R] /Count 2 >>' }], kind: 'page-tree' },
    // replace: the field's appearance changes while its signed value stays
    'replace (appearance only)': { objects: [{ num: 62, body: '<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 30 >>\nstream\nBT /F0 12 Tf (9000000000) Tj ET\nendstream' }], kind: 'page-content' },
    'replace (new appearance object)': { objects: [{ num: 61, body: '<< /Type /Annot /Subtype /Widget /Parent 60 0 R /Rect [72 700 300 720] /P 4 0 R /AP << /N 70 0 R >> >>' }, { num: 70, body: '<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 0 >>\nstream\n\nendstream' }], kind: 'appearance' },
    // hide: a new annotation covers the text
    'hide (overlay annotation)': { objects: [{ num: 4, body: page('5 0 R', ' 80 0 R') }, { num: 80, body: '<< /Type /Annot /Subtype /Square /Rect [0 0 595 842] /IC [1 1 1] >>' }], kind: 'annotation' },
  };
  for (const [name, attack] of Object.entries(attacks)) {
    const bytes = appendUpdate(signed, attack.objects, { root: '2 0 R', size: 90 });
    const verdict = only(await validate(bytes, pki.trustStore, { fetch: pki.fetch }));
    assert.equal(verdict.intact, true, name);
    assert.deepEqual([verdict.indication, verdict.subIndication], ['TOTAL_FAILED', 'SIG_CONSTRAINTS_FAILURE'], `${name}: ${JSON.stringify(verdict.changes)}`);
    assert.ok(verdict.changes.some((c) => !c.allowed && c.kind === attack.kind), `${name}: ${JSON.stringify(verdict.changes)}`);
  }

  // Form fill: the value and its appearance change together
  const filled = appendUpdate(signed, [
    { num: 60, body: '<< /FT /Tx /T (sotien) /V (2000000) /Kids [61 0 R] >>' },
    { num: 61, body: '<< /Type /Annot /Subtype /Widget /Parent 60 0 R /Rect [72 700 300 720] /P 4 0 R /AP << /N 71 0 R >> >>' },
    { num: 71, body: '<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 27 >>\nstream\nBT /F0 12 Tf (2000000) Tj ET\nendstream' },
  ], { root: '2 0 R', size: 90 });
  const fill = only(await validate(filled, pki.trustStore, { fetch: pki.fetch }));
  assert.equal(fill.indication, 'TOTAL_PASSED', `${fill.reason.vi} ${JSON.stringify(fill.changes)}`);
  assert.ok(fill.changes.some((c) => c.kind === 'form-fill' && c.allowed));
});
