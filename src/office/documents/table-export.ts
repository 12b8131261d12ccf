/**
 * A titled table (a register, a case file's list of documents) written as an XLSX workbook with exceljs and as a
 * landscape A4 PDF drawn by @libpdf/core in Liberation Serif, which has every Vietnamese letter: cells wrap, the
 * header row repeats on each page, and each page says which it is of how many.
 */
import ExcelJS from 'exceljs';
import { PDF, rgb, type EmbeddedFont, type PDFPage } from '@libpdf/core';
import { DEFAULT_FONT, fontBytes } from '../../pades/index.ts';

export interface Table {
  /** Lines above the table: the agency, the title, the year */
  readonly heading: readonly string[];
  readonly columns: readonly string[];
  /** Relative widths, one per column */
  readonly widths: readonly number[];
  readonly rows: readonly (readonly string[])[];
  readonly sheetName: string;
}

export interface ExportedFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';

export async function tableToXlsx(table: Table): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(table.sheetName.slice(0, 31), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const total = table.widths.reduce((a, b) => a + b, 0);
  sheet.columns = table.widths.map((w) => ({ width: Math.max(8, Math.round((w / total) * 160)) }));
  for (const line of table.heading) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, table.columns.length);
    row.font = { bold: true, size: 12 };
    row.alignment = { horizontal: 'center' };
  }
  const header = sheet.addRow([...table.columns]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const cells of table.rows) sheet.addRow([...cells]).alignment = { wrapText: true, vertical: 'top' };
  const border = { style: 'thin' } as const;
  for (let r = header.number; r <= sheet.rowCount; r++) {
    sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => { cell.border = { top: border, left: border, bottom: border, right: border }; });
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape
const MARGIN = 28;
const SIZE = 8;
const LINE = SIZE * 1.25;
const PAD = 3;
const BLACK = rgb(0, 0, 0);

/** The text cut into lines that fit `width`, words kept whole unless one alone is too wide */
function wrap(text: string, font: EmbeddedFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.normalize('NFC').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) { line = candidate; continue; }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

interface Layout { readonly font: EmbeddedFont; readonly bold: EmbeddedFont; readonly xs: readonly number[]; readonly widths: readonly number[] }

/** Draws one row at `top` and returns its height; `maxLines` bounds a row taller than a page */
function drawRow(page: PDFPage, layout: Layout, cells: readonly string[], top: number, font: EmbeddedFont, maxLines: number): number {
  const wrapped = layout.widths.map((w, i) => {
    const lines = wrap(cells[i] ?? '', font, SIZE, w - 2 * PAD);
    return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1] ?? ''} …`] : lines;
  });
  const height = Math.max(...wrapped.map((l) => l.length)) * LINE + 2 * PAD;
  wrapped.forEach((lines, i) => lines.forEach((text, j) => {
    if (text) page.drawText(text, { x: layout.xs[i]! + PAD, y: top - PAD - (j + 1) * LINE + 2, size: SIZE, font, color: BLACK });
  }));
  const right = layout.xs[layout.xs.length - 1]! + layout.widths[layout.widths.length - 1]!;
  for (const y of [top, top - height]) page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.5, color: BLACK });
  for (const x of [...layout.xs, right]) page.drawLine({ start: { x, y: top }, end: { x, y: top - height }, thickness: 0.5, color: BLACK });
  return height;
}

/** The heading, centred, on the first page; returns where the table starts */
function drawHeading(page: PDFPage, layout: Layout, heading: readonly string[]): number {
  let y = PAGE.height - MARGIN;
  heading.forEach((line, i) => {
    const size = i === 1 ? 14 : 11;
    const text = line.normalize('NFC');
    y -= size * 1.4;
    page.drawText(text, { x: (PAGE.width - layout.bold.widthOfTextAtSize(text, size)) / 2, y, size, font: layout.bold, color: BLACK });
  });
  return y - 12;
}

export async function tableToPdf(table: Table): Promise<Uint8Array> {
  const pdf = PDF.create();
  const font = pdf.embedFont(fontBytes(DEFAULT_FONT));
  const bold = pdf.embedFont(fontBytes(DEFAULT_FONT.replace('-Regular', '-Bold')));
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((w) => (w / total) * (PAGE.width - 2 * MARGIN));
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const layout: Layout = { font, bold, xs, widths };
  const maxLines = Math.floor((PAGE.height - 2 * MARGIN - 80) / LINE) - 4;
  const pages: PDFPage[] = [];
  const newPage = () => {
    const page = pdf.addPage({ width: PAGE.width, height: PAGE.height });
    pages.push(page);
    return page;
  };
  let page = newPage();
  let top = drawHeading(page, layout, table.heading);
  top -= drawRow(page, layout, table.columns, top, bold, maxLines);
  for (const cells of table.rows) {
    const needed = Math.min(Math.max(...cells.map((c, i) => wrap(c, font, SIZE, widths[i]! - 2 * PAD).length)), maxLines) * LINE + 2 * PAD;
    if (top - needed < MARGIN + LINE) {
      page = newPage();
      top = PAGE.height - MARGIN;
      top -= drawRow(page, layout, table.columns, top, bold, maxLines);
    }
    top -= drawRow(page, layout, cells, top, font, maxLines);
  }
  pages.forEach((p, i) => {
    const text = `Trang ${i + 1}/${pages.length}`;
    p.drawText(text, { x: PAGE.width - MARGIN - font.widthOfTextAtSize(text, SIZE), y: MARGIN / 2, size: SIZE, font, color: BLACK });
  });
  return pdf.save({ subsetFonts: true });
}
