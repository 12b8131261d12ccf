/**
 * A PKCS#11 library (a USB token's driver, an HSM's client, SoftHSM2) and the tokens in its slots: list them, log in
 * to one. The PIN goes to C_Login and is not kept; wrong PINs are counted by a PinGuard before the token sees them.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as graphene from 'graphene-pk11';
import { PkiError } from '../pki.errors.ts';
import { CKR, ckrOf, onToken, operationFailed } from './pkcs11-errors.ts';
import { PinGuard } from './pin-guard.ts';
import { TokenSession } from './token-session.ts';

export interface TokenInfo {
  readonly slot: number;
  readonly serial: string;
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  /** The token's own PIN flags: a wrong PIN was entered lately, one try is left, the user PIN is locked. */
  readonly pinCountLow: boolean;
  readonly pinFinalTry: boolean;
  readonly pinLocked: boolean;
}

export interface TokenLibraryOptions {
  /** Wrong PINs in a row, per token and per process, before we refuse to try again (3 unless said otherwise) */
  readonly maxPinAttempts?: number;
}

// graphene lets a second C_Initialize of one library pass and the first C_Finalize would end both, so a library is
// loaded once per process and finalised when the last TokenLibrary over it closes.
const loadedModules = new Map<string, { module: graphene.Module; users: number }>();

function loadModule(path: string): graphene.Module {
  if (!existsSync(path)) throw new PkiError('PKI_TOKEN_LIBRARY_MISSING', { path });
  const loaded = loadedModules.get(realpathSync(path));
  if (loaded) {
    loaded.users++;
    return loaded.module;
  }
  let module: graphene.Module;
  try {
    module = graphene.Module.load(path, 'congvan');
  } catch (err) {
    throw new PkiError('PKI_TOKEN_LIBRARY_MISSING', { path }, { cause: err }); // there, but not a PKCS#11 library for this machine
  }
  onToken('initialize', () => module.initialize());
  loadedModules.set(realpathSync(path), { module, users: 1 });
  return module;
}

function releaseModule(path: string): void {
  const key = realpathSync(path);
  const loaded = loadedModules.get(key);
  if (!loaded || --loaded.users > 0) return;
  loadedModules.delete(key);
  try { loaded.module.finalize(); } catch { /* finalised already */ }
}

const textOf = (value: string) => value.replace(/\0/g, '').trim();
// A CK_SLOT_ID is a native CK_ULONG: 8 bytes on 64-bit Linux and macOS, 4 on Windows.
const slotIdOf = (handle: Buffer) => (handle.length >= 8 ? Number(handle.readBigUInt64LE(0)) : handle.readUInt32LE(0));

function tokenInfoOf(slot: graphene.Slot, token: graphene.Token): TokenInfo {
  const has = (flag: graphene.TokenFlag) => (token.flags & flag) !== 0;
  return {
    slot: slotIdOf(slot.handle), serial: textOf(token.serialNumber), label: textOf(token.label),
    manufacturer: textOf(token.manufacturerID), model: textOf(token.model),
    pinCountLow: has(graphene.TokenFlag.USER_PIN_COUNT_LOW), pinFinalTry: has(graphene.TokenFlag.USER_PIN_FINAL_TRY), pinLocked: has(graphene.TokenFlag.USER_PIN_LOCKED),
  };
}

function loginError(err: unknown, serial: string, guard: PinGuard): PkiError {
  switch (ckrOf(err)) {
    case CKR.PIN_INCORRECT: case CKR.PIN_LEN_RANGE:
      return new PkiError('PKI_TOKEN_PIN_WRONG', { attemptsLeft: guard.failed(serial) }, { cause: err });
    case CKR.PIN_LOCKED:
      return new PkiError('PKI_TOKEN_PIN_LOCKED', { serial }, { cause: err });
    case CKR.USER_ALREADY_LOGGED_IN: // the PIN was not even checked: a second login must not pass for a right one
      return operationFailed('login', 'token đang có một phiên đăng nhập khác trong tiến trình này');
    default:
      return operationFailed('login', err);
  }
}

export class TokenLibrary {
  readonly #module: graphene.Module;
  readonly #guard: PinGuard;
  readonly #sessions = new Set<TokenSession>();
  #isClosed = false;

  private constructor(module: graphene.Module, readonly path: string, guard: PinGuard) {
    this.#module = module;
    this.#guard = guard;
  }

  /** Loads and initialises the library at this path; close it when done, or the process keeps the token. */
  static open(path: string, options: TokenLibraryOptions = {}): TokenLibrary {
    const guard = new PinGuard(options.maxPinAttempts);
    return new TokenLibrary(loadModule(path), path, guard);
  }

  /** The initialised tokens present, with their PIN state as the token reports it. */
  tokens(): TokenInfo[] {
    return this.#present().map((t) => t.info);
  }

  /**
   * Opens a session on the token with this serial (or label) and logs in as its user. The guard, the library's
   * own unless another is given, refuses without calling C_Login once the token has had its wrong PINs.
   */
  login(token: string, pin: string, guard: PinGuard = this.#guard): TokenSession {
    const { slot, info } = this.#select(token);
    guard.check(info.serial);
    if (info.pinLocked) throw new PkiError('PKI_TOKEN_PIN_LOCKED', { serial: info.serial });
    const session = onToken('openSession', () => slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION));
    try {
      session.login(pin, graphene.UserType.USER);
    } catch (err) {
      try { session.close(); } catch { /* the token may be gone */ }
      throw loginError(err, info.serial, guard);
    }
    guard.succeeded(info.serial);
    const opened: TokenSession = new TokenSession(session, info, () => this.#sessions.delete(opened));
    this.#sessions.add(opened);
    return opened;
  }

  /** Closes the sessions still open and finalises the library; never throws. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const session of [...this.#sessions]) session.close();
    releaseModule(this.path);
  }

  #present(): { slot: graphene.Slot; info: TokenInfo }[] {
    if (this.#isClosed) throw operationFailed('listTokens', 'thư viện PKCS#11 đã đóng');
    return onToken('listTokens', () => {
      const slots = this.#module.getSlots(true);
      return Array.from({ length: slots.length }, (_, i) => slots.items(i))
        .map((slot) => ({ slot, token: slot.getToken() }))
        .filter(({ token }) => (token.flags & graphene.TokenFlag.TOKEN_INITIALIZED) !== 0)
        .map(({ slot, token }) => ({ slot, info: tokenInfoOf(slot, token) }));
    });
  }

  /** By serial first; a label shared by several tokens (tokens of one CA often are) does not pick one at random. */
  #select(token: string): { slot: graphene.Slot; info: TokenInfo } {
    const present = this.#present();
    const bySerial = present.find((t) => t.info.serial === token);
    if (bySerial) return bySerial;
    const byLabel = present.filter((t) => t.info.label === token);
    if (byLabel.length > 1) throw operationFailed('selectToken', `${byLabel.length} token cùng nhãn "${token.slice(0, 32)}": hãy chọn theo số sê-ri`);
    if (!byLabel[0]) throw new PkiError('PKI_TOKEN_NOT_FOUND', { token: token.slice(0, 64) });
    return byLabel[0];
  }
}
