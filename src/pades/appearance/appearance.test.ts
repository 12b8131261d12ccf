import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { sealDocument, signAsPerson } from '../decree30.ts';
import { count, isBlue, isDark, isRed, letterPdf, render, samplePdf, sealImage, signatureImage, testOrganisation, testPki, testSigner } from '../test-fixtures.ts';
import { validate } from '../validate/validate.ts';
import { MM, sealRect, toUserSpace, type PageGeometry, type Rect } from './appearance.ts';
import { toVisible } from './anchor.ts';

test('ok: the signer\'s blue signature above the printed name, the red seal at 36 mm over its left third with the organisation and the time; pdfsig and our validator pass both; the rendered page shows them', async () => {
  const pki = await testPki();
  // Now, not a fixed date: the seal judges the signature under it at the seal's own time, and the test
  // certificates are valid from a minute before they are made
  const signingTime = new Date();
  const personal = await signAsPerson(await letterPdf(), { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime, place: { anchor: 'Lò Văn Minh' }, image: signatureImage() });
  const sealed = await sealDocument(personal, { signer: await testOrganisation(pki.issuing), signingTime, kind: 'document', seal: sealImage(), diameterMm: 36, organisation: 'UBND tỉnh Lai Châu', trustStore: pki.trustStore, fetch: pki.fetch });

  const report = await validate(sealed, pki.trustStore, { fetch: pki.fetch });
  assert.deepEqual(report.signatures.map((s) => s.indication), ['TOTAL_PASSED', 'TOTAL_PASSED'], JSON.stringify(report.signatures.map((s) => s.reason.vi)));
  const files = scratch();
  try {
    const pdfsig = runTool('pdfsig', ['-nocert', files.write('sealed.pdf', sealed)]);
    assert.equal((pdfsig.stdout.match(/Signature is Valid\./g) ?? []).length, 2, pdfsig.stdout);
    assert.equal(runTool('qpdf', ['--check', files.write('sealed.pdf', sealed)]).code, 0);
  } finally {
    files.remove();
  }

  const signature = report.signatures[0]!.rect as Rect;
  const seal = report.signatures[1]!.rect as Rect;
  // The signature sits just above the name printed at y = 200, centred on it
  assert.ok(signature[1] > 200 && signature[1] < 220, `signature at ${signature}`);
  const expectedSeal = sealRect(signature, 36);
  assert.ok(Math.abs(seal[0] - expectedSeal[0]) < 0.01 && Math.abs(seal[3] - expectedSeal[3]) < 0.01, `seal at ${seal}`);
  assert.ok(Math.abs(expectedSeal[2] - expectedSeal[0] - 36 * MM) < 0.01, 'the seal at its real size');

  const page = render(sealed);
  const third = (signature[2] - signature[0]) / 3;
  const leftThird: Rect = [signature[0], signature[1], signature[0] + third, signature[3]];
  const rest: Rect = [signature[0] + third + 2, signature[1], signature[2], signature[3]];
  assert.ok(count(page, signature, isBlue) > 100, 'the blue signature shows');
  assert.ok(count(page, leftThird, isRed) > 100, 'red seal pixels over the left third of the signature');
  assert.equal(count(page, rest, isRed), 0, 'and none over the rest of it');
  assert.ok(count(page, [expectedSeal[0], expectedSeal[1], expectedSeal[0] + third, expectedSeal[3]], isRed) > 100, 'the seal extends left of the signature');
  assert.ok(count(page, [seal[0], seal[1], seal[2], expectedSeal[1]], isRed) > 20, 'the organisation and time are written under the seal, in red');
});

test('bad: the seal on a document no person has signed, or signed only by the organisation, is refused; copies and digitised documents take it, top right of page 1', async () => {
  const pki = await testPki();
  const organisation = await testOrganisation(pki.issuing);
  const common = { signer: organisation, signingTime: new Date(), seal: sealImage(), diameterMm: 36, organisation: 'UBND tỉnh Lai Châu', trustStore: pki.trustStore, fetch: pki.fetch };
  const unsigned = await letterPdf();
  await assert.rejects(sealDocument(unsigned, { ...common, kind: 'document' }), { code: 'PADES_SEAL_NEEDS_PERSONAL_SIGNATURE' });
  const copy = await sealDocument(unsigned, { ...common, kind: 'copy', copyForm: 'SAO Y' });
  await assert.rejects(sealDocument(copy, { ...common, kind: 'document' }), (err: Error & { code?: string }) => err.code === 'PADES_SEAL_NEEDS_PERSONAL_SIGNATURE' && /UBND tỉnh Lai Châu: TOTAL_PASSED/.test(err.message));
  // A person's signature that no longer holds does not count either
  const other = await testPki();
  const foreign = await signAsPerson(unsigned, { signer: await testSigner(other.issuing, 'Người Ngoài'), signingTime: new Date(), place: { page: 0, rect: [380, 210, 500, 260] } });
  await assert.rejects(sealDocument(foreign, { ...common, kind: 'document' }), { code: 'PADES_SEAL_NEEDS_PERSONAL_SIGNATURE' });

  const stamped = render(copy);
  const topRight: Rect = [595.28 - 230, 841.89 - 90, 595.28, 841.89];
  assert.ok(count(stamped, topRight, isDark) > 150, 'the copy stamp text shows top right');
  assert.equal(count(stamped, topRight, isRed), 0, 'a copy has no seal image');
  const digitised = render(await sealDocument(await samplePdf(), { ...common, kind: 'digitised' }));
  assert.ok(count(digitised, topRight, isRed) > 100, 'a digitised document shows the seal top right');
});

test('ok: on a page rotated 90°, the appearance is upright for the reader where the reader asked for it', async () => {
  const pki = await testPki();
  const rotated = await letterPdf({ rotate: 90 });
  // Visible page is 841.89 wide and 595.28 high; ask for the lower left area as the reader sees it
  const visible: Rect = [60, 60, 240, 132];
  const signed = await signAsPerson(rotated, { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date(), place: { page: 0, rect: visible }, image: signatureImage() });
  const page = render(signed);
  assert.equal(page.width, 842, 'pdftoppm shows the page as the reader sees it');
  assert.ok(count(page, visible, isBlue) > 100, 'blue where the reader asked');
  assert.equal(count(page, [300, 0, 842, 595], isBlue), 0, 'nowhere else');
  // And the mapping is its own inverse
  const geometry: PageGeometry = { box: [0, 0, 595.28, 841.89], rotate: 90 };
  const back = toVisible(geometry, toUserSpace(geometry, visible).rect);
  visible.forEach((v, i) => assert.ok(Math.abs(v - back[i]!) < 1e-6));
});
