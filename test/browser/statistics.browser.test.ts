/**
 * Monthly statistics as the DIC meets them: Lai Châu's clerk has registered two letters this month, one answered in
 * time; Sở TT&TT's operator opens "Thống kê hằng tháng" from the menu, reads this month's figures in the table and in
 * the chart, and downloads the XLSX, which holds the same figures; a period picked back to front is refused with why.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Download } from 'playwright-core';
import { BROWSER_PASSWORD as PASSWORD, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-statistics-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

/** Today and this month in Hà Nội, as the office counts them */
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

test('ok: the DIC opens the monthly statistics, sees this month\'s registered letters and the one answered in time in the table and the chart, downloads the XLSX; error/period: a period back to front refused in Vietnamese', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const office = started.office.office;
  const actorOf = async (username: string) => (await office.auth.authenticate((await office.auth.signIn({ username, password: PASSWORD })).token)).actor;
  const [clerk, leader, specialist] = await Promise.all(['laichau.vanthu', 'laichau.lanhdao', 'laichau.chuyenvien'].map(actorOf));
  const letter = (notation: string) => ({ typeCode: 'cong-van', subject: `Công văn ${notation} về thống kê`, notation, sender: 'UBND huyện Phong Thổ', documentDate: today() });
  const first = await office.documents.registerIncoming(clerk!, letter('15/UBND-VP'));
  await office.documents.registerIncoming(clerk!, letter('16/UBND-VP'));
  await office.incoming.assign(leader!, first.id, { leadId: specialist!.userId, dueDate: today() });
  await office.incoming.complete(specialist!, first.id, 'Đã trả lời');
  const month = today().slice(0, 7);
  const label = `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;

  const dic = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  try {
    await dic.getByTestId('main-menu').getByText('Thống kê hằng tháng', { exact: true }).click();
    await dic.getByRole('heading', { name: 'Thống kê hằng tháng' }).waitFor();
    const row = dic.getByTestId('statistics-table').locator('tr', { hasText: label });
    await row.waitFor();
    // Month, registered, then the seven outgoing figures, then in time
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual([cells[0], cells[1], cells[9]], [label, '2', '1'], cells.join(' | '));
    const bar = dic.getByTestId('chart-documents').locator('rect title', { hasText: `${label}: Văn bản đến: đã đăng ký 2` });
    assert.equal(await bar.count(), 1, 'the chart has this month\'s bar of registered letters');
    assert.equal(await dic.getByTestId('chart-deadlines').locator('rect title', { hasText: `${label}: Đúng hạn 1` }).count(), 1);

    const [download] = await Promise.all([dic.waitForEvent('download') as Promise<Download>, dic.getByTestId('statistics-xlsx').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^thong-ke-hang-thang-\\d{4}-\\d{2}-${month}\\.xlsx$`));
    const path = join(started.data, download.suggestedFilename());
    await download.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Thống kê hằng tháng')!;
    const lines: unknown[][] = [];
    sheet.eachRow((r) => { lines.push((r.values as unknown[]).slice(1)); });
    const thisMonth = lines.find((r) => r[0] === label);
    assert.deepEqual([thisMonth?.[1], thisMonth?.[9]], [2, 1], 'the XLSX holds the same figures as numbers');

    // The period picked back to front: the office's reason, in Vietnamese, and no table
    await dic.getByTestId('statistics-from').fill(`${Number(month.slice(0, 4)) + 1}-01`);
    await dic.getByTestId('statistics-error').getByText(/Kỳ thống kê không hợp lệ/).waitFor();
    assert.equal(await dic.getByTestId('statistics-table').count(), 0);
  } catch (err) {
    throw new Error(`statistics page failed; screenshots in ${await screenshotsOf([dic], 'congvan-statistics-shots-')}`, { cause: err });
  } finally {
    await dic.close();
  }
});
