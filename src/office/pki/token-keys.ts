/**
 * CA keys on a PKCS#11 token or HSM. The register keeps only an RFC 7512 URI per key; the session that signs with
 * it is opened at unlock with the token's PIN and kept for the life of the process (a token allows one login).
 */
import { createHash, randomBytes } from 'node:crypto';
import { PinGuard, PkiError, TokenLibrary, type TokenKeyAlgorithm, type TokenKeyPair, type TokenSession } from '../../pki/index.ts';

export interface TokenKeyStore {
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so */
  readonly library: string;
  /** Token serial or label */
  readonly token: string;
}

export interface TokenKeyRef extends TokenKeyStore { readonly label: string }

const enc = encodeURIComponent;
export const tokenKeyUri = (ref: TokenKeyRef): string => `pkcs11:token=${enc(ref.token)};object=${enc(ref.label)}?module-path=${enc(ref.library)}`;

export function parseTokenKeyUri(uri: string): TokenKeyRef {
  const match = /^pkcs11:token=([^;]+);object=([^?]+)\?module-path=(.+)$/.exec(uri);
  if (!match) throw new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation: 'unlock', reason: `địa chỉ khóa "${uri.slice(0, 80)}" không hợp lệ` });
  return { token: decodeURIComponent(match[1]!), label: decodeURIComponent(match[2]!), library: decodeURIComponent(match[3]!) };
}

const libraries = new Map<string, TokenLibrary>();
const sessions = new Map<string, { session: TokenSession; pinCheck: string }>();
const guard = new PinGuard();
const salt = randomBytes(16);
const pinCheckOf = (pin: string) => createHash('sha256').update(salt).update(pin).digest('hex');

/**
 * The logged-in session for a token, opened once. A later unlock in the same process must give the same PIN;
 * it is compared with a salted hash, since the token cannot be asked twice.
 */
export function tokenSession(store: TokenKeyStore, pin: string): TokenSession {
  const key = `${store.library}\n${store.token}`;
  const open = sessions.get(key);
  if (open) {
    guard.check(open.session.token.serial);
    if (open.pinCheck !== pinCheckOf(pin)) {
      guard.failed(open.session.token.serial);
      throw new PkiError('PKI_TOKEN_PIN_WRONG');
    }
    return open.session;
  }
  let library = libraries.get(store.library);
  if (!library) libraries.set(store.library, library = TokenLibrary.open(store.library));
  const session = library.login(store.token, pin, guard);
  sessions.set(key, { session, pinCheck: pinCheckOf(pin) });
  return session;
}

export async function newTokenKey(store: TokenKeyStore, pin: string, id: string, algorithm: TokenKeyAlgorithm): Promise<{ keys: TokenKeyPair; uri: string }> {
  const label = `congvan-${id}-${randomBytes(4).toString('hex')}`;
  const keys = await tokenSession(store, pin).generateKeyPair(label, algorithm);
  return { keys, uri: tokenKeyUri({ ...store, label }) };
}

export async function openTokenKey(uri: string, pin: string): Promise<TokenKeyPair> {
  const ref = parseTokenKeyUri(uri);
  return tokenSession(ref, pin).keyPair(ref.label);
}
