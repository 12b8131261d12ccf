/** @internal PKCS#11 return values turned into our coded errors. */
import { PkiError } from '../pki.errors.ts';

/** The CKR_* values we act on (PKCS#11 v2.40 §3.6). */
export const CKR = {
  PIN_INCORRECT: 0xa0,
  PIN_LEN_RANGE: 0xa2,
  PIN_LOCKED: 0xa4,
  USER_ALREADY_LOGGED_IN: 0x100,
} as const;

/** The CKR value of an error thrown by pkcs11js (its Pkcs11Error carries it as `code`). */
export const ckrOf = (err: unknown): number | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
};

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 200);

export function operationFailed(operation: string, reason: unknown): PkiError {
  if (reason instanceof PkiError) return reason;
  const cause = typeof reason === 'string' ? undefined : { cause: reason };
  return new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation, reason: reasonOf(reason) }, cause);
}

/** Runs one call into the token, so that whatever the driver throws leaves as PKI_TOKEN_OPERATION_FAILED. */
export function onToken<T>(operation: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw operationFailed(operation, err);
  }
}
