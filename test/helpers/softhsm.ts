/** A SoftHSM2 token made by the test itself with softhsm2-util, in a folder of its own. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './tools.ts';

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftToken { readonly dir: string; readonly conf: string; readonly label: string; readonly pin: string; readonly soPin: string; readonly serial: string; remove(): void }

/**
 * SoftHSM reads SOFTHSM2_CONF when the library is initialised, so this sets it for the whole process: open the
 * library after calling this, and give each test file its own token folder.
 */
export function createSoftToken(label = 'congvan-test', pin = '123456', soPin = '12345678'): SoftToken {
  const dir = mkdtempSync(join(tmpdir(), 'congvan-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const made = runTool('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin]);
  if (made.code !== 0) throw new Error(`softhsm2-util --init-token failed: ${made.stderr}${made.stdout}`);
  const slots = runTool('softhsm2-util', ['--show-slots']).stdout;
  const block = slots.split(/\n(?=Slot )/).find((b) => new RegExp(`Label:\\s+${label}\\s*$`, 'm').test(b)) ?? '';
  const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
  if (!serial) throw new Error(`no serial for token ${label} in:\n${slots}`);
  return { dir, conf, label, pin, soPin, serial, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
