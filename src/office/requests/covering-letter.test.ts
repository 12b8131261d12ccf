import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { withSigningKeys } from '../../../test/helpers/letter.ts';
import { openTestDb } from '../../../test/helpers/test-db.ts';
import { nssTrusting, pdfsigVerdicts, runTool, scratch } from '../../../test/helpers/tools.ts';
import { pdfText, validate } from '../../pades/index.ts';
import { findProgram } from '../../shared/find-program.ts';
import { findSoffice } from '../documents/convert.ts';
import { formById, validateEntry, type CleanEntry, type FormDef } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { placeAndDate } from './covering-letter-fodt.ts';
import { coveringLetterPdf, letterLayout, settleLetter, signCoveringLetter, subjectLine } from './covering-letter.ts';
import type { CoveringLetterInput } from './covering-letter.types.ts';

const NAMES = ['Nguyễn Thị Hường', 'Lò Văn Đức', 'Trần Quỳnh Ánh', 'Phạm Thị Ngọc Diệp'];
const RECIPIENT = 'Sở Khoa học và Công nghệ tỉnh Lai Châu';

function entries(form: FormDef, names: readonly string[]): CleanEntry[] {
  return names.map((fullName) => {
    const result = validateEntry(form, { ...sampleEntry(form), fullName }, { officialMailDomains: ['laichau.gov.vn'] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value;
  });
}

const letterOf = (form: FormDef, agency: string, signerName: string, names = NAMES): CoveringLetterInput => ({
  form, entries: entries(form, names), agency: { parent: 'Ủy ban nhân dân tỉnh Lai Châu', name: agency }, notation: '15/UBND-VHTT', place: 'Lai Châu',
  date: new Date('2026-11-26T02:00:00Z'), recipient: RECIPIENT, signer: { authority: 'KT. Chủ tịch', title: 'Phó Chủ tịch', name: signerName }, copiesTo: ['Chủ tịch, các PCT UBND tỉnh'],
});

test('ok: place and date as Decree 30 writes them — a leading zero for days below 10 and for January and February, in Vietnam time', () => {
  assert.equal(placeAndDate('Lai Châu', new Date('2026-11-26T02:00:00Z')), 'Lai Châu, ngày 26 tháng 11 năm 2026');
  assert.equal(placeAndDate('Tam Đường', new Date('2026-02-04T18:30:00Z')), 'Tam Đường, ngày 05 tháng 02 năm 2026');
  assert.equal(placeAndDate('Lai Châu', new Date('2026-03-09T00:00:00Z')), 'Lai Châu, ngày 09 tháng 3 năm 2026');
});

test('ok: layout — portrait when the columns fit 165 mm, landscape when not, and past 252 mm the main columns (STT, the name, required ones) with the rest named', () => {
  assert.deepEqual([letterLayout(formById('mailboxes-new-persons')!).orientation, letterLayout(formById('mailboxes-new-persons')!).omitted], ['portrait', []]);
  const wide = letterLayout(formById('personal-certificate')!);
  assert.equal(wide.orientation, 'landscape');
  const kept = wide.columns.flatMap((c) => c.leaves.map((l) => l.label));
  assert.deepEqual(kept.slice(0, 2), ['STT', 'Họ và tên (chữ in hoa)']);
  assert.ok(wide.omitted.includes('Số hiệu chứng thư số cũ (nếu có)') && !kept.includes('Số hiệu chứng thư số cũ (nếu có)'));
  assert.ok(wide.columns.flatMap((c) => c.leaves).reduce((sum, l) => sum + l.widthMm, 0) <= 252);
});

test('ok: the V/v line and the body name the form and the number of entries', () => {
  assert.equal(subjectLine(formById('personal-certificate-list')!), 'V/v đề nghị cấp chứng thư số cho cá nhân');
  assert.equal(subjectLine(formById('personal-certificate')!), 'V/v đề nghị cấp chứng thư số cho cá nhân');
  const letter = settleLetter(letterOf(formById('personal-certificate-list')!, 'Văn phòng UBND tỉnh', 'Lò Văn Minh'));
  assert.match(letter.opening[0]!, /danh sách 04 trường hợp đề nghị theo Mẫu 01 "Văn bản đề nghị cấp chứng thư số của cá nhân"/);
});

test('error/empty list: no letter for a batch without entries', () => {
  assert.throws(() => settleLetter({ ...letterOf(formById('personal-certificate-list')!, 'Văn phòng UBND tỉnh', 'Lò Văn Minh'), entries: [] }), { code: 'OFFICE_REQUEST_EMPTY' });
});

const hasSoffice = !!findSoffice();
const hasPoppler = ['pdfsig', 'pdftoppm', 'pdftotext', 'qpdf', 'certutil'].every((tool) => findProgram(tool, `CONGVAN_TEST_${tool.toUpperCase()}`) !== undefined);
test('LibreOffice, poppler, qpdf and certutil are present for the covering letter', () => {
  if ((!hasSoffice || !hasPoppler) && process.env.CI) assert.fail('soffice, pdfsig, pdftoppm, pdftotext, qpdf and certutil are required under CI');
});
/** Without the tools (outside CI) the test shows as skipped, not as passed */
const withTools = (name: string, fn: (t: TestContext) => Promise<void>): void => {
  if (hasSoffice && hasPoppler) test(name, fn);
  else test.skip(`${name} (soffice or poppler tools not installed)`);
};

withTools('ok: the letter made by LibreOffice and signed by the leader then sealed by the agency — qpdf checks it, pdfsig trusts both signatures through our root, page 1 renders, and its text has the motto, "Kính gửi", the form title and every name', async (t) => {
  const db = await openTestDb('sqlite', t);
  if (!db) return;
  const files = scratch();
  try {
    const { office, actorOf } = await demoOffice(db, new Date());
    await withSigningKeys(office, actorOf, 'laichau.lanhdao');
    const leader = await actorOf('laichau.lanhdao');
    const person = await office.signing.keys.signerFor(leader.agencyId, leader.userId, 'personal');
    const agency = await db.kysely.selectFrom('agencies').select('name').where('id', '=', leader.agencyId).executeTakeFirstOrThrow();
    const form = formById('personal-certificate-list')!;

    const started = performance.now();
    const pdf = await coveringLetterPdf(letterOf(form, agency.name, person.holder));
    const made = performance.now();
    const signed = await signCoveringLetter(pdf, office.signing, { agencyId: leader.agencyId, signerUserId: leader.userId, signerName: person.holder, organisation: agency.name, signingTime: new Date() });
    t.diagnostic(`letter made in ${Math.round(made - started)} ms, signed and sealed in ${Math.round(performance.now() - made)} ms, ${signed.length} bytes`);

    const path = files.write('cong-van.pdf', signed);
    const check = runTool('qpdf', ['--check', path]);
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const root = await db.kysely.selectFrom('pki_authorities').select('certificate_pem').where('kind', '=', 'root').executeTakeFirstOrThrow();
    const sig = pdfsigVerdicts(nssTrusting(files.dir, root.certificate_pem), path);
    assert.deepEqual(sig.signatures, ['Signature is Valid.', 'Signature is Valid.'], sig.output);
    assert.deepEqual(sig.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.'], sig.output);

    const report = await validate(signed, await office.signing.trust.store(), { fetch: await office.signing.trust.fetcher() });
    assert.deepEqual(report.signatures.map((s) => [s.signer?.commonName, s.indication]), [[person.holder, 'TOTAL_PASSED'], [agency.name, 'TOTAL_PASSED']]);
    const [personal, seal] = report.signatures.map((s) => s.rect!);
    assert.ok(seal![0]! < personal![0]! && seal![2]! > personal![0]!, `the seal overlaps the left side of the signature: ${JSON.stringify([personal, seal])}`);

    assert.equal(runTool('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', '-singlefile', path, `${files.dir}/page1`]).code, 0);
    assert.ok(existsSync(`${files.dir}/page1.png`) && statSync(`${files.dir}/page1.png`).size > 5_000, 'page 1 rendered');

    const flat = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ');
    for (const text of [flat(runTool('pdftotext', ['-raw', path, '-']).stdout), flat(await pdfText(signed))]) {
      for (const wanted of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Kính gửi: ${RECIPIENT}`, form.title, 'Số: 15/UBND-VHTT', 'Lai Châu, ngày 26 tháng 11 năm 2026', 'Nơi nhận:', 'PHÓ CHỦ TỊCH', person.holder, ...NAMES]) {
        assert.ok(text.includes(wanted), `"${wanted}" in the text: ${text.slice(0, 1500)}`);
      }
    }
  } finally {
    files.remove();
    await db.close();
  }
});
