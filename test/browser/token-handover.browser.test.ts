/**
 * The token hand-over of issue 7, in Chromium: the certificate congvan's own CA issued on the DIC's approval is valid in
 * the register with no token; the DIC operator opens "Bàn giao token" on it, picks a token in stock, and a token taken
 * out of stock meanwhile is refused in Vietnamese with nothing recorded; with another token the hand-over goes
 * through: the register shows the token on the certificate and the token as handed over to the holder, its history
 * shows the record, and the PKCS#12 the key was installed from can no longer be downloaded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { requestAtDic } from '../helpers/request-path.ts';
import { BROWSER_PASSWORD as PASSWORD, pick, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';

const HOLDER = 'NGUYỄN QUANG SÁNG';

let started: BrowserOffice;
let browser: Browser | null = null;

before(async () => {
  started = await startBrowserOffice('congvan-handover-office-');
  browser = started.browser;
});

after(async () => {
  await started?.close();
});

/** Bình Lư's request up to the DIC over HTTP and approved there: the DIC's session, the entry and the certificate issued */
async function issuedOnApproval(base: string) {
  const { dic, entry } = await requestAtDic(base, PASSWORD);
  const { carried: [issued] } = await dic.call<{ carried: { ok: boolean; serial: string; hasKeyBundle: boolean }[] }>('POST', '/api/request-entries/approve', { entries: [{ id: entry!.id, version: entry!.version }] });
  assert.ok(issued?.ok && issued.hasKeyBundle, 'the own CA issued it on approval, its key kept as a PKCS#12');
  const [record] = (await dic.call<{ serial: string; agencyId: string }[]>('GET', '/api/pki/registry')).filter((c) => c.serial === issued.serial);
  return { dic, entryId: entry!.id, serial: issued.serial, agencyId: record!.agencyId };
}

test('ok: the DIC operator hands a token over in the page: the register shows the token on the certificate and the token issued to the holder, its history the record; the PKCS#12 is gone', async (t) => {
  if (!browser) return t.skip(started.skipReason);
  const base = started.office.url;
  const { dic, entryId, serial, agencyId } = await issuedOnApproval(base);
  const keyBundle = () => fetch(`${base}/api/request-entries/${entryId}/key-bundle`, { headers: { cookie: dic.cookie, 'accept-language': 'vi' } });
  assert.equal((await keyBundle()).status, 200, 'the PKCS#12 is there before the hand-over');
  for (const token of ['VGCA-0300001', 'VGCA-0300002']) await dic.call('POST', '/api/pki/tokens', { serial: token, label: `Token ${token}`, agencyId });

  const page = await signInAs(browser, started.office, 'stttt.dic', PASSWORD);
  try {
    await page.getByTestId('main-menu').getByText('Chứng thư số & Token', { exact: true }).click();
    const row = page.getByTestId('certificate-registry').locator('tbody tr', { hasText: serial });
    await row.getByText(HOLDER).waitFor();
    assert.equal(await row.getByTestId('certificate-token').innerText(), '');
    await row.getByTestId('certificate-handover').click();

    // Nothing chosen: the form says what is missing, in Vietnamese
    await page.getByTestId('handover-confirm').click();
    await page.getByText('Chọn token trong kho', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('handover-received-by').inputValue(), HOLDER, 'the holder receives it unless said otherwise');

    // The token chosen is damaged meanwhile: the server refuses, nothing is recorded, the dialog stays open
    await pick(page, 'handover-token', 'VGCA-0300001');
    await dic.call('POST', '/api/pki/tokens/VGCA-0300001/state', { to: 'damaged', note: 'Rơi vỡ khi vận chuyển' });
    await page.getByTestId('handover-handed-by').fill('Nguyễn Văn Giao (Sở TT&TT)');
    await page.getByTestId('handover-confirm').click();
    await page.getByText('Token VGCA-0300001 không còn trong kho (đang ở trạng thái "hỏng"): chỉ bàn giao token mới hoặc đã thu về.').waitFor();
    assert.equal((await keyBundle()).status, 200, 'a refused hand-over deletes nothing');

    await pick(page, 'handover-token', 'VGCA-0300002');
    await page.getByTestId('handover-witnessed-by').fill('Trần Văn Chứng');
    await page.getByTestId('handover-confirm').click();
    await page.getByText('Đã bàn giao token VGCA-0300002').waitFor();
    await row.getByTestId('certificate-token').getByText('VGCA-0300002').waitFor();
    assert.equal(await row.getByTestId('certificate-handover').count(), 0, 'a certificate on a token is not handed over again');

    await page.getByTestId('tab-tokens').click();
    const token = page.getByTestId('token-register').locator('tbody tr', { hasText: 'VGCA-0300002' });
    await token.getByText('Đã bàn giao').waitFor();
    await token.getByText(HOLDER).waitFor();
    await token.getByTestId('token-history').click();
    const events = page.getByTestId('token-events');
    await events.getByText(/Mới → Đã bàn giao · Người giao: Nguyễn Văn Giao \(Sở TT&TT\) · Người nhận: NGUYỄN QUANG SÁNG/).waitFor();
    await events.getByText(/Người chứng kiến: Trần Văn Chứng/).waitFor();
    await events.getByText(`Bàn giao chứng thư số ${serial} (${HOLDER}), khóa bí mật cài từ tệp PKCS#12 đã cấp`).waitFor();
  } catch (err) {
    throw new Error(`${(err as Error).message} (screenshots: ${await screenshotsOf([page], 'congvan-handover-shots-')})`, { cause: err });
  }

  const refused = await keyBundle();
  const body = await refused.json() as { code: string; message: string };
  assert.equal(refused.status, 409);
  assert.equal(body.code, 'OFFICE_KEY_BUNDLE_REMOVED');
  assert.match(body.message, /^Khóa đã được cài vào token VGCA-0300002 và bàn giao ngày \d{2}\/\d{2}\/\d{4}; tệp PKCS#12 đã bị xóa\.$/);
});
