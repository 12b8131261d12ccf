import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { BROWSER_PASSWORD as PASSWORD, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-browser-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

test('ok: a clerk signs in and sees the shell with every section, unbuilt ones saying so', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const page = await browser.newPage();
  await signInAs(page, started.office, 'tamduong.vanthu', 'sai-mat-khau-1', { waitForShell: false });
  await page.getByTestId('sign-in-error').getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('agency-name').getByText('Ủy ban nhân dân huyện Tam Đường').waitFor();
  const menu = page.getByTestId('main-menu');
  for (const section of ['Văn bản đến', 'Văn bản đi', 'Ký số', 'Chứng thư số & Token', 'Tài khoản & Thư công vụ', 'Liên thông', 'Báo cáo']) {
    assert.equal(await menu.getByText(section, { exact: true }).count(), 1, section);
  }
  assert.equal(await menu.getByText('Quản trị', { exact: true }).count(), 0, 'a clerk has no administration section');
  await menu.getByText('Liên thông', { exact: true }).click();
  await page.getByText('Chức năng này chưa được xây dựng').waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.locator('#username').waitFor();
  await page.close();
});

test('ok: an administrator creates a user who can then sign in', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const page = await browser.newPage();
  await signInAs(page, started.office, 'tamduong.admin', PASSWORD);
  await page.getByTestId('main-menu').getByText('Quản trị', { exact: true }).click();
  await page.getByRole('button', { name: 'Tạo người dùng' }).click();
  const dialog = page.getByRole('dialog');
  // Ant Design selects are typed into and confirmed with Enter: a click on a dropdown item races its animation.
  await dialog.locator('#new-user_agencyId').click();
  await page.keyboard.type('xã Bản Bo');
  await page.keyboard.press('Enter');
  await dialog.locator('#new-user_username').fill('banbo.vanthu2');
  await dialog.locator('#new-user_fullName').fill('Lò Thị Hoa');
  await dialog.locator('#new-user_email').fill('hoa.banbo@laichau.gov.vn');
  await dialog.locator('#new-user_password').fill('MatKhau-2026-hoa');
  await dialog.locator('#new-user_roles').click();
  await page.keyboard.type('Văn thư');
  await page.keyboard.press('Enter');
  await dialog.getByText('Tạo người dùng').click(); // closes the roles dropdown
  await dialog.getByText('Ủy ban nhân dân xã Bản Bo').waitFor();
  await dialog.locator('.ant-select-selection-item').getByText('Văn thư').waitFor();
  await dialog.getByRole('button', { name: 'Tạo mới' }).click();
  await page.getByRole('cell', { name: 'banbo.vanthu2' }).waitFor();
  await page.screenshot({ path: join(started.data, 'admin.png') });
  await page.close();

  const fresh = await browser.newPage();
  await signInAs(fresh, started.office, 'banbo.vanthu2', 'MatKhau-2026-hoa');
  await fresh.getByTestId('current-user').getByText('Lò Thị Hoa').waitFor();
  await fresh.getByTestId('agency-name').getByText('Ủy ban nhân dân xã Bản Bo').waitFor();
  await fresh.close();
});
