/**
 * The end of issue 7's user check, in Chromium: the certificate congvan's own CA issued on the DIC's approval shows in
 * the commune's certificate register as valid; the commune's IT officer then files the lost-token report (Mẫu 06),
 * presses "Báo mất thiết bị — thu hồi ngay", and `openssl ocsp` asked over HTTP of the office's responder says revoked,
 * as the register now does. (The filing through the forms is seen in requests.browser.test.ts; here it goes over HTTP.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { formById } from '../../src/office/forms/index.ts';
import { sampleEntry } from '../../src/office/forms/sample-entries.ts';
import { toPem } from '../../src/pki/index.ts';
import { person } from '../helpers/axis-cluster.ts';
import { BROWSER_PASSWORD as PASSWORD, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';
import { runToolAsync } from '../helpers/tools.ts';

const OFFICIAL = 'chuyenvien.binhlu@laichau.gov.vn';
const PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: OFFICIAL,
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
};

const files = mkdtempSync(join(tmpdir(), 'congvan-certs-'));
let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-certs-office-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
  rmSync(files, { recursive: true, force: true });
});

/** One form's rows from Bình Lư up to the DIC, over HTTP; the DIC's entries */
async function filedToDic(base: string, formId: string, rows: readonly object[]) {
  const clerk = await person(base, 'binhlu.vanthu', PASSWORD);
  const desk = await person(base, 'tamduong-vhtt.vanthu', PASSWORD);
  const dic = await person(base, 'stttt.dic', PASSWORD);
  const batch = await clerk.call<{ id: string }>('POST', '/api/request-batches', { formId });
  await clerk.call('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows });
  const sent = await clerk.call<{ id: string; version: number }>('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 });
  const district = await desk.call<{ id: string; version: number }>('POST', '/api/request-batches/merge', { sources: [{ id: sent.id, version: sent.version }] });
  const up = await desk.call<{ id: string; version: number }>('POST', `/api/request-batches/${district.id}/submit`, { version: district.version });
  const list = await dic.call<{ id: string }>('POST', '/api/request-batches/merge', { sources: [{ id: up.id, version: up.version }] });
  return { dic, clerk, entries: (await dic.call<{ entries: { id: string; version: number }[] }>('GET', `/api/request-batches/${list.id}`)).entries };
}

/** What openssl ocsp says of the certificate, asked over HTTP of the office's own responder */
async function ocspSays(base: string, pem: string): Promise<string> {
  const der = async (path: string) => new Uint8Array(await (await fetch(`${base}${path}`)).arrayBuffer());
  const issuing = join(files, 'issuing.pem');
  writeFileSync(issuing, toPem(await der('/pki/issuing/cert'), 'CERTIFICATE'));
  const chain = join(files, 'chain.pem');
  writeFileSync(chain, toPem(await der('/pki/root/cert'), 'CERTIFICATE') + toPem(await der('/pki/issuing/cert'), 'CERTIFICATE'));
  const leaf = join(files, 'leaf.pem');
  writeFileSync(leaf, pem);
  const run = await runToolAsync('openssl', ['ocsp', '-issuer', issuing, '-cert', leaf, '-url', `${base}/pki/issuing/ocsp`, '-CAfile', chain, '-no_nonce']);
  return run.stdout + run.stderr;
}

test('ok: the issued certificate is in the commune\'s register; the lost-token report pressed in the page revokes it: openssl ocsp says revoked', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const base = started.office.url;
  const { dic, entries: [entry] } = await filedToDic(base, 'personal-certificate', [PERSON]);
  const { carried: [issued] } = await dic.call<{ carried: { ok: boolean; serial: string }[] }>('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] });
  assert.ok(issued?.ok, 'the own CA issued it on approval');
  const [record] = (await dic.call<{ serial: string; pem: string }[]>('GET', '/api/pki/registry')).filter((c) => c.serial === issued.serial);
  assert.match(await ocspSays(base, record!.pem), /leaf\.pem: good/);

  const admin = await signInAs(browser, started.office, 'binhlu.admin', PASSWORD);
  await admin.getByTestId('main-menu').getByText('Chứng thư số & Token', { exact: true }).click();
  const row = admin.getByTestId('certificate-registry').locator('tbody tr', { hasText: issued.serial });
  await row.getByText('NGUYỄN QUANG SÁNG').waitFor();
  assert.equal(await row.getByTestId('certificate-status').innerText(), 'Còn hiệu lực');

  // The commune's clerk files Mẫu 06 naming the certificate; its IT officer acts on it at once
  const clerk = await person(base, 'binhlu.vanthu', PASSWORD);
  const report = await clerk.call<{ id: string }>('POST', '/api/request-batches', { formId: 'token-loss-report' });
  const lost = { ...sampleEntry(formById('token-loss-report')!), certificateSerial: issued.serial, certificateName: 'NGUYỄN QUANG SÁNG', email: OFFICIAL, tokenSerial: 'VNPT-CA-0042' };
  await clerk.call('POST', `/api/request-batches/${report.id}/entries`, { version: 1, rows: [lost] });
  await admin.goto(`${base}/de-nghi/${report.id}`);
  await admin.getByTestId('report-lost').click();
  await admin.getByTestId('report-lost-confirm').click();
  await admin.getByText('Đã thu hồi chứng thư số, ghi thiết bị bị mất').waitFor();

  assert.match(await ocspSays(base, record!.pem), /leaf\.pem: revoked[\s\S]*Reason: keyCompromise/);
  await admin.goto(`${base}/chung-thu-so`);
  await admin.getByTestId('certificate-registry').locator('tbody tr', { hasText: issued.serial }).getByText('Đã thu hồi').waitFor();
});
