/**
 * Word and OpenDocument files to PDF with LibreOffice (`soffice --headless --convert-to pdf`), each conversion
 * in a profile folder of its own (two soffice processes sharing one profile wait on each other or fail), bounded
 * in time, and checked to be a readable PDF before it is accepted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PdfFile } from '../../pades/pdf/file.ts';
import { findProgram } from '../../shared/find-program.ts';
import { OfficeError } from '../office.errors.ts';

export const CONVERTIBLE = ['.doc', '.docx', '.odt', '.fodt', '.rtf'] as const;
const TIMEOUT_MS = 120_000;
const MAX_INPUT = 50 * 1024 * 1024;

/** soffice on PATH (or CONGVAN_SOFFICE), or undefined */
export const findSoffice = (env: NodeJS.ProcessEnv = process.env): string | undefined => findProgram('soffice', 'CONGVAN_SOFFICE', env);

export async function convertToPdf(input: Uint8Array, fileName: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const extension = (/\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? '') as (typeof CONVERTIBLE)[number];
  if (!CONVERTIBLE.includes(extension)) throw new OfficeError('OFFICE_CONVERSION_UNSUPPORTED', { name: fileName, allowed: CONVERTIBLE.join(', ') });
  if (input.byteLength === 0 || input.byteLength > MAX_INPUT) throw new OfficeError('OFFICE_CONVERSION_FAILED', { name: fileName, reason: input.byteLength === 0 ? 'tệp rỗng' : `tệp lớn hơn ${MAX_INPUT / 1024 / 1024} MB` });
  // LibreOffice opens anything it cannot recognise as plain text: a file must look like what its name says
  const head = Buffer.from(input.subarray(0, 64)).toString('latin1');
  const looksRight = { '.docx': head.startsWith('PK\x03\x04'), '.odt': head.startsWith('PK\x03\x04'), '.doc': head.startsWith('\xd0\xcf\x11\xe0'), '.rtf': head.startsWith('{\\rtf'), '.fodt': /^(\ufeff|\xef\xbb\xbf)?\s*<\?xml|^\s*<office:document/.test(head) }[extension];
  if (!looksRight) throw new OfficeError('OFFICE_CONVERSION_FAILED', { name: fileName, reason: `nội dung không phải tệp ${extension} (tệp hỏng hoặc đặt sai đuôi)` });
  const soffice = findSoffice(env);
  if (!soffice) throw new OfficeError('OFFICE_CONVERTER_MISSING');
  const dir = mkdtempSync(join(tmpdir(), 'congvan-convert-'));
  try {
    const source = join(dir, `van-ban${extension}`);
    writeFileSync(source, input);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), source], {
        env: { ...env, HOME: dir }, stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_MS, killSignal: 'SIGKILL',
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d; });
      child.on('error', (err) => resolve({ code: -1, stderr: err.message }));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    const produced = existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')).find((f) => f.endsWith('.pdf')) : undefined;
    if (outcome.code !== 0 || !produced) throw new OfficeError('OFFICE_CONVERSION_FAILED', { name: fileName, reason: outcome.stderr.trim().split('\n').pop()?.slice(0, 200) || 'LibreOffice không tạo được PDF (tệp hỏng hoặc không phải văn bản)' });
    const pdf = new Uint8Array(readFileSync(join(dir, 'out', produced)));
    try {
      new PdfFile(pdf).document.catalog;
    } catch {
      throw new OfficeError('OFFICE_CONVERSION_FAILED', { name: fileName, reason: 'PDF tạo ra không đọc được' });
    }
    return pdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
