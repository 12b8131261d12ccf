/** Tools nobody here wrote, run as processes: openssl, and later pdfsig, qpdf, xmlsec1. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun { readonly code: number | null; readonly stdout: string; readonly stderr: string }

export function runTool(command: string, args: readonly string[], input?: string | Uint8Array): ToolRun {
  const result = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** The same, without blocking the event loop: for tools that talk to a server in this very process. */
export function runToolAsync(command: string, args: readonly string[], timeoutMs = 30_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new Error(`${command} could not run: ${e.message}`)));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/** A scratch folder for a test's files, removed by the returned function. */
export function scratch(): { dir: string; write: (name: string, data: string | Uint8Array) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'congvan-tool-'));
  return {
    dir,
    write: (name, data) => { const path = join(dir, name); writeFileSync(path, data); return path; },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An NSS database in `dir` that trusts `rootPem` (as pdfsig reads it with -nssdir): its `sql:` path */
export function nssTrusting(dir: string, rootPem: string): string {
  mkdirSync(join(dir, 'nss'), { recursive: true });
  const nss = `sql:${join(dir, 'nss')}`;
  const made = runTool('certutil', ['-N', '-d', nss, '--empty-password']);
  if (made.code !== 0) throw new Error(`certutil -N: ${made.stderr}`);
  const rootFile = join(dir, 'nss-root.pem');
  writeFileSync(rootFile, rootPem);
  const added = runTool('certutil', ['-A', '-d', nss, '-n', 'congvan-test-root', '-t', 'CT,C,C', '-i', rootFile]);
  if (added.code !== 0) throw new Error(`certutil -A: ${added.stderr}`);
  return nss;
}

/** pdfsig's verdicts on a file, trusting what the NSS database trusts: each signature's and each certificate's line */
export function pdfsigVerdicts(nss: string, path: string): { signatures: string[]; certificates: string[]; output: string } {
  const output = runTool('pdfsig', ['-nssdir', nss, '-no-ocsp', path]).stdout;
  return { signatures: [...output.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]!), certificates: [...output.matchAll(/Certificate Validation: (.*)/g)].map((m) => m[1]!), output };
}
