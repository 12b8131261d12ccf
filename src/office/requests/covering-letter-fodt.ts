/**
 * The covering letter of a batch as an OpenDocument text (flat XML), laid out as Decree 30/2020 Annex I sets a
 * công văn: A4 with margins 20/20/30/15 mm, Liberation Serif (Times New Roman's metrics, every Vietnamese letter);
 * top left the parent agency and the agency in bold capitals over a short rule, "Số:" and "V/v"; top right the
 * national motto, "Độc lập - Tự do - Hạnh phúc" underlined, and the place and date in italics; "Kính gửi"; the
 * body with the table of entries; "Nơi nhận:" bottom left and the signature block bottom right.
 *
 * Why OpenDocument converted by LibreOffice rather than drawing with @libpdf/core (as register exports do): the
 * letter is flowing text around a real table whose rows wrap and run over pages with the header repeated, next to
 * borderless two-column blocks; LibreOffice lays that out (line breaking, hyphen-free justification, table
 * pagination, font fallback) the way the agencies' own Word/Writer letters come out, and the office already
 * depends on it to turn uploaded drafts into PDF (documents/convert.ts). Hand-placing it would re-implement a
 * typesetter for one letter. @internal
 */
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { batchTable, type BatchTable, type TableColumn } from './batch-table.ts';
import type { CoveringLetter, LetterLayout } from './covering-letter.types.ts';

const esc = (text: string) => text.normalize('NFC').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Decree 30: days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2026") */
export function placeAndDate(place: string, date: Date): string {
  const [year, month, day] = vietnamDate(date).split('-').map(Number) as [number, number, number];
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

type Para = { align?: 'center' | 'justify' | 'start'; size?: number; bold?: boolean; italic?: boolean; underline?: boolean; indentMm?: number; beforePt?: number; afterPt?: number; rule?: number };

const PARAGRAPHS: Readonly<Record<string, Para>> = {
  Parent: { align: 'center', size: 12 },
  Agency: { align: 'center', size: 12, bold: true },
  Rule: { align: 'center', size: 2, rule: 0.3 },
  Number: { align: 'center', size: 13, beforePt: 6 },
  Subject: { align: 'center', size: 12 },
  Motto: { align: 'center', size: 12, bold: true },
  Motto2: { align: 'center', size: 14, bold: true, underline: true },
  Date: { align: 'center', size: 14, italic: true, beforePt: 12 },
  To: { align: 'center', size: 14, beforePt: 18, afterPt: 6 },
  Body: { align: 'justify', size: 14, indentMm: 10, beforePt: 6 },
  Note: { align: 'justify', size: 12, italic: true, beforePt: 3 },
  Head: { align: 'center', size: 11, bold: true },
  Cell: { align: 'start', size: 11 },
  CellCenter: { align: 'center', size: 11 },
  Receivers: { align: 'start', size: 12, bold: true, italic: true, beforePt: 12 },
  Receiver: { align: 'start', size: 11 },
  Authority: { align: 'center', size: 14, bold: true, beforePt: 12 },
  Sign: { align: 'center', size: 14, bold: true },
  Blank: { size: 14 },
};

function paragraphStyle(name: string, p: Para): string {
  const props = [
    p.align ? `fo:text-align="${p.align}"` : '', p.indentMm ? `fo:text-indent="${p.indentMm}mm"` : '',
    `fo:margin-top="${p.beforePt ?? 0}pt" fo:margin-bottom="${p.afterPt ?? 0}pt"`,
    p.rule ? `fo:margin-left="${p.rule * 60}mm" fo:margin-right="${p.rule * 60}mm" fo:border-bottom="0.6pt solid #000000" fo:padding="0mm"` : '',
  ].filter(Boolean).join(' ');
  const size = `${p.size ?? 14}pt`;
  const text = [`fo:font-size="${size}" style:font-size-complex="${size}"`, p.bold ? 'fo:font-weight="bold"' : '', p.italic ? 'fo:font-style="italic"' : '',
    p.underline ? 'style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"' : ''].filter(Boolean).join(' ');
  return `<style:style style:name="${name}" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties ${props}/><style:text-properties ${text}/></style:style>`;
}

const cellStyle = (name: string, border: boolean) =>
  `<style:style style:name="${name}" style:family="table-cell"><style:table-cell-properties fo:padding="${border ? '1mm' : '0mm'}" fo:border="${border ? '0.5pt solid #000000' : 'none'}" style:vertical-align="${border ? 'middle' : 'top'}"/></style:style>`;

function tableStyles(name: string, widthsMm: readonly number[]): string {
  const total = widthsMm.reduce((a, b) => a + b, 0);
  return `<style:style style:name="${name}" style:family="table"><style:table-properties style:width="${total.toFixed(1)}mm" table:align="left" fo:margin-top="4pt" fo:margin-bottom="4pt"/></style:style>`
    + widthsMm.map((w, i) => `<style:style style:name="${name}.C${i}" style:family="table-column"><style:table-column-properties style:column-width="${w.toFixed(1)}mm"/></style:style>`).join('');
}

/** A row is never cut across two pages: the signature block stays whole, an entry's cells stay side by side */
const ROW_STYLE = '<style:style style:name="Row" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>';
const ROW = '<table:table-row table:style-name="Row">';

const p = (style: string, text: string) => `<text:p text:style-name="${style}">${esc(text)}</text:p>`;
const cell = (style: string, inner: string, extra = '') => `<table:table-cell table:style-name="${style}" office:value-type="string"${extra}>${inner}</table:table-cell>`;
const COVERED = '<table:covered-table-cell/>';
const columnsOf = (name: string, count: number) => Array.from({ length: count }, (_, i) => `<table:table-column table:style-name="${name}.C${i}"/>`).join('');

/** The header of the entries' table: a split group's heading over its sub-columns, the other headings two rows high */
function headerRows(columns: readonly TableColumn[]): string {
  const twoRows = columns.some((c) => c.isSplit);
  const top = columns.map((c) => {
    if (c.isSplit) return cell('Grid', p('Head', c.label), ` table:number-columns-spanned="${c.leaves.length}"`) + COVERED.repeat(c.leaves.length - 1);
    return cell('Grid', p('Head', c.label), twoRows ? ' table:number-rows-spanned="2"' : '');
  }).join('');
  const bottom = columns.map((c) => (c.isSplit ? c.leaves.map((l) => cell('Grid', p('Head', l.label))).join('') : COVERED)).join('');
  return `<table:table-header-rows><table:table-row>${top}</table:table-row>${twoRows ? `<table:table-row>${bottom}</table:table-row>` : ''}</table:table-header-rows>`;
}

function entriesTable(table: BatchTable, widthsMm: readonly number[]): string {
  const leaves = table.columns.flatMap((c) => c.leaves);
  const rows = table.rows.map((cells) => `${ROW}${cells.map((text, i) => cell('Grid', p(leaves[i]!.isCentred ? 'CellCenter' : 'Cell', text))).join('')}</table:table-row>`).join('');
  return `<table:table table:name="Entries" table:style-name="Entries">${columnsOf('Entries', widthsMm.length)}${headerRows(table.columns)}${rows}</table:table>`;
}

/** Two borderless columns side by side: the heading blocks and the closing blocks */
const twoBlocks = (name: string, left: string, right: string) =>
  `<table:table table:name="${name}" table:style-name="${name}">${columnsOf(name, 2)}${ROW}${cell('Plain', left)}${cell('Plain', right)}</table:table-row></table:table>`;

function heading(letter: CoveringLetter): string {
  const left = (letter.agency.parent ? p('Parent', letter.agency.parent.toUpperCase()) : '') + p('Agency', letter.agency.name.toUpperCase()) + p('Rule', '')
    + p('Number', `Số: ${letter.notation}`) + p('Subject', letter.subject);
  const right = p('Motto', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') + p('Motto2', 'Độc lập - Tự do - Hạnh phúc') + p('Date', placeAndDate(letter.place, letter.date));
  return twoBlocks('Heading', left, right);
}

function closing(letter: CoveringLetter): string {
  const receivers = ['Như trên;', ...(letter.copiesTo ?? []).map((r) => `${r};`), 'Lưu: VT.'];
  const left = p('Receivers', 'Nơi nhận:') + receivers.map((r) => p('Receiver', `- ${r}`)).join('');
  const { authority, title, name } = letter.signer;
  const right = (authority ? p('Authority', authority.toUpperCase()) : '') + p(authority ? 'Sign' : 'Authority', title.toUpperCase())
    + p('Blank', '').repeat(5) + p('Sign', name);
  return twoBlocks('Closing', left, right);
}

/** The letter as a flat OpenDocument text, ready for LibreOffice */
export function coveringLetterFodt(letter: CoveringLetter, layout: LetterLayout): Uint8Array {
  const table = batchTable(letter.form, letter.entries, layout.columns);
  const leaves = table.columns.flatMap((c) => c.leaves);
  const natural = leaves.reduce((sum, l) => sum + l.widthMm, 0);
  const widths = leaves.map((l) => (l.widthMm * layout.textWidthMm) / natural);
  const split = (share: number) => [layout.textWidthMm * share, layout.textWidthMm * (1 - share)];
  const styles = Object.entries(PARAGRAPHS).map(([name, para]) => paragraphStyle(name, para)).join('')
    + cellStyle('Grid', true) + cellStyle('Plain', false) + ROW_STYLE
    + tableStyles('Heading', split(0.45)) + tableStyles('Closing', split(0.5)) + tableStyles('Entries', widths);
  const [width, height] = layout.orientation === 'portrait' ? ['210mm', '297mm'] : ['297mm', '210mm'];
  const body = heading(letter) + p('To', `Kính gửi: ${letter.recipient}.`) + letter.opening.map((text) => p('Body', text)).join('')
    + entriesTable(table, widths) + (layout.omitted.length > 0 ? p('Note', `Các cột ${layout.omitted.map((o) => `"${o}"`).join(', ')} có trong danh sách kèm theo (tệp XLSX).`) : '')
    + letter.closingText.map((text) => p('Body', text)).join('') + closing(letter);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="0pt"/><style:text-properties style:font-name="Liberation Serif" style:font-name-complex="Liberation Serif" fo:font-size="14pt" fo:language="vi" fo:country="VN" fo:hyphenate="false"/></style:default-style><style:style style:name="Standard" style:family="paragraph" style:class="text"/></office:styles>
<office:automatic-styles><style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="${width}" fo:page-height="${height}" style:print-orientation="${layout.orientation}" fo:margin-top="20mm" fo:margin-bottom="20mm" fo:margin-left="30mm" fo:margin-right="15mm"/></style:page-layout>${styles}</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page"/></office:master-styles>
<office:body><office:text>${body}</office:text></office:body></office:document>`;
  return new TextEncoder().encode(xml);
}
