/** @internal A tiny element tree and its UTF-8 text: `edXML:` names, escaped values, two-space indentation. */
export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: readonly (XmlElement | undefined)[];
  readonly text?: string;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#xA;').replace(/\t/g, '&#x9;');

/** `edXML:name` with text; undefined (an absent optional field) writes nothing */
export const field = (name: string, value: string | number | undefined): XmlElement | undefined =>
  value === undefined ? undefined : { name: `edXML:${name}`, text: String(value) };

export const group = (name: string, children: readonly (XmlElement | undefined)[], attrs?: Record<string, string>): XmlElement =>
  ({ name: `edXML:${name}`, children, ...(attrs ? { attrs } : {}) });

function write(el: XmlElement, indent: string, out: string[]): void {
  const attrs = Object.entries(el.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const children = (el.children ?? []).filter((c): c is XmlElement => c !== undefined);
  if (children.length) {
    out.push(`${indent}<${el.name}${attrs}>\n`);
    for (const c of children) write(c, `${indent}  `, out);
    out.push(`${indent}</${el.name}>\n`);
  } else if (el.text !== undefined && el.text !== '') {
    out.push(`${indent}<${el.name}${attrs}>${escapeText(el.text)}</${el.name}>\n`);
  } else {
    out.push(`${indent}<${el.name}${attrs}/>\n`);
  }
}

export function serialize(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, '', out);
  return out.join('');
}
