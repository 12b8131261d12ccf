/**
 * Verifying a package from another agency. In order, each failure a coded EDXML_ error:
 *  1. the hostile-input guards and the full structural read (parseXml, readPackage);
 *  2. the Signature's shape, strictly: one, last in the one edXMLHeader, one Reference with URI="" and
 *     exactly [enveloped, exc-c14n], SHA-256, RSA- or ECDSA-SHA256, no Object, no duplicate Id anywhere;
 *  3. the digest of the document without the Signature (xml-crypto's exclusive canonicalisation of the very DOM
 *     the package is read from) and the signature value over SignedInfo, with the KeyInfo certificate;
 *  4. the package returned is read from that same DOM: what we hand on is exactly what was digested;
 *  5. the certificate chain to the given trust store at the given time, optionally revocation;
 *  6. the certificate is the claimed sender's.
 */
import { createHash, verify as verifyRaw } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { readCertificates, type RevocationChecker, type RevocationResult, type TrustStore, type x509 } from '../pki/index.ts';
import { ALGORITHM_URIS, ECDSA_SHA256, ENVELOPED, EXC_C14N, keyFactsOf, SHA256, type XmlSignatureAlgorithm } from './dsig.ts';
import { EdxmlError } from './edxml.errors.ts';
import { readPackage } from './package.ts';
import { DSIG_NS, type EdxmlLimits, type EdxmlPackage } from './types.ts';
import { childElements, limitsOf, parseXml, XmlNode } from './xml-reader.ts';

export interface VerifyOptions {
  readonly trustStore: TrustStore;
  /** The time the certificate path must be valid at (engines read no clock) */
  readonly at: Date;
  readonly revocation?: RevocationChecker;
  /** Is this the sending agency's certificate? Default: its OrganId appears in the certificate subject */
  readonly senderCheck?: (certificate: x509.X509Certificate, organId: string) => boolean | Promise<boolean>;
  readonly limits?: EdxmlLimits;
}

export interface VerifiedPackage {
  readonly package: EdxmlPackage;
  readonly certificate: x509.X509Certificate;
  /** Leaf first, trust anchor last */
  readonly chain: readonly x509.X509Certificate[];
  readonly algorithm: XmlSignatureAlgorithm;
  readonly revocation?: RevocationResult;
}

const wrapped = (reason: string) => new EdxmlError('EDXML_SIGNATURE_WRAPPED', { reason });

function algorithmAttr(node: XmlNode, allowed: readonly string[]): string {
  const value = node.element.getAttribute('Algorithm') ?? '';
  if (childElements(node.element).length) throw wrapped(`${node.path} không được có phần tử con`);
  if (!allowed.includes(value)) throw new EdxmlError('EDXML_SIGNATURE_ALGORITHM_UNSUPPORTED', { algorithm: value.slice(0, 100) });
  return value;
}

/** Only what we sign is accepted: anything more is where wrapping attacks hide */
function checkShape(signature: Element): { algorithm: XmlSignatureAlgorithm; certificates: Uint8Array[] } {
  const names = childElements(signature).map((c) => `${c.namespaceURI === DSIG_NS ? '' : '!'}${c.localName}`);
  if (names.join() !== 'SignedInfo,SignatureValue,KeyInfo') throw wrapped(`Signature cần đúng SignedInfo, SignatureValue, KeyInfo (có ${names.join(', ').slice(0, 100)})`);
  const sig = new XmlNode(signature, 'Signature');
  const info = sig.one('SignedInfo').only(['CanonicalizationMethod', 'SignatureMethod', 'Reference']);
  algorithmAttr(info.one('CanonicalizationMethod'), [EXC_C14N]);
  const method = algorithmAttr(info.one('SignatureMethod'), Object.values(ALGORITHM_URIS));
  const reference = info.one('Reference').only(['Transforms', 'DigestMethod', 'DigestValue']);
  const attrs = [...Array.from(reference.element.attributes)].map((a) => a.name).filter((n) => n !== 'Id' && n !== 'Type');
  if (attrs.join() !== 'URI' || reference.element.getAttribute('URI') !== '') throw wrapped('Reference phải có URI="" (cả gói), không trỏ nơi khác');
  const transforms = reference.one('Transforms').only(['Transform']).many('Transform');
  if (transforms.length !== 2) throw wrapped('Reference cần đúng hai phép biến đổi: enveloped-signature, exc-c14n');
  algorithmAttr(transforms[0]!, [ENVELOPED]);
  algorithmAttr(transforms[1]!, [EXC_C14N]);
  algorithmAttr(reference.one('DigestMethod'), [SHA256]);
  const keyInfo = sig.one('KeyInfo');
  const certificates = keyInfo.many('X509Data').flatMap((d) => d.many('X509Certificate'))
    .map((c) => {
      const b64 = c.text().replace(/\s+/g, '');
      if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new EdxmlError('EDXML_CERTIFICATE_INVALID', { reason: 'X509Certificate không phải base64' });
      return new Uint8Array(Buffer.from(b64, 'base64'));
    });
  if (certificates.length === 0) throw new EdxmlError('EDXML_CERTIFICATE_INVALID', { reason: 'KeyInfo không có X509Certificate' });
  return { algorithm: method === ECDSA_SHA256 ? 'ECDSA-SHA256' : 'RSA-SHA256', certificates };
}

function checkUniqueIds(root: Element): void {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    for (const a of Array.from(el.attributes)) {
      if (!/^(?:.*:)?(?:id|Id|ID)$/.test(a.name)) continue;
      if (seen.has(a.value)) throw wrapped(`mã Id "${a.value.slice(0, 60)}" xuất hiện hai lần`);
      seen.add(a.value);
    }
    stack.push(...childElements(el));
  }
}

/** The leaf: the one certificate that issued none of the others */
function leafOf(certificates: readonly x509.X509Certificate[]): x509.X509Certificate {
  const leaves = certificates.filter((c) => !certificates.some((o) => o !== c && o.issuer === c.subject && o.subject !== c.subject));
  return leaves[0] ?? certificates[0]!;
}

/** Certificates read before, by their base64: an agency sends the same two with every package, and reading one costs milliseconds */
const knownCertificates = new Map<string, x509.X509Certificate[]>();
const KNOWN_CERTIFICATES_MAX = 512;

function readKeyInfo(ders: readonly Uint8Array[]): x509.X509Certificate[] {
  return ders.flatMap((der) => {
    const key = Buffer.from(der).toString('base64');
    let certificates = knownCertificates.get(key);
    if (!certificates) {
      try {
        certificates = readCertificates(der);
      } catch (err) {
        throw new EdxmlError('EDXML_CERTIFICATE_INVALID', { reason: (err as Error).message.slice(0, 160) }, { cause: err });
      }
      if (knownCertificates.size >= KNOWN_CERTIFICATES_MAX) knownCertificates.delete(knownCertificates.keys().next().value!);
      knownCertificates.set(key, certificates);
    }
    return certificates;
  });
}

/**
 * The reference and the signature value, for the one shape checkShape lets through (URI="", enveloped then
 * exc-c14n, SHA-256). Written here rather than through SignedXml.checkSignature: that re-parses the text with
 * xml-crypto's bundled xmldom 0.8, whose self-closing lookup scans the whole text once per tag name (~50 ms for a
 * 140 KB package), and leaves a second DOM whose content we would then have to re-read. Canonicalisation is
 * still xml-crypto's, applied to our own DOM, so what is digested is what readPackage read.
 */
function checkValue(doc: Document, signature: Element, leaf: x509.X509Certificate): void {
  const info = new XmlNode(signature, 'Signature').one('SignedInfo');
  const expected = info.one('Reference').one('DigestValue').text().replace(/\s+/g, '');
  const value = Buffer.from(new XmlNode(signature, 'Signature').one('SignatureValue').text().replace(/\s+/g, ''), 'base64');
  const c14n = new ExclusiveCanonicalization();
  const canonicalInfo = c14n.process(info.element as unknown as globalThis.Element, {});
  const { key, algorithm } = keyFactsOf(leaf);
  const valid = verifyRaw('sha256', Buffer.from(canonicalInfo, 'utf8'), algorithm === 'ECDSA-SHA256' ? { key, dsaEncoding: 'ieee-p1363' } : key, value);
  if (!valid) throw new EdxmlError('EDXML_SIGNATURE_INVALID', { reason: 'giá trị chữ ký không khớp khóa công khai của chứng thư' });
  // The enveloped transform: the document as if the Signature were not there (put back afterwards)
  const parent = signature.parentNode!;
  const next = signature.nextSibling;
  parent.removeChild(signature);
  let digest: string;
  try {
    digest = createHash('sha256').update(c14n.process(doc.documentElement as unknown as globalThis.Element, {}), 'utf8').digest('base64');
  } finally {
    parent.insertBefore(signature, next);
  }
  if (digest !== expected) throw new EdxmlError('EDXML_CONTENT_TAMPERED');
}

/** The OrganId as a whole value, or a whole token of one, of any subject attribute (OU=…, UID=…-MDD:…) */
export function subjectHasOrganId(certificate: x509.X509Certificate, organId: string): boolean {
  return certificate.subjectName.toJSON().some((rdn) => Object.values(rdn).flat()
    .some((value) => value === organId || value.split(/[-:,;\s]+/).includes(organId)));
}

async function checkCertificate(certificates: x509.X509Certificate[], leaf: x509.X509Certificate, organId: string, options: VerifyOptions) {
  const report = await options.trustStore.buildChain(leaf, { at: options.at, extraCertificates: certificates.filter((c) => c !== leaf) });
  if (!report.ok) throw new EdxmlError('EDXML_CERTIFICATE_UNTRUSTED', { reason: report.problem.reason });
  let revocation: RevocationResult | undefined;
  if (options.revocation && report.chain.length > 1) {
    revocation = await options.revocation.check(leaf, report.chain[1]!);
    if (revocation.status === 'revoked') throw new EdxmlError('EDXML_CERTIFICATE_REVOKED', { reason: `${revocation.reason ?? 'unspecified'}, ${revocation.revokedAt?.toISOString() ?? ''}` });
    if (revocation.status !== 'good') throw new EdxmlError('EDXML_REVOCATION_UNAVAILABLE', { reason: revocation.problems.join('; ').slice(0, 200) || revocation.status });
  }
  const isSender = await (options.senderCheck ?? subjectHasOrganId)(leaf, organId);
  if (!isSender) throw new EdxmlError('EDXML_SENDER_MISMATCH', { subject: leaf.subject, organId });
  return { chain: report.chain, ...(revocation ? { revocation } : {}) };
}

/**
 * @internal Steps 1–4 alone, on the bytes only (no trust store, no network): what a worker thread can do. The
 * certificates are the KeyInfo's, as DER, `leaf` the one that signed.
 */
export interface SignedContent {
  readonly package: EdxmlPackage;
  readonly certificates: readonly Uint8Array[];
  readonly leaf: number;
  readonly algorithm: XmlSignatureAlgorithm;
}

/** @internal Steps 1–4: structure, the signature's shape, its value, and the package read from the canonical bytes */
export function checkPackageSignature(input: string | Uint8Array, limitsIn?: EdxmlLimits): SignedContent & { readonly parsed: readonly x509.X509Certificate[] } {
  const limits = limitsOf(limitsIn);
  const doc = parseXml(input, limits);
  const { signature, pkg } = readPackage(doc, limits);
  if (!signature) throw new EdxmlError('EDXML_SIGNATURE_MISSING');
  checkUniqueIds(doc.documentElement!);
  const shape = checkShape(signature);
  const certificates = readKeyInfo(shape.certificates);
  const leaf = leafOf(certificates);
  if (keyFactsOf(leaf).algorithm !== shape.algorithm) throw new EdxmlError('EDXML_SIGNATURE_INVALID', { reason: `thuật toán ${shape.algorithm} không hợp với khóa của chứng thư` });
  // Exactly one Signature anywhere: a second one, wherever hidden, is where wrapping attacks live
  if (doc.getElementsByTagNameNS(DSIG_NS, 'Signature').length !== 1) throw wrapped('gói có nhiều hơn một chữ ký');
  checkValue(doc, signature, leaf);
  return { package: pkg, certificates: certificates.map((c) => new Uint8Array(c.rawData)), leaf: certificates.indexOf(leaf), algorithm: shape.algorithm, parsed: certificates };
}

/** @internal Steps 5–6 on what checkPackageSignature found (here or in a worker thread): the chain, revocation, the sender */
export async function checkPackageSigner(content: SignedContent & { readonly parsed?: readonly x509.X509Certificate[] }, options: VerifyOptions): Promise<VerifiedPackage> {
  const certificates = content.parsed ? [...content.parsed] : readKeyInfo(content.certificates);
  const leaf = certificates[content.leaf]!;
  const pkg = content.package;
  const organId = pkg.kind === 'document' ? pkg.header.from.organId : pkg.status.from.organId;
  const { chain, revocation } = await checkCertificate(certificates, leaf, organId, options);
  return { package: pkg, certificate: leaf, chain, algorithm: content.algorithm, ...(revocation ? { revocation } : {}) };
}

export async function verifyPackage(input: string | Uint8Array, options: VerifyOptions): Promise<VerifiedPackage> {
  return checkPackageSigner(checkPackageSignature(input, options.limits), options);
}
