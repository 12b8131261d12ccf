import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPackage, buildStatusPackage, parsePackage } from './package.ts';
import { attachment, fakePdf, samplePackage, sampleStatus } from './test-fixtures.ts';
import { STATUS_CODES, type DocumentPackage, type StatusCode } from './types.ts';
import { dateOfTimestamp, edxmlDate, edxmlTimestamp, parseDocumentId } from './dates.ts';

const replace = (xml: string, from: string | RegExp, to: string) => {
  const out = xml.replace(from, to);
  assert.notEqual(out, xml, `fixture edit did not apply: ${String(from)}`);
  return out;
};

test('ok: a document package builds in the QCVN 102:2016 shape and parses back to the same object', () => {
  const pkg = samplePackage();
  const xml = buildPackage(pkg);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<edXML xmlns="http:\/\/www.mic.gov.vn\/TBT\/QCVN_102_2016">\n {2}<edXML:edXMLEnvelope xmlns:edXML="http:\/\/www.mic.gov.vn\/TBT\/QCVN_102_2016">/);
  for (const tag of ['edXML:MessageHeader', 'edXML:TraceHeaderList', 'edXML:Bussiness', 'edXML:BussinessDocType', 'edXML:edXMLManifest version="1.0"', 'edXML:DocumentId']) assert.ok(xml.includes(`<${tag}`), tag);
  assert.match(xml, /<edXML:Reference xlink:href="cid:[0-9a-f-]{36}" xlink:type="simple">\n\s*<edXML:ContentId>cid:[0-9a-f-]{36}<\/edXML:ContentId>/);
  assert.match(xml, /<\/edXML:edXMLEnvelope>\n {2}<AttachmentEncoded>\n {4}<Attachment>\n {6}<ContentId>[0-9a-f-]{36}<\/ContentId>/);
  assert.ok(xml.includes('&amp; liên thông văn bản &lt;điện tử&gt;'));
  assert.deepEqual(parsePackage(xml), pkg);
  assert.deepEqual(parsePackage(new Uint8Array(Buffer.from(xml))), pkg, 'bytes as well as text');
});

test('ok: a minimal document (no optional field, no attachment) and a replacement round-trip', () => {
  const full = samplePackage([]);
  const minimal: DocumentPackage = {
    kind: 'document',
    header: {
      from: { organId: full.header.from.organId, organName: full.header.from.organName }, to: [{ organId: '000.00.03.H29', organName: 'UBND huyện Tam Đường' }],
      code: full.header.code, promulgationInfo: full.header.promulgationInfo, documentType: { type: '1', typeName: 'Công văn' }, subject: 'Thử',
      signerInfo: { fullName: 'Lò Văn Minh' }, toPlaces: [], otherInfo: { priority: 0 }, responseFor: [], documentId: full.header.documentId,
    },
    trace: { traceHeaders: [], business: { docType: 3, replacementInfoList: [{ documentId: '000.00.00.H29,2026/01/02,01/QĐ-UBND', organIds: ['000.00.03.H29', '000.01.29.H29'] }] } },
    attachments: [],
  };
  assert.deepEqual(parsePackage(buildPackage(minimal)), minimal);
  assert.deepEqual(parsePackage(buildPackage(full)), full);
});

test('ok: status packages for every code round-trip; 02 needs its reason', () => {
  for (const code of Object.keys(STATUS_CODES) as StatusCode[]) {
    const pkg = sampleStatus(code, code === '02' ? 'Văn bản gửi nhầm nơi nhận' : undefined);
    const xml = buildPackage(pkg);
    assert.ok(xml.includes(`<edXML:StatusCode>${code}</edXML:StatusCode>`));
    assert.ok(!xml.includes('edXMLBody') && !xml.includes('AttachmentEncoded'), 'a status package has no body');
    assert.deepEqual(parsePackage(xml), pkg);
  }
  assert.throws(() => buildStatusPackage(sampleStatus('02').status), { code: 'EDXML_FIELD_INVALID' });
  assert.throws(() => buildStatusPackage({ ...sampleStatus().status, statusCode: '07' as StatusCode }), { code: 'EDXML_FIELD_INVALID' });
});

test('ok: dates in Vietnam time and the document identifier', () => {
  const at = new Date('2015-09-30T17:30:05Z');
  assert.equal(edxmlDate(at), '2015/10/01');
  assert.equal(edxmlTimestamp(at), '2015/10/01 00:30:05');
  assert.equal(dateOfTimestamp('2015/10/01 00:30:05').toISOString(), at.toISOString());
  assert.deepEqual(parseDocumentId('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT'), { organId: '000.00.00.G22', date: '2015/09/30', number: '7816', notation: 'VPCP-TTĐT' });
  assert.equal(parseDocumentId('000.00.00.G22,2015/02/30,7816/VPCP'), undefined);
});

test('error/field: every missing or malformed field is a coded error naming its path', () => {
  const xml = buildPackage(samplePackage());
  const cases: [string, string, RegExp][] = [
    ['EDXML_ELEMENT_MISSING', replace(xml, /<edXML:Subject>[^<]*<\/edXML:Subject>\n/, ''), /MessageHeader\/Subject/],
    ['EDXML_ELEMENT_MISSING', replace(xml, /<edXML:To>[\s\S]*?<\/edXML:To>\n\s*<edXML:To>[\s\S]*?<\/edXML:To>\n/, ''), /MessageHeader\/To/],
    ['EDXML_ELEMENT_MISSING', replace(xml, /<edXML:Bussiness>[\s\S]*?<\/edXML:Bussiness>\n/, ''), /Bussiness/],
    ['EDXML_FIELD_INVALID', replace(xml, '<edXML:PromulgationDate>2026/03/05<', '<edXML:PromulgationDate>2026-03-05<'), /PromulgationDate/],
    ['EDXML_FIELD_INVALID', replace(xml, '<edXML:Priority>1<', '<edXML:Priority>7<'), /Priority/],
    ['EDXML_FIELD_INVALID', replace(xml, '<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>4<'), /BussinessDocType/],
    ['EDXML_FIELD_INVALID', replace(xml, '<edXML:Timestamp>2026/03/05 14:05:09<', '<edXML:Timestamp>2026/03/05 25:05:09<'), /Timestamp/],
    ['EDXML_FIELD_INVALID', replace(xml, '<edXML:OrganId>000.00.00.H29</edXML:OrganId>', '<edXML:OrganId>ubnd lai chau</edXML:OrganId>'), /OrganId/],
    ['EDXML_FIELD_INVALID', replace(xml, '000.00.00.H29,2026/03/05,296/UBND-VHTT<', '000.00.00.H29,2026/03/05,297/UBND-VHTT<'), /DocumentId/],
    ['EDXML_FIELD_INVALID', replace(xml, /<edXML:FullName>[^<]*</, '<edXML:FullName> <'), /FullName/],
    ['EDXML_FIELD_INVALID', replace(xml, /<ContentTransferEncoded>/, '<ContentTransferEncoded>*'), /ContentTransferEncoded/],
    ['EDXML_ELEMENT_DUPLICATE', replace(xml, '<edXML:Subject>', '<edXML:Subject>x</edXML:Subject><edXML:Subject>'), /Subject/],
    ['EDXML_ELEMENT_UNEXPECTED', replace(xml, '<edXML:Subject>', '<edXML:Tieu_de>x</edXML:Tieu_de><edXML:Subject>'), /Tieu_de/],
    ['EDXML_ATTACHMENT_MISMATCH', replace(xml, /<Attachment>[\s\S]*?<\/Attachment>\n/, ''), /2 mục/],
    ['EDXML_ATTACHMENT_MISMATCH', replace(xml, /<AttachmentName>296-UBND-VHTT.pdf</, '<AttachmentName>khac.pdf<'), /khac.pdf/],
  ];
  for (const [code, input, path] of cases) {
    assert.throws(() => parsePackage(input), (err: { code: string; message: string; localise(l: string): string }) => {
      assert.equal(err.code, code, `${String(path)}: ${err.message}`);
      assert.match(err.message, path);
      assert.ok(err.localise('vi').length > 10);
      return true;
    });
  }
});

test('error/builder: a JSON description with a missing group is refused with a code, not a TypeError', () => {
  const pkg = samplePackage();
  const broken = { ...pkg, header: { ...pkg.header, code: undefined } } as unknown as DocumentPackage;
  assert.throws(() => buildPackage(broken), { code: 'EDXML_FIELD_INVALID' });
  assert.throws(() => buildPackage({ kind: 'letter' } as unknown as DocumentPackage), { code: 'EDXML_FIELD_INVALID' });
  assert.throws(() => buildPackage({ ...pkg, header: { ...pkg.header, subject: 'a\u0001b' } }), { code: 'EDXML_XML_MALFORMED' });
});

test('error/limits: oversized package, attachment and attachment count, each against its option', () => {
  const xml = buildPackage(samplePackage([attachment('lon.pdf', fakePdf('lớn', 300_000))]));
  assert.throws(() => parsePackage(xml, { maxBytes: 100_000 }), { code: 'EDXML_INPUT_TOO_LARGE' });
  assert.throws(() => parsePackage(xml, { maxAttachmentBytes: 299_999 }), { code: 'EDXML_ATTACHMENT_TOO_LARGE' });
  assert.equal((parsePackage(xml, { maxAttachmentBytes: 300_000 }) as DocumentPackage).attachments[0]!.content.length, 300_000);
  assert.throws(() => parsePackage(buildPackage(samplePackage()), { maxAttachments: 1 }), { code: 'EDXML_INPUT_TOO_LARGE' });
});
