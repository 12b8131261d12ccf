/**
 * The document's number and symbol (số, ký hiệu) as a form field, for the issuing flow of Decree 30: the draft
 * gets an empty read-only text field over the blank after "Số:" before the authorised person signs it, so the
 * signature covers the field; the clerk then writes the number into it (form fill: the field's /V and a new
 * appearance, which validators allow after a signature), and the organisation's seal goes on last.
 */
import { withPdfjs } from './pdfjs.ts';
import { PDF, type EmbeddedFont } from '@libpdf/core';
import { toVisible } from './appearance/anchor.ts';
import { fontBytes, pageGeometry, toUserSpace, visibleSize, type PageGeometry, type Rect } from './appearance/appearance.ts';
import { copyValue, importPageAsForm } from './appearance/form-xobject.ts';
import { PadesError } from './pades.errors.ts';
import { openPdf, str, textString } from './placeholder.ts';
import { PdfFile, type PdfView } from './pdf/file.ts';
import { Dict, Name, Ref, Str, type PdfValue } from './pdf/objects.ts';
import { IncrementalUpdate, NewStream, dictOf, withEntries } from './pdf/writer.ts';

/** The field's name: ASCII, as other software looks it up */
export const NUMBER_FIELD = 'so_ky_hieu';
/** Decree 30, Annex I: the number and symbol in 13 pt when the draft gives no size */
const DEFAULT_SIZE = 13;
const FONT_NAME = 'SoKyHieu';
/** What a number and symbol is written with: digits, the letters of the abbreviations (QĐ, HĐND, TTr…), separators */
const CHARSET = '0123456789 /-.,()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĐđĂăÂâÊêÔôƠơƯư';
/** The blank after "Số:" when nothing follows it on the line, and the most the field takes */
const DEFAULT_WIDTH = 150;
const MAX_WIDTH = 220;
/** A field of font size s has its baseline at h/2 − 0.34 s, which centres Times' letters in it */
const BASELINE = 0.34;
/** Between the field's side and its text */
const PADDING = 2;

export interface NumberFieldOptions {
  /** Where the field goes, as the reader sees the page, in points; by default after "Số:" on page 1 */
  readonly place?: { readonly page: number; readonly rect: Rect };
  /** The text the field follows, on page 1; "Số:" by default */
  readonly anchor?: string;
  readonly fontPath?: string;
}

interface Item { str: string; transform: number[]; width: number }

/** A text run as the reader sees it: where its baseline starts, its length and its size */
interface Run { readonly text: string; readonly x: number; readonly y: number; readonly width: number; readonly size: number }

const FILLER = /[\s.…_·]/u;

/** Liberation Serif's advance widths (Times' metrics), to find a character inside a run pdf.js gives whole */
let metrics: { path: string | undefined; font: EmbeddedFont } | undefined;
function measure(text: string, fontPath?: string): number {
  if (!metrics || metrics.path !== fontPath) metrics = { path: fontPath, font: PDF.create().embedFont(fontBytes(fontPath)) };
  return metrics.font.widthOfTextAtSize(text, 1);
}

/** Where character `index` of a run starts, by the font's proportions scaled to the run's real width */
function offsetIn(run: Run, index: number, fontPath?: string): number {
  if (index <= 0) return run.x;
  if (index >= run.text.length) return run.x + run.width;
  const whole = measure(run.text, fontPath);
  const part = whole > 0 ? measure(run.text.slice(0, index), fontPath) / whole : index / run.text.length;
  return run.x + run.width * part;
}

/** The horizontal text runs of a page, as the reader sees it */
async function runsOf(pdf: Uint8Array, page: number, geometry: PageGeometry): Promise<Run[]> {
  return withPdfjs(pdf, async (doc) => {
    if (page >= doc.numPages) throw new PadesError('PADES_PAGE_NOT_FOUND', { page: page + 1 });
    const content = await (await doc.getPage(page + 1)).getTextContent();
    const runs: Run[] = [];
    for (const item of content.items as Item[]) {
      if (typeof item.str !== 'string' || item.str.length === 0) continue;
      const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
      const [x, y] = toVisible(geometry, [e, f, e, f]);
      const [x2, y2] = toVisible(geometry, [e + a, f + b, e + a, f + b]);
      // Only text that reads left to right for the reader: that is where a letter head's line is
      if (x2 - x <= 0 || Math.abs(y2 - y) > 0.05 * (x2 - x)) continue;
      runs.push({ text: item.str.normalize('NFC'), x, y, width: item.width, size: Math.hypot(c, d) || Math.hypot(a, b) });
    }
    return runs;
  });
}

/**
 * The blank after the anchor: from just after it to just before the next printed text on its line (fillers,
 * dots and underscores, count as blank), or DEFAULT_WIDTH when nothing follows. The topmost occurrence wins:
 * the number sits in the letter head. Right-aligned when what follows is the symbol ("/QĐ-UBND"), so that
 * the number written there joins it.
 */
async function placeAfter(pdf: Uint8Array, view: PdfView, anchor: string, fontPath?: string): Promise<{ rect: Rect; size: number; quadding: 0 | 2 }> {
  const geometry = pageGeometry(view, 0);
  const wanted = anchor.normalize('NFC').trim();
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*')}`, 'gu');
  let found: { line: Line; end: number } | undefined;
  for (const line of linesOf(await runsOf(pdf, 0, geometry))) {
    for (const match of line.text.matchAll(pattern)) {
      if (!found || line.y > found.line.y) found = { line, end: match.index! + match[0].length };
    }
  }
  if (!found) throw new PadesError('PADES_ANCHOR_NOT_FOUND', { text: wanted });
  const { line, end } = found;
  // The field follows the anchor's own baseline and size
  const { y, size } = line.runAt(end - 1);
  // The value is drawn PADDING in from the field's edges: one space after "Số:", none before a printed symbol
  const start = line.at(end, fontPath) + 0.25 * size - PADDING;
  // The next printed character on the line: fillers (dots, underscores) count as blank
  let nextIndex = end;
  while (nextIndex < line.text.length && FILLER.test(line.text[nextIndex]!)) nextIndex++;
  const next = nextIndex < line.text.length ? Math.max(start, line.at(nextIndex, fontPath)) : undefined;
  const symbol = next !== undefined && line.text[nextIndex] === '/';
  const page = visibleSize(geometry);
  let right = next === undefined ? start + DEFAULT_WIDTH : symbol ? next + PADDING - 0.02 * size : next - 0.3 * size;
  const capped = right - start > MAX_WIDTH;
  right = Math.min(right, start + MAX_WIDTH, page.width - 10);
  if (right - start < 2 * size) right = start + 2 * size;
  const middle = y + BASELINE * size;
  const rect: Rect = [start, middle - 0.7 * size, right, middle + 0.7 * size];
  return { rect, size, quadding: symbol && !capped ? 2 : 0 };
}

/** A line of text: its runs joined left to right (a space where they stand apart), and where each character starts */
interface Line {
  readonly text: string;
  readonly y: number;
  readonly size: number;
  at(index: number, fontPath?: string): number;
  /** The run character `index` belongs to */
  runAt(index: number): Run;
}

function linesOf(runs: readonly Run[]): Line[] {
  const groups: Run[][] = [];
  for (const run of [...runs].sort((p, q) => q.y - p.y || p.x - q.x)) {
    const group = groups.find((g) => Math.abs(g[0]!.y - run.y) < 0.3 * Math.max(g[0]!.size, run.size));
    if (group) group.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => {
    group.sort((p, q) => p.x - q.x);
    const segments: { run: Run; from: number }[] = [];
    let text = '';
    group.forEach((run, i) => {
      const previous = group[i - 1];
      if (previous && run.x - (previous.x + previous.width) > 0.15 * run.size) text += ' ';
      segments.push({ run, from: text.length });
      text += run.text;
    });
    const main = segments.reduce((p, q) => (q.run.size > p.run.size ? q : p)).run;
    const segmentAt = (index: number) => [...segments].reverse().find((s) => s.from <= index) ?? segments[0]!;
    return {
      text, y: main.y, size: main.size,
      at: (index, fontPath) => {
        const segment = segmentAt(index);
        return offsetIn(segment.run, Math.min(index - segment.from, segment.run.text.length), fontPath);
      },
      runAt: (index) => segmentAt(index).run,
    };
  });
}

/** The field of that name, with the widgets that show it */
function findField(view: PdfView, name: string): { ref: Ref | undefined; dict: Dict; widgets: { ref: Ref | undefined; dict: Dict }[] } | undefined {
  const field = view.fields().find((f) => f.name === name);
  if (!field) return undefined;
  const widgets: { ref: Ref | undefined; dict: Dict }[] = [];
  if (field.dict.name('Subtype') === 'Widget' || field.dict.get('Rect') !== undefined) widgets.push({ ref: field.ref, dict: field.dict });
  for (const kid of view.array(field.dict.get('Kids')) ?? []) {
    const dict = view.dict(kid);
    if (dict && dict.get('T') === undefined) widgets.push({ ref: kid instanceof Ref ? kid : undefined, dict });
  }
  return { ref: field.ref, dict: field.dict, widgets };
}

/** The page a widget is on: its /P, or the page whose /Annots lists it */
function pageOf(view: PdfView, widget: { ref: Ref | undefined; dict: Dict }): number {
  const pages = view.pages();
  const p = widget.dict.get('P');
  if (p instanceof Ref) {
    const index = pages.findIndex((page) => page.ref?.num === p.num);
    if (index >= 0) return index;
  }
  const index = pages.findIndex((page) => (view.array(page.dict.get('Annots')) ?? []).some((a) => a instanceof Ref && a.num === widget.ref?.num));
  return Math.max(index, 0);
}

const rectOf = (view: PdfView, dict: Dict): Rect => {
  const r = (view.array(dict.get('Rect')) ?? []).map((n) => view.resolve(n)).filter((n): n is number => typeof n === 'number');
  return r.length === 4 ? [Math.min(r[0]!, r[2]!), Math.min(r[1]!, r[3]!), Math.max(r[0]!, r[2]!), Math.max(r[1]!, r[3]!)] : [0, 0, 0, 0];
};

/** The font of the form's default resources: Liberation Serif with the letters of numbers and symbols, embedded */
async function fontForm(update: IncrementalUpdate, fontPath?: string): Promise<Ref> {
  const pdf = PDF.create();
  const page = pdf.addPage({ width: 400, height: 20 });
  page.drawText(CHARSET, { x: 0, y: 5, size: 10, font: pdf.embedFont(fontBytes(fontPath)) });
  const drawn = new PdfFile(await pdf.save({ subsetFonts: true })).document;
  const fonts = drawn.dict(drawn.dict(drawn.page(0)!.dict.get('Resources'))?.get('Font'));
  const font = fonts ? [...fonts.entries.values()][0] : undefined;
  if (!(font instanceof Ref)) throw new PadesError('PADES_FONT_MISSING', { path: fontPath ?? 'Liberation Serif' });
  return copyValue(font, drawn, update, new Map()) as Ref;
}

/**
 * Adds the empty number field to a draft, as an incremental update: a read-only single-line text field named
 * so_ky_hieu with its widget, listed in /AcroForm /Fields, its font in /DR. A draft that has it is returned as is.
 */
export async function addNumberField(pdf: Uint8Array, options: NumberFieldOptions = {}): Promise<Uint8Array> {
  const file = openPdf(pdf);
  const view = file.document;
  if (findField(view, NUMBER_FIELD)) return pdf;
  let page = 0;
  let visible: Rect;
  let size = DEFAULT_SIZE;
  let quadding: 0 | 2 = 0;
  if (options.place) {
    ({ page, rect: visible } = options.place);
    if (!view.page(page)) throw new PadesError('PADES_PAGE_NOT_FOUND', { page: page + 1 });
    size = Math.min(DEFAULT_SIZE, Math.max(6, (visible[3] - visible[1]) / 1.4));
  } else {
    ({ rect: visible, size, quadding } = await placeAfter(pdf, view, options.anchor ?? 'Số:', options.fontPath));
  }
  size = Math.round(size * 2) / 2;
  const geometry = pageGeometry(view, page);
  const { rect, matrix } = toUserSpace(geometry, visible);
  const pageRef = view.page(page)!.ref;
  if (!pageRef) throw new PadesError('PADES_PAGE_NOT_FOUND', { page: page + 1 });

  const update = new IncrementalUpdate(file);
  const catalogRef = view.trailer.get('Root');
  if (!(catalogRef instanceof Ref)) throw new PadesError('PADES_PDF_INVALID', { reason: 'danh mục tài liệu không phải đối tượng gián tiếp' });
  const formValue = view.catalog.get('AcroForm');
  const form = view.dict(formValue) ?? new Dict();
  const dr = view.dict(form.get('DR')) ?? new Dict();
  const drFonts = view.dict(dr.get('Font')) ?? new Dict();
  let fontName = FONT_NAME;
  for (let i = 2; drFonts.get(fontName) !== undefined; i++) fontName = `${FONT_NAME}${i}`;
  const fontRef = await fontForm(update, options.fontPath);
  const da = str(`/${fontName} ${size} Tf 0 g`);

  // An empty appearance until the number is written: viewers draw nothing, not a box of their own
  const [w, h] = [visible[2] - visible[0], visible[3] - visible[1]];
  const empty = update.add(new NewStream(dictOf({
    Type: new Name('XObject'), Subtype: new Name('Form'), BBox: [0, 0, w, h], Matrix: matrix ? [...matrix] : undefined,
    Resources: dictOf({ Font: dictOf({ [fontName]: fontRef }) }),
  }), new Uint8Array(Buffer.from('/Tx BMC\nEMC\n', 'latin1'))));
  const widgetRef = update.add(dictOf({
    Type: new Name('Annot'), Subtype: new Name('Widget'), FT: new Name('Tx'), T: textString(NUMBER_FIELD),
    TU: textString('Số, ký hiệu văn bản'),
    // Read-only: only the clerk's software writes it
    Ff: 1, F: 4, P: pageRef, Rect: [...rect], DA: da, Q: quadding,
    MK: geometry.rotate ? dictOf({ R: geometry.rotate }) : undefined,
    AP: dictOf({ N: empty }),
  }));
  const pageDict = view.page(page)!.dict;
  const annots = pageDict.get('Annots');
  if (annots instanceof Ref) update.set(annots.num, [...(view.array(annots) ?? []), widgetRef]);
  else update.set(pageRef.num, withEntries(pageDict, { Annots: [...(view.array(annots) ?? []), widgetRef] }));

  const fieldList = form.get('Fields');
  if (fieldList instanceof Ref) update.set(fieldList.num, [...(view.array(fieldList) ?? []), widgetRef]);
  const fontsValue = dr.get('Font');
  const newFonts = withEntries(drFonts, { [fontName]: fontRef });
  if (fontsValue instanceof Ref) update.set(fontsValue.num, newFonts);
  const drValue = form.get('DR');
  const newDr = withEntries(dr, fontsValue instanceof Ref ? {} : { Font: newFonts });
  if (drValue instanceof Ref) update.set(drValue.num, newDr);
  const newForm = withEntries(form, {
    ...(fieldList instanceof Ref ? {} : { Fields: [...(view.array(fieldList) ?? []), widgetRef] }),
    ...(drValue instanceof Ref ? {} : { DR: newDr }),
    DA: form.get('DA') ?? da,
  });
  if (formValue instanceof Ref) update.set(formValue.num, newForm);
  else update.set(catalogRef.num, withEntries(view.catalog, { AcroForm: update.add(newForm) }));
  return update.write();
}

const valueText = (value: PdfValue): string => (value instanceof Str ? value.text() : '');

/** The value drawn in a widget's rectangle, Liberation Serif subset, in the field's size and alignment */
async function drawValue(value: string, width: number, height: number, size: number, quadding: number, fontPath?: string): Promise<Uint8Array> {
  const pdf = PDF.create();
  const page = pdf.addPage({ width, height });
  const font = pdf.embedFont(fontBytes(fontPath));
  const text = value.normalize('NFC');
  const room = Math.max(1, width - 2 * PADDING);
  const fitted = Math.min(size, (room / Math.max(font.widthOfTextAtSize(text, 1), 1e-6)), height / 1.15);
  const textWidth = font.widthOfTextAtSize(text, fitted);
  const x = quadding === 2 ? width - PADDING - textWidth : quadding === 1 ? (width - textWidth) / 2 : PADDING;
  page.drawText(text, { x, y: Math.max(0, height / 2 - BASELINE * fitted), size: fitted, font });
  return pdf.save({ subsetFonts: true });
}

/**
 * Writes the number into the field, as an incremental update that is form fill: the field's /V and a new
 * normal appearance for each of its widgets, nothing else. Refused when the field is missing or already filled.
 */
export async function fillNumberField(pdf: Uint8Array, value: string, options: { fontPath?: string } = {}): Promise<Uint8Array> {
  const file = openPdf(pdf);
  const view = file.document;
  const field = findField(view, NUMBER_FIELD);
  if (!field || !field.ref) throw new PadesError('PADES_NUMBER_FIELD_MISSING', { field: NUMBER_FIELD });
  const existing = valueText(view.resolve(field.dict.get('V')));
  if (existing.trim() !== '') throw new PadesError('PADES_NUMBER_FIELD_FILLED', { value: existing });
  const form = view.dict(view.catalog.get('AcroForm'));
  const da = valueText(view.resolve(field.dict.get('DA') ?? form?.get('DA')));
  const daSize = Number(/(\d+(?:\.\d+)?)\s+Tf/.exec(da)?.[1] ?? 0);
  const size = daSize > 0 ? daSize : DEFAULT_SIZE;
  const quadding = view.resolve(field.dict.get('Q') ?? form?.get('Q'));
  const update = new IncrementalUpdate(file);
  const text = value.normalize('NFC');
  let fieldWritten = false;
  for (const widget of field.widgets) {
    if (!widget.ref) continue;
    const geometry = pageGeometry(view, pageOf(view, widget));
    const visible = toVisible(geometry, rectOf(view, widget.dict));
    const { matrix } = toUserSpace(geometry, visible);
    const drawing = await drawValue(text, visible[2] - visible[0], visible[3] - visible[1], size, typeof quadding === 'number' ? quadding : 0, options.fontPath);
    const appearance = importPageAsForm(update, drawing, { matrix });
    const own = widget.ref.num === field.ref.num;
    if (own) fieldWritten = true;
    update.set(widget.ref.num, withEntries(widget.dict, { AP: dictOf({ N: appearance }), ...(own ? { V: textString(text) } : {}) }));
  }
  if (!fieldWritten) update.set(field.ref.num, withEntries(field.dict, { V: textString(text) }));
  return update.write();
}
