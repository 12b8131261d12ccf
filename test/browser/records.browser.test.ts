/**
 * The records screens in Chromium, as a clerk uses them: the incoming register downloaded as XLSX (its header
 * row the columns of Decree 30), a case file opened with its metadata, documents put in from the case file and
 * from a document's page, one taken out, the case file closed and downloaded as a ZIP holding metadata.json; a
 * search saved by name and run again; a notification written by the domain counted by the bell and read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Browser, Download, Page } from 'playwright-core';
import { INCOMING_COLUMNS } from '../../src/office/documents/register-export.ts';
import type { Actor } from '../../src/office/index.ts';
import { createNotification } from '../../src/office/notifications/notifications.ts';
import type { RunningOffice } from '../../src/server/start.ts';
import { openDatabase, openDiskBlobStore, type Db } from '../../src/store/index.ts';
import { BROWSER_PASSWORD as PASSWORD, closeDropdown, pick, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

const LAND = { typeCode: 'quyet-dinh', subject: 'Quyết định phê duyệt quy hoạch sử dụng đất huyện Phong Thổ', notation: '15/QĐ-UBND', sender: 'UBND huyện Phong Thổ', documentDate: '2026-03-02' };
const ROAD = { typeCode: 'cong-van', subject: 'Đề nghị thẩm định dự án đường giao thông nông thôn', notation: '296/UBND-VHTT', sender: 'UBND huyện Tam Đường', documentDate: '2026-04-02' };
let started: BrowserOffice;
let office: RunningOffice;
let browser: Browser | null = null;
let skipReason = '';
let data = '';
let dbPath: Parameters<typeof openDatabase>[0];
const year = new Date().getFullYear();

before(async () => {
  started = await startBrowserOffice('congvan-records-');
  ({ office, browser, skipReason, data } = started);
  dbPath = started.config.database;
});

after(async () => {
  await started?.close();
});

const actorOf = async (username: string): Promise<Actor> => {
  const grant = await office.office.auth.signIn({ username, password: PASSWORD });
  return (await office.office.auth.authenticate(grant.token)).actor;
};

const pages: Page[] = [];
async function as(username: string): Promise<Page> {
  const page = await signInAs(browser!, office, username, PASSWORD);
  pages.push(page);
  return page;
}

/** On a failure, each screen as it was (kept outside the removed data folder) */
const screenshots = () => screenshotsOf(pages, 'congvan-records-shots-');

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  const path = join(data, `dl-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new Error(`${what} failed; screenshots in ${await screenshots()}`, { cause: err });
  }
}

test('ok: a clerk downloads the incoming register as XLSX with the Decree 30 columns, opens a case file, puts documents in (from the case file and from a document), takes one out, closes it and downloads its ZIP with metadata.json', { timeout: 180_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const clerkActor = await actorOf('laichau.vanthu');
  const land = await office.office.documents.registerIncoming(clerkActor, LAND);
  const road = await office.office.documents.registerIncoming(clerkActor, ROAD);
  const clerk = await as('laichau.vanthu');

  const xlsx = await step('register export', async () => {
    await clerk.getByTestId('main-menu').getByText('Sổ văn bản', { exact: true }).click();
    await clerk.getByText('Xuất sổ đăng ký văn bản').waitFor();
    await clerk.getByTestId('register-direction').getByText('Sổ văn bản đến').click();
    return downloaded(clerk, () => clerk.getByTestId('register-xlsx').click());
  });
  assert.equal(xlsx.name, `so-van-ban-den-${year}-chung.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows = Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1).map((v) => String(v ?? '')));
  const header = rows.findIndex((r) => r.join('|') === INCOMING_COLUMNS.join('|'));
  assert.ok(header >= 0, `no header row with ${INCOMING_COLUMNS.join(', ')} in ${JSON.stringify(rows.slice(0, 6))}`);
  assert.ok(rows.slice(header + 1).some((r) => r.includes(LAND.notation)), 'the registered document is a row of the register');

  await step('case file created', async () => {
    await clerk.getByTestId('main-menu').getByText('Hồ sơ', { exact: true }).click();
    await clerk.getByTestId('new-case-file').click();
    await clerk.getByTestId('case-file-title').fill('Hồ sơ quy hoạch sử dụng đất năm nay');
    await pick(clerk, 'case-file-retention', '20 năm');
    await clerk.getByTestId('case-file-keywords').click();
    await clerk.keyboard.type('quy hoạch');
    await clerk.keyboard.press('Enter');
    await closeDropdown(clerk);
    await clerk.getByTestId('case-file-save').click();
    await clerk.getByTestId('case-file-heading').getByText('Hồ sơ quy hoạch sử dụng đất năm nay').waitFor();
  });
  assert.match(await clerk.getByTestId('case-file-code').innerText(), new RegExp(`\\.${year}\\.01$`));
  assert.equal(await clerk.getByTestId('case-file-status').innerText(), 'Đang mở');
  assert.equal(await clerk.getByText('20 năm', { exact: true }).count(), 1);
  const caseFileUrl = clerk.url();

  await step('document added by search', async () => {
    await clerk.getByTestId('case-file-find').click();
    await clerk.keyboard.type('quy hoach su dung dat');
    // Clicked, not Enter: under load the options can still be arriving when Enter lands (the choice is then lost)
    await clerk.locator('.ant-select-item-option').getByText(LAND.subject, { exact: false }).click();
    await clerk.getByTestId('case-file-add').click();
    await clerk.getByTestId('case-file-document').getByText(LAND.subject).waitFor();
  });

  await step('document added from its page', async () => {
    await clerk.goto(`${office.url}/van-ban/${road.id}`);
    await pick(clerk, 'add-to-case-file', 'quy hoạch sử dụng đất năm nay');
    await clerk.getByTestId('add-to-case-file-ok').click();
    await clerk.getByText('Đã thêm vào hồ sơ').waitFor();
    await clerk.goto(caseFileUrl);
    await clerk.getByTestId('case-file-document').getByText(ROAD.subject).waitFor();
  });
  assert.equal(await clerk.getByTestId('case-file-count').innerText(), '2');

  await step('document removed, case file closed', async () => {
    await clerk.getByRole('row').filter({ hasText: ROAD.notation }).getByTestId('case-file-remove').click();
    await clerk.locator('.ant-popconfirm').getByRole('button', { name: /OK|Đồng ý/ }).click();
    await clerk.getByTestId('case-file-count').getByText('1', { exact: true }).waitFor();
    await clerk.getByTestId('case-file-close').click();
    await clerk.getByTestId('case-file-close-ok').click();
    await clerk.getByTestId('case-file-status').getByText('Đã đóng').waitFor();
  });
  assert.equal(await clerk.getByTestId('case-file-remove').count(), 0, 'a closed case file offers no removal');
  assert.equal(await clerk.getByTestId('case-file-find').count(), 0, 'nor adding');
  assert.deepEqual(await clerk.getByTestId('case-file-document').allInnerTexts(), [LAND.subject]);

  const zip = await step('ZIP download', () => downloaded(clerk, () => clerk.getByTestId('case-file-zip').click()));
  assert.match(zip.name, new RegExp(`^ho-so-.*-${year}-01\\.zip$`));
  const files = unzipSync(new Uint8Array(zip.bytes));
  assert.ok(files['metadata.json'], `metadata.json in ${Object.keys(files).join(', ')}`);
  const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json']));
  assert.equal(metadata.retention, 20);
  assert.equal(metadata.title, 'Hồ sơ quy hoạch sử dụng đất năm nay');
  assert.ok(JSON.stringify(metadata).includes(LAND.notation) && !JSON.stringify(metadata).includes(ROAD.notation), 'the ZIP holds the document left in, not the one taken out');
  assert.ok(land.id);
});

test('ok: a clerk saves a search by name and runs it again after another search; the results come back', { timeout: 120_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const clerk = await as('laichau.vanthu');
  await step('search saved', async () => {
    await clerk.getByTestId('main-menu').getByText('Tra cứu', { exact: true }).click();
    await clerk.getByTestId('search-input').locator('input').fill('tham dinh giao thong');
    await clerk.keyboard.press('Enter');
    await clerk.getByTestId('document-link').getByText(ROAD.subject).waitFor();
    await clerk.getByTestId('save-search').click();
    await clerk.getByTestId('saved-search-name').fill('Dự án giao thông');
    await clerk.getByTestId('saved-search-ok').click();
    await clerk.getByText('Đã lưu tìm kiếm').waitFor();
    await clerk.getByTestId('saved-search-run').getByText('Dự án giao thông').waitFor();
    // The dialog gives focus back to its button as it closes: typing before it is gone pressed that button again
    await clerk.getByTestId('saved-search-name').waitFor({ state: 'detached' });
  });
  await step('other search', async () => {
    const input = clerk.getByTestId('search-input').locator('input');
    await input.fill('khong co van ban nao nhu the nay');
    await input.press('Enter');
    await clerk.getByTestId('search-total').getByText('0 kết quả').waitFor();
  });
  assert.equal(await clerk.getByTestId('document-link').count(), 0);
  await step('saved search run', async () => {
    await clerk.getByTestId('saved-search-run').getByText('Dự án giao thông').click();
    await clerk.getByTestId('saved-search-running').getByText('«Dự án giao thông»', { exact: false }).waitFor();
    await clerk.getByTestId('document-link').getByText(ROAD.subject).waitFor();
  });
  assert.deepEqual(await clerk.getByTestId('document-link').allInnerTexts(), [ROAD.subject]);
  assert.equal(await clerk.getByTestId('search-input').locator('input').inputValue(), 'tham dinh giao thong');
  // Still there after a reload: kept on the server
  await clerk.reload();
  await clerk.getByTestId('saved-search-run').getByText('Dự án giao thông').waitFor();
});

test('ok: a notification written by the domain shows in the bell count; opening it marks it read and goes to its document', { timeout: 120_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const clerkActor = await actorOf('laichau.vanthu');
  const doc = await office.office.documents.registerIncoming(clerkActor, { ...LAND, subject: 'Quyết định về hạn xử lý hồ sơ đất đai', notation: '21/QĐ-UBND' });
  const clerk = await as('laichau.vanthu');
  await clerk.locator('[data-testid=notification-bell-count][data-unread="0"]').waitFor();
  assert.equal(await clerk.getByTestId('notification-bell-count').locator('.ant-badge-count').count(), 0, 'no badge while nothing is unread');

  // What the reminders job does, written straight through a second connection to the same database
  const db: Db = openDatabase(dbPath);
  try {
    const ctx = { db, blobs: openDiskBlobStore(join(data, 'blobs')), now: () => new Date() };
    const id = await db.kysely.transaction().execute((trx) => createNotification(trx, ctx, {
      userId: clerkActor.userId, kind: 'deadline', title: 'Nhắc hạn xử lý văn bản đến: 1 văn bản sắp đến hạn', body: '- Số đến 03 — 21/QĐ-UBND: hạn ngày mai', documentId: doc.id,
    }));
    assert.ok(id);
  } finally {
    await db.close();
  }
  await step('bell count', async () => {
    await clerk.reload();
    await clerk.locator('[data-testid=notification-bell-count][data-unread="1"]').waitFor();
  });
  assert.equal(await clerk.getByTestId('notification-bell-count').locator('.ant-badge-count').getAttribute('title'), '1');
  await step('notification read', async () => {
    await clerk.getByTestId('notification-bell').click();
    await clerk.getByTestId('notification-list').getByText('Nhắc hạn xử lý văn bản đến: 1 văn bản sắp đến hạn').waitFor();
    assert.equal(await clerk.getByTestId('notification-item').first().getAttribute('data-read'), 'no');
    await clerk.getByTestId('notification-item').first().click();
    await clerk.getByTestId('document-subject').getByText('Quyết định về hạn xử lý hồ sơ đất đai').waitFor();
    await clerk.locator('[data-testid=notification-bell-count][data-unread="0"]').waitFor();
  });
  assert.equal(new URL(clerk.url()).pathname, `/van-ban/${doc.id}`);
  assert.equal(await office.office.notifications.countUnread(clerkActor), 0);
  assert.notEqual((await office.office.notifications.recent(clerkActor))[0]!.readAt, null);
});
