/** A scanned paper letter for the OCR and intake tests: what a copier makes of a printed Vietnamese decision. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { convertToPdf } from '../../src/office/documents/convert.ts';
import { runTool } from './tools.ts';

export const SCAN_LINES = [
  'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU',
  'QUYẾT ĐỊNH',
  'Về việc triển khai chữ ký số chuyên dùng công vụ trong cơ quan nhà nước',
  'Giao Sở Thông tin và Truyền thông hướng dẫn các huyện thực hiện.',
];
export const SCAN_FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" fo:font-family="Liberation Serif" fo:font-size="14pt"/></style:style></office:automatic-styles>
<office:body><office:text>${SCAN_LINES.map((l) => `<text:p text:style-name="P1">${l}</text:p>`).join('')}</office:text></office:body></office:document>`;


/** A scan as a copier makes it: the letter printed by LibreOffice, rasterised at 200 dpi, wrapped as an image-only PDF */
export async function scannedLetter(dir: string): Promise<Uint8Array> {
  const source = join(dir, 'in.pdf');
  writeFileSync(source, await convertToPdf(new TextEncoder().encode(SCAN_FODT), 'quyet-dinh.fodt'));
  const raster = runTool('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', source, join(dir, 'trang')]);
  assert.equal(raster.code, 0, raster.stderr);
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(readFileSync(join(dir, 'trang.png')));
  const [width, height] = [(image.width * 72) / 200, (image.height * 72) / 200];
  doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  return doc.save();
}

