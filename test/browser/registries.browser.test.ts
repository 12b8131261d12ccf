/**
 * The registries as the DIC operator meets them: in "Tài khoản & Thư công vụ" they record a unit's official mailbox
 * (a gmail address is refused in Vietnamese first), see it in use, revoke it with a reason and read its two events;
 * then open the accounts tab and read how an account the admin made came to be. A district's administrator ticks
 * unused accounts and makes them a draft Mẫu 07, typing the positions the accounts do not hold (a row without one
 * is refused by the form's own message), and the draft opens in the request editor, which refuses it again there.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/store/index.ts';
import { BROWSER_PASSWORD as PASSWORD, pick, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-registries-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

const ADDRESS = 'vanphong.thunghiem@laichau.gov.vn';

test('ok: the DIC records a unit mailbox (gmail refused), revokes it with a reason, reads its history, then an account\'s history', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const { office } = started;
  // An account made by the province's admin, so its history has a "created" event to show
  const grant = await office.office.auth.signIn({ username: 'laichau.admin', password: PASSWORD });
  const admin = (await office.office.auth.authenticate(grant.token)).actor;
  const vp = (await office.office.agencies.list(admin)).find((a) => a.name === 'Văn phòng Ủy ban nhân dân tỉnh Lai Châu');
  assert.ok(vp, 'the demo has the provincial office');
  await office.office.users.create(admin, { agencyId: vp.id, username: 'vpubnd.thunghiem', fullName: 'Nguyễn Văn Thử', password: 'Mat-khau-thu-2026!', roles: ['specialist'] });

  const dic: Page = await signInAs(browser, office, 'stttt.dic', PASSWORD);
  try {
    await dic.getByTestId('main-menu').getByText('Tài khoản & Thư công vụ', { exact: true }).click();
    await dic.getByRole('tab', { name: 'Hộp thư công vụ' }).waitFor();

    await dic.getByTestId('mailbox-record').click();
    await dic.getByTestId('mailbox-address').fill('vanphong.laichau@gmail.com');
    await pick(dic, 'mailbox-agency', 'Văn phòng Ủy ban');
    await dic.getByTestId('mailbox-holder').fill('Văn phòng Ủy ban nhân dân tỉnh Lai Châu');
    await dic.getByTestId('mailbox-record-ok').click();
    await dic.getByText(/^Sổ hộp thư công vụ không nhận hộp thư miễn phí \(gmail/).waitFor();

    await dic.getByTestId('mailbox-address').fill(ADDRESS);
    await dic.getByTestId('mailbox-record-ok').click();
    await dic.getByText('Đã ghi hộp thư vào sổ').waitFor();
    const row = dic.getByRole('row', { name: new RegExp(ADDRESS.replaceAll('.', '\\.')) });
    assert.equal(await row.getByTestId(`mailbox-state-${ADDRESS}`).innerText(), 'Đang dùng');
    assert.match(await row.innerText(), /Văn phòng Ủy ban nhân dân tỉnh Lai Châu \(Cơ quan, đơn vị\)/);

    // A revoke without a reason is refused as the server words it; with one it is done
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await dic.getByTestId('mailbox-change-ok').click();
    await dic.getByText('Cần ghi lý do.').waitFor();
    await dic.getByTestId('mailbox-reason').fill('Đơn vị sáp nhập, không dùng hộp thư này nữa');
    await dic.getByTestId('mailbox-change-ok').click();
    await dic.getByText('Đã cập nhật hộp thư').waitFor();
    await row.getByTestId(`mailbox-state-${ADDRESS}`).getByText('Đã thu hồi').waitFor();
    assert.equal(await row.getByRole('button', { name: 'Tạm khóa' }).count(), 0, 'a revoked mailbox cannot change any more');

    await row.getByRole('button', { name: 'Lịch sử' }).click();
    const history = dic.getByTestId('mailbox-history');
    await history.getByText('Đang dùng → Đã thu hồi').waitFor();
    const events = history.locator('tbody tr.ant-table-row');
    assert.equal(await events.count(), 2);
    assert.match(await events.nth(0).innerText(), /Ghi vào sổ → Đang dùng/);
    assert.match(await events.nth(1).innerText(), /Cán bộ điều hành Sở TT&TT[\s\S]*Đang dùng → Đã thu hồi[\s\S]*Đơn vị sáp nhập, không dùng hộp thư này nữa/);
    await dic.locator('.ant-modal-close').click();

    await dic.getByRole('tab', { name: 'Tài khoản', exact: true }).click();
    await dic.getByTestId('account-history-vpubnd.thunghiem').click();
    const accountEvents = dic.getByTestId('account-history').locator('tbody tr.ant-table-row');
    await accountEvents.first().getByText('Tạo tài khoản').waitFor();
    assert.match(await accountEvents.first().innerText(), /Quản trị/, 'made by the admin');

    // The DIC sees the unused-account finder, but the Mẫu 07 draft is a unit administrator's own list
    await dic.keyboard.press('Escape');
    await dic.getByTestId('account-history').waitFor({ state: 'hidden' });
    await dic.getByRole('tab', { name: 'Tài khoản không sử dụng' }).click();
    await dic.getByTestId('unused-cost').waitFor();
    await dic.getByTestId('unused-accounts').waitFor();
    assert.equal(await dic.getByTestId('unused-revoke-list').count(), 0, 'no draft button for the DIC');
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([dic], 'congvan-registries-fail-')})`, { cause: err });
  } finally {
    await dic.close();
  }
});

const DAY = 86_400_000;
/** dd/mm/yyyy on Vietnam's calendar */
const vnDay = (at: number) => new Date(at).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

test('ok: the district admin ticks unused accounts, types their positions (none refused) and opens the draft Mẫu 07 in the request editor', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  // Idle accounts written through a second connection to the office's database, as a year of disuse would leave them
  const now = Date.now();
  const db = openDatabase(started.config.database);
  try {
    const set = (usernames: string[], values: { last_sign_in_at: string | null; created_at?: string }) => db.kysely.updateTable('users').set(values).where('username', 'in', usernames).execute();
    await db.kysely.updateTable('users').set({ last_sign_in_at: new Date(now - 10 * DAY).toISOString() }).execute();
    await set(['tamduong.chuyenvien'], { last_sign_in_at: new Date(now - 200 * DAY).toISOString() });
    await set(['binhlu.lanhdao'], { last_sign_in_at: null, created_at: new Date(now - 400 * DAY).toISOString() });
    await set(['banbo.vanthu'], { last_sign_in_at: new Date(now - 300 * DAY).toISOString() });
  } finally {
    await db.close();
  }

  const admin: Page = await signInAs(browser, started.office, 'tamduong.admin', PASSWORD);
  try {
    await admin.getByTestId('main-menu').getByText('Tài khoản & Thư công vụ', { exact: true }).click();
    await admin.getByRole('tab', { name: 'Tài khoản không sử dụng' }).click();
    const table = admin.getByTestId('unused-accounts');
    await table.getByText('(banbo.vanthu)').waitFor();
    assert.equal(await admin.getByTestId('unused-selected').innerText(), 'Đã chọn 3 tài khoản', 'all shown are ticked at first');
    await table.getByRole('row', { name: /banbo\.vanthu/ }).getByRole('checkbox').uncheck();
    await admin.getByTestId('unused-selected').getByText('Đã chọn 2 tài khoản').waitFor();

    await admin.getByRole('button', { name: 'Tạo danh sách Mẫu 07' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('binhlu.lanhdao', { exact: true }).waitFor();
    assert.equal(await dialog.getByText('banbo.vanthu').count(), 0, 'the unticked account is left out');
    assert.equal(await admin.getByTestId('revoke-position-tamduong.chuyenvien').inputValue(), '', 'no position is made up');
    await admin.getByTestId('revoke-position-tamduong.chuyenvien').fill('Chuyên viên');
    await admin.getByTestId('revoke-list-ok').click();
    await admin.getByTestId('revoke-problem-binhlu.lanhdao').getByText('Cần ghi "Chức vụ".').waitFor();
    assert.match(await admin.getByTestId('revoke-list-error').innerText(), /Đề nghị thu hồi tài khoản/);
    assert.equal(await admin.getByTestId('revoke-problem-tamduong.chuyenvien').count(), 0);
    await admin.getByTestId('revoke-position-binhlu.lanhdao').fill('Phó Chủ tịch');
    await admin.getByTestId('revoke-list-ok').click();

    await admin.getByTestId('batch-title').getByText('Đề nghị thu hồi tài khoản trên hệ thống quản lý văn bản điều hành').waitFor();
    assert.match(admin.url(), /\/de-nghi\/[0-9a-f-]{36}$/);
    assert.equal(await admin.getByTestId('batch-state').innerText(), 'Đang lập');
    const rows = admin.getByTestId('entries').locator('tbody tr.ant-table-row');
    assert.equal(await rows.count(), 2);
    // Rows added together share their time and are listed by id (requests.repo.ts), so each is found by its account
    const row = (account: string) => rows.filter({ hasText: account });
    assert.match(await row('tamduong.chuyenvien').innerText(), new RegExp(`Chuyên viên UBND huyện Tam Đường\\s+Chuyên viên\\s+Ủy ban nhân dân huyện Tam Đường\\s+tamduong\\.chuyenvien\\s+Không đăng nhập từ ${vnDay(now - 200 * DAY)}`));
    assert.match(await row('binhlu.lanhdao').innerText(), /Lãnh đạo UBND xã Bình Lư\s+Phó Chủ tịch\s+Ủy ban nhân dân xã Bình Lư\s+binhlu\.lanhdao\s+Chưa từng đăng nhập/);

    // The existing editor keeps the form's rule: the position cannot be taken out again
    await row('binhlu.lanhdao').getByTestId('edit-entry').click();
    assert.equal(await admin.getByTestId('field-position').inputValue(), 'Phó Chủ tịch');
    await admin.getByTestId('field-position').fill('');
    await admin.getByTestId('entry-save').click();
    await admin.getByTestId('item-position').getByText('Cần ghi "Chức vụ".').waitFor();
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([admin], 'congvan-unused-list-fail-')})`, { cause: err });
  } finally {
    await admin.close();
  }
});
