/**
 * Building and reading whole packages: the `edXML` root, the envelope, the header (document or status), the
 * manifest and the base64 attachments outside the envelope. A built package is read back before it is
 * returned, so the builder and the reader can never disagree on what a valid package is.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { readMessageHeader, readTraceHeaderList, writeAttachments, writeManifest, writeMessageHeader, writeTraceHeaderList } from './document-package.ts';
import { EdxmlError } from './edxml.errors.ts';
import { defined, readOrganization, readResponseFor, readStaffInfo, timestampCheck, writeOrganization, writeResponseFor, writeStaffInfo } from './parts.ts';
import { DSIG_NS, EDXML_NS, STATUS_CODES, XLINK_NS, type Attachment, type DocumentPackage, type EdxmlLimits, type EdxmlPackage, type MessageStatus, type StatusCode, type StatusPackage } from './types.ts';
import { checkEnvelopeNames, childElements, limitsOf, parseXml, XmlNode } from './xml-reader.ts';
import { field, group, serialize, type XmlElement } from './xml-writer.ts';

const CONTENT_ID = /^[A-Za-z0-9._@-]{1,128}$/;
const CONTENT_TYPE = /^[\w.+-]{1,64}\/[\w.+-]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const writeStatus = (s: MessageStatus): XmlElement => group('MessageStatus', [
  writeResponseFor(s.responseFor), writeOrganization('From', s.from), field('StatusCode', s.statusCode),
  field('Description', s.description), field('Timestamp', s.timestamp), writeStaffInfo(s.staffInfo),
]);

function envelope(pkg: EdxmlPackage): XmlElement {
  const header = pkg.kind === 'document'
    ? group('edXMLHeader', [writeMessageHeader(pkg.header), writeTraceHeaderList(pkg.trace)])
    : group('edXMLHeader', [writeStatus(pkg.status)]);
  return {
    name: 'edXML', attrs: { xmlns: EDXML_NS },
    children: [
      group('edXMLEnvelope', [header, pkg.kind === 'document' ? writeManifest(pkg.attachments) : undefined], { 'xmlns:edXML': EDXML_NS }),
      pkg.kind === 'document' ? writeAttachments(pkg.attachments) : undefined,
    ],
  };
}

/** The package as UTF-8 XML text, unsigned; refused with the reader's EDXML_ error when a field is missing or malformed */
export function buildPackage(pkg: EdxmlPackage, limits?: EdxmlLimits): string {
  if (pkg?.kind !== 'document' && pkg?.kind !== 'status') throw new EdxmlError('EDXML_FIELD_INVALID', { path: 'kind', reason: '"document" hoặc "status"' });
  let xml: string;
  try {
    xml = serialize(envelope(pkg));
  } catch (err) {
    // A required group left out by a caller outside the type system (JSON input)
    throw new EdxmlError('EDXML_FIELD_INVALID', { path: pkg.kind, reason: String((err as Error).message).slice(0, 120) }, { cause: err });
  }
  parsePackage(xml, limits);
  return xml;
}

export const buildDocumentPackage = (pkg: Omit<DocumentPackage, 'kind'>, limits?: EdxmlLimits): string => buildPackage({ ...pkg, kind: 'document' }, limits);
export const buildStatusPackage = (status: MessageStatus, limits?: EdxmlLimits): string => buildPackage({ kind: 'status', status }, limits);

function readStatus(node: XmlNode): MessageStatus {
  node.only(['ResponseFor', 'From', 'StatusCode', 'Description', 'Timestamp', 'StaffInfo']);
  const statusCode = node.value('StatusCode', (v) => (v in STATUS_CODES ? undefined : `mã trạng thái là một trong ${Object.keys(STATUS_CODES).join(', ')}`)) as StatusCode;
  const description = node.maybe('Description');
  if (statusCode === '02' && !description?.trim()) throw new EdxmlError('EDXML_FIELD_INVALID', { path: `${node.path}/Description`, reason: 'từ chối (02) phải nêu lý do' });
  return defined({
    responseFor: readResponseFor(node.one('ResponseFor')), from: readOrganization(node.one('From')), statusCode, description,
    timestamp: node.value('Timestamp', timestampCheck), staffInfo: readStaffInfo(node.one('StaffInfo')),
  });
}

interface ManifestEntry { readonly contentId: string; readonly name: string; readonly description?: string }

function readManifest(body: XmlNode): ManifestEntry[] {
  const manifest = body.only(['edXMLManifest']).one('edXMLManifest').only(['Reference']);
  return manifest.many('Reference').map((ref) => {
    ref.only(['ContentId', 'AttachmentName', 'Description']);
    const cid = ref.value('ContentId', (v) => (/^cid:/.test(v) && CONTENT_ID.test(v.slice(4)) ? undefined : 'cần dạng cid:UUID'));
    const href = ref.element.getAttributeNS(XLINK_NS, 'href');
    if (href && href !== cid) throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', { reason: `xlink:href "${href.slice(0, 80)}" khác ContentId "${cid}"` });
    return defined({ contentId: cid.slice(4), name: ref.value('AttachmentName'), description: ref.maybe('Description') });
  });
}

function decodeBase64(node: XmlNode, name: string, limit: number): Uint8Array {
  const text = node.text().replace(/[\s]+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new EdxmlError('EDXML_FIELD_INVALID', { path: node.path, reason: 'không phải base64' });
  const size = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (size > limit) throw new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', { name, size, limit });
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function readAttachments(el: Element | undefined, manifest: readonly ManifestEntry[], limits: Required<EdxmlLimits>): Attachment[] {
  if (manifest.length > limits.maxAttachments) throw new EdxmlError('EDXML_INPUT_TOO_LARGE', { what: 'số tệp đính kèm', size: manifest.length, limit: limits.maxAttachments });
  const encoded = new Map<string, XmlNode>();
  if (el) {
    const stack = [el];
    while (stack.length) {
      const e = stack.pop()!;
      if (e.namespaceURI !== EDXML_NS) throw new EdxmlError('EDXML_NAMESPACE_INVALID', { element: e.nodeName, namespace: EDXML_NS, prefix: '' });
      stack.push(...childElements(e));
    }
    for (const a of new XmlNode(el, 'AttachmentEncoded').only(['Attachment']).many('Attachment')) {
      a.only(['ContentId', 'AttachmentName', 'ContentType', 'ContentTransferEncoded']);
      const id = a.value('ContentId', (v) => (CONTENT_ID.test(v) ? undefined : 'mã tệp không hợp lệ'));
      if (encoded.has(id)) throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', { reason: `tệp "${id}" gửi hai lần` });
      encoded.set(id, a);
    }
  }
  if (encoded.size !== manifest.length || new Set(manifest.map((m) => m.contentId)).size !== manifest.length) {
    throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', { reason: `danh mục có ${manifest.length} mục, gửi kèm ${encoded.size} tệp` });
  }
  return manifest.map((m) => {
    const a = encoded.get(m.contentId);
    if (!a) throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', { reason: `không có tệp "${m.contentId}"` });
    const name = a.value('AttachmentName');
    if (name !== m.name) throw new EdxmlError('EDXML_ATTACHMENT_MISMATCH', { reason: `tên tệp "${name.slice(0, 80)}" khác danh mục "${m.name.slice(0, 80)}"` });
    const contentType = a.value('ContentType', (v) => (CONTENT_TYPE.test(v) ? undefined : 'kiểu tệp không hợp lệ'));
    return defined({ contentId: m.contentId, name, contentType, description: m.description, content: decodeBase64(a.one('ContentTransferEncoded'), name, limits.maxAttachmentBytes) });
  });
}

/** @internal What the verifier needs besides the package: where the header and the signature are */
export interface ReadPackage { readonly pkg: EdxmlPackage; readonly header: Element; readonly signature?: Element }

/** @internal */
export function readPackage(doc: Document, limits: Required<EdxmlLimits>): ReadPackage {
  const root = doc.documentElement!;
  if (root.localName !== 'edXML' || root.namespaceURI !== EDXML_NS) throw new EdxmlError('EDXML_NAMESPACE_INVALID', { element: root.nodeName, namespace: EDXML_NS, prefix: '' });
  const top = new XmlNode(root, 'edXML').only(['edXMLEnvelope', 'AttachmentEncoded']);
  const env = top.one('edXMLEnvelope');
  checkEnvelopeNames(env.element);
  env.only(['edXMLHeader', 'edXMLBody']);
  const headerNode = env.one('edXMLHeader');
  const children = childElements(headerNode.element);
  const signatures = children.filter((c) => c.namespaceURI === DSIG_NS);
  if (signatures.length > 1) throw new EdxmlError('EDXML_SIGNATURE_WRAPPED', { reason: 'có nhiều hơn một chữ ký trong tiêu đề' });
  const signature = signatures[0];
  if (children.some((c) => c.localName === 'Signature' && c.namespaceURI !== DSIG_NS)) throw new EdxmlError('EDXML_ELEMENT_UNEXPECTED', { element: 'edXML:Signature', path: headerNode.path });
  if (signature && (signature !== children.at(-1) || signature.localName !== 'Signature')) throw new EdxmlError('EDXML_SIGNATURE_WRAPPED', { reason: 'chữ ký phải là phần tử cuối của edXMLHeader' });
  const unsigned = new XmlNode(headerNode.element, headerNode.path);
  if (children.some((c) => c.localName === 'MessageStatus')) {
    unsigned.only(['MessageStatus', 'Signature']);
    if (env.optional('edXMLBody') || top.optional('AttachmentEncoded')) throw new EdxmlError('EDXML_ELEMENT_UNEXPECTED', { element: 'edXMLBody', path: 'gói trạng thái' });
    const pkg: StatusPackage = { kind: 'status', status: readStatus(unsigned.one('MessageStatus')) };
    return { pkg, header: headerNode.element, ...(signature ? { signature } : {}) };
  }
  unsigned.only(['MessageHeader', 'TraceHeaderList', 'Signature']);
  const manifest = readManifest(env.one('edXMLBody'));
  const pkg: DocumentPackage = {
    kind: 'document', header: readMessageHeader(unsigned.one('MessageHeader')), trace: readTraceHeaderList(unsigned.one('TraceHeaderList')),
    attachments: readAttachments(top.optional('AttachmentEncoded')?.element, manifest, limits),
  };
  return { pkg, header: headerNode.element, ...(signature ? { signature } : {}) };
}

/**
 * Reads a package (document or status) without checking its signature: for display and tests. Whatever
 * comes from another agency goes through `verifyPackage`, which reads only what the signature covers.
 */
export function parsePackage(input: string | Uint8Array, limits?: EdxmlLimits): EdxmlPackage {
  const l = limitsOf(limits);
  return readPackage(parseXml(input, l), l).pkg;
}
