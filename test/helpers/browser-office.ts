/**
 * The real office for the Chromium tests: a fresh data folder, the demo seeded with one password, the web app
 * built from the current sources (never a stale dist/web), the office listening on a free port of 127.0.0.1 and
 * Chromium launched. Without Chromium a test is skipped, except under CI where that is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../src/cli/build-web.ts';
import { loadConfig, type AppConfig } from '../../src/server/config.ts';
import { startOffice, type RunningOffice } from '../../src/server/start.ts';
import { launchChromium } from './browser.ts';

/** Every demo account's password in the browser tests */
export const BROWSER_PASSWORD = 'demo-browser-2026';

export interface BrowserOffice {
  /** The office's data folder, removed by close(); tests may keep their own files in it */
  readonly data: string;
  readonly config: AppConfig;
  readonly office: RunningOffice;
  /** null when Chromium is missing (outside CI): then skipReason says why */
  readonly browser: Browser | null;
  readonly skipReason: string;
  /** Closes the browser and the office and removes the data folder */
  close(): Promise<void>;
}

/** Starts the demo office (with `env` added to its settings) and Chromium; `prefix` names the temp data folder. */
export async function startBrowserOffice(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<BrowserOffice> {
  const data = mkdtempSync(join(tmpdir(), prefix));
  let office: RunningOffice | undefined;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await office?.close();
    rmSync(data, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({ port: 0, host: '127.0.0.1', dataDir: data }, {
      CONGVAN_DEMO_PASSWORD: BROWSER_PASSWORD, CONGVAN_LOG_LEVEL: 'warn', CONGVAN_WEB_ROOT: join(data, 'web'), ...env,
    });
    await ensureWebBuilt(config.webRoot, () => undefined);
    office = await startOffice(config, () => undefined);
    const launched = await launchChromium();
    let skipReason = '';
    if (typeof launched === 'string') {
      if (process.env.CI) throw new Error(launched);
      skipReason = launched;
    } else browser = launched;
    return { data, config, office, browser, skipReason, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

export interface SignInOptions {
  /** Wait for the signed-in shell (the agency's name); false when the sign-in is meant to be refused */
  readonly waitForShell?: boolean;
}

/**
 * Signs in on the office's sign-in screen. Given the browser, a new context (Vietnamese locale, downloads
 * accepted) and page are made for this person; given a page, that page is used.
 */
export async function signInAs(target: Browser | Page, office: { readonly url: string }, username: string, password: string, options: SignInOptions = {}): Promise<Page> {
  const page = 'newContext' in target ? await (await target.newContext({ acceptDownloads: true, locale: 'vi-VN' })).newPage() : target;
  await page.goto(`${office.url}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  if (options.waitForShell ?? true) await page.getByTestId('agency-name').waitFor();
  return page;
}

/** On a failure, what each page showed, kept outside the removed data folder: the folder of the screenshots */
export async function screenshotsOf(pages: readonly Page[], prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await Promise.all(pages.map((p, i) => p.screenshot({ path: join(dir, `${i}.png`), fullPage: true }).catch(() => undefined)));
  return dir;
}

/**
 * Chooses in an Ant Design select by typing and Enter, then closes what stays open by a click beside it: Escape
 * would close the dialog the select sits in whenever the dropdown had already closed (a single select does on Enter)
 */
export async function pick(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await closeDropdown(page);
}

export async function closeDropdown(page: Page): Promise<void> {
  const title = page.locator('.ant-modal-title');
  await ((await title.count()) ? title.first() : page.getByTestId('agency-name')).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' }).catch(() => undefined);
}
