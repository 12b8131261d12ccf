/** @internal A private key on the token as the X.509 and CMS libraries see it: a CryptoKey whose signing goes to the token. */
import { EXTERNAL_SIGNER, type ExternalKey } from '../crypto.ts';
import { operationFailed } from './pkcs11-errors.ts';
import { hashOf, TOKEN_HASHES, type TokenHash } from './signature-formats.ts';

/** Signs a digest on the token and answers as WebCrypto does: raw r||s for ECDSA, the PKCS#1 v1.5 block for RSA. */
export type RawDigestSigner = (hash: TokenHash, digest: Uint8Array) => Uint8Array;
type SignParams = Algorithm & { hash?: string | Algorithm };

// ECDSA names its hash in the call; RSASSA-PKCS1-v1_5 in the key, as WebCrypto does.
function hashFor(requested: SignParams, publicKey: CryptoKey): TokenHash {
  const named = requested.hash ?? (publicKey.algorithm as RsaHashedKeyAlgorithm).hash ?? 'SHA-256';
  const name = (typeof named === 'string' ? named : named.name).toUpperCase();
  const hash = TOKEN_HASHES.find((h) => h === name);
  if (!hash) throw operationFailed('sign', `thuật toán băm ${name} không được hỗ trợ`);
  return hash;
}

export function externalPrivateKey(publicKey: CryptoKey, signDigest: RawDigestSigner): ExternalKey {
  const sign = async (requested: SignParams, data: Uint8Array): Promise<ArrayBuffer> => {
    // The key's own scheme only: an RSA key on the token signs PKCS#1 v1.5, never RSA-PSS in its name.
    if (publicKey.algorithm.name !== requested.name) throw operationFailed('sign', `khóa ${publicKey.algorithm.name} không ký ${requested.name}`);
    const hash = hashFor(requested, publicKey);
    const signature = signDigest(hash, hashOf(hash, data));
    return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer;
  };
  return { type: 'private', extractable: false, algorithm: publicKey.algorithm, usages: ['sign'], [EXTERNAL_SIGNER]: sign } as ExternalKey;
}
