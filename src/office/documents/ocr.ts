/**
 * Scanned paper to searchable PDF/A with OCRmyPDF and Tesseract's Vietnamese model (`ocrmypdf -l vie
 * --output-type pdfa`): each run in a temp folder of its own, bounded in time (the whole process group is
 * killed, Tesseract included), the result read back and checked, the folder removed. Pages that already
 * carry text are kept as they are. The text is then read from the result, so search indexes what OCR saw.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from '../../shared/find-program.ts';
import { OfficeError } from '../office.errors.ts';
import { pdfText } from '../../pades/index.ts';

export interface OcrOptions {
  /** Where to find ocrmypdf (PATH, or CONGVAN_OCRMYPDF) and what Tesseract sees (TESSDATA_PREFIX) */
  readonly env?: NodeJS.ProcessEnv;
  /** Default 10 minutes: a long scan on a busy server */
  readonly timeoutMs?: number;
  /** Pages OCRed at once (default 1: the server has other work) */
  readonly jobs?: number;
}

export interface OcrResult {
  /** PDF/A-2B with an invisible text layer over each scanned page */
  readonly pdf: Uint8Array;
  readonly text: string;
}

const TIMEOUT_MS = 10 * 60_000;
const MAX_INPUT = 100 * 1024 * 1024;
/** ocrmypdf's exit codes (ocrmypdf.ExitCode) */
const EXIT = { inputFile: 2, missingDependency: 3, childProcess: 7, encrypted: 8, pdfaFailed: 10 } as const;

/** ocrmypdf on PATH (or CONGVAN_OCRMYPDF), or undefined */
export const findOcrmypdf = (env: NodeJS.ProcessEnv = process.env): string | undefined => findProgram('ocrmypdf', 'CONGVAN_OCRMYPDF', env);

/** The PDF header, within the first 1024 bytes as readers allow */
const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-', 0, 'latin1');

interface Run { readonly code: number | null; readonly stderr: string; readonly timedOut: boolean }

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    // its own process group, so that a timeout also stops the Tesseract and Ghostscript it started
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 200_000) stderr += d; });
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: -1, stderr: err.message, timedOut }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr, timedOut }); });
  });
}

const lastLine = (stderr: string) => stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d*\s*Opened a file$/.test(l)).pop()?.slice(0, 200);

function failure(outcome: Run, timeoutMs: number): OfficeError {
  if (outcome.timedOut) return new OfficeError('OFFICE_OCR_FAILED', { reason: `quá ${Math.round(timeoutMs / 60_000) || 1} phút mà chưa xong (bản quét quá dài hoặc máy chủ đang bận)` });
  // Tesseract without its Vietnamese model, Ghostscript absent: things to install, not a bad scan
  if (outcome.code === EXIT.missingDependency || /Failed loading language|couldn't load any languages|language data/i.test(outcome.stderr)) return new OfficeError('OFFICE_OCR_MISSING');
  const reason = outcome.code === EXIT.encrypted ? 'tệp PDF được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại'
    : outcome.code === EXIT.inputFile ? 'tệp PDF hỏng hoặc không đọc được'
      : outcome.code === EXIT.pdfaFailed ? 'không tạo được bản PDF/A để lưu trữ'
        : lastLine(outcome.stderr) ?? `OCRmyPDF dừng với mã ${outcome.code}`;
  return new OfficeError('OFFICE_OCR_FAILED', { reason });
}

/** Makes a scan searchable: PDF/A with a text layer, and that text */
export async function ocrScan(pdf: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  if (!(pdf instanceof Uint8Array) || pdf.byteLength === 0 || !isPdf(pdf)) throw new OfficeError('OFFICE_OCR_NOT_PDF');
  if (pdf.byteLength > MAX_INPUT) throw new OfficeError('OFFICE_OCR_FAILED', { reason: `tệp lớn hơn ${MAX_INPUT / 1024 / 1024} MB; hãy quét thành nhiều tệp` });
  const ocrmypdf = findOcrmypdf(env);
  if (!ocrmypdf) throw new OfficeError('OFFICE_OCR_MISSING');
  const dir = mkdtempSync(join(tmpdir(), 'congvan-ocr-'));
  try {
    const input = join(dir, 'ban-quet.pdf');
    const output = join(dir, 'ket-qua.pdf');
    writeFileSync(input, pdf);
    const args = ['-l', 'vie', '--output-type', 'pdfa', '--skip-text', '--jobs', String(options.jobs ?? 1), input, output];
    const outcome = await run(ocrmypdf, args, { ...env, HOME: dir, TMPDIR: dir, OMP_THREAD_LIMIT: '1' }, timeoutMs);
    if (outcome.code !== 0 || !existsSync(output)) throw failure(outcome, timeoutMs);
    const result = new Uint8Array(readFileSync(output));
    if (!isPdf(result)) throw new OfficeError('OFFICE_OCR_FAILED', { reason: 'OCRmyPDF không trả về tệp PDF' });
    const text = await pdfText(result).catch((err: unknown) => {
      throw new OfficeError('OFFICE_OCR_FAILED', { reason: 'không đọc được chữ trong tệp kết quả' }, { cause: err });
    });
    return { pdf: result, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
