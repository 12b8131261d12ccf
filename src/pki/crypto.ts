/** The one WebCrypto the engine uses, handed to the X.509 and CMS libraries once. */
// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill first.
import 'reflect-metadata';
import { KeyObject, sign as signNow, verify as verifyNow, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

/** Marks a private key whose signing happens elsewhere (a PKCS#11 token, an HSM): its holder signs the bytes. */
export const EXTERNAL_SIGNER = Symbol.for('congvan.externalSigner');

export interface ExternalKey extends CryptoKey {
  /** Signs like SubtleCrypto.sign: ECDSA answers raw r||s, RSA a PKCS#1 v1.5 block. */
  readonly [EXTERNAL_SIGNER]: (algorithm: Algorithm | EcdsaParams | RsaHashedImportParams, data: Uint8Array) => Promise<ArrayBuffer>;
}

export const isExternalKey = (key: unknown): key is ExternalKey =>
  typeof key === 'object' && key !== null && EXTERNAL_SIGNER in key;

const toBytes = (data: BufferSource): Uint8Array =>
  data instanceof Uint8Array ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

// ECDSA P-256 signs and verifies in tens of microseconds: doing it at once beats the thread-pool round trip that
// WebCrypto makes of it. RSA stays on the thread pool, where a millisecond of signing does not hold up the loop.
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
const keyObjectOf = (key: CryptoKey) => {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, object = KeyObject.from(key));
  return object;
};
const HASHES: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const ecdsaHash = (algorithm: Algorithm | string, key: CryptoKey): string | undefined => {
  if (typeof algorithm === 'string' || algorithm.name !== 'ECDSA' || key.algorithm.name !== 'ECDSA') return undefined;
  const hash = (algorithm as EcdsaParams).hash;
  return HASHES[typeof hash === 'string' ? hash : hash?.name ?? ''];
};

/**
 * Node's SubtleCrypto, except that `sign` hands external keys to their holder. Node's own refuses any key it did
 * not make, and the X.509 and CMS libraries only ever call `subtle.sign`: this one branch is what lets a CA key,
 * a TSA key or a signer's key live on a token while the same code builds the certificates, CRLs and CMS.
 */
const subtle = new Proxy(webcrypto.subtle, {
  get(target, property) {
    if (property === 'sign') {
      return async (algorithm: Algorithm, key: CryptoKey, data: BufferSource) => {
        if (isExternalKey(key)) return key[EXTERNAL_SIGNER](algorithm, toBytes(data));
        const hash = ecdsaHash(algorithm, key);
        if (!hash) return target.sign(algorithm, key, data);
        const signature = signNow(hash, toBytes(data), { key: keyObjectOf(key), dsaEncoding: 'ieee-p1363' });
        return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength);
      };
    }
    if (property === 'verify') {
      return async (algorithm: Algorithm, key: CryptoKey, signature: BufferSource, data: BufferSource) => {
        const hash = ecdsaHash(algorithm, key);
        if (!hash) return target.verify(algorithm, key, signature, data);
        return verifyNow(hash, toBytes(data), { key: keyObjectOf(key), dsaEncoding: 'ieee-p1363' }, toBytes(signature));
      };
    }
    const value = Reflect.get(target, property, target) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

export const crypto = {
  subtle,
  getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
  randomUUID: webcrypto.randomUUID.bind(webcrypto),
} as unknown as Crypto;
x509.cryptoProvider.set(crypto);
export const cmsEngine = new pkijs.CryptoEngine({ name: 'node', crypto });
pkijs.setEngine('node', cmsEngine);

export { x509, pkijs };
