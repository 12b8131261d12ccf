/**
 * Security advisories as people meet them: Sở TT&TT's operator publishes a phishing warning; a commune clerk sees it
 * above the page they open, presses "Tôi đã đọc", and it is gone; the operator sees one more acknowledged and the
 * clerk no longer among those who have not.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { BROWSER_PASSWORD as PASSWORD, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-advisories-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

test('ok: the DIC publishes a phishing warning; a commune clerk sees it until "Tôi đã đọc"; the DIC sees who has not read it, then opens the annex II report', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const dic = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  await dic.getByTestId('main-menu').getByText('Cảnh báo an toàn thông tin', { exact: true }).click();
  await dic.getByTestId('advisory-title').fill('Cảnh báo thư giả mạo hộp thư công vụ');
  await dic.getByTestId('advisory-body').fill('Không bấm vào liên kết "xác minh tài khoản" trong thư lạ; báo ngay cho Sở TT&TT.');
  await dic.getByTestId('advisory-publish').click();
  await dic.getByText('Đã phát hành cảnh báo tới toàn tỉnh').waitFor();
  const before = await dic.getByTestId('advisory-count').first().innerText();
  assert.match(before, /^0 trên \d+$/, before);

  const clerk = await signInAs(browser, started.office, 'binhlu.vanthu', PASSWORD);
  const banner = clerk.getByTestId('advisory');
  await banner.getByText('Cảnh báo an toàn thông tin: Cảnh báo thư giả mạo hộp thư công vụ').waitFor();
  await clerk.getByTestId('main-menu').getByText('Văn bản đi', { exact: true }).click();
  await banner.getByText(/xác minh tài khoản/).waitFor();
  await banner.getByRole('button', { name: 'Tôi đã đọc' }).click();
  await banner.waitFor({ state: 'detached' });
  // The banner comes from its own query: wait for its answer after the reload, not only for the shell
  const pending = clerk.waitForResponse((r) => r.url().endsWith('/api/advisories/pending') && r.request().method() === 'GET');
  await clerk.reload();
  const answer = await pending;
  assert.equal(answer.status(), 200);
  assert.deepEqual(await answer.json(), [], 'the office has it as read');
  await clerk.getByTestId('agency-name').waitFor();
  // Let React render what the query answered before looking (two frames)
  await clerk.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  assert.equal(await clerk.getByTestId('advisory').count(), 0, 'acknowledged: not shown again');

  await dic.reload();
  await dic.getByTestId('advisory-count').first().getByText(/^1 trên \d+$/).waitFor();
  await dic.getByRole('button', { name: 'Ai chưa đọc' }).first().click();
  const drawer = dic.locator('.ant-drawer');
  await drawer.getByText(/tamduong\.vanthu/).waitFor();
  assert.equal(await drawer.getByText(/binhlu\.vanthu/).count(), 0, 'the clerk who read it is not listed');
  // The same operator's report page: the annex II figures from live data and the XLSX to send on
  await dic.goto(`${started.office.url}/bao-cao`);
  const figures = dic.getByTestId('report-figures');
  await figures.getByText('1.1 Đơn vị đang sử dụng hệ thống').waitFor();
  await figures.getByText('1.3 Mã định danh đúng dạng').waitFor();
  // §1.10's two lines: everything issued, and issued electronically without a paper copy (none issued here)
  await figures.getByText('1.10 Văn bản phát hành, cả giấy và điện tử (trung bình/tháng)').waitFor();
  await figures.getByText('1.10 Văn bản phát hành điện tử không kèm bản giấy (trung bình/tháng)').waitFor();
  await figures.getByText('0 (0; kèm bản giấy 0)', { exact: true }).waitFor();
  assert.match(String(await dic.getByTestId('report-xlsx').getAttribute('href')), /^\/api\/reports\/interconnection-survey\?from=\d{4}-01-01&to=\d{4}-\d{2}-\d{2}&format=xlsx$/);
  await dic.close();
  await clerk.close();
});
