/**
 * The whole outgoing flow as its people do it, in Chromium: a specialist drafts from a Word file, a leader
 * approves and signs (the box proposed over their printed name), the clerk numbers, seals and issues to a unit
 * of the installation and to an e-mail address; the unit's clerk checks the signatures and registers it, its
 * leader assigns it, the handler completes it. The issued PDF is checked by pdfsig and pdftoppm, the e-mail is
 * received by a real SMTP server, and search without diacritics finds the document.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { findSoffice } from '../../src/office/documents/convert.ts';
import type { RunningOffice } from '../../src/server/start.ts';
import { BROWSER_PASSWORD as PASSWORD, closeDropdown, pick, screenshotsOf, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';
import { letterFodt } from '../helpers/letter.ts';
import { leaves, parseMime, startSmtpPeer } from '../helpers/smtp-peer.ts';
import { runTool } from '../helpers/tools.ts';

const SUBJECT = 'triển khai chữ ký số chuyên dùng công vụ năm 2027';
const LEADER = 'Lãnh đạo UBND tỉnh Lai Châu';
let started: BrowserOffice;
let office: RunningOffice;
let browser: Browser | null = null;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let skipReason = '';
let data = '';

before(async () => {
  smtp = await startSmtpPeer();
  // The demo's first start makes its CA and the leaders' and seals' keys: signing works out of the box
  started = await startBrowserOffice('congvan-flow-', {
    CONGVAN_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, CONGVAN_MAIL_FROM: 'Văn thư UBND tỉnh <vanthu@laichau.gov.vn>',
  });
  ({ office, browser, skipReason, data } = started);
  if (!findSoffice()) {
    if (process.env.CI) throw new Error('LibreOffice is required under CI');
    skipReason = 'soffice not installed';
  }
});

after(async () => {
  await started?.close();
  await smtp?.close();
});

/** A Word file as a specialist has it: the letter made .docx by LibreOffice */
function wordLetter(): string {
  const fodt = join(data, 'cong-van.fodt');
  writeFileSync(fodt, letterFodt({ agency: 'Ủy ban nhân dân tỉnh Lai Châu', unitAbbreviation: 'UBND-VHTT', subject: SUBJECT, body: 'Đề nghị các đơn vị triển khai chữ ký số chuyên dùng công vụ.', signerName: LEADER }));
  const run = runTool('soffice', ['--headless', `-env:UserInstallation=file://${join(data, 'lo-profile')}`, '--convert-to', 'docx', '--outdir', data, fodt]);
  assert.equal(run.code, 0, run.stderr);
  return join(data, 'cong-van.docx');
}

const pages: Page[] = [];
/** On a failure, what each person's screen showed (kept outside the removed data folder) */
const screenshots = () => screenshotsOf(pages, 'congvan-flow-shots-');

async function as(username: string): Promise<Page> {
  const page = await signInAs(browser!, office, username, PASSWORD);
  pages.push(page);
  return page;
}

async function statusIs(page: Page, status: string) {
  try {
    await page.getByTestId('document-status').getByText(status, { exact: true }).waitFor({ timeout: 60_000 });
  } catch (err) {
    const shown = await page.locator('.ant-message').innerText().catch(() => '');
    throw new Error(`status "${status}" not reached; message shown: "${shown}"; screenshots in ${await screenshots()}`, { cause: err });
  }
}

test('ok: Word draft → approve → sign in the browser → number, seal, issue → e-mail received and the unit registers, assigns, completes; pdfsig two valid signatures, the render shows both, search without diacritics finds it', { timeout: 300_000 }, async (t) => {
  if (!browser || skipReason) return t.skip(skipReason);
  const docx = wordLetter();

  const author = await as('laichau.chuyenvien');
  await author.getByTestId('main-menu').getByText('Văn bản đi', { exact: true }).click();
  await author.getByTestId('new-draft').click();
  await author.getByTestId('draft-subject').fill(SUBJECT);
  await author.locator('.ant-upload input[type=file]').setInputFiles(docx);
  await pick(author, 'draft-units', 'huyện Tam Đường');
  await author.getByTestId('draft-emails').click();
  await author.keyboard.type('vanthu@tamduong.laichau.gov.vn');
  await author.keyboard.press('Enter');
  await closeDropdown(author);
  await author.getByTestId('draft-save').click();
  await author.getByTestId('pdf-view').waitFor({ timeout: 120_000 });
  const id = author.url().split('/').pop()!;
  await pick(author, 'reviewers', LEADER);
  await author.getByTestId('submit').click();
  await statusIs(author, 'Chờ duyệt');

  const leader = await as('laichau.lanhdao');
  await leader.goto(`${office.url}/van-ban/${id}`);
  await leader.getByTestId('approve').click();
  await statusIs(leader, 'Đã duyệt');
  // The box is proposed above the printed name; the leader nudges it a little before signing
  const box = leader.getByTestId('signature-box');
  await box.waitFor();
  const at = (await box.boundingBox())!;
  await leader.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  await leader.mouse.down();
  await leader.mouse.move(at.x + at.width / 2 + 20, at.y + at.height / 2 - 10, { steps: 5 });
  await leader.mouse.up();
  await leader.getByTestId('sign').click();
  await statusIs(leader, 'Đã ký');

  const clerk = await as('laichau.vanthu');
  await clerk.goto(`${office.url}/van-ban/${id}`);
  await clerk.getByTestId('number-unit').fill('VHTT');
  await clerk.getByTestId('number').click();
  await statusIs(clerk, 'Đã cấp số');
  await clerk.getByTestId('document-notation').getByText('01/UBND-VHTT').waitFor();
  await clerk.getByTestId('seal').click();
  await statusIs(clerk, 'Đã đóng dấu');
  // A paper copy goes too: the clerk ticks it, the page and the API say so
  await clerk.getByTestId('paper-copy').check();
  await clerk.getByTestId('issue').click();
  await statusIs(clerk, 'Đã phát hành');
  assert.equal((await clerk.getByTestId('document-paper-copy').textContent())?.trim(), 'Có (văn bản điện tử kèm văn bản giấy)');
  assert.equal(await clerk.evaluate(`fetch('/api/documents/${id}').then((r) => r.json()).then((d) => d.paperCopy)`), true);

  // The issued PDF, as the browser downloads it
  const pdf = Buffer.from(await clerk.evaluate(`fetch('/api/documents/${id}/file').then((r) => r.arrayBuffer()).then((b) => Array.from(new Uint8Array(b)))`) as number[]);
  const issued = join(data, 'issued.pdf');
  writeFileSync(issued, pdf);
  const sig = runTool('pdfsig', [issued]).stdout;
  assert.equal((sig.match(/Signature Validation: Signature is Valid\./g) ?? []).length, 2, sig);
  assert.match(sig, new RegExp(`Signer Certificate Common Name: ${LEADER}`));
  runTool('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', issued, join(data, 'page')]);
  const png = PNG.sync.read(readFileSync(join(data, 'page-1.png')));
  let blue = 0;
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (b > 150 && r < 90 && g < 110) blue++;
    if (r > 150 && g < 90 && b < 90) red++;
  }
  assert.ok(blue > 30, `the blue signature shows on page 1 (${blue} pixels)`);
  assert.ok(red > 30, `the red seal shows on page 1 (${red} pixels)`);

  // The e-mail, through the outbox, to a real SMTP server
  const deadline = Date.now() + 60_000;
  while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.equal(smtp.received.length, 1, 'one e-mail received');
  assert.deepEqual(smtp.received[0]!.to, ['vanthu@tamduong.laichau.gov.vn']);
  const attachment = leaves(parseMime(smtp.received[0]!.raw)).find((p) => (p.headers.get('content-type') ?? '').includes('application/pdf'));
  assert.ok(attachment, 'the PDF is attached');
  assert.ok(Buffer.from(attachment.body).equals(pdf), 'the attachment is the issued PDF, byte for byte');

  // The unit: its clerk sees the signatures checked and registers; its leader assigns; the handler completes
  const unitClerk = await as('tamduong.vanthu');
  await unitClerk.getByTestId('main-menu').getByText('Văn bản đến', { exact: true }).click();
  await unitClerk.getByTestId('document-link').getByText(SUBJECT).click();
  await unitClerk.getByTestId('signature-report').getByText('Mọi chữ ký số hợp lệ').waitFor();
  await unitClerk.getByTestId('register').click();
  await statusIs(unitClerk, 'Đã vào sổ');
  await unitClerk.getByTestId('incoming-number').getByText('01').waitFor();
  const arrivalId = unitClerk.url().split('/').pop()!;

  const unitLeader = await as('tamduong.lanhdao');
  await unitLeader.goto(`${office.url}/van-ban/${arrivalId}`);
  await pick(unitLeader, 'assign-lead', 'Chuyên viên UBND huyện Tam Đường');
  await unitLeader.getByTestId('assign-due').click();
  await unitLeader.keyboard.type('2099-12-31');
  await unitLeader.keyboard.press('Enter');
  await unitLeader.getByTestId('assign').click();
  await statusIs(unitLeader, 'Đã giao');

  const handler = await as('tamduong.chuyenvien');
  await handler.goto(`${office.url}/van-ban/${arrivalId}`);
  await handler.getByTestId('handling-text').fill('Đã triển khai tới các xã.');
  await handler.getByTestId('complete').click();
  await statusIs(handler, 'Hoàn thành');
  assert.ok(await handler.getByTestId('trail-step').count() >= 3, 'the trail shows register, assign, complete');

  // Search without diacritics, in the sending office
  await author.getByTestId('main-menu').getByText('Tra cứu', { exact: true }).click();
  await author.getByTestId('search-input').locator('input').fill('chu ky so chuyen dung');
  await author.keyboard.press('Enter');
  await author.getByTestId('document-link').getByText(SUBJECT).waitFor();
  await author.screenshot({ path: join(data, 'search.png') });
});
