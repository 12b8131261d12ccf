import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServerError } from '../server/server.errors.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Builds the web UI with Vite when it is missing, so `npm start` works on a fresh checkout. */
export async function ensureWebBuilt(webRoot: string, announce: (line: string) => void): Promise<void> {
  if (existsSync(join(webRoot, 'index.html'))) return;
  announce('Đang dựng giao diện web lần đầu (Vite)…');
  try {
    const { build } = await import('vite');
    await build({ configFile: join(PROJECT_ROOT, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: webRoot, emptyOutDir: true } });
  } catch (err) {
    throw new ServerError('SRV_WEB_BUILD_FAILED', { reason: (err as Error).message }, { cause: err });
  }
  announce('Đã dựng xong giao diện web.');
}
