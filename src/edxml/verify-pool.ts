/**
 * Verifying packages on several cores: the XML signature check of a package (parse, exclusive C14N of every
 * attachment's base64, the reads of verify.ts) is CPU work, about 20 ms for 100 KB, that would otherwise hold a
 * hub's one event loop. Steps 1–4 of verifyPackage (verify.ts) run in worker threads on the bytes; steps 5–6
 * (chain, revocation, sender) stay on the caller's thread with its trust store and revocation checker. The rules
 * are verify.ts's, unchanged: the worker runs the same function.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { x509 } from '../pki/index.ts';
import { moduleWorker } from '../shared/module-worker.ts';
import { EdxmlError } from './edxml.errors.ts';
import type { EdxmlLimits } from './types.ts';
import { checkPackageSigner, type SignedContent, type VerifiedPackage, type VerifyOptions } from './verify.ts';
import type { VerifyTask } from './verify-worker.ts';

type Reply = { id: number; ok: true; content: SignedContent } | { id: number; ok: false; error: { code?: string; params?: Record<string, string | number>; message?: string } };
interface Pending { resolve(content: SignedContent): void; reject(err: Error): void }
interface Thread { worker: Worker; pending: Map<number, Pending> }

export interface VerifyPool {
  /** verifyPackage, its signature check on a worker thread */
  verify(input: string | Uint8Array, options: VerifyOptions): Promise<VerifiedPackage>;
  close(): Promise<void>;
}

export function createVerifyPool(size = availableParallelism()): VerifyPool {
  let next = 0;
  let closed = false;
  const threads: Thread[] = [];
  // Agencies are few and sign with the same certificates: parsed once
  const parsed = new Map<string, x509.X509Certificate>();
  const certificateOf = (der: Uint8Array) => {
    const key = Buffer.from(der).toString('base64');
    let certificate = parsed.get(key);
    if (!certificate) {
      certificate = new x509.X509Certificate(der as Uint8Array<ArrayBuffer>);
      if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value!);
      parsed.set(key, certificate);
    }
    return certificate;
  };

  function spawn(index: number): Thread {
    const thread: Thread = { worker: moduleWorker(new URL('./verify-worker.ts', import.meta.url)), pending: new Map() };
    thread.worker.unref();
    thread.worker.on('message', (reply: Reply) => {
      const task = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (!task) return;
      if (reply.ok) task.resolve(reply.content);
      else if (reply.error.code?.startsWith('EDXML_')) task.reject(new EdxmlError(reply.error.code as ConstructorParameters<typeof EdxmlError>[0], reply.error.params ?? {}));
      else task.reject(new Error(reply.error.message ?? 'lỗi kiểm tra chữ ký'));
    });
    const fail = (err: Error) => {
      for (const task of thread.pending.values()) task.reject(err);
      thread.pending.clear();
      if (!closed) threads[index] = spawn(index);
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => { if (!closed) fail(new Error(`luồng kiểm tra chữ ký dừng (${code})`)); });
    return thread;
  }
  for (let i = 0; i < Math.max(1, size); i++) threads.push(spawn(i));

  function check(bytes: string | Uint8Array, limits?: EdxmlLimits): Promise<SignedContent> {
    if (closed) return Promise.reject(new Error('pool closed'));
    // The thread with the fewest packages waiting; ties in turn
    let thread = threads[next++ % threads.length]!;
    for (const t of threads) if (t.pending.size < thread.pending.size) thread = t;
    const id = next;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, bytes, ...(limits ? { limits } : {}) } satisfies VerifyTask);
    });
  }

  return {
    async verify(input, options) {
      const content = await check(input, options.limits);
      return checkPackageSigner({ ...content, parsed: content.certificates.map(certificateOf) }, options);
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
