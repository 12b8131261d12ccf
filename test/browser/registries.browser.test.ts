/**
 * The registries as the DIC operator meets them: in "Tài khoản & Thư công vụ" they record a unit's official mailbox
 * (a gmail address is refused in Vietnamese first), see it in use, revoke it with a reason and read its two events;
 * then open the accounts tab and read how an account the admin made came to be.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([dic], 'congvan-registries-fail-')})`, { cause: err });
  } finally {
    await dic.close();
  }
});
