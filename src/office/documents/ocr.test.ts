import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { scannedLetter } from '../../../test/helpers/scan.ts';
import { foldText } from '../../shared/fold.ts';
import { convertToPdf, findSoffice } from './convert.ts';
import { findOcrmypdf, ocrScan } from './ocr.ts';

/** Words OCR must find, diacritics folded (a misread accent does not fail the test, a misread word does) */
const WORDS = ['uy ban nhan dan', 'lai chau', 'quyet dinh', 'chu ky so', 'chuyen dung cong vu', 'thong tin va truyen thong', 'huong dan'];
/** Words whose diacritics the Vietnamese model should get right */
const EXACT = ['QUYẾT ĐỊNH', 'chữ ký số', 'Truyền thông', 'hướng dẫn', 'LAI CHÂU'];

function requireTools(t: TestContext, tools: Record<string, boolean>): boolean {
  const missing = Object.entries(tools).filter(([, present]) => !present).map(([name]) => name);
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`required under CI: ${missing.join(', ')}`);
  t.skip(`not installed: ${missing.join(', ')}`);
  return false;
}

const onPath = (tool: string) => runTool('sh', ['-c', `command -v ${tool}`]).code === 0;

test('ok: a scanned Vietnamese letter (image only) becomes a PDF/A whose text OCR read in Vietnamese', { timeout: 300_000 }, async (t) => {
  if (!requireTools(t, { ocrmypdf: !!findOcrmypdf(), soffice: !!findSoffice(), pdftoppm: onPath('pdftoppm'), pdftotext: onPath('pdftotext'), qpdf: onPath('qpdf'), pdfinfo: onPath('pdfinfo') })) return;
  const files = scratch();
  try {
    const scan = await scannedLetter(files.dir);
    assert.equal(runTool('pdftotext', [files.write('scan.pdf', scan), '-']).stdout.trim(), '', 'the scan carries no text of its own');

    const { pdf, text } = await ocrScan(scan);
    const folded = foldText(text).replace(/\s+/g, ' ');
    const found = WORDS.filter((w) => folded.includes(w));
    assert.ok(found.length >= WORDS.length - 1, `OCR found ${found.join(', ')} in: ${text}`);
    assert.ok(EXACT.filter((w) => text.includes(w)).length >= 3, `Vietnamese diacritics read: ${text}`);

    const out = files.write('ocr.pdf', pdf);
    const check = runTool('qpdf', ['--check', out]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(runTool('pdfinfo', ['-meta', out]).stdout, /pdfaid:part(="|>)2/, 'PDF/A-2 declared in the XMP metadata');
    assert.match(foldText(runTool('pdftotext', [out, '-']).stdout), /quyet dinh/, 'another reader finds the text layer too');
  } finally {
    files.remove();
  }
});

test('error/bad input: not a PDF, empty, corrupt, password-protected, too slow; no ocrmypdf, no Vietnamese model: each a clear Vietnamese answer', { timeout: 300_000 }, async (t) => {
  type Coded = { code: string; params: Record<string, string>; localise(lang: 'vi' | 'en'): string };
  const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail('accepted'), (err: Coded) => err);

  const png = await refusal(ocrScan(new Uint8Array(Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'))));
  assert.equal(png.code, 'OFFICE_OCR_NOT_PDF');
  assert.match(png.localise('vi'), /không phải tệp PDF/);
  assert.equal((await refusal(ocrScan(new Uint8Array(0)))).code, 'OFFICE_OCR_NOT_PDF');
  const missing = await refusal(ocrScan(new TextEncoder().encode('%PDF-1.4\n'), { env: { PATH: '/khong-co' } }));
  assert.equal(missing.code, 'OFFICE_OCR_MISSING');
  assert.match(missing.localise('vi'), /ocrmypdf và tesseract-ocr-vie/);

  if (!requireTools(t, { ocrmypdf: !!findOcrmypdf(), soffice: !!findSoffice(), pdftoppm: onPath('pdftoppm'), qpdf: onPath('qpdf') })) return;
  const files = scratch();
  try {
    const corrupt = await refusal(ocrScan(new TextEncoder().encode('%PDF-1.4\nkhông phải nội dung PDF')));
    assert.equal(corrupt.code, 'OFFICE_OCR_FAILED');
    assert.match(corrupt.params.reason!, /hỏng/);

    const scan = await scannedLetter(files.dir);
    const locked = runTool('qpdf', ['--encrypt', 'matkhau', 'matkhau', '256', '--', files.write('scan.pdf', scan), join(files.dir, 'locked.pdf')]);
    assert.equal(locked.code, 0, locked.stderr);
    const encrypted = await refusal(ocrScan(new Uint8Array(readFileSync(join(files.dir, 'locked.pdf')))));
    assert.equal(encrypted.code, 'OFFICE_OCR_FAILED');
    assert.match(encrypted.params.reason!, /mật khẩu/);

    const noModel = await refusal(ocrScan(scan, { env: { ...process.env, TESSDATA_PREFIX: files.dir } }));
    assert.equal(noModel.code, 'OFFICE_OCR_MISSING', 'Tesseract without its vie model: something to install');

    const slow = await refusal(ocrScan(scan, { timeoutMs: 50 }));
    assert.equal(slow.code, 'OFFICE_OCR_FAILED');
    assert.match(slow.params.reason!, /chưa xong/);
  } finally {
    files.remove();
  }
});
