/**
 * The visible signatures of Decree 30 (Annex I; specs.md §2): the signer's blue signature image, the
 * organisation's red seal at its real size over the left third of it with the organisation's name and the
 * signing time, the electronic-copy stamp (SAO Y / TRÍCH SAO / SAO LỤC) and the digitised-document stamp at
 * the top right of page 1. Each is drawn by @libpdf/core into a one-page PDF of the widget's size, which
 * form-xobject.ts brings in as the widget's appearance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { PDF, rgb, type EmbeddedFont } from '@libpdf/core';
import { vietnamIso } from '../../shared/vietnam-time.ts';
import { PadesError } from '../pades.errors.ts';
import type { WidgetPlacement } from '../placeholder.ts';
import type { PdfView } from '../pdf/file.ts';
import type { Dict } from '../pdf/objects.ts';
import { importPageAsForm } from './form-xobject.ts';

/** Times New Roman's metrics, free, with every Vietnamese letter (Debian: fonts-liberation2) */
export const DEFAULT_FONT = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf';
export const MM = 72 / 25.4;

export type Rect = readonly [number, number, number, number];
export type CopyForm = 'SAO Y' | 'TRÍCH SAO' | 'SAO LỤC';


let fontCache: { path: string; bytes: Uint8Array } | undefined;
export function fontBytes(path = DEFAULT_FONT): Uint8Array {
  if (fontCache?.path === path) return fontCache.bytes;
  if (!existsSync(path)) throw new PadesError('PADES_FONT_MISSING', { path });
  fontCache = { path, bytes: new Uint8Array(readFileSync(path)) };
  return fontCache.bytes;
}

interface Drawing {
  readonly width: number;
  readonly height: number;
  readonly images?: readonly { png: Uint8Array; x: number; y: number; width: number; height: number }[];
  readonly lines?: readonly { text: string; x: number; y: number; size: number; color: 'black' | 'red' | 'blue' }[];
  readonly fontPath?: string;
}

const COLORS = { black: rgb(0, 0, 0), red: rgb(0.85, 0, 0), blue: rgb(0, 0.2, 0.75) };

async function draw(spec: Drawing): Promise<Uint8Array> {
  const pdf = PDF.create();
  const page = pdf.addPage({ width: spec.width, height: spec.height });
  let font: EmbeddedFont | undefined;
  for (const image of spec.images ?? []) {
    let embedded;
    try {
      embedded = pdf.embedPng(image.png);
    } catch (err) {
      throw new PadesError('PADES_IMAGE_INVALID', { reason: (err as Error).message.slice(0, 120) }, { cause: err });
    }
    page.drawImage(embedded, { x: image.x, y: image.y, width: image.width, height: image.height });
  }
  for (const line of spec.lines ?? []) {
    font ??= pdf.embedFont(fontBytes(spec.fontPath));
    page.drawText(line.text.normalize('NFC'), { x: line.x, y: line.y, size: line.size, font, color: COLORS[line.color] });
  }
  // Only the glyphs used: a whole font would add 400 KB to every signature
  return pdf.save({ subsetFonts: true });
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') throw new PadesError('PADES_IMAGE_INVALID', { reason: 'không phải ảnh PNG' });
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The largest box of the image's proportions that fits, centred */
function fit(png: Uint8Array, width: number, height: number) {
  const size = pngSize(png);
  const scale = Math.min(width / size.width, height / size.height);
  const w = size.width * scale;
  const h = size.height * scale;
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

function textWidth(text: string, size: number): number {
  // Average Times glyph: about half the size; the stamps are laid out with room to spare
  return text.length * size * 0.5;
}

/** A page's visible box and rotation, for mapping what the reader sees to user space */
export interface PageGeometry {
  readonly box: Rect;
  readonly rotate: 0 | 90 | 180 | 270;
}

export function pageGeometry(view: PdfView, index: number): PageGeometry {
  const page = view.page(index);
  if (!page) throw new PadesError('PADES_PAGE_NOT_FOUND', { page: index + 1 });
  let node: Dict | undefined = page.dict;
  let box: number[] | undefined;
  let rotate: number | undefined;
  for (let i = 0; node && i < 32; i++) {
    box ??= (view.array(node.get('CropBox')) ?? view.array(node.get('MediaBox')))?.filter((n): n is number => typeof n === 'number');
    const r = view.resolve(node.get('Rotate'));
    if (rotate === undefined && typeof r === 'number') rotate = r;
    node = view.dict(node.get('Parent'));
  }
  const b = box?.length === 4 ? box : [0, 0, 595.28, 841.89];
  const normalised = (((Math.round((rotate ?? 0) / 90) * 90) % 360) + 360) % 360;
  return { box: [Math.min(b[0]!, b[2]!), Math.min(b[1]!, b[3]!), Math.max(b[0]!, b[2]!), Math.max(b[1]!, b[3]!)], rotate: normalised as PageGeometry['rotate'] };
}

/** Size of the page as the reader sees it */
export const visibleSize = (g: PageGeometry) => {
  const w = g.box[2] - g.box[0];
  const h = g.box[3] - g.box[1];
  return g.rotate % 180 === 0 ? { width: w, height: h } : { width: h, height: w };
};

/**
 * A rectangle as the reader sees the page (origin bottom left of the displayed page) in user space, and the
 * matrix that turns an upright appearance with it.
 */
export function toUserSpace(g: PageGeometry, rect: Rect): { rect: Rect; matrix?: number[] } {
  const [x0, y0, x1, y1] = g.box;
  const W = x1 - x0;
  const H = y1 - y0;
  const map = ([vx, vy]: [number, number]): [number, number] => {
    switch (g.rotate) {
      case 90: return [x0 + W - vy, y0 + vx];
      case 180: return [x0 + W - vx, y0 + H - vy];
      case 270: return [x0 + vy, y0 + H - vx];
      default: return [x0 + vx, y0 + vy];
    }
  };
  const a = map([rect[0], rect[1]]);
  const b = map([rect[2], rect[3]]);
  const user: Rect = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
  const w = rect[2] - rect[0];
  const h = rect[3] - rect[1];
  const matrix = g.rotate === 90 ? [0, 1, -1, 0, h, 0] : g.rotate === 180 ? [-1, 0, 0, -1, w, h] : g.rotate === 270 ? [0, -1, 1, 0, 0, w] : undefined;
  return { rect: user, matrix };
}

function placement(view: PdfView, page: number, visibleRect: Rect, drawing: Promise<Uint8Array>): Promise<WidgetPlacement> {
  const geometry = pageGeometry(view, page);
  const { rect, matrix } = toUserSpace(geometry, visibleRect);
  return drawing.then((pdf) => ({ page, rect, appearance: (update) => importPageAsForm(update, pdf, { matrix }) }));
}

export interface PersonalSignatureOptions {
  readonly page: number;
  /** Where the signature goes, as the reader sees the page, in points */
  readonly rect: Rect;
  /** The signer's handwritten signature, blue on transparent; without it the name and time are written */
  readonly image?: Uint8Array;
  readonly signerName: string;
  readonly signingTime: Date;
  readonly fontPath?: string;
}

/** The authorised person's signature: the image centred in its place */
export function personalSignature(view: PdfView, options: PersonalSignatureOptions): Promise<WidgetPlacement> {
  const width = options.rect[2] - options.rect[0];
  const height = options.rect[3] - options.rect[1];
  const drawing = options.image
    ? draw({ width, height, images: [{ png: options.image, ...fit(options.image, width, height) }] })
    : draw({ width, height, fontPath: options.fontPath, lines: [
      { text: options.signerName, x: 2, y: height / 2 + 2, size: 11, color: 'blue' },
      { text: vietnamIso(options.signingTime), x: 2, y: height / 2 - 11, size: 8, color: 'blue' },
    ] });
  return placement(view, options.page, options.rect, drawing);
}

export interface SealOptions {
  readonly page: number;
  /** The personal signature's rectangle the seal goes over */
  readonly over: Rect;
  /** The seal, red on transparent */
  readonly image: Uint8Array;
  /** The seal's real diameter (Decree 30: real size) */
  readonly diameterMm: number;
  readonly organisation: string;
  readonly signingTime: Date;
  readonly fontPath?: string;
}

/** Where the seal goes: its right edge a third of the way into the personal signature, centred on it vertically */
export function sealRect(over: Rect, diameterMm: number): Rect {
  const d = diameterMm * MM;
  const right = over[0] + (over[2] - over[0]) / 3;
  const middle = (over[1] + over[3]) / 2;
  return [right - d, middle - d / 2, right, middle + d / 2];
}

const TEXT_SIZE = 7;

/** The organisation's seal over the left third of the personal signature, with its name and the time below */
export function organisationSeal(view: PdfView, options: SealOptions): Promise<WidgetPlacement> {
  const seal = sealRect(options.over, options.diameterMm);
  const d = seal[2] - seal[0];
  const lines = [options.organisation, vietnamIso(options.signingTime)];
  const textHeight = lines.length * (TEXT_SIZE + 2) + 2;
  const width = Math.max(d, ...lines.map((l) => textWidth(l, TEXT_SIZE) + 4));
  const rect: Rect = [seal[0], seal[1] - textHeight, seal[0] + width, seal[3]];
  const drawing = draw({
    width, height: d + textHeight, fontPath: options.fontPath,
    images: [{ png: options.image, ...fit(options.image, d, d), y: textHeight + fit(options.image, d, d).y }],
    lines: lines.map((text, i) => ({ text, x: 2, y: textHeight - (i + 1) * (TEXT_SIZE + 2), size: TEXT_SIZE, color: 'red' as const })),
  });
  return placement(view, options.page, rect, drawing);
}

export interface CopyStampOptions {
  /** SAO Y, TRÍCH SAO, SAO LỤC for copies; absent for a digitised document */
  readonly form?: CopyForm;
  readonly organisation: string;
  readonly signingTime: Date;
  readonly fontPath?: string;
  /** A digitised paper document shows the seal; a copy shows text only */
  readonly seal?: { readonly image: Uint8Array; readonly diameterMm: number };
}

const COPY_SIZE = 10;
const MARGIN = 10 * MM;

/** The copy or digitised-document stamp: top right of page 1, Times 10 pt, black */
export function copyStamp(view: PdfView, options: CopyStampOptions): Promise<WidgetPlacement> {
  const lines = [...(options.form ? [options.form] : []), options.organisation, vietnamIso(options.signingTime)];
  const sealSize = options.seal ? options.seal.diameterMm * MM : 0;
  const textWidthMax = Math.max(...lines.map((l) => textWidth(l, COPY_SIZE))) + 6;
  const width = textWidthMax + (sealSize ? sealSize + 4 : 0);
  const height = Math.max(lines.length * (COPY_SIZE + 3) + 6, sealSize);
  const size = visibleSize(pageGeometry(view, 0));
  const rect: Rect = [size.width - MARGIN - width, size.height - MARGIN - height, size.width - MARGIN, size.height - MARGIN];
  const drawing = draw({
    width, height, fontPath: options.fontPath,
    images: options.seal ? [{ png: options.seal.image, x: 0, y: (height - sealSize) / 2, width: sealSize, height: sealSize }] : [],
    lines: lines.map((text, i) => ({ text, x: (sealSize ? sealSize + 4 : 0) + 3, y: height - 3 - (i + 1) * (COPY_SIZE + 3) + 3, size: COPY_SIZE, color: 'black' as const })),
  });
  return placement(view, 0, rect, drawing);
}
