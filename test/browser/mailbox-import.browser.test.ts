/**
 * The official-mailbox register as the DIC operator meets it in Chromium: in "Tài khoản & Thư công vụ" they download
 * the import template, upload a file with bad rows (refused whole, every row's reason shown, nothing recorded), then
 * the template filled in (recorded, summary shown, the mailboxes in the table). Then the mark-done dialog of a
 * new-mailbox request asks for the address given, keeps what was typed when there is none, and records the one written.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../src/office/index.ts';
import { BROWSER_PASSWORD as PASSWORD, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-mailbox-import-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

const actorOf = async (username: string): Promise<Actor> => {
  const office = started.office.office;
  const grant = await office.auth.signIn({ username, password: PASSWORD });
  return (await office.auth.authenticate(grant.token)).actor;
};

async function openMailboxes(page: Page): Promise<void> {
  await page.getByTestId('main-menu').getByText('Tài khoản & Thư công vụ', { exact: true }).click();
  await page.getByRole('tab', { name: 'Hộp thư công vụ' }).waitFor();
}

/** The file chosen in the import dialog's upload */
const upload = (page: Page, path: string) => page.locator('.ant-modal input[type=file]').setInputFiles(path);

test('ok/error: the DIC downloads the template, a file with bad rows is refused whole with each row\'s reason, the filled template is recorded', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const dic = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  try {
    await openMailboxes(dic);
    await dic.getByTestId('mailbox-import').click();
    const [download] = await Promise.all([dic.waitForEvent('download'), dic.getByTestId('mailbox-import-template').click()]);
    const templatePath = join(started.data, 'mau.xlsx');
    await download.saveAs(templatePath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(templatePath) as unknown as ArrayBuffer);
    assert.deepEqual((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 5), ['Địa chỉ thư', 'Họ và tên / Đơn vị', 'Cơ quan (mã định danh)', 'Trạng thái']);

    const badPath = join(started.data, 'sai.csv');
    writeFileSync(badPath, [
      'Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái',
      'vanthu.banbo@laichau.gov.vn,UBND xã Bản Bo,000.22.31.H33,Đang dùng',
      'vanthu.banbo@gmail.com,UBND xã Bản Bo,000.22.31.H33,Đang dùng',
      'vanthu@langson.gov.vn,Sở TT&TT Lạng Sơn,000.00.11.H37,Đang dùng',
    ].join('\n'));
    await upload(dic, badPath);
    const refused = dic.getByTestId('mailbox-import-refused');
    await refused.waitFor();
    const text = await refused.innerText();
    assert.match(text, /^Chưa nhập tệp, không hộp thư nào được ghi vào sổ: 2 dòng chưa hợp lệ\./);
    assert.match(text, /\nDòng 3: Sổ hộp thư công vụ không nhận hộp thư miễn phí \(gmail\.com\)/);
    assert.match(text, /\nDòng 4: Cơ quan "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" \(000\.00\.11\.H37\) không thuộc phạm vi bạn quản lý/);
    assert.equal(await dic.getByTestId('mailbox-state-vanthu.banbo@laichau.gov.vn').count(), 0, 'the good row 2 is not recorded either');

    book.worksheets[0]!.addRow(['vanthu.banbo@laichau.gov.vn', 'UBND xã Bản Bo', '000.22.31.H33', 'Đang dùng', 'Đơn vị']);
    book.worksheets[0]!.addRow(['lanvt.banbo@laichau.gov.vn', 'Vũ Thị Lan', '000.22.31.H33', 'Tạm khóa', 'Cá nhân']);
    const goodPath = join(started.data, 'hop-thu.xlsx');
    await book.xlsx.writeFile(goodPath);
    await upload(dic, goodPath);
    const done = dic.getByTestId('mailbox-import-done');
    await done.waitFor();
    assert.match(await done.innerText(), /Đã ghi 2 hộp thư vào sổ \(1 đang dùng, 1 tạm khóa, 0 đã thu hồi\) của 1 cơ quan\./);
    assert.equal(await refused.count(), 0, 'the earlier refusal is gone');
    await dic.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();
    assert.equal(await dic.getByTestId('mailbox-state-vanthu.banbo@laichau.gov.vn').innerText(), 'Đang dùng');
    assert.equal(await dic.getByTestId('mailbox-state-lanvt.banbo@laichau.gov.vn').innerText(), 'Tạm khóa');
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([dic], 'congvan-mailbox-import-fail-')})`, { cause: err });
  } finally {
    await dic.close();
  }
});

test('ok/error: marking a new-mailbox request done asks for the address given; without one it is refused and the dialog keeps the text, with one the mailbox is recorded', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const r = started.office.office.requests;
  const [unit, desk, dicActor] = await Promise.all(['binhlu.vanthu', 'tamduong-vhtt.vanthu', 'stttt.dic'].map(actorOf));
  const added = await r.entries.add(unit!, await r.batches.create(unit!, { formId: 'mailboxes-new-persons' }), [{ fullName: 'Nguyễn Quang Sáng', workplace: 'UBND xã Bình Lư', position: 'Công chức Văn hóa - Xã hội' }]);
  const merged = await r.batches.merge(desk!, { sources: [await r.batches.submit(unit!, added.batch)] });
  const province = await r.batches.merge(dicActor!, { sources: [await r.batches.submit(desk!, await r.queries.batch(desk!, merged.id))] });
  await r.decisions.approve(dicActor!, (await r.queries.batch(dicActor!, province.id)).entries);

  const dic = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  try {
    await dic.goto(`${started.office.url}/de-nghi/${province.id}`);
    await dic.getByTestId('done-entry').click();
    assert.equal(await dic.getByTestId('ask-hint').innerText(), 'Danh sách cấp hộp thư không có cột địa chỉ: ghi vào kết quả đúng một địa chỉ đã cấp; khi đánh dấu hoàn thành, hộp thư đó được ghi vào sổ hộp thư công vụ.');
    assert.equal(await dic.getByTestId('ask-text').getAttribute('placeholder'), 'Ghi địa chỉ thư công vụ đã cấp, ví dụ ten.ho@laichau.gov.vn');
    await dic.getByTestId('ask-text').fill('Đã cấp');
    await dic.getByTestId('ask-ok').click();
    await dic.getByText(/^Đề nghị cấp hộp thư cho "Nguyễn Quang Sáng" chỉ hoàn thành được khi kết quả thực hiện ghi đúng một địa chỉ đã cấp/).waitFor();
    assert.equal(await dic.getByTestId('ask-text').inputValue(), 'Đã cấp', 'the dialog stays, with what was typed');
    await dic.getByTestId('ask-text').fill('Đã cấp sangnq.binhlu@laichau.gov.vn');
    await dic.getByTestId('ask-ok').click();
    await dic.getByTestId('entry-state').getByText('Hoàn thành').waitFor();
    await dic.getByTestId('ask-text').waitFor({ state: 'detached' });
    const recorded = (await started.office.office.mailboxes.list(dicActor!)).items.find((m) => m.address === 'sangnq.binhlu@laichau.gov.vn');
    assert.deepEqual([recorded?.state, recorded?.holderName], ['active', 'Nguyễn Quang Sáng']);
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([dic], 'congvan-mailbox-done-fail-')})`, { cause: err });
  } finally {
    await dic.close();
  }
});
