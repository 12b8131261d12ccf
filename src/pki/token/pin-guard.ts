/**
 * Our own count of wrong PINs per token serial, for this process. A real token locks itself after a few; SoftHSM2
 * and some drivers never do, and a script guessing PINs must not get unlimited tries through congvan either.
 */
import { PkiError } from '../pki.errors.ts';

export const DEFAULT_PIN_ATTEMPTS = 3;

export class PinGuard {
  readonly #failures = new Map<string, number>();

  constructor(readonly maxAttempts = DEFAULT_PIN_ATTEMPTS) {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`PinGuard: maxAttempts must be a positive integer, not ${maxAttempts}`);
  }

  /** Refuses before C_Login once the token has used up its tries. */
  check(serial: string): void {
    if (this.attemptsLeft(serial) === 0) throw new PkiError('PKI_TOKEN_PIN_LOCKED', { serial });
  }

  /** Counts a wrong PIN; answers the tries left. */
  failed(serial: string): number {
    this.#failures.set(serial, (this.#failures.get(serial) ?? 0) + 1);
    return this.attemptsLeft(serial);
  }

  /** A right PIN starts the count again. */
  succeeded(serial: string): void {
    this.#failures.delete(serial);
  }

  attemptsLeft(serial: string): number {
    return Math.max(0, this.maxAttempts - (this.#failures.get(serial) ?? 0));
  }
}
