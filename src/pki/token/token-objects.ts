/** @internal The PKCS#11 objects we make and read: key pair templates, public keys, certificates. */
import * as graphene from 'graphene-pk11';
import { crypto, x509 } from '../crypto.ts';
import { PkiError } from '../pki.errors.ts';
import { onToken, operationFailed } from './pkcs11-errors.ts';

export const TOKEN_KEY_ALGORITHMS = ['RSA-2048', 'ECDSA-P256'] as const;
export type TokenKeyAlgorithm = (typeof TOKEN_KEY_ALGORITHMS)[number];

// CKA_EC_PARAMS of a P-256 key: the DER of the curve's OID, 1.2.840.10045.3.1.7.
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

interface KeyPairTemplates { readonly mechanism: graphene.KeyGenMechanism; readonly publicKey: graphene.ITemplate; readonly privateKey: graphene.ITemplate }

/**
 * The private half is sensitive and never extractable: only signatures ever leave the token. Signing keys do nothing
 * else, said outright, since tokens default the other usages (SoftHSM2 turns on decrypt, unwrap, encrypt and wrap).
 */
export function keyPairTemplates(algorithm: TokenKeyAlgorithm, label: string, id: Buffer): KeyPairTemplates {
  const common = { token: true, label, id };
  const privateKey = { ...common, class: graphene.ObjectClass.PRIVATE_KEY, private: true, sensitive: true, extractable: false, sign: true, decrypt: false, unwrap: false };
  const publicKey = { ...common, class: graphene.ObjectClass.PUBLIC_KEY, private: false, verify: true, encrypt: false, wrap: false };
  switch (algorithm) {
    case 'RSA-2048':
      return { mechanism: graphene.KeyGenMechanism.RSA,
        publicKey: { ...publicKey, keyType: graphene.KeyType.RSA, modulusBits: 2048, publicExponent: Buffer.from([1, 0, 1]) },
        privateKey: { ...privateKey, keyType: graphene.KeyType.RSA } };
    case 'ECDSA-P256':
      return { mechanism: graphene.KeyGenMechanism.EC,
        publicKey: { ...publicKey, keyType: graphene.KeyType.EC, paramsEC: P256_PARAMS },
        privateKey: { ...privateKey, keyType: graphene.KeyType.EC, derive: false } };
    default:
      throw new PkiError('PKI_KEY_ALGORITHM_UNSUPPORTED', { algorithm: String(algorithm) });
  }
}

export function findObjects(session: graphene.Session, template: graphene.ITemplate): graphene.SessionObject[] {
  return onToken('find', () => {
    const found = session.find(template);
    return Array.from({ length: found.length }, (_, i) => found.items(i));
  });
}

/** CKA_EC_POINT is the point inside a DER OCTET STRING (04 41 04 x y); a few old drivers give it bare. */
function p256PointOf(value: Buffer): Uint8Array<ArrayBuffer> {
  if (value.length === 67 && value[0] === 0x04 && value[1] === 0x41) return new Uint8Array(value.subarray(2));
  if (value.length === 65 && value[0] === 0x04) return new Uint8Array(value);
  throw operationFailed('readPublicKey', 'CKA_EC_POINT không phải một điểm P-256 dạng không nén');
}

/** The token's public key object as a WebCrypto key, for certificates, CSRs and checking signatures. */
export async function readPublicKey(object: graphene.SessionObject): Promise<CryptoKey> {
  const { keyType } = onToken('readPublicKey', () => object.getAttribute({ keyType: null }) as { keyType: number });
  if (keyType === graphene.KeyType.RSA) {
    const { modulus, publicExponent } = onToken('readPublicKey', () => object.getAttribute({ modulus: null, publicExponent: null }) as { modulus: Buffer; publicExponent: Buffer });
    const jwk = { kty: 'RSA', n: modulus.toString('base64url'), e: publicExponent.toString('base64url') };
    return crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  }
  if (keyType !== graphene.KeyType.EC) throw operationFailed('readPublicKey', `khóa loại ${keyType} không phải RSA hay EC`);
  const { pointEC } = onToken('readPublicKey', () => object.getAttribute({ pointEC: null }) as { pointEC: Buffer });
  return crypto.subtle.importKey('raw', p256PointOf(pointEC), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
}

/** CKA_SERIAL_NUMBER holds the DER INTEGER, not the bare bytes; x509 gives the INTEGER's content as hex. */
const serialDer = (hex: string): Buffer => {
  const content = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from([0x02, content.length]), content]);
};

/** A certificate object beside its key: same CKA_ID and label, which is how token software pairs them. */
export function certificateTemplate(label: string, id: Buffer, certificate: x509.X509Certificate): graphene.ITemplate {
  return {
    class: graphene.ObjectClass.CERTIFICATE, certType: graphene.CertificateType.X_509, token: true, private: false, label, id,
    subject: Buffer.from(certificate.subjectName.toArrayBuffer()), issuer: Buffer.from(certificate.issuerName.toArrayBuffer()),
    serial: serialDer(certificate.serialNumber), value: Buffer.from(certificate.rawData),
  };
}
