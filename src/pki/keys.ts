/** Key pairs for CAs and subscribers: RSA-2048/3072 or ECDSA P-256, and their encrypted PKCS#8 form. */
import { createPrivateKey, KeyObject } from 'node:crypto';
import { crypto } from './crypto.ts';
import { PkiError } from './pki.errors.ts';

export const KEY_ALGORITHMS = ['RSA-2048', 'RSA-3072', 'ECDSA-P256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

function generationParams(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  switch (algorithm) {
    case 'RSA-2048': case 'RSA-3072':
      return { name: 'RSASSA-PKCS1-v1_5', modulusLength: algorithm === 'RSA-2048' ? 2048 : 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    case 'ECDSA-P256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    default:
      throw new PkiError('PKI_KEY_ALGORITHM_UNSUPPORTED', { algorithm: String(algorithm) });
  }
}

/** The signature algorithm that goes with a key: always SHA-256. */
export const signingAlgorithmOf = (key: CryptoKey): Algorithm | EcdsaParams =>
  key.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams : { name: 'RSASSA-PKCS1-v1_5' };

export function generateKeyPair(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  // Extractable so that a software CA key can be written out, encrypted, and nowhere else.
  return crypto.subtle.generateKey(generationParams(algorithm), true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** PEM "ENCRYPTED PRIVATE KEY": PKCS#8 under PBES2 (PBKDF2, AES-256-CBC), readable by openssl. */
export function exportEncryptedKey(privateKey: CryptoKey, passphrase: string): string {
  return KeyObject.from(privateKey).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }) as string;
}

export async function importEncryptedKey(pem: string, passphrase: string): Promise<CryptoKey> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (err) {
    throw new PkiError('PKI_KEY_PASSPHRASE_WRONG', {}, { cause: err });
  }
  const params = key.asymmetricKeyType === 'ec' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const der = key.export({ format: 'der', type: 'pkcs8' });
  // An Ed25519, DSA or P-384 key decrypts fine and is refused here, by WebCrypto with a DOMException: found by the fuzz test.
  return crypto.subtle.importKey('pkcs8', der, params, false, ['sign']).catch((err: unknown) => {
    const algorithm = [key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve].filter(Boolean).join(' ');
    throw new PkiError('PKI_KEY_ALGORITHM_UNSUPPORTED', { algorithm }, { cause: err });
  });
}
