/**
 * Finds where a text (the signer's name, usually) is printed on the page, with pdfjs-dist, so that the
 * signature can be placed at the signer's place without coordinates. Matching ignores case and spacing, and
 * runs across the pieces a PDF splits a line into.
 */
import { withPdfjs } from '../pdfjs.ts';
import { PadesError } from '../pades.errors.ts';
import type { PageGeometry, Rect } from './appearance.ts';

export interface Anchor {
  readonly page: number;
  /** Where the text is, in the page's user space */
  readonly rect: Rect;
}

interface Item { str: string; transform: number[]; width: number; height: number }

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, '');

/** The last occurrence of `text` (a signature block sits low on the last page), searching pages from the end */
export async function findAnchor(pdf: Uint8Array, text: string, page?: number): Promise<Anchor> {
  const wanted = fold(text);
  const found = await withPdfjs(pdf, async (doc): Promise<Anchor | undefined> => {
    const pages = page !== undefined ? [page] : Array.from({ length: doc.numPages }, (_, i) => doc.numPages - 1 - i);
    for (const index of pages) {
      if (index < 0 || index >= doc.numPages) continue;
      const content = await (await doc.getPage(index + 1)).getTextContent();
      const items = (content.items as Item[]).filter((i) => typeof i.str === 'string' && i.str.length > 0);
      // Joined text with, for each folded character, the item it came from
      let joined = '';
      const owner: number[] = [];
      items.forEach((item, i) => {
        for (const ch of fold(item.str)) { joined += ch; owner.push(i); }
      });
      const at = joined.lastIndexOf(wanted);
      if (at < 0 || wanted.length === 0) continue;
      const used = items.slice(owner[at]!, owner[at + wanted.length - 1]! + 1);
      const xs = used.flatMap((i) => [i.transform[4]!, i.transform[4]! + i.width]);
      const ys = used.flatMap((i) => [i.transform[5]!, i.transform[5]! + (i.height || Math.abs(i.transform[3]!))]);
      return { page: index, rect: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    }
    return undefined;
  });
  if (found) return found;
  throw new PadesError('PADES_ANCHOR_NOT_FOUND', { text });
}

/** A user-space rectangle as the reader sees the page */
export function toVisible(g: PageGeometry, rect: Rect): Rect {
  const [x0, y0, x1, y1] = g.box;
  const W = x1 - x0;
  const H = y1 - y0;
  const map = (x: number, y: number): [number, number] => {
    switch (g.rotate) {
      case 90: return [y - y0, W - (x - x0)];
      case 180: return [W - (x - x0), H - (y - y0)];
      case 270: return [H - (y - y0), x - x0];
      default: return [x - x0, y - y0];
    }
  };
  const a = map(rect[0], rect[1]);
  const b = map(rect[2], rect[3]);
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** The signature's place: `width` × `height`, centred over the anchor text (the name printed under the signature) */
export function rectAbove(anchor: Rect, width: number, height: number, gap = 2): Rect {
  const middle = (anchor[0] + anchor[2]) / 2;
  return [middle - width / 2, anchor[3] + gap, middle + width / 2, anchor[3] + gap + height];
}
