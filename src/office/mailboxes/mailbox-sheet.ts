/**
 * The file a DIC loads a province's existing mailboxes from: an XLSX (its first sheet) or a CSV (UTF-8, comma,
 * semicolon or tab), one mailbox a row under a heading row naming the columns. Headings are matched without case or
 * diacritics and in any order, so a sheet retyped by hand still reads; the template downloads the same headings.
 * Only reading and writing the sheet here: the rows are checked by mailbox-import.ts. @internal
 */
import ExcelJS from 'exceljs';
import { XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import { foldText } from '../../shared/fold.ts';
import { OfficeError } from '../office.errors.ts';

/** The columns, as the template heads them; `kind` may be left out (a person's mailbox, as when recorded by hand) */
export const IMPORT_COLUMNS = {
  address: 'Địa chỉ thư', holder: 'Họ và tên / Đơn vị', agency: 'Cơ quan (mã định danh)', state: 'Trạng thái', kind: 'Loại (Cá nhân / Đơn vị)',
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;
const REQUIRED: readonly ImportColumn[] = ['address', 'holder', 'agency', 'state'];

/** One row of the file: its line as the spreadsheet numbers it, and its cells by column */
export interface SheetRow { readonly line: number; readonly cells: Readonly<Record<ImportColumn, string>> }

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;
/** The heading row is looked for among the first lines (a title may sit above it) */
const HEADING_SEARCH = 10;

const key = (text: string) => foldText(text).replace(/[^a-z0-9]+/g, ' ').trim();
/** A heading names a column by its first words: "Địa chỉ thư công vụ" and "Loại" still read */
const HEADINGS: readonly [ImportColumn, string][] = [
  ['address', 'dia chi thu'], ['holder', 'ho va ten'], ['holder', 'don vi'], ['agency', 'co quan'], ['state', 'trang thai'], ['kind', 'loai'],
];
const columnOf = (heading: string): ImportColumn | undefined => HEADINGS.find(([, start]) => key(heading).startsWith(start))?.[0];

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** RFC 4180: quoted cells may hold the separator, line breaks and doubled quotes */
function csvLines(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = [',', ';', '\t'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const lines: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) { cells.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell); lines.push(cells); cells = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) { cells.push(cell); lines.push(cells); }
  return lines;
}

/** A cell as text: a hyperlinked or rich-text address is its text, a formula its result */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('hyperlink' in value) return String(value.hyperlink).replace(/^mailto:/i, '');
    return '';
  }
  return String(value);
}

async function xlsxLines(bytes: Uint8Array): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new OfficeError('OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE');
  }
  const sheet = book.worksheets[0];
  const lines: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    lines[number - 1] = values.map((v) => cellText(v as ExcelJS.CellValue));
  });
  return Array.from(lines, (l) => l ?? []);
}

/** The rows under the heading, blank ones skipped; a file without the four columns is refused as a whole */
export async function readMailboxSheet(bytes: Uint8Array): Promise<SheetRow[]> {
  if (bytes.length === 0) throw new OfficeError('OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE');
  if (bytes.length > MAX_IMPORT_BYTES) throw new OfficeError('OFFICE_MAILBOX_IMPORT_TOO_LARGE', { max: MAX_IMPORT_ROWS, mib: MAX_IMPORT_BYTES / 1024 / 1024 });
  let lines: string[][];
  if (isZip(bytes)) lines = await xlsxLines(bytes);
  else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      throw new OfficeError('OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE');
    }
    lines = csvLines(text);
  }
  const headingAt = lines.slice(0, HEADING_SEARCH).findIndex((cells) => REQUIRED.every((c) => cells.some((h) => columnOf(h) === c)));
  if (headingAt < 0) throw new OfficeError('OFFICE_MAILBOX_IMPORT_COLUMNS_MISSING', { columns: REQUIRED.map((c) => `"${IMPORT_COLUMNS[c]}"`).join(', ') });
  const positions = new Map<ImportColumn, number>();
  lines[headingAt]!.forEach((heading, i) => { const c = columnOf(heading); if (c && !positions.has(c)) positions.set(c, i); });
  const rows: SheetRow[] = [];
  for (let i = headingAt + 1; i < lines.length; i++) {
    const cells = Object.fromEntries((Object.keys(IMPORT_COLUMNS) as ImportColumn[]).map((c) => [c, (lines[i]![positions.get(c) ?? -1] ?? '').trim()])) as Record<ImportColumn, string>;
    if (Object.values(cells).every((v) => v === '')) continue;
    rows.push({ line: i + 1, cells });
  }
  if (rows.length === 0) throw new OfficeError('OFFICE_MAILBOX_IMPORT_EMPTY');
  if (rows.length > MAX_IMPORT_ROWS) throw new OfficeError('OFFICE_MAILBOX_IMPORT_TOO_LARGE', { max: MAX_IMPORT_ROWS, mib: MAX_IMPORT_BYTES / 1024 / 1024 });
  return rows;
}

/** The template: the headings on the first sheet, how to fill each column on a second */
export async function mailboxTemplate(): Promise<ExportedFile> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Hộp thư công vụ');
  sheet.columns = [{ width: 36 }, { width: 34 }, { width: 24 }, { width: 16 }, { width: 22 }];
  const heading = sheet.addRow(Object.values(IMPORT_COLUMNS));
  heading.font = { name: 'Times New Roman', bold: true, size: 12 };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const guide = book.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 110 }];
  for (const line of [
    'Mỗi dòng của trang "Hộp thư công vụ" là một hộp thư; dòng đầu là tên cột, giữ nguyên.',
    `${IMPORT_COLUMNS.address}: địa chỉ thư điện tử công vụ đầy đủ, ví dụ ten.ho@laichau.gov.vn.`,
    `${IMPORT_COLUMNS.holder}: họ và tên người giữ hộp thư, hoặc tên cơ quan, đơn vị.`,
    `${IMPORT_COLUMNS.agency}: mã định danh của cơ quan quản lý hộp thư, ví dụ 000.21.31.H33.`,
    `${IMPORT_COLUMNS.state}: Đang dùng, Tạm khóa hoặc Đã thu hồi.`,
    `${IMPORT_COLUMNS.kind}: Cá nhân hoặc Đơn vị; để trống là Cá nhân.`,
    'Nếu có dòng chưa hợp lệ, cả tệp không được nhập và từng dòng được chỉ rõ lý do.',
  ]) guide.addRow([line]);
  return { name: 'mau-nhap-hop-thu-cong-vu.xlsx', contentType: XLSX_TYPE, bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
}
