/** @internal The worker side of verify-pool.ts: steps 1–4 of verifyPackage on the bytes it is sent. */
import { parentPort } from 'node:worker_threads';
import { isCodedError } from '../shared/coded-error.ts';
import { checkPackageSignature } from './verify.ts';
import type { EdxmlLimits } from './types.ts';

export interface VerifyTask { readonly id: number; readonly bytes: string | Uint8Array; readonly limits?: EdxmlLimits }

parentPort!.on('message', (task: VerifyTask) => {
  try {
    const { parsed: _parsed, ...content } = checkPackageSignature(task.bytes, task.limits);
    // An attachment's bytes own their buffer (verify.ts copies them out of the decoder's): moved, not copied
    const transfer = content.package.kind === 'document' ? content.package.attachments.map((a) => a.content).filter((c) => c.byteOffset === 0 && c.byteLength === c.buffer.byteLength).map((c) => c.buffer as ArrayBuffer) : [];
    parentPort!.postMessage({ id: task.id, ok: true, content }, transfer.filter((b, i) => transfer.indexOf(b) === i));
  } catch (err) {
    const error = isCodedError(err) ? { code: err.code, params: err.params } : { message: String((err as Error)?.message ?? err) };
    parentPort!.postMessage({ id: task.id, ok: false, error });
  }
});
