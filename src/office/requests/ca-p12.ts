/**
 * The subscriber's key for the hand-over. The token register keeps custody only (no key goes onto a token through
 * congvan), so a key made here is kept as a PKCS#12 (key and certificate chain) under a one-time password: the
 * DIC installs it on the holder's token at the hand-over, and the password is shown once, never stored.
 * PBES2 (PBKDF2-SHA-256, AES-256-CBC) for the key, HMAC-SHA-256 for the integrity, as OpenSSL 3 writes them. @internal
 */
import { createHash, randomInt } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs, x509 } from '../../pki/index.ts';

// No 0/O, 1/l/I: the password is read off a screen or a sheet of paper.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const OTP_LENGTH = 20;

/** A one-time password of about 116 bits, in letters and digits that are not mistaken for one another */
export function oneTimePassword(): string {
  return Array.from({ length: OTP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

const bufferOf = (bytes: Uint8Array | ArrayBuffer): ArrayBuffer => {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
};

/** localKeyId pairs the key with its certificate for the tools that install it on a token */
const localKeyId = (id: ArrayBuffer) => [new pkijs.Attribute({ type: '1.2.840.113549.1.9.21', values: [new asn1js.OctetString({ valueHex: id })] })];

const certBag = (der: ArrayBuffer, keyId?: ArrayBuffer) => new pkijs.SafeBag({
  bagId: '1.2.840.113549.1.12.10.1.3',
  bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(der) }),
  ...(keyId ? { bagAttributes: localKeyId(keyId) } : {}),
});

/** The key (PKCS#8, from WebCrypto) with its certificate first, then the chain, as one PKCS#12 under the password */
export async function buildPkcs12(privateKey: CryptoKey, certificate: x509.X509Certificate, chain: readonly Uint8Array[], password: string): Promise<Uint8Array> {
  const secret = bufferOf(Buffer.from(password, 'utf8'));
  const pkcs8 = await pkijs.getCrypto(true).exportKey('pkcs8', privateKey);
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(pkcs8);
  const keyId = bufferOf(createHash('sha1').update(new Uint8Array(certificate.rawData)).digest());
  const keyBag = new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo }), bagAttributes: localKeyId(keyId) });
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [keyBag] }) },
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [certBag(certificate.rawData, keyId), ...chain.map((c) => certBag(bufferOf(c)))] }) },
          ],
        },
      }),
    },
  });
  await (keyBag.bagValue as pkijs.PKCS8ShroudedKeyBag).makeInternalValues({
    password: secret, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm, hmacHashAlgorithm: 'SHA-256', iterationCount: 100_000,
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, {}] });
  await pfx.makeInternalValues({ password: secret, iterations: 100_000, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

