import assert from 'node:assert/strict';
import { test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { withSigningKeys } from '../../../test/helpers/letter.ts';
import { scannedLetter } from '../../../test/helpers/scan.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { samplePdf, testPki, testSigner } from '../../pades/test-fixtures.ts';
import { signPdf } from '../../pades/index.ts';
import { findOcrmypdf } from './ocr.ts';
import { findSoffice } from './convert.ts';

const eml = (options: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(options).compile().build();

const hasScanTools = !!findOcrmypdf() && !!findSoffice();
test('OCRmyPDF and LibreOffice are present for the scan intake', () => {
  if (!hasScanTools && process.env.CI) assert.fail('ocrmypdf and soffice are required under CI');
});
/** Without OCRmyPDF or LibreOffice (outside CI) the scan intake shows as skipped, not as passed */
const withScanTools = hasScanTools ? testOnBothEngines : (name: string) => test.skip(name + ' (ocrmypdf or soffice not installed)');

withScanTools('ok: a scanned paper letter is OCRed in Vietnamese, signed as a digitised document with the seal, registered with what the clerk reads off it, and found without diacritics', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date());
  await withSigningKeys(office, actorOf, 'laichau.lanhdao');
  const clerk = await actorOf('laichau.vanthu');
  const files = scratch();
  try {
    const id = await office.arrivals.receiveScan(clerk, { typeCode: 'quyet-dinh', subject: 'Quyết định triển khai chữ ký số', sender: 'UBND tỉnh Lai Châu' }, { name: 'ban-quet.pdf', bytes: await scannedLetter(files.dir) });
    const report = await office.issuing.arrivalReport(clerk, id);
    assert.equal(report?.passed, true, JSON.stringify(report));
    assert.deepEqual(report?.signatures.map((s) => s.signer), ['Ủy ban nhân dân tỉnh Lai Châu']);
    const file = await office.files.read(clerk, id);
    const path = files.write('so-hoa.pdf', file.bytes);
    assert.match(runTool('pdfsig', [path]).stdout, /Signature Validation: Signature is Valid\./);
    assert.match(runTool('pdftotext', [path, '-']).stdout.normalize('NFC'), /QUYẾT ĐỊNH/);
    const registered = await office.incoming.registerArrival(clerk, id, undefined, { notation: '15/QĐ-UBND', documentDate: '2026-11-20' });
    assert.deepEqual([registered.number, registered.notation, registered.document_date], [1, '15/QĐ-UBND', '2026-11-20']);
    const found = await office.documents.search(clerk, { q: 'huong dan cac huyen' });
    assert.deepEqual(found.documents.map((d) => d.id), [id], 'the OCR text is searchable without diacritics');
    assert.deepEqual((await office.documents.search(clerk, { q: 'QĐ-UBND' })).documents.map((d) => d.id), [id]);
  } finally {
    files.remove();
  }
});

testOnBothEngines('ok: an e-mail with two PDFs makes two arrivals; a signature from a CA we do not trust shows as not passed and registration then needs a note', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date());
  const clerk = await actorOf('tamduong.vanthu');
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Nguyễn Văn An');
  const signed = await signPdf(await samplePdf(), { signer, signingTime: new Date() });
  const ids = await office.arrivals.receiveEmail(clerk, await eml({
    from: 'Sở Tài chính <stc@laichau.gov.vn>', to: 'ubndtamduong@laichau.gov.vn', subject: 'Gửi văn bản hướng dẫn quyết toán', date: new Date('2026-11-24T03:00:00Z'),
    text: 'Kính gửi UBND huyện Tam Đường.', attachments: [{ filename: 'huong-dan.pdf', content: Buffer.from(signed) }, { filename: 'phu-luc.pdf', content: Buffer.from(await samplePdf()) }],
  }));
  assert.equal(ids.length, 2);
  const arrivals = await office.incoming.arrivals(clerk);
  assert.deepEqual(arrivals.map((a) => [a.subject, a.sender, a.document_date]).sort(), [
    ['Gửi văn bản hướng dẫn quyết toán (huong-dan.pdf)', 'Sở Tài chính <stc@laichau.gov.vn>', '2026-11-24'],
    ['Gửi văn bản hướng dẫn quyết toán (phu-luc.pdf)', 'Sở Tài chính <stc@laichau.gov.vn>', '2026-11-24'],
  ]);
  const withSignature = arrivals.find((a) => a.file_name === 'huong-dan.pdf')!;
  const report = await office.issuing.arrivalReport(clerk, withSignature.id);
  assert.equal(report?.passed, false);
  assert.equal(report?.signatures[0]?.signer, 'Nguyễn Văn An');
  assert.equal(report?.signatures[0]?.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
  await assert.rejects(office.incoming.registerArrival(clerk, withSignature.id), { code: 'OFFICE_ARRIVAL_NOTE_REQUIRED' });
  const registered = await office.incoming.registerArrival(clerk, withSignature.id, 'Chữ ký của CA chưa được tin cậy; đã gọi điện xác nhận với Sở Tài chính.', { notation: '120/STC-QLNS' });
  assert.equal(registered.notation, '120/STC-QLNS');
  const unsigned = (await office.issuing.arrivalReport(clerk, arrivals.find((a) => a.file_name === 'phu-luc.pdf')!.id))!;
  assert.deepEqual([unsigned.passed, unsigned.signatures.length], [false, 0]);
});

testOnBothEngines('bad: an e-mail without a PDF, a non-e-mail, a PDF that is not one, a scan without a seal key, wrong fields, a specialist instead of the clerk: clear refusals, no arrival made', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date());
  const clerk = await actorOf('tamduong.vanthu');
  await assert.rejects(office.arrivals.receiveEmail(clerk, await eml({ from: 'a@b.vn', to: 'c@d.vn', subject: 'Không đính kèm', text: 'x' })), { code: 'OFFICE_EMAIL_NO_PDF' });
  await assert.rejects(office.arrivals.receiveEmail(clerk, new TextEncoder().encode('không phải thư')), { code: 'OFFICE_EMAIL_UNREADABLE' });
  await assert.rejects(office.arrivals.receiveEmail(clerk, await eml({ from: 'a@b.vn', to: 'c@d.vn', subject: 'x', attachments: [{ filename: 'gia.pdf', content: 'không phải PDF' }] })), { code: 'OFFICE_FILE_NOT_PDF' });
  await assert.rejects(office.arrivals.receiveEmail(await actorOf('tamduong.chuyenvien'), new Uint8Array(10)), { code: 'OFFICE_FORBIDDEN' });
  const fields = { typeCode: 'quyet-dinh', subject: 'Thử', sender: 'UBND tỉnh' };
  await assert.rejects(office.arrivals.receiveScan(clerk, fields, { name: 'scan.pdf', bytes: await samplePdf() }), { code: 'OFFICE_SIGNING_KEY_MISSING' });
  await assert.rejects(office.arrivals.receiveScan(clerk, { ...fields, typeCode: 'khong-co' }, { name: 'scan.pdf', bytes: await samplePdf() }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.arrivals.receiveScan(clerk, { typeCode: 'quyet-dinh' } as typeof fields, { name: 'scan.pdf', bytes: await samplePdf() }), { code: 'OFFICE_DOCUMENT_INVALID' }, 'no subject or sender');
  await assert.rejects(office.arrivals.receiveScan(clerk, { ...fields, documentDate: '2026-02-30' }, { name: 'scan.pdf', bytes: await samplePdf() }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.arrivals.receiveScan(clerk, fields, { name: 'scan.pdf', bytes: new TextEncoder().encode('GIF89a') }), { code: 'OFFICE_FILE_NOT_PDF' });
  assert.equal((await office.incoming.arrivals(clerk)).length, 0);
});
