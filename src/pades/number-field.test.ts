import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PDF } from '@libpdf/core';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { DEFAULT_FONT, type Rect } from './appearance/appearance.ts';
import { sealDocument, signAsPerson } from './decree30.ts';
import { NUMBER_FIELD, addNumberField, fillNumberField } from './number-field.ts';
import { PdfFile } from './pdf/file.ts';
import { Ref, Str } from './pdf/objects.ts';
import { IncrementalUpdate, withEntries } from './pdf/writer.ts';
import { count, isDark, render, SIGNATURE_BLOCK, sealImage, signatureImage, testOrganisation, testPki, testSigner, textPdf } from './test-fixtures.ts';
import { validate } from './validate/validate.ts';

/** A draft's letter head as Decree 30 lays it out: "Số:" with the blank the number goes in, the place and date on its line */
const draft = (numberLine = 'Số:'): Promise<Uint8Array> => textPdf([
  ['ỦY BAN NHÂN DÂN', 80, 790, 13],
  ['TỈNH LAI CHÂU', 95, 775, 13],
  ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 300, 790, 12],
  ['Độc lập - Tự do - Hạnh phúc', 350, 775, 13],
  [numberLine, 70, 750, 13],
  ['Lai Châu, ngày 26 tháng 11 năm 2026', 330, 750, 13],
  ['QUYẾT ĐỊNH', 260, 700, 14],
  ['Về việc ban hành quy chế văn thư, lưu trữ', 180, 682, 14],
  ...SIGNATURE_BLOCK,
]);

function fieldOf(pdf: Uint8Array) {
  const view = new PdfFile(pdf).document;
  const field = view.fields().find((f) => f.name === NUMBER_FIELD);
  const rect = (field?.dict.get('Rect') as number[] | undefined) as Rect | undefined;
  return { view, field, rect };
}

function pdftotext(pdf: Uint8Array): string {
  const files = scratch();
  try {
    const run = runTool('pdftotext', ['-f', '1', '-l', '1', '-layout', files.write('in.pdf', pdf), '-']);
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  } finally {
    files.remove();
  }
}

test('ok: draft → number field → personal signature → number written → seal; the number is form fill the personal signature allows; pdfsig, qpdf, pdftotext and the rendered page agree', async () => {
  const pki = await testPki();
  const signingTime = new Date();
  const withField = await addNumberField(await draft());
  const { field, rect, view } = fieldOf(withField);
  assert.ok(field && rect, 'the field is there');
  assert.equal(field.type, 'Tx');
  assert.equal(view.resolve(field.dict.get('Ff')), 1, 'read-only');
  assert.match((view.resolve(field.dict.get('DA')) as Str).text(), /^\/SoKyHieu 13 Tf 0 g$/);
  assert.ok(view.dict(view.dict(view.dict(view.catalog.get('AcroForm'))?.get('DR'))?.get('Font'))?.get('SoKyHieu') instanceof Ref, 'its font in /DR');
  // Over the blank after "Số:" (x 70, 13 pt: "Số:" ends near x 88), on its baseline, before the date at x 330
  assert.ok(rect[0] > 86 && rect[0] < 96, `field starts after "Số:": ${rect}`);
  assert.ok(rect[2] > 200 && rect[2] < 330, `and ends before the date: ${rect}`);
  assert.ok(rect[1] < 750 && rect[3] > 759, `on the line: ${rect}`);
  assert.equal(await addNumberField(withField), withField, 'adding it again changes nothing');

  const personal = await signAsPerson(withField, { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime, place: { anchor: 'Lò Văn Minh' }, image: signatureImage() });
  const numbered = await fillNumberField(personal, '15/QĐ-UBND');
  assert.deepEqual(numbered.subarray(0, personal.byteLength), personal, 'an incremental update');
  const afterFill = await validate(numbered, pki.trustStore, { fetch: pki.fetch });
  const first = afterFill.signatures[0]!;
  assert.equal(first.indication, 'TOTAL_PASSED', `${first.reason.vi} ${JSON.stringify(first.changes)}`);
  assert.ok(first.changesAllowed && first.changes.some((c) => c.kind === 'form-fill' && c.allowed), JSON.stringify(first.changes));
  assert.ok(first.changes.every((c) => c.kind === 'form-fill'), `only form fill: ${JSON.stringify(first.changes)}`);

  const sealed = await sealDocument(numbered, { signer: await testOrganisation(pki.issuing), signingTime, kind: 'document', seal: sealImage(), diameterMm: 36, organisation: 'UBND tỉnh Lai Châu', trustStore: pki.trustStore, fetch: pki.fetch });
  const report = await validate(sealed, pki.trustStore, { fetch: pki.fetch });
  assert.deepEqual(report.signatures.map((s) => s.indication), ['TOTAL_PASSED', 'TOTAL_PASSED'], JSON.stringify(report.signatures.map((s) => [s.reason.vi, s.changes])));
  assert.ok(report.signatures[0]!.changes.some((c) => c.kind === 'form-fill' && c.allowed), 'the number is listed as form fill under the personal signature');

  const files = scratch();
  try {
    const path = files.write('sealed.pdf', sealed);
    const pdfsig = runTool('pdfsig', ['-nocert', path]);
    assert.equal((pdfsig.stdout.match(/Signature Validation: Signature is Valid\./g) ?? []).length, 2, pdfsig.stdout);
    const check = runTool('qpdf', ['--check', path]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    files.remove();
  }
  const text = pdftotext(sealed);
  assert.match(text, /15\/QĐ-UBND/, text);
  assert.match(text, /Số:\s+15\/QĐ-UBND/, 'right after "Số:"');

  const { rect: filledRect } = fieldOf(sealed);
  assert.ok(count(render(sealed), filledRect!, isDark) > 40, 'the number shows in the field');
  assert.equal(count(render(personal), rect, isDark), 0, 'the empty field showed nothing');
});

test('ok: a draft with the symbol printed ("Số:      /QĐ-UBND") gets the field over the blank, right-aligned, so the number joins the symbol', async () => {
  const withField = await addNumberField(await draft('Số:              /QĐ-UBND'));
  const { field, rect, view } = fieldOf(withField);
  assert.ok(field && rect);
  assert.equal(view.resolve(field.dict.get('Q')), 2);
  assert.ok(rect[0] > 86 && rect[2] < 150, `between "Số:" and "/QĐ-UBND": ${rect}`);
  const numbered = await fillNumberField(withField, '15');
  assert.match(pdftotext(numbered), /Số:\s+15\/QĐ-UBND/, 'the number joins the printed symbol');
});

test('ok: "Số" and ":" written as separate runs (a bold word, then the colon) are found together; the field keeps their baseline', async () => {
  const pdf = PDF.create();
  const page = pdf.addPage({ size: 'a4' });
  const font = pdf.embedFont(new Uint8Array(readFileSync(DEFAULT_FONT)));
  const bold = pdf.embedFont(new Uint8Array(readFileSync(DEFAULT_FONT.replace('Regular', 'Bold'))));
  // pdf.js gives these as two items, 'Số' and ':'
  page.drawText('Số', { x: 70, y: 750, size: 13, font: bold });
  page.drawText(':', { x: 70 + bold.widthOfTextAtSize('Số', 13), y: 750, size: 13, font });
  page.drawText('Số hóa văn bản: không', { x: 70, y: 700, size: 12, font });
  const { rect } = fieldOf(await addNumberField(await pdf.save({ subsetFonts: true })));
  assert.ok(rect && rect[0] > 86 && rect[0] < 92 && rect[1] < 750 && rect[3] > 759, `after "Số:" on its line, not after the later "Số": ${rect}`);
});

test('ok: a place given as a rectangle is used as is, on the page given', async () => {
  const withField = await addNumberField(await draft(), { place: { page: 0, rect: [100, 600, 250, 620] } });
  const { rect } = fieldOf(withField);
  assert.deepEqual(rect, [100, 600, 250, 620]);
  const numbered = await fillNumberField(withField, '07/2026/QĐ-UBND');
  assert.ok(count(render(numbered), [100, 600, 250, 620], isDark) > 40);
});

test('bad: the number is written once, only into a field the draft has; a field added after the personal signature is not allowed', async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const withField = await addNumberField(await draft());
  const numbered = await fillNumberField(withField, '15/QĐ-UBND');
  await assert.rejects(fillNumberField(numbered, '16/QĐ-UBND'), (err: Error & { code?: string }) => err.code === 'PADES_NUMBER_FIELD_FILLED' && err.message.includes('15/QĐ-UBND'));
  await assert.rejects(fillNumberField(await draft(), '15/QĐ-UBND'), { code: 'PADES_NUMBER_FIELD_MISSING' });
  await assert.rejects(addNumberField(await draft('Kính gửi:')), { code: 'PADES_ANCHOR_NOT_FOUND' });

  // The field added after the signature instead of before it: new form structure and a new annotation
  const signedWithout = await signAsPerson(await draft(), { signer, signingTime: new Date(), place: { anchor: 'Lò Văn Minh' } });
  const late = await fillNumberField(await addNumberField(signedWithout), '15/QĐ-UBND');
  const lateReport = (await validate(late, pki.trustStore, { fetch: pki.fetch })).signatures[0]!;
  assert.deepEqual([lateReport.intact, lateReport.indication, lateReport.changesAllowed], [true, 'TOTAL_FAILED', false], JSON.stringify(lateReport.changes));
  assert.ok(lateReport.changes.some((c) => !c.allowed && ['form-structure', 'annotation'].includes(c.kind)), JSON.stringify(lateReport.changes));

  // Filling the signed field but also changing something else: its rectangle moved
  const personal = await signAsPerson(withField, { signer, signingTime: new Date(), place: { anchor: 'Lò Văn Minh' } });
  const filled = await fillNumberField(personal, '15/QĐ-UBND');
  const file = new PdfFile(filled);
  const field = file.document.fields().find((f) => f.name === NUMBER_FIELD)!;
  const update = new IncrementalUpdate(file);
  update.set(field.ref!.num, withEntries(field.dict, { Rect: [70, 400, 300, 420] }));
  const moved = (await validate(update.write(), pki.trustStore, { fetch: pki.fetch })).signatures[0]!;
  assert.equal(moved.indication, 'TOTAL_FAILED', JSON.stringify(moved.changes));
  assert.ok(moved.changes.some((c) => !c.allowed && c.kind === 'form-structure'), JSON.stringify(moved.changes));
});
