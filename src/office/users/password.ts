import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { OfficeError } from '../office.errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

// argon2id with @node-rs/argon2's defaults (m=19 MiB, t=2, p=1): OWASP's recommended floor.
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

// Verified against when the username is unknown, so a wrong name costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export const burnPasswordCheck = async (password: string): Promise<void> => {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
};

export const isStrongPassword = (password: string, username = ''): boolean =>
  password.length >= MIN_PASSWORD_LENGTH && password.length <= 256 && /\p{L}/u.test(password) && /\d/.test(password)
  && password.toLowerCase() !== username.toLowerCase();

export function requireStrongPassword(password: string, username = ''): void {
  if (!isStrongPassword(password, username)) throw new OfficeError('OFFICE_PASSWORD_TOO_WEAK', { min: MIN_PASSWORD_LENGTH });
}

/** A random password that meets the policy: for demo accounts and administrator resets. */
export function generatePassword(): string {
  return `${randomBytes(9).toString('base64url')}${Math.floor(10 + Math.random() * 90)}`;
}
