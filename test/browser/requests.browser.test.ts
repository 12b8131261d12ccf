/**
 * Administration requests in Chromium, as the people of the demo province use them (issue 7): Bình Lư commune's
 * clerk files a personal-certificate request (Mẫu 01) with a gmail address and sees it refused in Vietnamese under
 * the e-mail field, corrects it to the official mailbox and sends the list; Tam Đường's culture and information
 * office merges it and sends it on; the DIC merges it and approves it, congvan's own CA issues the certificate at once and
 * the one-time password of its key is shown once; the request's timeline shows each step.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningOffice } from '../../src/server/start.ts';
import { BROWSER_PASSWORD as PASSWORD, pick, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let office: RunningOffice;
let browser: Browser | null = null;
let skipReason = '';

before(async () => {
  started = await startBrowserOffice('congvan-requests-');
  ({ office, browser, skipReason } = started);
});

after(async () => {
  await started?.close();
});

const pages: Page[] = [];
async function as(username: string): Promise<Page> {
  const page = await signInAs(browser!, office, username, PASSWORD);
  pages.push(page);
  return page;
}

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new Error(`${what} failed; screenshots in ${await screenshotsOf(pages, 'congvan-requests-shots-')}`, { cause: err });
  }
}

/** Mẫu 01 as the clerk types it; the e-mail is filled separately */
const PERSON: Readonly<Record<string, string>> = {
  fullName: 'NGUYỄN QUANG SÁNG', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', workplace: 'UBND xã Bình Lư',
  address: 'Xã Bình Lư, huyện Tam Đường, tỉnh Lai Châu', position: 'Chuyên viên', mobile: '0916.731.226',
};
const OFFICIAL = 'chuyenvien.binhlu@laichau.gov.vn';

/** The list sent to this desk from `agency` is selected in the inbox and merged into the desk's own list */
async function mergeFromInbox(page: Page, agency: string): Promise<void> {
  await page.getByTestId('main-menu').getByText('Đề nghị', { exact: true }).click();
  await page.getByTestId('tab-inbox').click();
  const row = page.getByRole('row').filter({ has: page.getByTestId('inbox-agency').getByText(agency, { exact: true }) });
  await row.locator('.ant-checkbox-input').check();
  await page.getByTestId('merge-selected').click();
  await page.getByTestId('batch-state').getByText('Đang lập').waitFor();
}

async function sendList(page: Page, label: string): Promise<void> {
  await page.getByTestId('submit-batch').getByText(label).click();
  await page.getByTestId('submit-confirm').click();
  await page.getByTestId('batch-state').getByText('Đã gửi').waitFor();
}

test('ok: a commune files Mẫu 01, a gmail address is refused under its field, the official one goes through the district to the DIC, approved, every step on its timeline', { timeout: 240_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const clerk = await as('binhlu.vanthu');

  await step('new list of Mẫu 01', async () => {
    await clerk.getByTestId('main-menu').getByText('Đề nghị', { exact: true }).click();
    await clerk.getByTestId('new-request-list').click();
    await pick(clerk, 'new-list-form', 'CHỨNG THƯ SỐ CHO CÁ NHÂN');
    await clerk.getByTestId('new-list-create').click();
    await clerk.getByTestId('batch-title').getByText('Mẫu 01 — ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CÁ NHÂN').waitFor();
  });
  assert.equal(await clerk.getByTestId('batch-state').innerText(), 'Đang lập');
  const headings = await clerk.getByTestId('entries').locator('thead th').allInnerTexts();
  for (const label of ['Họ và tên (chữ in hoa)', 'Giới tính', 'Địa chỉ thư điện tử công vụ (1)', 'SIM PKI (2)']) assert.ok(headings.includes(label), `column "${label}" in ${headings.join(' | ')}`);

  const emailHelp = clerk.locator('#request-entry_email_help');
  await step('request with a gmail address refused under the e-mail field', async () => {
    await clerk.getByTestId('add-entry').click();
    for (const [key, value] of Object.entries(PERSON)) await clerk.getByTestId(`field-${key}`).fill(value);
    await pick(clerk, 'field-gender', 'Nam');
    await clerk.getByTestId('field-email').fill('sangnq.binhlu@gmail.com');
    await clerk.getByTestId('entry-save').click();
    await emailHelp.getByText('không dùng hộp thư miễn phí', { exact: false }).waitFor();
  });
  assert.match(await emailHelp.innerText(), /Địa chỉ thư điện tử công vụ \(1\)": không dùng hộp thư miễn phí \(gmail\.com\); chỉ nhận thư điện tử công vụ do cơ quan nhà nước cấp/);
  assert.equal(await clerk.locator('#request-entry_fullName_help').count(), 0, 'only the e-mail is refused');
  assert.equal(await clerk.getByTestId('entry-state').count(), 0, 'nothing stored');

  await step('corrected to the official mailbox and sent', async () => {
    await clerk.getByTestId('field-email').fill(OFFICIAL);
    await clerk.getByTestId('entry-save').click();
    await clerk.getByTestId('entries').getByText('NGUYỄN QUANG SÁNG').waitFor();
    await sendList(clerk, 'Gửi danh sách');
  });
  const filed = clerk.getByTestId('entries').getByRole('row').filter({ hasText: OFFICIAL });
  assert.equal(await filed.getByTestId('entry-state').innerText(), 'Đã gửi');
  assert.ok((await filed.innerText()).includes('Nam'), 'the gender shows as printed');

  const desk = await as('tamduong-vhtt.vanthu');
  await step('the district desk merges it and sends it on', async () => {
    await mergeFromInbox(desk, 'Ủy ban nhân dân xã Bình Lư');
    await desk.getByTestId('entries').getByText('NGUYỄN QUANG SÁNG').waitFor();
    await sendList(desk, 'Gửi lên Sở TT&TT');
  });
  // The list's description says where it went: the cell beside "Gửi tới"
  const sentTo = desk.locator('th.ant-descriptions-item-label', { hasText: /^Gửi tới$/ }).locator('xpath=following-sibling::td[1]');
  assert.equal(await sentTo.innerText(), 'Sở Thông tin và Truyền thông tỉnh Lai Châu');

  const dic = await as('stttt.dic');
  await step('the DIC merges it and approves the request', async () => {
    await mergeFromInbox(dic, 'Phòng Văn hóa và Thông tin huyện Tam Đường');
    const row = dic.getByTestId('entries').getByRole('row').filter({ hasText: OFFICIAL });
    await row.locator('.ant-checkbox-input').check();
    await dic.getByTestId('approve-selected').click();
    await dic.getByTestId('one-time-password').waitFor();
  });
  // congvan's own CA issued it at once: the key's one-time password and the .p12 link, shown this once to the approver
  assert.match(await dic.getByTestId('one-time-password').innerText(), /^[A-Za-z2-9]{20}$/);
  assert.match(await dic.getByTestId('one-time-note').innerText(), /Mật khẩu dùng một lần .*chỉ hiển thị lần này/);
  assert.match(await dic.getByTestId('carry-report').innerText(), /Đã cấp chứng thư số, số hiệu [0-9a-f]+/);
  assert.match((await dic.getByTestId('key-bundle-link').getAttribute('href'))!, /^\/api\/request-entries\/[0-9a-f-]+\/key-bundle$/);
  await step('the dialog closed, the request done', async () => {
    await dic.getByTestId('carry-results-close').click();
    await dic.getByTestId('entries').getByRole('row').filter({ hasText: OFFICIAL }).getByTestId('entry-state').getByText('Hoàn thành').waitFor();
  });
  assert.equal(await dic.getByTestId('one-time-password').count(), 0, 'the password is gone with the dialog');

  const events = await step('the timeline', async () => {
    await dic.getByTestId('entries').getByRole('row').filter({ hasText: OFFICIAL }).getByTestId('entry-timeline').click();
    await dic.getByTestId('timeline-state').getByText('Hoàn thành').waitFor();
    return dic.getByTestId('timeline-event').allInnerTexts();
  });
  const steps = events.map((e) => e.split('\n')[0]!.trim());
  assert.deepEqual(steps.map((s) => s.replace(/\s*(Đang lập|Đã gửi|Đã duyệt|Hoàn thành)$/, '')), ['Lập đề nghị', 'Gửi lên cấp trên', 'Gộp danh sách', 'Gửi lên cấp trên', 'Gộp danh sách', 'Sở TT&TT duyệt', 'Hoàn thành']);
  assert.match(events[0]!, /Văn thư UBND xã Bình Lư · Ủy ban nhân dân xã Bình Lư/);
  assert.match(events[2]!, /Văn thư Phòng Văn hóa và Thông tin huyện Tam Đường/);
  assert.match(events[5]!, /Cán bộ điều hành Sở TT&TT · Sở Thông tin và Truyền thông tỉnh Lai Châu/);
});
