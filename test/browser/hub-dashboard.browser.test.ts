// The hub's dashboard as an operator sees it in Chromium: a hub in this process on a free port of 127.0.0.1,
// two agencies, one urgent document not picked up for more than two hours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { LAI_CHAU, SO_TTTT } from '../../src/edxml/test-fixtures.ts';
import { startTestHub } from '../../src/hub/test-fixtures.ts';
import { launchChromium } from '../helpers/browser.ts';
import { manualClock } from '../helpers/clock.ts';
import { openTestDb } from '../helpers/test-db.ts';

const TOKEN = 'bang-theo-doi-chromium-2026';

test('ok: with the token the operator sees the agencies and the overdue document; without it, a refusal in Vietnamese', async (t) => {
  const launched = await launchChromium();
  if (typeof launched === 'string') {
    if (process.env.CI) throw new Error(launched);
    return t.skip(launched);
  }
  const browser: Browser = launched;
  t.after(() => browser.close());
  const db = await openTestDb('sqlite', t);
  assert.ok(db);
  t.after(() => db.close());
  const clock = manualClock(new Date());
  const { app, sign, documentPackage } = await startTestHub(db, { agencies: [LAI_CHAU, SO_TTTT], now: clock.now, dashboardToken: TOKEN });
  t.after(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const bytes = await documentPackage(LAI_CHAU, [SO_TTTT]);
  const sent = await fetch(`${base}/axis/send`, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/xml', ...sign(LAI_CHAU.organId, 'POST', '/axis/send', bytes) } });
  assert.equal(sent.status, 200, await sent.clone().text());
  const { documentId } = await sent.json() as { documentId: string };
  clock.advanceMinutes(125); // urgent: overdue after two hours

  const page = await browser.newPage();
  const refused = await page.goto(`${base}/dashboard`);
  assert.equal(refused?.status(), 401);
  await page.getByRole('heading', { name: 'Không mở được bảng theo dõi' }).waitFor();
  await page.getByText('Bảng theo dõi của trục chỉ dành cho người vận hành').waitFor();

  const opened = await page.goto(`${base}/?token=${TOKEN}`);
  assert.equal(opened?.status(), 200);
  await page.getByRole('heading', { name: 'Bảng theo dõi trục liên thông văn bản' }).waitFor();
  await page.getByRole('heading', { name: 'Cơ quan trên trục' }).waitFor();
  await page.getByRole('heading', { name: /^Văn bản chưa được nhận đúng hạn \(1, trong đó/ }).or(page.getByRole('heading', { name: 'Văn bản chưa được nhận đúng hạn (1)' })).waitFor();
  const agencies = page.locator('#agencies tbody tr');
  assert.equal(await agencies.count(), 2);
  assert.deepEqual(await agencies.nth(0).locator('td').allInnerTexts(), [LAI_CHAU.organId, LAI_CHAU.organName, '1', '0', '0', '0']);
  assert.deepEqual(await agencies.nth(1).locator('td').allInnerTexts(), [SO_TTTT.organId, SO_TTTT.organName, '0', '1', '1', '1']);
  const alert = page.locator('#alerts tbody tr');
  assert.equal(await alert.count(), 1);
  assert.ok(await alert.isVisible());
  const cells = await alert.locator('td').allInnerTexts();
  assert.match(cells[0]!, new RegExp(`${LAI_CHAU.organId}\\s+${LAI_CHAU.organName}`));
  assert.match(cells[1]!, new RegExp(`${SO_TTTT.organId}\\s+${SO_TTTT.organName}`));
  assert.equal(cells[2], documentId);
  assert.match(cells[3]!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(\+07:00\)$/);
  assert.deepEqual(cells.slice(4), ['chờ trong hộp thư', 'chưa báo trạng thái nào']);

  // The token is gone from what reloads: the cookie opens the page at its own address
  const again = await page.goto(`${base}/`);
  assert.equal(again?.status(), 200);
  await page.locator('#alerts').getByText(documentId).waitFor();
  const cookies = await page.context().cookies(base);
  assert.deepEqual(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]), [['congvan_hub_dashboard', true, 'Strict']]);
  assert.ok(!cookies[0]!.value.includes(TOKEN));
});
