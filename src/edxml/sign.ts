/**
 * Signing a package with the agency's certificate: XML-DSig, enveloped, exclusive C14N, SHA-256, RSA-SHA256
 * or ECDSA-SHA256, the certificate (and its chain) in KeyInfo/X509Data, the Signature element last in
 * edXMLHeader, after TraceHeaderList (or MessageStatus).
 *
 * What the signature covers: one Reference with URI="" — the whole `edXML` document minus the signature —
 * and so the header, the manifest and every AttachmentEncoded/Attachment with its base64 content. A changed
 * attachment changes the digest. Chosen over a SHA-256 per attachment in the manifest (or a second
 * Reference to AttachmentEncoded) because:
 *  - it needs no element or attribute outside QCVN 102 (no Id on edXMLHeader, no digest in the manifest),
 *    which other agencies' receivers would reject or ignore;
 *  - any XML-DSig verifier (xmlsec1, other vendors' Java/.NET stacks) then checks the attachments too, not
 *    only ours;
 *  - with no Id-based reference there is no Id to resolve, so none to wrap; the verifier reads the package
 *    back from the exact bytes the digest covered (see verify.ts).
 * The cost is the canonical form of the base64 text being hashed; a hub must forward packages byte for byte.
 */
import { KeyObject, sign as signRaw, verify as verifyRaw } from 'node:crypto';
import { SignedXml, type SignatureAlgorithm } from 'xml-crypto';
import { x509 } from '../pki/index.ts';
import { ALGORITHM_URIS, ecdsaRaw, ENVELOPED, EXC_C14N, keyFactsOf, pemOf, SHA256, type XmlSignatureAlgorithm } from './dsig.ts';
import { EdxmlError } from './edxml.errors.ts';
import { readPackage } from './package.ts';
import type { EdxmlLimits } from './types.ts';
import { limitsOf, parseXml } from './xml-reader.ts';

/** What signing needs; the key may live on a token, so signing is a function. */
export interface XmlSigner {
  readonly certificate: x509.X509Certificate;
  /** Intermediate CA certificates to carry in KeyInfo, leaf excluded */
  readonly chain?: readonly x509.X509Certificate[];
  /** SHA-256 and the certificate's key: RSASSA-PKCS1-v1_5, or ECDSA (DER or r||s) */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A signer over a software key (a WebCrypto key or a Node KeyObject) */
export function keySigner(privateKey: CryptoKey | KeyObject, certificate: x509.X509Certificate, chain: readonly x509.X509Certificate[] = []): XmlSigner {
  const key = privateKey instanceof KeyObject ? privateKey : KeyObject.from(privateKey);
  const ec = key.asymmetricKeyType === 'ec';
  return {
    certificate, chain,
    sign: async (data) => new Uint8Array(signRaw('sha256', data, ec ? { key, dsaEncoding: 'ieee-p1363' } : key)),
  };
}

const HEADER_LAST = "/*/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']/*[last()]";

const x509Data = (signer: XmlSigner) => () =>
  `<X509Data>${[signer.certificate, ...(signer.chain ?? [])].map((c) => `<X509Certificate>${Buffer.from(c.rawData).toString('base64')}</X509Certificate>`).join('')}</X509Data>`;

/** The SignatureMethod of this signer, computing r||s for ECDSA and checking the value against the certificate */
function signingAlgorithm(signer: XmlSigner, algorithm: XmlSignatureAlgorithm): new () => SignatureAlgorithm {
  const facts = keyFactsOf(signer.certificate);
  const uri = ALGORITHM_URIS[algorithm];
  return class {
    getSignature(signedInfo: unknown, _key: unknown, callback?: (err: Error | null, value?: string) => void): void {
      const data = Buffer.from(String(signedInfo), 'utf8');
      signer.sign(data).then((raw) => {
        const value = facts.algorithm === 'ECDSA-SHA256' ? ecdsaRaw(raw, facts.coordinate) : raw;
        const ok = verifyRaw('sha256', data, facts.algorithm === 'ECDSA-SHA256' ? { key: facts.key, dsaEncoding: 'ieee-p1363' } : facts.key, value);
        if (!ok) throw new EdxmlError('EDXML_KEY_INVALID', { reason: `khóa không khớp chứng thư "${signer.certificate.subject}"` });
        callback!(null, Buffer.from(value).toString('base64'));
      }).catch((err: unknown) => callback!(err instanceof EdxmlError ? err : new EdxmlError('EDXML_KEY_INVALID', { reason: String((err as Error)?.message ?? err).slice(0, 160) }, { cause: err })));
    }
    verifySignature(): boolean { return false; }
    getAlgorithmName() { return uri; }
  } as unknown as new () => SignatureAlgorithm;
}

/**
 * Signs a built package (document or status). It is read first, so only a valid, unsigned package is
 * signed; the result is UTF-8 bytes.
 */
export async function signPackage(input: string | Uint8Array, signer: XmlSigner, limits?: EdxmlLimits): Promise<Uint8Array> {
  const l = limitsOf(limits);
  const doc = parseXml(input, l);
  if (readPackage(doc, l).signature) throw new EdxmlError('EDXML_SIGNATURE_PRESENT');
  const algorithm = keyFactsOf(signer.certificate).algorithm;
  const xml = new SignedXml({
    privateKey: 'held by the signer', publicCert: pemOf(signer.certificate),
    canonicalizationAlgorithm: EXC_C14N, signatureAlgorithm: ALGORITHM_URIS[algorithm], getKeyInfoContent: x509Data(signer),
  });
  xml.SignatureAlgorithms[ALGORITHM_URIS[algorithm]] = signingAlgorithm(signer, algorithm);
  xml.addReference({ xpath: '/*', transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  await new Promise<void>((resolve, reject) => {
    xml.computeSignature(text, { location: { reference: HEADER_LAST, action: 'after' } }, (err) => (err ? reject(err) : resolve()));
  });
  const signed = xml.getSignedXml();
  return new Uint8Array(Buffer.from(signed.startsWith('<?xml') ? signed : `<?xml version="1.0" encoding="UTF-8"?>\n${signed}`, 'utf8'));
}
