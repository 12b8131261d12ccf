/** Runs `congvan` as a separate process, as an operator would, and reads what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../bin/congvan.js');

export interface SpawnedOffice { readonly url: string; readonly pid: number; readonly output: () => string; stop(): Promise<void>; kill(): Promise<void> }

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Starts `congvan start --port 0` (or `congvan hub start …`) and resolves once it prints where it listens. */
export function spawnOffice(args: readonly string[], env: NodeJS.ProcessEnv = {}, command: readonly string[] = ['start']): Promise<SpawnedOffice> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...command, '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, CONGVAN_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`congvan did not start:\n${output}`)); }, 60_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /đang chạy tại (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        ready({
          url: match[1],
          pid: child.pid ?? -1,
          output: () => output,
          stop: () => new Promise((stopped) => { if (child.exitCode !== null || child.signalCode !== null) return stopped(); child.once('close', () => stopped()); child.kill('SIGTERM'); }),
          kill: () => new Promise((stopped) => { if (child.exitCode !== null || child.signalCode !== null) return stopped(); child.once('close', () => stopped()); child.kill('SIGKILL'); }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('close', (code) => { clearTimeout(timer); fail(new Error(`congvan exited with ${code}:\n${output}`)); });
  });
}
