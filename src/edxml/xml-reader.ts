/**
 * @internal Reading untrusted XML: size, encoding, DOCTYPE/ENTITY and nesting are refused before the parser
 * sees the text (xmldom expands no external entities, but a DOCTYPE is still no business of a package), then
 * a strict DOM walk with paths for the error messages.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { EdxmlError } from './edxml.errors.ts';
import { DEFAULT_LIMITS, DSIG_NS, EDXML_NS, EDXML_PREFIX, type EdxmlLimits } from './types.ts';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const CONTROL_REF = /&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[1-2]|1[4-9]|2\d|3[01]));/i;
// Comments, CDATA and processing instructions are skipped; an element tag counts one level, `</x>` and `<x/>` none
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^<>]*?(\/?)>/g;

export const limitsOf = (limits: EdxmlLimits = {}): Required<EdxmlLimits> => ({ ...DEFAULT_LIMITS, ...limits });

function textOf(input: string | Uint8Array, limit: number): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > limit) throw new EdxmlError('EDXML_INPUT_TOO_LARGE', { what: 'gói edXML', size, limit });
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw new EdxmlError('EDXML_XML_MALFORMED', { reason: 'không phải UTF-8' });
  }
}

function checkNesting(text: string, limit: number): void {
  let depth = 0;
  for (const m of text.matchAll(MARKUP)) {
    if (m[1] === undefined) continue;
    if (m[1] === '/') depth--;
    else if (m[2] !== '/' && ++depth > limit) throw new EdxmlError('EDXML_NESTING_TOO_DEEP', { limit });
  }
}

/** The pre-checks, then the DOM; every failure is an EDXML_ error */
export function parseXml(input: string | Uint8Array, limits: Required<EdxmlLimits>): Document {
  const text = textOf(input, limits.maxBytes);
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) throw new EdxmlError('EDXML_XML_MALFORMED', { reason: `mã hóa "${declared.slice(0, 20)}" (chỉ nhận UTF-8)` });
  if (/<!(?!--|\[CDATA\[)/.test(text)) throw new EdxmlError('EDXML_DOCTYPE_FORBIDDEN');
  if (text.indexOf('<?', declared !== undefined || text.startsWith('<?xml') ? 2 : 0) !== -1) throw new EdxmlError('EDXML_XML_MALFORMED', { reason: 'có chỉ dẫn xử lý (<?…?>) ngoài khai báo XML' });
  if (CONTROL.test(text) || CONTROL_REF.test(text)) throw new EdxmlError('EDXML_XML_MALFORMED', { reason: 'có ký tự điều khiển không hợp lệ' });
  checkNesting(text, limits.maxDepth);
  try {
    const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('không có phần tử gốc');
    return doc;
  } catch (err) {
    if (err instanceof EdxmlError) throw err;
    const reason = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').slice(0, 160);
    throw new EdxmlError('EDXML_XML_MALFORMED', { reason }, { cause: err });
  }
}

const isElement = (n: unknown): n is Element => (n as { nodeType?: number })?.nodeType === 1;

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  let hasText = false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (isElement(n)) out.push(n);
    else if ((n.nodeType === 3 || n.nodeType === 4) && (n.nodeValue ?? '').trim()) hasText = true;
  }
  if (hasText && out.length) throw new EdxmlError('EDXML_FIELD_INVALID', { path: el.nodeName, reason: 'trộn chữ và phần tử con' });
  return out;
}

/** The prefix rule (specs.md §3): everything in the envelope is `edXML:`, except the XML-DSig subtree */
export function checkEnvelopeNames(root: Element): void {
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    if (el.namespaceURI === DSIG_NS && el.localName === 'Signature') {
      if ((el.parentNode as Element | null)?.localName !== 'edXMLHeader') throw new EdxmlError('EDXML_SIGNATURE_WRAPPED', { reason: 'chữ ký nằm ngoài edXMLHeader' });
      continue;
    }
    if (el.namespaceURI !== EDXML_NS || el.prefix !== EDXML_PREFIX) {
      throw new EdxmlError('EDXML_NAMESPACE_INVALID', { element: el.nodeName, namespace: EDXML_NS, prefix: EDXML_PREFIX });
    }
    stack.push(...childElements(el));
  }
}

/** A cursor on one element: its children by local name, with the path for messages */
export class XmlNode {
  constructor(readonly element: Element, readonly path: string) {}

  #named(name: string): Element[] {
    return childElements(this.element).filter((c) => c.localName === name);
  }

  /** Refuses children other than these */
  only(names: readonly string[]): this {
    for (const c of childElements(this.element)) {
      if (!names.includes(c.localName ?? '')) throw new EdxmlError('EDXML_ELEMENT_UNEXPECTED', { element: c.nodeName, path: this.path });
    }
    return this;
  }

  optional(name: string): XmlNode | undefined {
    const found = this.#named(name);
    if (found.length > 1) throw new EdxmlError('EDXML_ELEMENT_DUPLICATE', { path: `${this.path}/${name}` });
    return found[0] && new XmlNode(found[0], `${this.path}/${name}`);
  }

  one(name: string): XmlNode {
    const node = this.optional(name);
    if (!node) throw new EdxmlError('EDXML_ELEMENT_MISSING', { path: `${this.path}/${name}` });
    return node;
  }

  many(name: string): XmlNode[] {
    return this.#named(name).map((e, i) => new XmlNode(e, `${this.path}/${name}[${i + 1}]`));
  }

  text(): string {
    if (childElements(this.element).length) throw new EdxmlError('EDXML_FIELD_INVALID', { path: this.path, reason: 'cần chữ, không cần phần tử con' });
    return this.element.textContent ?? '';
  }

  /** A required, non-blank value */
  value(name: string, check?: (v: string) => string | undefined): string {
    const node = this.one(name);
    const v = node.text();
    if (!v.trim()) throw new EdxmlError('EDXML_FIELD_INVALID', { path: node.path, reason: 'để trống' });
    const problem = check?.(v);
    if (problem) throw new EdxmlError('EDXML_FIELD_INVALID', { path: node.path, reason: problem });
    return v;
  }

  /** An optional value: absent stays undefined, present is kept as written (checked when not empty) */
  maybe(name: string, check?: (v: string) => string | undefined): string | undefined {
    const node = this.optional(name);
    if (!node) return undefined;
    const v = node.text();
    const problem = v && check?.(v);
    if (problem) throw new EdxmlError('EDXML_FIELD_INVALID', { path: node.path, reason: problem });
    return v;
  }
}
