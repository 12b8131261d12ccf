/**
 * The monthly statistics as files: an XLSX whose figures are numbers (to sum and chart in a spreadsheet) under a
 * two-row header grouping them, and a PDF drawn by the registers' own table printer (tableToPdf), which carries the
 * Vietnamese letters. The XLSX is written here rather than by tableToXlsx, which writes every cell as text under one
 * header row.
 */
import ExcelJS from 'exceljs';
import { OfficeError } from '../office.errors.ts';
import { EXPORT_FORMATS, vietnameseDate, type ExportFormat } from '../documents/register-export.ts';
import { PDF_TYPE, tableToPdf, XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import type { MonthFigures, MonthlyStatistics } from './monthly-statistics.ts';

/** The figures in the order the files show them, grouped as the header groups them */
export const STATISTICS_GROUPS: readonly { readonly title: string; readonly columns: readonly (readonly [string, (f: MonthFigures) => number])[] }[] = [
  { title: 'Văn bản đến', columns: [['Đã đăng ký', (f) => f.incoming.registered]] },
  {
    title: 'Văn bản đi',
    columns: [
      ['Đã phát hành', (f) => f.outgoing.issued], ['Có chữ ký số', (f) => f.outgoing.signed], ['Gửi điện tử', (f) => f.outgoing.electronic],
      ['Đến đơn vị trong hệ thống', (f) => f.outgoing.units], ['Qua trục liên thông', (f) => f.outgoing.axis], ['Qua thư điện tử', (f) => f.outgoing.email],
      ['Kèm bản giấy', (f) => f.outgoing.withPaper],
    ],
  },
  {
    title: 'Xử lý văn bản đến theo hạn',
    columns: [['Đúng hạn', (f) => f.deadlines.onTime], ['Trễ hạn', (f) => f.deadlines.late], ['Quá hạn chưa xong', (f) => f.deadlines.overdue], ['Chưa đến hạn', (f) => f.deadlines.pending]],
  },
  {
    title: 'Đề nghị hành chính',
    columns: [['Đã gửi', (f) => f.requests.filed], ['Đã duyệt', (f) => f.requests.approved], ['Đã hoàn thành', (f) => f.requests.done], ['Bị trả lại', (f) => f.requests.returned]],
  },
];

/** 2026-03 → Tháng 03/2026 */
export const monthLabel = (month: string): string => `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;
const TOTAL_LABEL = 'Cộng';
const SHEET_NAME = 'Thống kê hằng tháng';

const headingOf = (s: MonthlyStatistics): string[] => [
  s.agencyName.toUpperCase(),
  'THỐNG KÊ HẰNG THÁNG',
  `Từ ${monthLabel(s.from).toLowerCase()} đến ${monthLabel(s.to).toLowerCase()}; ${s.agencies} cơ quan, đơn vị; số liệu đến ngày ${vietnameseDate(s.asOf)}`,
];

/** Each month's line, then the totals: its label and its figures */
const linesOf = (s: MonthlyStatistics): [string, number[]][] => [
  ...s.months.map((m): [string, number[]] => [monthLabel(m.month), STATISTICS_GROUPS.flatMap((g) => g.columns.map(([, pick]) => pick(m)))]),
  [TOTAL_LABEL, STATISTICS_GROUPS.flatMap((g) => g.columns.map(([, pick]) => pick(s.total)))],
];

export async function monthlyStatisticsFile(statistics: MonthlyStatistics, format: ExportFormat): Promise<ExportedFile> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new OfficeError('OFFICE_EXPORT_FORMAT_INVALID', { format: String(format), allowed: EXPORT_FORMATS.join(', ') });
  const name = `thong-ke-hang-thang-${statistics.from}-${statistics.to}.${format}`;
  return format === 'xlsx'
    ? { name, contentType: XLSX_TYPE, bytes: await statisticsXlsx(statistics) }
    : { name, contentType: PDF_TYPE, bytes: await statisticsPdf(statistics) };
}

async function statisticsXlsx(s: MonthlyStatistics): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(SHEET_NAME, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const width = 1 + STATISTICS_GROUPS.reduce((n, g) => n + g.columns.length, 0);
  sheet.columns = [{ width: 16 }, ...Array.from({ length: width - 1 }, () => ({ width: 13 }))];
  for (const line of headingOf(s)) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.font = { bold: true, size: 12 };
    row.alignment = { horizontal: 'center' };
  }
  // Two header rows: the groups over their columns, "Tháng" spanning both
  const groups = sheet.addRow(['Tháng', ...STATISTICS_GROUPS.flatMap((g) => g.columns.map(() => g.title))]);
  const columns = sheet.addRow(['Tháng', ...STATISTICS_GROUPS.flatMap((g) => g.columns.map(([label]) => label))]);
  sheet.mergeCells(groups.number, 1, columns.number, 1);
  let at = 2;
  for (const g of STATISTICS_GROUPS) {
    if (g.columns.length > 1) sheet.mergeCells(groups.number, at, groups.number, at + g.columns.length - 1);
    at += g.columns.length;
  }
  for (const row of [groups, columns]) {
    row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  }
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: columns.number }];
  for (const [label, figures] of linesOf(s)) sheet.addRow([label, ...figures]).font = { bold: label === TOTAL_LABEL };
  const border = { style: 'thin' } as const;
  for (let r = groups.number; r <= sheet.rowCount; r++) {
    sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => { cell.border = { top: border, left: border, bottom: border, right: border }; });
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function statisticsPdf(s: MonthlyStatistics): Promise<Uint8Array> {
  const columns = ['Tháng', ...STATISTICS_GROUPS.flatMap((g) => g.columns.map(([label]) => (g.columns.length > 1 ? `${g.title}: ${label.toLowerCase()}` : `${g.title} ${label.toLowerCase()}`)))];
  return tableToPdf({
    heading: headingOf(s), columns, widths: [12, ...columns.slice(1).map(() => 8)], sheetName: SHEET_NAME,
    rows: linesOf(s).map(([label, figures]) => [label, ...figures.map(String)]),
  });
}
