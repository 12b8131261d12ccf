/** The one WebCrypto the engine uses, handed to the X.509 and CMS libraries once. */
// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
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

/**
 * Node's SubtleCrypto, except that `sign` hands external keys to their holder. Node's own refuses any key it did
 * not make, and the X.509 and CMS libraries only ever call `subtle.sign`: this one branch is what lets a CA key,
 * a TSA key or a signer's key live on a token while the same code builds the certificates, CRLs and CMS.
 */
const subtle = new Proxy(webcrypto.subtle, {
  get(target, property) {
    if (property === 'sign') {
      return (algorithm: Algorithm, key: CryptoKey, data: BufferSource) =>
        isExternalKey(key) ? key[EXTERNAL_SIGNER](algorithm, toBytes(data)) : target.sign(algorithm, key, data);
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
