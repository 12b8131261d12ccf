/** The text of a PDF, for search: pdfjs-dist reads what the file draws (OCR text included, as scans carry it). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Enough for search: the words of a long document's first pages */
const MAX_PAGES = 50;
const MAX_CHARS = 200_000;

export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const parts: string[] = [];
    let length = 0;
    for (let page = 1; page <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; page++) {
      const content = await (await doc.getPage(page)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim();
      parts.push(text);
      length += text.length;
    }
    return parts.join('\n').slice(0, MAX_CHARS).normalize('NFC');
  } finally {
    await doc.destroy();
  }
}
