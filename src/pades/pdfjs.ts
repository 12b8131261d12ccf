/**
 * The one place pdf.js opens a PDF for us (text positions for anchors and the number field, text for search):
 * no font loading, no eval, quiet, and always destroyed afterwards.
 */
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function withPdfjs<T>(pdf: Uint8Array, work: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes intact
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    return await work(doc);
  } finally {
    await doc.destroy();
  }
}

/** Enough for search: the words of a long document's first pages */
const MAX_PAGES = 50;
const MAX_CHARS = 200_000;

/** The text a PDF draws (a scan's OCR layer included), page by page, for the search index */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdfjs(pdf, async (doc) => {
    const parts: string[] = [];
    let length = 0;
    for (let page = 1; page <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; page++) {
      const content = await (await doc.getPage(page)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim();
      parts.push(text);
      length += text.length;
    }
    return parts.join('\n').slice(0, MAX_CHARS).normalize('NFC');
  });
}
