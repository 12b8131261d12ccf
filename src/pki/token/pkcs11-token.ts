/**
 * A USB token or HSM over PKCS#11 (graphene-pk11): list tokens, log in, make keys on the token, sign with them.
 * Private keys are created sensitive and never extractable; the only thing that leaves the token is a signature.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as graphene from 'graphene-pk11';
import { crypto, EXTERNAL_SIGNER, x509, type ExternalKey } from '../crypto.ts';
import { PkiError } from '../pki.errors.ts';
import { digestInfo, ecdsaRawToDer, HASH_LENGTH, NODE_HASH, TOKEN_HASHES, type TokenHash } from './signature-formats.ts';

export interface TokenInfo {
  readonly slot: number;
  readonly serial: string;
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly pinCountLow: boolean;
  readonly pinFinalTry: boolean;
  readonly pinLocked: boolean;
}

export type TokenKeyAlgorithm = 'RSA-2048' | 'ECDSA-P256';

const CKR_PIN_INCORRECT = 0xa0;
const CKR_PIN_LOCKED = 0xa4;
const CKR_PIN_LEN_RANGE = 0xa2;
// DER of the P-256 curve OID, the CKA_EC_PARAMS of a P-256 key.
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

const codeOf = (err: unknown): number | undefined => (typeof (err as { code?: unknown })?.code === 'number' ? (err as { code: number }).code : undefined);
const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 200);

function failed(operation: string, err: unknown): PkiError {
  return err instanceof PkiError ? err : new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation, reason: reasonOf(err) }, { cause: err });
}

const trimmed = (value: string) => value.replace(/\0/g, '').trim();

/**
 * Our own count of wrong PINs per token. A real token locks itself after a few; SoftHSM2 and some drivers never
 * do, and a PIN guessed by a script must not get unlimited tries through congvan either.
 */
export class PinGuard {
  readonly #failures = new Map<string, number>();
  constructor(readonly maxAttempts = 3) {}
  check(serial: string): void {
    if ((this.#failures.get(serial) ?? 0) >= this.maxAttempts) throw new PkiError('PKI_TOKEN_PIN_LOCKED');
  }
  failed(serial: string): void { this.#failures.set(serial, (this.#failures.get(serial) ?? 0) + 1); }
  succeeded(serial: string): void { this.#failures.delete(serial); }
  attemptsLeft(serial: string): number { return Math.max(0, this.maxAttempts - (this.#failures.get(serial) ?? 0)); }
}

/** One PKCS#11 library, loaded and initialised once; `close` finalises it. */
export class TokenLibrary {
  private constructor(private readonly module: graphene.Module, readonly path: string) {}

  static open(path: string): TokenLibrary {
    if (!existsSync(path)) throw new PkiError('PKI_TOKEN_LIBRARY_MISSING', { path });
    try {
      const module = graphene.Module.load(path, 'congvan');
      module.initialize();
      return new TokenLibrary(module, path);
    } catch (err) {
      throw new PkiError('PKI_TOKEN_LIBRARY_MISSING', { path }, { cause: err });
    }
  }

  #slots(): { slot: graphene.Slot; info: TokenInfo }[] {
    const slots = this.module.getSlots(true);
    const found: { slot: graphene.Slot; info: TokenInfo }[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots.items(i);
      const token = slot.getToken();
      if (!(token.flags & graphene.TokenFlag.TOKEN_INITIALIZED)) continue;
      found.push({
        slot,
        info: {
          slot: Number(slot.handle.readBigUInt64LE(0)), serial: trimmed(token.serialNumber), label: trimmed(token.label),
          manufacturer: trimmed(token.manufacturerID), model: trimmed(token.model),
          pinCountLow: (token.flags & graphene.TokenFlag.USER_PIN_COUNT_LOW) !== 0,
          pinFinalTry: (token.flags & graphene.TokenFlag.USER_PIN_FINAL_TRY) !== 0,
          pinLocked: (token.flags & graphene.TokenFlag.USER_PIN_LOCKED) !== 0,
        },
      });
    }
    return found;
  }

  /** The initialised tokens present, with their PIN state as the token reports it. */
  tokens(): TokenInfo[] {
    try {
      return this.#slots().map((s) => s.info);
    } catch (err) {
      throw failed('list', err);
    }
  }

  /** Logs in to the token with this serial (or label). The PIN is used once and not kept. */
  login(token: string, pin: string, guard: PinGuard): TokenSession {
    const match = this.#slots().find((s) => s.info.serial === token || s.info.label === token);
    if (!match) throw new PkiError('PKI_TOKEN_NOT_FOUND', { token: token.slice(0, 64) });
    const { serial } = match.info;
    guard.check(serial);
    if (match.info.pinLocked) throw new PkiError('PKI_TOKEN_PIN_LOCKED');
    const session = match.slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION);
    try {
      session.login(pin, graphene.UserType.USER);
    } catch (err) {
      session.close();
      const code = codeOf(err);
      if (code === CKR_PIN_INCORRECT || code === CKR_PIN_LEN_RANGE) {
        guard.failed(serial);
        if (guard.attemptsLeft(serial) === 0) throw new PkiError('PKI_TOKEN_PIN_LOCKED');
        throw new PkiError('PKI_TOKEN_PIN_WRONG');
      }
      if (code === CKR_PIN_LOCKED) throw new PkiError('PKI_TOKEN_PIN_LOCKED');
      throw failed('login', err);
    }
    guard.succeeded(serial);
    return new TokenSession(session, match.info);
  }

  close(): void {
    try { this.module.finalize(); } catch { /* already finalised */ }
  }
}

export interface TokenKeyPair {
  readonly label: string;
  /** CKA_ID, hex: ties the certificate written later to its key */
  readonly id: string;
  readonly publicKey: CryptoKey;
  /** A handle for x509/pkijs: signing goes to the token */
  readonly privateKey: ExternalKey;
}

export class TokenSession {
  constructor(private readonly session: graphene.Session, readonly token: TokenInfo) {}

  generateKeyPair(label: string, algorithm: TokenKeyAlgorithm): Promise<TokenKeyPair> {
    const id = createHash('sha1').update(`${label}:${Date.now()}:${Math.random()}`).digest();
    const common = { token: true, label, id };
    try {
      if (algorithm === 'RSA-2048') {
        this.session.generateKeyPair(graphene.KeyGenMechanism.RSA,
          { ...common, keyType: graphene.KeyType.RSA, verify: true, modulusBits: 2048, publicExponent: Buffer.from([1, 0, 1]) },
          { ...common, keyType: graphene.KeyType.RSA, sign: true, private: true, sensitive: true, extractable: false });
      } else {
        this.session.generateKeyPair(graphene.KeyGenMechanism.EC,
          { ...common, keyType: graphene.KeyType.EC, verify: true, paramsEC: P256_PARAMS },
          { ...common, keyType: graphene.KeyType.EC, sign: true, private: true, sensitive: true, extractable: false });
      }
    } catch (err) {
      throw failed('generateKeyPair', err);
    }
    return this.keyPair(label);
  }

  #find(objectClass: graphene.ObjectClass, label: string): graphene.SessionObject | undefined {
    const found = this.session.find({ class: objectClass, label });
    return found.length > 0 ? found.items(0) : undefined;
  }

  #privateKey(label: string): graphene.PrivateKey {
    const key = this.#find(graphene.ObjectClass.PRIVATE_KEY, label);
    if (!key) throw new PkiError('PKI_TOKEN_KEY_NOT_FOUND', { label: label.slice(0, 64) });
    return key.toType<graphene.PrivateKey>();
  }

  /** The public key as WebCrypto sees it, read from the token's public key object. */
  async #publicKey(label: string): Promise<{ publicKey: CryptoKey; id: string }> {
    const object = this.#find(graphene.ObjectClass.PUBLIC_KEY, label);
    if (!object) throw new PkiError('PKI_TOKEN_KEY_NOT_FOUND', { label: label.slice(0, 64) });
    const read = <T>(template: Record<string, null>): T => {
      try {
        return object.getAttribute(template) as T;
      } catch (err) {
        throw failed('readPublicKey', err);
      }
    };
    const head = read<{ keyType: number; id: Buffer }>({ keyType: null, id: null });
    const attrs = { ...head, ...(head.keyType === graphene.KeyType.RSA
      ? read<{ modulus: Buffer; publicExponent: Buffer }>({ modulus: null, publicExponent: null })
      : read<{ pointEC: Buffer }>({ pointEC: null })) } as { keyType: number; id: Buffer; modulus?: Buffer; publicExponent?: Buffer; pointEC?: Buffer };
    if (attrs.keyType === graphene.KeyType.RSA) {
      const b64 = (b: Buffer) => b.toString('base64url');
      const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n: b64(attrs.modulus!), e: b64(attrs.publicExponent!) }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
      return { publicKey, id: attrs.id.toString('hex') };
    }
    // CKA_EC_POINT is the point wrapped in a DER OCTET STRING (04 len 04 x y).
    const point = attrs.pointEC!;
    const raw = point[0] === 0x04 && point[1] === point.length - 2 ? point.subarray(2) : point;
    const publicKey = await crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    return { publicKey, id: attrs.id.toString('hex') };
  }

  /** A key pair already on the token, by label. */
  async keyPair(label: string): Promise<TokenKeyPair> {
    const { publicKey, id } = await this.#publicKey(label);
    this.#privateKey(label);
    const algorithm = publicKey.algorithm.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { ...(publicKey.algorithm as RsaHashedKeyAlgorithm) };
    const privateKey = {
      type: 'private', extractable: false, algorithm, usages: ['sign'],
      [EXTERNAL_SIGNER]: async (alg: Algorithm & { hash?: string | Algorithm }, data: Uint8Array) => {
        const hashName = typeof alg.hash === 'string' ? alg.hash : alg.hash?.name ?? (algorithm as RsaHashedKeyAlgorithm).hash?.name ?? 'SHA-256';
        const hash = TOKEN_HASHES.find((h) => h === hashName.toUpperCase());
        if (!hash) throw new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation: 'sign', reason: `thuật toán băm ${hashName} không được hỗ trợ` });
        const raw = this.#signRaw(label, hash, createHash(NODE_HASH[hash]).update(data).digest());
        return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
      },
    } as unknown as ExternalKey;
    return { label, id, publicKey, privateKey };
  }

  /** RSA: PKCS#1 v1.5 over the DigestInfo we build (works on every token); ECDSA: raw r||s over the digest. */
  #signRaw(label: string, hash: TokenHash, digest: Uint8Array): Buffer {
    const key = this.#privateKey(label);
    if (digest.byteLength !== HASH_LENGTH[hash]) throw new PkiError('PKI_TOKEN_OPERATION_FAILED', { operation: 'sign', reason: `giá trị băm dài ${digest.byteLength} byte, ${hash} cần ${HASH_LENGTH[hash]}` });
    try {
      if (key.type === graphene.KeyType.EC) return this.session.createSign('ECDSA', key).once(Buffer.from(digest));
      return this.session.createSign('RSA_PKCS', key).once(Buffer.from(digestInfo(hash, digest)));
    } catch (err) {
      throw failed('sign', err);
    }
  }

  /**
   * Signs a digest computed elsewhere (deferred PAdES signing). ECDSA comes back as the DER SEQUENCE that CMS
   * and openssl expect; RSA as the PKCS#1 v1.5 signature.
   */
  signDigest(label: string, hash: TokenHash, digest: Uint8Array): Uint8Array {
    const raw = this.#signRaw(label, hash, digest);
    return this.#privateKey(label).type === graphene.KeyType.EC ? ecdsaRawToDer(raw) : new Uint8Array(raw);
  }

  sign(label: string, hash: TokenHash, data: Uint8Array): Uint8Array {
    return this.signDigest(label, hash, createHash(NODE_HASH[hash]).update(data).digest());
  }

  /** A PKCS#10 request for a key on the token, signed on the token. */
  async createCsr(label: string, name: x509.Name | string): Promise<Uint8Array> {
    const keys = await this.keyPair(label);
    const signingAlgorithm = keys.publicKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    try {
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm }, crypto);
      return new Uint8Array(csr.rawData);
    } catch (err) {
      throw failed('createCsr', err);
    }
  }

  /** Writes the issued certificate beside its key (same label and CKA_ID), as token software expects. */
  async storeCertificate(label: string, certificate: x509.X509Certificate): Promise<void> {
    const { id } = await this.#publicKey(label);
    try {
      this.session.create({
        class: graphene.ObjectClass.CERTIFICATE, certType: graphene.CertificateType.X_509, token: true, label, id: Buffer.from(id, 'hex'),
        subject: Buffer.from(certificate.subjectName.toArrayBuffer()), serial: Buffer.from(new x509.X509Certificate(certificate.rawData).serialNumber, 'hex'),
        value: Buffer.from(certificate.rawData),
      });
    } catch (err) {
      throw failed('storeCertificate', err);
    }
  }

  certificates(): { label: string; certificate: x509.X509Certificate }[] {
    const found = this.session.find({ class: graphene.ObjectClass.CERTIFICATE });
    const out: { label: string; certificate: x509.X509Certificate }[] = [];
    for (let i = 0; i < found.length; i++) {
      const attrs = found.items(i).getAttribute({ label: null, value: null }) as { label: string; value: Buffer };
      out.push({ label: attrs.label, certificate: new x509.X509Certificate(new Uint8Array(attrs.value)) });
    }
    return out;
  }

  close(): void {
    try { this.session.logout(); } catch { /* not logged in */ }
    try { this.session.close(); } catch { /* already closed */ }
  }
}
