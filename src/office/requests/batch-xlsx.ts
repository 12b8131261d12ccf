/**
 * A batch as the seed's list in XLSX: the agency and the form's title above, the form's columns in the seed's order
 * with the seed's headings, one row per entry numbered from 1, text wrapped, the header frozen.
 * Written as register-export's tables are (exceljs, A4 landscape fitted to the width, thin borders), but not through
 * `tableToXlsx`: a form's split group ("Dịch vụ yêu cầu (5)" over "Gia hạn (6)" and "Thay đổi thông tin (7)")
 * needs a two-row header with merged cells, and that helper writes one header row.
 */
import ExcelJS from 'exceljs';
import { XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import { batchTable, leavesOf, type BatchDocumentInput, type TableColumn } from './batch-table.ts';

const BORDER = { style: 'thin' } as const;
const BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
/** Millimetres of a printed column to Excel's character widths, at least 6 */
const toChars = (mm: number) => Math.max(6, Math.round(mm / 1.9));

const sheetName = (title: string) => title.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Danh sách';

/** Lines above the table, each merged across it */
function writeHeading(sheet: ExcelJS.Worksheet, lines: readonly { text: string; bold: boolean; size: number }[], width: number): void {
  for (const line of lines) {
    const row = sheet.addRow([line.text]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.font = { name: 'Times New Roman', bold: line.bold, size: line.size };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  sheet.addRow([]);
}

/** One header row, or two when a split group has sub-columns: the heading over its parts, the others merged down */
function writeHeader(sheet: ExcelJS.Worksheet, columns: readonly TableColumn[]): number {
  const twoRows = columns.some((c) => c.isSplit);
  const top = sheet.addRow(columns.flatMap((c) => c.leaves.map(() => c.label)));
  const bottom = twoRows ? sheet.addRow(columns.flatMap((c) => c.leaves.map((l) => (c.isSplit ? l.label : c.label)))) : top;
  let at = 1;
  for (const column of columns) {
    const span = column.leaves.length;
    if (column.isSplit && span > 1) sheet.mergeCells(top.number, at, top.number, at + span - 1);
    if (!column.isSplit && twoRows) sheet.mergeCells(top.number, at, bottom.number, at);
    at += span;
  }
  for (const row of new Set([top, bottom])) {
    row.font = { name: 'Times New Roman', bold: true, size: 12 };
    row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    row.eachCell({ includeEmpty: true }, (cell) => { cell.border = BORDERS; });
  }
  return bottom.number;
}

/** The list of one batch as an XLSX workbook of one sheet */
export async function batchToXlsx(input: BatchDocumentInput): Promise<ExportedFile> {
  const { form, agency, entries } = input;
  const table = batchTable(form, entries);
  const leaves = leavesOf(table.columns);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName(form.title), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = leaves.map((l) => ({ width: toChars(l.widthMm) }));
  writeHeading(sheet, [
    ...(agency.parent ? [{ text: agency.parent.toUpperCase(), bold: false, size: 12 }] : []),
    { text: agency.name.toUpperCase(), bold: true, size: 12 },
    { text: form.title, bold: true, size: 14 },
    ...(form.subject ? [{ text: form.subject, bold: false, size: 12 }] : []),
  ], leaves.length);
  const headerEnd = writeHeader(sheet, table.columns);
  sheet.views = [{ state: 'frozen', ySplit: headerEnd }];
  for (const cells of table.rows) {
    const row = sheet.addRow([...cells]);
    row.font = { name: 'Times New Roman', size: 12 };
    row.alignment = { wrapText: true, vertical: 'top' };
    row.eachCell({ includeEmpty: true }, (cell) => { cell.border = BORDERS; });
    leaves.forEach((leaf, i) => { if (leaf.isCentred) row.getCell(i + 1).alignment = { horizontal: 'center', vertical: 'top', wrapText: true }; });
  }
  sheet.pageSetup.printTitlesRow = `${headerEnd - (table.columns.some((c) => c.isSplit) ? 1 : 0)}:${headerEnd}`;
  return { name: `danh-sach-${form.id}.xlsx`, contentType: XLSX_TYPE, bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
}
