import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PDF } from '@libpdf/core';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { createTestHierarchy } from '../pki/test-ca.ts';
import { signedAttributeTypes } from './cms.ts';
import { pdfDate, signPdf } from './sign.ts';
import { samplePdf, testPki, testSigner } from './test-fixtures.ts';
import { validate } from './validate/validate.ts';

test('ok: two signers, each an incremental update; pdfsig says both are valid, qpdf --check passes, no signing-time in the CMS', async () => {
  const files = scratch();
  try {
    const { issuing } = await createTestHierarchy();
    const original = await samplePdf(2);
    const first = await signPdf(original, { signer: await testSigner(issuing, 'Lò Văn Minh'), signingTime: new Date('2026-11-25T03:00:00Z'), reason: 'Phê duyệt' });
    assert.deepEqual(first.subarray(0, original.byteLength), original, 'the original bytes are untouched');
    const second = await signPdf(first, { signer: await testSigner(issuing, 'Nguyễn Thị Hoa', 'RSA-2048'), signingTime: new Date('2026-11-25T04:00:00Z') });
    assert.deepEqual(second.subarray(0, first.byteLength), first);
    const path = files.write('signed.pdf', second);

    const pdfsig = runTool('pdfsig', [path]);
    assert.equal(pdfsig.code, 0, pdfsig.stderr);
    assert.equal((pdfsig.stdout.match(/Signature Validation: Signature is Valid\./g) ?? []).length, 2, pdfsig.stdout);
    assert.match(pdfsig.stdout, /Signer Certificate Common Name: Lò Văn Minh/);
    assert.match(pdfsig.stdout, /Signer Certificate Common Name: Nguyễn Thị Hoa/);
    assert.match(pdfsig.stdout, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(pdfsig.stdout, /Total document signed/, 'the last signature covers the whole file');
    const check = runTool('qpdf', ['--check', path]);
    assert.equal(check.code, 0, check.stdout + check.stderr);

    // The CMS as openssl sees it: signingCertificateV2 present, signing-time absent.
    // pdfsig -dump writes into the current directory.
    const dump = spawnSync('pdfsig', ['-dump', path], { cwd: files.dir, encoding: 'utf8' });
    assert.equal(dump.status, 0, dump.stderr);
    const cms = new Uint8Array(readFileSync(`${files.dir}/signed.pdf.sig0`));
    const types = signedAttributeTypes(cms);
    assert.ok(types.includes('1.2.840.113549.1.9.16.2.47'), 'signingCertificateV2');
    assert.ok(!types.includes('1.2.840.113549.1.9.5'), 'no signing-time');
    const printed = runTool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${files.dir}/signed.pdf.sig0`]);
    assert.match(printed.stdout, /id-smime-aa-signingCertificateV2/);
    assert.doesNotMatch(printed.stdout, /signingTime/);
    assert.ok(Buffer.from(second).toString('latin1').includes("D:20261125100000+07'00'"), '/M in Vietnam time');
    assert.match(pdfsig.stdout, /Signing Time: Nov 25 2026 03:00:00/, 'which pdfsig reads back as 03:00 UTC');
    assert.equal(pdfDate(new Date('2026-11-25T03:00:00Z')), "D:20261125100000+07'00'");
  } finally {
    files.remove();
  }
});

test('ok: a change appended after signing is seen by pdfsig as not covering the whole document', async () => {
  const files = scratch();
  try {
    const { issuing } = await createTestHierarchy();
    const signed = await signPdf(await samplePdf(), { signer: await testSigner(issuing, 'Lò Văn Minh'), signingTime: new Date() });
    const pdf = await PDF.load(signed);
    pdf.getPage(0)!.drawText('SỬA SAU KHI KÝ', { x: 72, y: 500, size: 20 });
    const changed = await pdf.save({ incremental: true });
    const out = runTool('pdfsig', [files.write('changed.pdf', changed)]).stdout;
    assert.match(out, /Signature is Valid/, 'the signed bytes themselves are intact');
    assert.doesNotMatch(out, /Total document signed/);
  } finally {
    files.remove();
  }
});

/** A flat OpenDocument text (one XML file LibreOffice opens as an .odt) with Vietnamese text */
const FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>ỦY BAN NHÂN DÂN TỈNH LAI CHÂU</text:p><text:p>Số: 296/UBND-VHTT</text:p>
<text:p>V/v triển khai chữ ký số chuyên dùng Chính phủ</text:p><text:p>Kính gửi: Sở Thông tin và Truyền thông</text:p>
</office:text></office:body></office:document>`;

/** PostScript for Ghostscript's pdfwrite */
const POSTSCRIPT = '%!PS\n/Times-Roman findfont 14 scalefont setfont\n72 760 moveto (UY BAN NHAN DAN TINH LAI CHAU - So 296/UBND-VHTT) show\nshowpage\n';

test('ok: PDFs made by LibreOffice (a Vietnamese .odt), Ghostscript, qpdf with object streams, and linearized: signed, valid in pdfsig and ours, qpdf --check clean', { timeout: 180_000 }, async () => {
  const files = scratch();
  try {
    const pki = await testPki();
    const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
    files.write('cong-van.fodt', FODT);
    const converted = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', files.dir, `${files.dir}/cong-van.fodt`], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: files.dir } });
    assert.equal(converted.status, 0, converted.stderr);
    const made = `${files.dir}/cong-van.pdf`;
    assert.match(runTool('pdftotext', [made, '-']).stdout, /triển khai chữ ký số/, 'LibreOffice kept the Vietnamese text');
    const gs = runTool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pdfwrite', `-sOutputFile=${files.dir}/gs.pdf`, files.write('in.ps', POSTSCRIPT)]);
    assert.equal(gs.code, 0, gs.stderr);
    assert.equal(runTool('qpdf', ['--object-streams=generate', made, `${files.dir}/os.pdf`]).code, 0);
    assert.equal(runTool('qpdf', ['--linearize', made, `${files.dir}/lin.pdf`]).code, 0);
    for (const name of ['cong-van.pdf', 'gs.pdf', 'os.pdf', 'lin.pdf']) {
      const signed = files.write(`signed-${name}`, await signPdf(new Uint8Array(readFileSync(`${files.dir}/${name}`)), { signer, signingTime: new Date() }));
      const out = runTool('pdfsig', [signed]).stdout;
      assert.match(out, /Signature is Valid/, `${name}: ${out}`);
      assert.match(out, /Total document signed/, name);
      const check = runTool('qpdf', ['--check', signed]);
      assert.equal(check.code, 0, `${name}: ${check.stdout}`);
      const ours = await validate(new Uint8Array(readFileSync(signed)), pki.trustStore, { fetch: pki.fetch });
      assert.equal(ours.valid, true, `${name}: ${ours.signatures.map((x) => x.reason.vi).join('; ')}`);
    }
  } finally {
    files.remove();
  }
});

test('error/not a PDF, and a signature larger than the reserved room: clear codes', async () => {
  const { issuing } = await createTestHierarchy();
  const signer = await testSigner(issuing, 'Lò Văn Minh');
  await assert.rejects(signPdf(new TextEncoder().encode('không phải PDF'), { signer, signingTime: new Date() }), { code: 'PADES_PDF_INVALID' });
  await assert.rejects(signPdf(await samplePdf(), { signer, signingTime: new Date(), reservedBytes: 256 }), { code: 'PADES_SIGNATURE_TOO_LARGE' });
});
