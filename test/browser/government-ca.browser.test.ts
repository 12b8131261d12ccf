/**
 * The Government CA's certificates as the DIC meets them: with CONGVAN_REQUEST_CA=government a personal-certificate
 * request approved by the DIC waits; the operator uploads the file the Government CA sent back, sees it taken in,
 * then a certificate nobody asked for refused with the reason, and the registry listing the first as valid.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { governmentCa, issued } from '../../src/office/requests/ca-government.fixture.ts';
import { BINH_LU_PERSON as PERSON, requestAtDic } from '../helpers/request-path.ts';
import { BROWSER_PASSWORD as PASSWORD, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';


const files = mkdtempSync(join(tmpdir(), 'congvan-govca-'));
let gov: Awaited<ReturnType<typeof governmentCa>>;
let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  gov = await governmentCa(new Date());
  const roots = join(files, 'roots.pem');
  writeFileSync(roots, [gov.root, gov.issuing].map((ca) => ca.certificate.toString('pem')).join('\n'));
  started = await startBrowserOffice('congvan-govca-office-', { CONGVAN_REQUEST_CA: 'government', CONGVAN_TRUSTED_ROOTS: roots });
  browser = started.browser;
});

after(async () => {
  await started?.close();
  rmSync(files, { recursive: true, force: true });
});

/** Bình Lư files the request, Tam Đường's desk sends it on, the DIC merges and approves it: over HTTP, as the UI test of requests does by hand */
async function approvedRequest(base: string) {
  const { dic, entry } = await requestAtDic(base, PASSWORD);
  const { entries } = await dic.call<{ entries: { state: string }[] }>('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] });
  assert.equal(entries[0]?.state, 'approved', 'the Government CA carries it, not us');
  return { dic, entryId: entry!.id };
}

test('ok: the DIC uploads the Government CA\'s certificate, sees it taken in and in the registry; one nobody asked for is refused with the reason', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const { dic: dicApi, entryId } = await approvedRequest(started.office.url);
  const now = new Date();
  const subject = { profile: 'individual' as const, fullName: PERSON.fullName, agency: PERSON.workplace, province: 'Lai Châu', email: PERSON.email, idNumber: { kind: 'CCCD' as const, value: PERSON.personIdNumber } };
  const answer = join(files, 'sang.cer');
  writeFileSync(answer, Buffer.from((await issued(gov.issuing, subject, now)).rawData));
  const stranger = join(files, 'la.pem');
  writeFileSync(stranger, (await issued(gov.issuing, { ...subject, fullName: 'NGUYỄN VĂN LẠ', email: 'la.nv@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '099999999999' } }, now)).toString('pem'));

  const dic = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  await dic.getByTestId('main-menu').getByText('Đề nghị', { exact: true }).click();
  await dic.getByTestId('tab-government').click();
  await dic.getByTestId('government-registry').getByText('Chưa nhận chứng thư nào').waitFor();
  await dic.locator('.ant-upload input[type=file]').setInputFiles(answer);
  await dic.getByTestId('government-report').getByText('Đã nhận: 1').waitFor();
  const row = dic.getByTestId('government-registry').locator('tbody tr', { hasText: PERSON.fullName });
  await row.getByText('Còn hiệu lực').waitFor();
  const { entry } = await dicApi.call<{ entry: { state: string; outcome: string } }>('GET', `/api/request-entries/${entryId}/timeline`);
  assert.equal(entry.state, 'done');
  assert.match(entry.outcome, /CA Chính phủ cấp/);

  await dic.locator('.ant-upload input[type=file]').setInputFiles(stranger);
  const refused = dic.getByTestId('government-refused');
  await refused.getByText('Không nhận: 1').waitFor();
  assert.match(await refused.locator('tbody tr').first().innerText(), /không khớp với đề nghị nào đã duyệt/);
  assert.equal(await dic.getByTestId('government-registry').locator('tbody tr.ant-table-row').count(), 1, 'the stranger is not in the registry');
});
