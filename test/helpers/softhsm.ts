/** A SoftHSM2 token made by the test itself with softhsm2-util, in a folder of its own. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolRun } from './tools.ts';

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftToken { readonly dir: string; readonly conf: string; readonly label: string; readonly pin: string; readonly soPin: string; readonly serial: string; remove(): void }

/** A token as softhsm2-util --show-slots prints it: what our own listing is checked against. */
export interface ShownToken { readonly slot: number; readonly serial: string; readonly label: string; readonly manufacturer: string; readonly model: string }

/** Runs a SoftHSM-aware tool with SOFTHSM2_CONF set for it, whatever the process has. */
export function runWithConf(conf: string, command: string, args: readonly string[]): ToolRun {
  const result = spawnSync(command, args, { env: { ...process.env, SOFTHSM2_CONF: conf }, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

export const pkcs11Tool = (token: SoftToken, args: readonly string[]): ToolRun =>
  runWithConf(token.conf, 'pkcs11-tool', ['--module', SOFTHSM_LIBRARY, ...args]);

/** The initialised tokens in `softhsm2-util --show-slots`. */
export function showSlots(conf: string): ShownToken[] {
  const shown = runWithConf(conf, 'softhsm2-util', ['--show-slots']);
  if (shown.code !== 0) throw new Error(`softhsm2-util --show-slots failed: ${shown.stderr}`);
  return shown.stdout.split(/\n(?=Slot \d+)/).filter((block) => /Initialized:\s+yes/.test(block)).map((block) => {
    const field = (name: string) => new RegExp(`Token info:[\\s\\S]*?${name}:[ \\t]*(.*)`).exec(block)?.[1]?.trim() ?? '';
    return { slot: Number(/^Slot (\d+)/.exec(block)?.[1]), serial: field('Serial number'), label: field('Label'), manufacturer: field('Manufacturer ID'), model: field('Model') };
  });
}

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
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const made = runWithConf(conf, 'softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin]);
  const serial = showSlots(conf).find((t) => t.label === label)?.serial;
  if (made.code !== 0 || !serial) {
    remove();
    throw new Error(`softhsm2-util could not make token ${label}: ${made.stderr}${made.stdout}`);
  }
  return { dir, conf, label, pin, soPin, serial, remove };
}
