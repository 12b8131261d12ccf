import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { convertToPdf, findSoffice } from './convert.ts';

const FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text><text:p>ỦY BAN NHÂN DÂN TỈNH LAI CHÂU</text:p><text:p>V/v triển khai chữ ký số chuyên dùng</text:p></office:text></office:body></office:document>`;

test('ok: an OpenDocument text in Vietnamese becomes a PDF that keeps its text (LibreOffice, a profile of its own)', { timeout: 180_000 }, async (t) => {
  if (!findSoffice()) {
    if (process.env.CI) throw new Error('LibreOffice (soffice) is required under CI');
    t.skip('soffice not installed');
    return;
  }
  const [one, two] = await Promise.all([convertToPdf(new TextEncoder().encode(FODT), 'cong-van.fodt'), convertToPdf(new TextEncoder().encode(FODT), 'ban-sao.fodt')]);
  assert.equal(Buffer.from(one.subarray(0, 5)).toString(), '%PDF-');
  assert.ok(two.length > 1000, 'two conversions at once both finish');
  const files = scratch();
  try {
    assert.match(runTool('pdftotext', [files.write('out.pdf', one), '-']).stdout, /triển khai chữ ký số chuyên dùng/);
  } finally {
    files.remove();
  }
});

test('bad: a file that is not what its name says, a corrupt Word file, another kind of file, no LibreOffice installed: each a clear Vietnamese answer', { timeout: 180_000 }, async (t) => {
  // LibreOffice would open random bytes as plain text and make a PDF of them: refused before
  await assert.rejects(convertToPdf(new Uint8Array(randomBytes(4000)), 'hong.docx'), (err: { code: string; localise(l: string): string }) => err.code === 'OFFICE_CONVERSION_FAILED' && /đặt sai đuôi/.test(err.localise('vi')));
  await assert.rejects(convertToPdf(new Uint8Array(10), 'virus.exe'), { code: 'OFFICE_CONVERSION_UNSUPPORTED' });
  await assert.rejects(convertToPdf(new Uint8Array(0), 'rong.docx'), { code: 'OFFICE_CONVERSION_FAILED' });
  const missing = await convertToPdf(new TextEncoder().encode(FODT), 'cong-van.fodt', { PATH: '/khong-co' }).catch((err: { code: string; localise(l: string): string }) => err);
  assert.equal((missing as { code: string }).code, 'OFFICE_CONVERTER_MISSING');
  assert.match((missing as { localise(l: string): string }).localise('vi'), /libreoffice-writer-nogui/);
  if (!findSoffice()) return t.skip('soffice not installed: the corrupt-file case needs it');
  await assert.rejects(convertToPdf(new Uint8Array(Buffer.from(`PK\x03\x04${'x'.repeat(200)}`, 'latin1')), 'hong-zip.docx'), { code: 'OFFICE_CONVERSION_FAILED' });
});
