/**
 * A logged-in session on one token: keys made there, CSRs and signatures made with them, certificates written
 * beside them. Opened by TokenLibrary.login; `close` logs out and ends it, and is safe to call after any error.
 */
import { randomBytes } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { crypto, x509, type ExternalKey } from '../crypto.ts';
import { parseWith } from '../der.ts';
import { PkiError } from '../pki.errors.ts';
import { externalPrivateKey } from './external-key.ts';
import { onToken, operationFailed } from './pkcs11-errors.ts';
import { digestInfo, ecdsaRawToDer, HASH_LENGTH, hashOf, type TokenHash } from './signature-formats.ts';
import type { TokenInfo } from './token-library.ts';
import { certificateTemplate, findObjects, keyPairTemplates, readPublicKey, type TokenKeyAlgorithm } from './token-objects.ts';

export interface TokenKeyPair {
  readonly label: string;
  /** CKA_ID, hex: ties the certificate written later to its key */
  readonly id: string;
  readonly publicKey: CryptoKey;
  /** A handle for @peculiar/x509 and pkijs: signing with it goes to the token */
  readonly privateKey: ExternalKey;
}

export interface TokenCertificate {
  readonly label: string;
  /** CKA_ID, hex */
  readonly id: string;
  readonly certificate: x509.X509Certificate;
}

const sameBytes = (a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array) => Buffer.from(a as ArrayBuffer).equals(Buffer.from(b as ArrayBuffer));
const shortLabel = (label: string) => label.slice(0, 64);

export class TokenSession {
  readonly #session: graphene.Session;
  readonly #onClose: () => void;
  #isClosed = false;

  /** @internal Made by TokenLibrary.login once C_Login has succeeded. */
  constructor(session: graphene.Session, readonly token: TokenInfo, onClose: () => void = () => {}) {
    this.#session = session;
    this.#onClose = onClose;
  }

  /** Makes the pair on the token under a label not yet used there; the private half never leaves it. */
  async generateKeyPair(label: string, algorithm: TokenKeyAlgorithm): Promise<TokenKeyPair> {
    const keyClasses = [graphene.ObjectClass.PRIVATE_KEY, graphene.ObjectClass.PUBLIC_KEY];
    if (keyClasses.some((objectClass) => findObjects(this.#session, { class: objectClass, label }).length > 0)) {
      throw operationFailed('generateKeyPair', `nhãn "${shortLabel(label)}" đã có trên token`);
    }
    const { mechanism, publicKey, privateKey } = keyPairTemplates(algorithm, label, randomBytes(20));
    onToken('generateKeyPair', () => this.#session.generateKeyPair(mechanism, publicKey, privateKey));
    return this.keyPair(label);
  }

  /** A key pair already on the token, by label. */
  async keyPair(label: string): Promise<TokenKeyPair> {
    const publicObject = this.#keyObject(graphene.ObjectClass.PUBLIC_KEY, label);
    this.#keyObject(graphene.ObjectClass.PRIVATE_KEY, label);
    const publicKey = await readPublicKey(publicObject);
    const { id } = onToken('readPublicKey', () => publicObject.getAttribute({ id: null }) as { id: Buffer });
    const privateKey = externalPrivateKey(publicKey, (hash, digest) => this.#signRaw(label, hash, digest).raw);
    return { label, id: id.toString('hex'), publicKey, privateKey };
  }

  /** A PKCS#10 request for a key on the token; @peculiar/x509 builds it, C_Sign signs it. */
  async createCsr(label: string, name: x509.Name | string): Promise<Uint8Array> {
    const keys = await this.keyPair(label);
    const signingAlgorithm = keys.publicKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
    try {
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm }, crypto);
      return new Uint8Array(csr.rawData);
    } catch (err) {
      throw operationFailed('createCsr', err);
    }
  }

  /** Writes the issued certificate beside its key (same label and CKA_ID); the same certificate twice is written once. */
  async storeCertificate(label: string, certificate: x509.X509Certificate): Promise<void> {
    const keys = await this.keyPair(label);
    const spki = await crypto.subtle.exportKey('spki', keys.publicKey);
    if (!sameBytes(spki, certificate.publicKey.rawData)) throw operationFailed('storeCertificate', `chứng thư không thuộc về khóa "${shortLabel(label)}"`);
    if (this.certificates(label).some((c) => sameBytes(c.certificate.rawData, certificate.rawData))) return;
    onToken('storeCertificate', () => this.#session.create(certificateTemplate(label, Buffer.from(keys.id, 'hex'), certificate)));
  }

  /** The X.509 certificates on the token, or those under one label. */
  certificates(label?: string): TokenCertificate[] {
    const template = { class: graphene.ObjectClass.CERTIFICATE, certType: graphene.CertificateType.X_509, ...(label === undefined ? {} : { label }) };
    return findObjects(this.#session, template).map((object) => {
      const attrs = onToken('readCertificate', () => object.getAttribute({ label: null, id: null, value: null }) as { label: string; id: Buffer; value: Buffer });
      const certificate = parseWith('certificate on the token', () => new x509.X509Certificate(new Uint8Array(attrs.value)));
      return { label: attrs.label, id: attrs.id.toString('hex'), certificate };
    });
  }

  /** Hashes here, signs on the token; the signature as openssl and CMS expect it (ECDSA as a DER SEQUENCE). */
  sign(label: string, hash: TokenHash, data: Uint8Array): Uint8Array {
    return this.signDigest(label, hash, hashOf(hash, data));
  }

  /** Signs a digest computed elsewhere (deferred PAdES signing): RSA PKCS#1 v1.5 over our DigestInfo, ECDSA in DER. */
  signDigest(label: string, hash: TokenHash, digest: Uint8Array): Uint8Array {
    const { raw, isEc } = this.#signRaw(label, hash, digest);
    return isEc ? ecdsaRawToDer(raw) : new Uint8Array(raw);
  }

  /** Logs out and closes; never throws, so it belongs in every `finally`. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    try { this.#session.logout(); } catch { /* not logged in, or the library is already finalised */ }
    try { this.#session.close(); } catch { /* likewise */ }
    this.#onClose();
  }

  #keyObject(objectClass: graphene.ObjectClass, label: string): graphene.SessionObject {
    const [found] = findObjects(this.#session, { class: objectClass, label });
    if (!found) throw new PkiError('PKI_TOKEN_KEY_NOT_FOUND', { label: shortLabel(label) });
    return found;
  }

  /** CKM_RSA_PKCS over a DigestInfo we build works on every token; CKM_ECDSA answers raw r||s. */
  #signRaw(label: string, hash: TokenHash, digest: Uint8Array): { raw: Buffer; isEc: boolean } {
    const key = this.#keyObject(graphene.ObjectClass.PRIVATE_KEY, label).toType<graphene.PrivateKey>();
    if (digest.byteLength !== HASH_LENGTH[hash]) throw operationFailed('sign', `giá trị băm dài ${digest.byteLength} byte, ${hash} cần ${HASH_LENGTH[hash]}`);
    const isEc = onToken('sign', () => key.type === graphene.KeyType.EC);
    const raw = onToken('sign', () => isEc
      ? this.#session.createSign('ECDSA', key).once(Buffer.from(digest))
      : this.#session.createSign('RSA_PKCS', key).once(Buffer.from(digestInfo(hash, digest))));
    return { raw, isEc };
  }
}
