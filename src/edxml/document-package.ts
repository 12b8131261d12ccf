/**
 * @internal The document package's header, trace and attachments, to and from the element tree
 * (specs.md §3). Order of elements as the standard lists them; reading goes by name and refuses strangers.
 */
import { documentIdOf, parseDocumentId } from './dates.ts';
import { EdxmlError } from './edxml.errors.ts';
import { countCheck, dateCheck, defined, intOf, organIdCheck, readOrganization, readResponseFor, readStaffInfo, timestampCheck, writeOrganization, writeResponseFor, writeStaffInfo } from './parts.ts';
import type { Attachment, Business, BusinessDocType, MessageHeader, OtherInfo, Priority, TraceHeaderList } from './types.ts';
import { XLINK_NS } from './types.ts';
import type { XmlNode } from './xml-reader.ts';
import { field, group, type XmlElement } from './xml-writer.ts';

export function writeMessageHeader(h: MessageHeader): XmlElement {
  const o = h.otherInfo;
  return group('MessageHeader', [
    writeOrganization('From', h.from),
    ...h.to.map((t) => writeOrganization('To', t)),
    group('Code', [field('CodeNumber', h.code.codeNumber), field('CodeNotation', h.code.codeNotation)]),
    group('PromulgationInfo', [field('Place', h.promulgationInfo.place), field('PromulgationDate', h.promulgationInfo.promulgationDate)]),
    group('DocumentType', [field('Type', h.documentType.type), field('TypeName', h.documentType.typeName), field('TypeDetail', h.documentType.typeDetail)]),
    field('Subject', h.subject),
    field('Content', h.content),
    group('SignerInfo', [field('Competence', h.signerInfo.competence), field('Position', h.signerInfo.position), field('FullName', h.signerInfo.fullName)]),
    field('DueDate', h.dueDate),
    h.toPlaces.length ? group('ToPlaces', h.toPlaces.map((p) => field('Place', p))) : undefined,
    group('OtherInfo', [
      field('Priority', o.priority), field('SphereOfPromulgation', o.sphereOfPromulgation), field('TyperNotation', o.typerNotation),
      field('PromulgationAmount', o.promulgationAmount), field('PageAmount', o.pageAmount),
      o.appendixes ? group('Appendixes', o.appendixes.map((a) => field('Appendix', a))) : undefined,
    ]),
    ...h.responseFor.map(writeResponseFor),
    field('SteeringType', h.steeringType),
    field('DocumentId', h.documentId),
  ]);
}

const HEADER_FIELDS = ['From', 'To', 'Code', 'PromulgationInfo', 'DocumentType', 'Subject', 'Content', 'SignerInfo', 'DueDate', 'ToPlaces', 'OtherInfo', 'ResponseFor', 'SteeringType', 'DocumentId'];

function readOtherInfo(node: XmlNode): OtherInfo {
  node.only(['Priority', 'SphereOfPromulgation', 'TyperNotation', 'PromulgationAmount', 'PageAmount', 'Appendixes']);
  const appendixes = node.optional('Appendixes')?.only(['Appendix']).many('Appendix').map((a) => a.text());
  return defined({
    priority: Number(node.value('Priority', (v) => (/^[0-3]$/.test(v) ? undefined : 'độ khẩn là 0, 1, 2 hoặc 3'))) as Priority,
    sphereOfPromulgation: node.maybe('SphereOfPromulgation'), typerNotation: node.maybe('TyperNotation'),
    promulgationAmount: intOf(node.maybe('PromulgationAmount', countCheck)), pageAmount: intOf(node.maybe('PageAmount', countCheck)), appendixes,
  });
}

export function readMessageHeader(node: XmlNode): MessageHeader {
  node.only(HEADER_FIELDS);
  const to = node.many('To').map(readOrganization);
  if (to.length === 0) throw new EdxmlError('EDXML_ELEMENT_MISSING', { path: `${node.path}/To` });
  const code = node.one('Code').only(['CodeNumber', 'CodeNotation']);
  const promulgation = node.one('PromulgationInfo').only(['Place', 'PromulgationDate']);
  const type = node.one('DocumentType').only(['Type', 'TypeName', 'TypeDetail']);
  const signer = node.one('SignerInfo').only(['Competence', 'Position', 'FullName']);
  const header: MessageHeader = defined({
    from: readOrganization(node.one('From')), to,
    code: { codeNumber: code.value('CodeNumber'), codeNotation: code.value('CodeNotation') },
    promulgationInfo: { place: promulgation.value('Place'), promulgationDate: promulgation.value('PromulgationDate', dateCheck) },
    documentType: defined({ type: type.value('Type'), typeName: type.value('TypeName'), typeDetail: type.maybe('TypeDetail') }),
    subject: node.value('Subject'), content: node.maybe('Content'),
    signerInfo: defined({ competence: signer.maybe('Competence'), position: signer.maybe('Position'), fullName: signer.value('FullName') }),
    dueDate: node.maybe('DueDate', dateCheck),
    toPlaces: node.optional('ToPlaces')?.only(['Place']).many('Place').map((p) => p.text()) ?? [],
    otherInfo: readOtherInfo(node.one('OtherInfo')),
    responseFor: node.many('ResponseFor').map(readResponseFor),
    steeringType: node.maybe('SteeringType'),
    documentId: node.value('DocumentId', (v) => (parseDocumentId(v) ? undefined : 'cần dạng {OrganId},{yyyy/MM/dd},{số}/{ký hiệu}')),
  });
  const expected = documentIdOf({ organId: header.from.organId, date: header.promulgationInfo.promulgationDate, number: header.code.codeNumber, notation: header.code.codeNotation });
  if (header.documentId !== expected) throw new EdxmlError('EDXML_FIELD_INVALID', { path: `${node.path}/DocumentId`, reason: `không khớp nơi gửi, ngày và số, ký hiệu (cần "${expected}")` });
  return header;
}

export function writeTraceHeaderList(t: TraceHeaderList): XmlElement {
  const b = t.business;
  return group('TraceHeaderList', [
    ...t.traceHeaders.map((h) => group('TraceHeader', [field('OrganId', h.organId), field('Timestamp', h.timestamp)])),
    group('Bussiness', [
      field('BussinessDocType', b.docType), field('BussinessDocReason', b.docReason), field('Paper', b.paper),
      b.staffInfo ? writeStaffInfo(b.staffInfo) : undefined,
      b.replacementInfoList ? group('ReplacementInfoList', b.replacementInfoList.map((r) => group('ReplacementInfo', [
        field('DocumentId', r.documentId), group('OrganIdList', r.organIds.map((id) => field('OrganId', id))),
      ]))) : undefined,
    ]),
  ]);
}

function readBusiness(node: XmlNode): Business {
  node.only(['BussinessDocType', 'BussinessDocReason', 'Paper', 'StaffInfo', 'ReplacementInfoList']);
  const docType = Number(node.value('BussinessDocType', (v) => (/^[0-3]$/.test(v) ? undefined : '0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế'))) as BusinessDocType;
  const replacements = node.optional('ReplacementInfoList')?.only(['ReplacementInfo']).many('ReplacementInfo').map((r) => {
    r.only(['DocumentId', 'OrganIdList']);
    const organIds = r.one('OrganIdList').only(['OrganId']).many('OrganId').map((o) => o.text());
    return { documentId: r.value('DocumentId'), organIds };
  });
  if (docType === 3 && !replacements?.length) throw new EdxmlError('EDXML_ELEMENT_MISSING', { path: `${node.path}/ReplacementInfoList/ReplacementInfo` });
  const staff = node.optional('StaffInfo');
  return defined({ docType, docReason: node.maybe('BussinessDocReason'), paper: intOf(node.maybe('Paper', countCheck)), staffInfo: staff && readStaffInfo(staff), replacementInfoList: replacements });
}

export function readTraceHeaderList(node: XmlNode): TraceHeaderList {
  node.only(['TraceHeader', 'Bussiness']);
  const traceHeaders = node.many('TraceHeader').map((h) => {
    h.only(['OrganId', 'Timestamp']);
    return { organId: h.value('OrganId', organIdCheck), timestamp: h.value('Timestamp', timestampCheck) };
  });
  return { traceHeaders, business: readBusiness(node.one('Bussiness')) };
}

export const writeManifest = (attachments: readonly Attachment[]): XmlElement => group('edXMLBody', [
  group('edXMLManifest', attachments.map((a) => group('Reference', [
    field('ContentId', `cid:${a.contentId}`), field('AttachmentName', a.name), field('Description', a.description),
  ], { 'xlink:href': `cid:${a.contentId}`, 'xlink:type': 'simple' })), { version: '1.0', 'xmlns:xlink': XLINK_NS }),
]);

export const writeAttachments = (attachments: readonly Attachment[]): XmlElement | undefined => (attachments.length ? {
  name: 'AttachmentEncoded',
  children: attachments.map((a) => ({ name: 'Attachment', children: [
    { name: 'ContentId', text: a.contentId }, { name: 'AttachmentName', text: a.name }, { name: 'ContentType', text: a.contentType },
    { name: 'ContentTransferEncoded', text: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength).toString('base64') },
  ] })),
} : undefined);
