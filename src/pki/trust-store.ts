/**
 * Trust anchors and intermediates, and certification paths to an anchor (RFC 5280 §6, the parts a relying
 * party of the Vietnamese CAs needs). A path that fails comes back as a report saying which certificate and
 * why, so the PAdES validator can map it to an ETSI indication instead of a bare "invalid".
 * Not done here: certificate policies and name constraints. A certificate carrying either as a critical
 * extension is refused rather than accepted unchecked.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { x509 } from './crypto.ts';
import { MAX_DER_BYTES, bufferOf, parseAsn1, parseWith } from './der.ts';
import { PkiError } from './pki.errors.ts';
import type { Params } from '../shared/coded-error.ts';

export type CertificateInput = x509.X509Certificate | Uint8Array | string;
export type TrustRole = 'anchor' | 'intermediate';

/** A CA bundle (PEM text or PKCS#7) may hold many certificates; each one is still held to MAX_DER_BYTES. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
/** Certificates in a path, leaf and anchor included: Vietnamese chains have three, so eight is generous. */
export const DEFAULT_MAX_DEPTH = 8;
const MAX_PATHS_VISITED = 256;

const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS']);

const looksLikePem = (bytes: Uint8Array) => {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return head.includes('-----BEGIN ');
};

function certificateFromDer(der: Uint8Array): x509.X509Certificate {
  if (der.byteLength > MAX_DER_BYTES) throw new PkiError('PKI_INPUT_TOO_LARGE', { what: 'certificate', limit: MAX_DER_BYTES });
  parseAsn1(der, 'certificate');
  return parseWith('certificate', () => new x509.X509Certificate(bufferOf(der)));
}

/** The certificates of a CMS SignedData: a .p7b/.p7c certs-only bundle, or the signature of a signed file. */
function certificatesOfPkcs7(root: asn1js.AsnType): x509.X509Certificate[] {
  const info = root instanceof asn1js.Sequence ? root.valueBlock.value : [];
  const [type, explicit] = info;
  if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== SIGNED_DATA_OID || !(explicit instanceof asn1js.Constructed)) {
    throw new PkiError('PKI_DER_INVALID', { what: 'PKCS#7 bundle' });
  }
  const signedData = explicit.valueBlock.value[0];
  if (!(signedData instanceof asn1js.Sequence)) throw new PkiError('PKI_DER_INVALID', { what: 'PKCS#7 bundle' });
  // certificates [0] IMPLICIT SET OF CertificateChoices; only plain certificates (SEQUENCE) are of use here.
  const set = signedData.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0);
  const items = set instanceof asn1js.Constructed ? set.valueBlock.value : [];
  return items.filter((v) => v instanceof asn1js.Sequence).map((v) => certificateFromDer(new Uint8Array(v.valueBeforeDecodeView)));
}

function certificatesOfDer(der: Uint8Array): x509.X509Certificate[] {
  if (der.byteLength > MAX_BUNDLE_BYTES) throw new PkiError('PKI_INPUT_TOO_LARGE', { what: 'certificate bundle', limit: MAX_BUNDLE_BYTES });
  if (der.byteLength < 2 || der[0] !== 0x30) throw new PkiError('PKI_DER_INVALID', { what: 'certificate' });
  const root = parseAsn1(der, 'certificate');
  // A ContentInfo starts with its content type; a Certificate starts with its TBSCertificate.
  const first = root instanceof asn1js.Sequence ? root.valueBlock.value[0] : undefined;
  return first instanceof asn1js.ObjectIdentifier ? certificatesOfPkcs7(root) : [certificateFromDer(der)];
}

/**
 * Every certificate in a PEM text (any number of CERTIFICATE or PKCS7 blocks), a DER certificate, or a DER
 * PKCS#7 bundle. Other PEM blocks (a private key pasted by mistake) are refused, not skipped.
 */
export function readCertificates(input: CertificateInput | readonly CertificateInput[]): x509.X509Certificate[] {
  if (Array.isArray(input)) return (input as readonly CertificateInput[]).flatMap((one) => readCertificates(one));
  if (input instanceof x509.X509Certificate) return [input];
  const single = input as Uint8Array | string;
  if (typeof single !== 'string' && !looksLikePem(single)) return certificatesOfDer(single);
  const text = typeof single === 'string' ? single : new TextDecoder().decode(single);
  if (text.length > MAX_BUNDLE_BYTES * 2) throw new PkiError('PKI_INPUT_TOO_LARGE', { what: 'certificate bundle', limit: MAX_BUNDLE_BYTES });
  const found: x509.X509Certificate[] = [];
  for (const block of text.matchAll(/-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g)) {
    const label = block[1]!;
    const der = new Uint8Array(Buffer.from(block[2]!.replace(/\s+/g, ''), 'base64'));
    if (CERTIFICATE_LABELS.has(label)) found.push(certificateFromDer(der));
    else if (PKCS7_LABELS.has(label)) found.push(...certificatesOfPkcs7(parseAsn1(der, 'PKCS#7 bundle')));
    else throw new PkiError('PKI_DER_INVALID', { what: `certificate (PEM "${label}")` });
  }
  if (found.length === 0) throw new PkiError('PKI_DER_INVALID', { what: 'certificate' });
  return found;
}

/** Exactly one certificate, for the leaf of a path. */
export function readCertificate(input: CertificateInput): x509.X509Certificate {
  const all = readCertificates(input);
  if (all.length !== 1) throw new PkiError('PKI_DER_INVALID', { what: 'certificate (expected exactly one)' });
  return all[0]!;
}

export const fingerprintOf = (certificate: x509.X509Certificate): string =>
  createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex');

/**
 * Names compare as RFC 5280 §7.1 asks, close enough for real CAs: per attribute, case-folded, whitespace
 * collapsed, NFC. An issuer written as UTF8String and a subject as PrintableString still chain.
 */
export function canonicalName(name: x509.Name): string {
  return JSON.stringify(name.toJSON().map((rdn) => Object.entries(rdn).sort(([a], [b]) => a.localeCompare(b))
    .map(([type, values]) => [type, values.map((v) => v.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase())])));
}

export const subjectText = (certificate: x509.X509Certificate): string => certificate.subject;

export interface TrustEntry {
  readonly role: TrustRole;
  readonly certificate: x509.X509Certificate;
  /** SHA-256 of the DER, hex: the identity used for dedupe and removal */
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export type ChainCheck =
  | 'issuer-missing' | 'untrusted-root' | 'loop'
  | 'signature' | 'expired' | 'not-yet-valid' | 'not-ca' | 'path-length' | 'key-usage' | 'critical-extension' | 'too-long';

export interface ChainProblem {
  readonly code: 'PKI_CHAIN_INCOMPLETE' | 'PKI_CHAIN_INVALID';
  /** Which rule failed, for mapping to ETSI sub-indications */
  readonly check: ChainCheck;
  /** In Vietnamese, naming the certificate */
  readonly reason: string;
  /** The certificate the problem is about */
  readonly subject: string;
  /** The PkiError's params */
  readonly params: Params;
}

export type ChainReport =
  | { readonly ok: true; readonly chain: readonly x509.X509Certificate[]; readonly anchor: TrustEntry }
  | { readonly ok: false; readonly chain: readonly x509.X509Certificate[]; readonly problem: ChainProblem };

export interface BuildChainOptions {
  /** The time the path must be valid at: now, or a signing time proven by a timestamp */
  readonly at: Date;
  /** Certificates from elsewhere (the signature's own, an AIA download) that may serve as intermediates, never as anchors */
  readonly extraCertificates?: readonly CertificateInput[];
  readonly maxDepth?: number;
}

export const chainError = (problem: ChainProblem): PkiError => new PkiError(problem.code, problem.params);

/** The path, or the coded error of the report's problem. */
export function requireChain(report: ChainReport): readonly x509.X509Certificate[] {
  if (!report.ok) throw chainError(report.problem);
  return report.chain;
}

interface Node {
  readonly certificate: x509.X509Certificate;
  readonly fingerprint: string;
  readonly anchor?: TrustEntry;
  readonly subject: string;
  readonly issuer: string;
  readonly ski?: string;
  readonly aki?: string;
}

const nodes = new WeakMap<x509.X509Certificate, Node>();
const anchorNodes = new WeakMap<TrustEntry, Node>();
function nodeOf(certificate: x509.X509Certificate, anchor?: TrustEntry): Node {
  if (anchor) {
    let node = anchorNodes.get(anchor);
    if (!node) anchorNodes.set(anchor, (node = makeNode(certificate, anchor)));
    return node;
  }
  let node = nodes.get(certificate);
  if (!node) nodes.set(certificate, (node = makeNode(certificate)));
  return node;
}

function makeNode(certificate: x509.X509Certificate, anchor?: TrustEntry): Node {
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const aki = certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  return {
    certificate, fingerprint: anchor?.fingerprint ?? fingerprintOf(certificate), subject: canonicalName(certificate.subjectName),
    issuer: canonicalName(certificate.issuerName), ...(anchor ? { anchor } : {}), ...(ski ? { ski: ski.toLowerCase() } : {}), ...(aki ? { aki: aki.toLowerCase() } : {}),
  };
}

// Extensions this module acts on, or that carry no constraint on the path (RFC 5280 §4.2, RFC 3739, RFC 6960).
const UNDERSTOOD_EXTENSIONS = new Set([
  '2.5.29.19', '2.5.29.15', '2.5.29.37', '2.5.29.17', '2.5.29.18', '2.5.29.14', '2.5.29.35', '2.5.29.32', '2.5.29.31', '2.5.29.46',
  '1.3.6.1.5.5.7.1.1', '1.3.6.1.5.5.7.1.11', '1.3.6.1.5.5.7.1.3', '1.3.6.1.5.5.7.48.1.5',
]);

const day = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

function invalid(check: ChainCheck, certificate: x509.X509Certificate, reason: string): ChainProblem {
  return { code: 'PKI_CHAIN_INVALID', check, reason, subject: certificate.subject, params: { reason } };
}

// A certificate's signature under a given issuer key never changes: checked once per process, not per validation
const verified = new Map<string, boolean>();
async function signedBy(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  const key = `${fingerprintOf(certificate)}>${fingerprintOf(issuer)}`;
  const known = verified.get(key);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    ok = await certificate.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    ok = false;
  }
  if (verified.size >= 4096) verified.delete(verified.keys().next().value!);
  verified.set(key, ok);
  return ok;
}

/** RFC 5280 §6.1.3–6.1.4 for a path leaf→…→anchor; the first problem from the leaf up. */
async function checkPath(path: readonly Node[], at: Date): Promise<ChainProblem | undefined> {
  const last = path.length - 1;
  for (let i = 0; i <= last; i++) {
    const cert = path[i]!.certificate;
    const name = `"${cert.subject}"`;
    if (at < cert.notBefore) return invalid('not-yet-valid', cert, `chứng thư ${name} chưa có hiệu lực tại ${day(at)} (hiệu lực từ ${day(cert.notBefore)})`);
    if (at > cert.notAfter) return invalid('expired', cert, `chứng thư ${name} đã hết hạn tại ${day(at)} (hết hạn ${day(cert.notAfter)})`);
    const unknown = cert.extensions.find((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.type));
    if (unknown) return invalid('critical-extension', cert, `chứng thư ${name} có phần mở rộng bắt buộc ${unknown.type} chưa được hỗ trợ`);
    if (i < last) {
      const issuer = path[i + 1]!.certificate;
      if (!(await signedBy(cert, issuer))) return invalid('signature', cert, `chữ ký trên chứng thư ${name} không khớp khóa công khai của "${issuer.subject}"`);
    }
    if (i === 0) continue;
    // From here on the certificate acts as an issuer.
    const bc = cert.getExtension(x509.BasicConstraintsExtension);
    // A v1 root without basicConstraints is still usable as an anchor; an intermediate must say cA.
    if (bc ? !bc.ca : i < last) return invalid('not-ca', cert, `chứng thư ${name} không phải chứng thư của CA (basicConstraints cA) nhưng lại cấp chứng thư khác`);
    if (bc?.pathLength !== undefined) {
      // Self-issued intermediates (key rollover) do not count (§6.1.4(l)).
      const below = path.slice(1, i).filter((n) => n.subject !== n.issuer).length;
      if (below > bc.pathLength) return invalid('path-length', cert, `chứng thư ${name} chỉ cho phép ${bc.pathLength} CA trung gian bên dưới, chuỗi có ${below}`);
    }
    const ku = cert.getExtension(x509.KeyUsagesExtension);
    if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) return invalid('key-usage', cert, `chứng thư ${name} không được phép ký chứng thư (keyUsage thiếu keyCertSign)`);
  }
  return undefined;
}

/** Anchors and intermediates, deduplicated by fingerprint. */
export class TrustStore {
  readonly #entries = new Map<string, TrustEntry>();

  /** Adds certificates in the given role. One already held is a duplicate, unless it is promoted to anchor. */
  add(input: CertificateInput | readonly CertificateInput[], role: TrustRole): { added: TrustEntry[]; duplicates: number } {
    const added: TrustEntry[] = [];
    let duplicates = 0;
    for (const certificate of readCertificates(input)) {
      const fingerprint = fingerprintOf(certificate);
      const held = this.#entries.get(fingerprint);
      if (held && (held.role === 'anchor' || role === 'intermediate')) { duplicates++; continue; }
      const entry: TrustEntry = {
        role, certificate, fingerprint, subject: certificate.subject, issuer: certificate.issuer,
        serial: certificate.serialNumber, notBefore: certificate.notBefore, notAfter: certificate.notAfter,
      };
      this.#entries.set(fingerprint, entry);
      added.push(entry);
    }
    return { added, duplicates };
  }

  addAnchors(input: CertificateInput | readonly CertificateInput[]) { return this.add(input, 'anchor'); }
  addIntermediates(input: CertificateInput | readonly CertificateInput[]) { return this.add(input, 'intermediate'); }

  list(role?: TrustRole): TrustEntry[] {
    return [...this.#entries.values()].filter((e) => !role || e.role === role);
  }

  get size(): number { return this.#entries.size; }

  remove(fingerprint: string): boolean { return this.#entries.delete(fingerprint.toLowerCase()); }

  anchorOf(certificate: x509.X509Certificate): TrustEntry | undefined {
    const entry = this.#entries.get(fingerprintOf(certificate));
    return entry?.role === 'anchor' ? entry : undefined;
  }

  /**
   * Searches paths from the leaf to an anchor, depth first, best candidate first (anchor, then AKI=SKI, then
   * valid at `at`), and checks each path that reaches an anchor. The first path that passes wins; otherwise
   * the report carries the most telling failure: a path to an anchor that breaks a rule beats one that is
   * too long, which beats one that never reaches an anchor.
   */
  async buildChain(leafInput: CertificateInput, options: BuildChainOptions): Promise<ChainReport> {
    const { at } = options;
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    const pool = new Map<string, Node>();
    for (const entry of this.#entries.values()) pool.set(entry.fingerprint, nodeOf(entry.certificate, entry.role === 'anchor' ? entry : undefined));
    for (const certificate of readCertificates(options.extraCertificates ?? [])) {
      const node = nodeOf(certificate);
      if (!pool.has(node.fingerprint)) pool.set(node.fingerprint, node);
    }
    const leafCertificate = readCertificate(leafInput);
    const leaf = pool.get(fingerprintOf(leafCertificate)) ?? nodeOf(leafCertificate);

    let failure: { rank: number; path: readonly Node[]; problem: ChainProblem } | undefined;
    const fail = (rank: number, path: readonly Node[], problem: ChainProblem) => {
      if (!failure || rank > failure.rank || (rank === failure.rank && rank === 1 && path.length > failure.path.length)) failure = { rank, path, problem };
    };
    const candidatesFor = (node: Node): Node[] => [...pool.values()]
      .filter((c) => c.subject === node.issuer && !(node.aki && c.ski && node.aki !== c.ski))
      .map((c) => ({ c, score: (c.anchor ? 4 : 0) + (node.aki && node.aki === c.ski ? 2 : 0) + (at >= c.certificate.notBefore && at <= c.certificate.notAfter ? 1 : 0) }))
      .sort((a, b) => b.score - a.score)
      .map(({ c }) => c);

    // Many same-named candidates could make the search exponential; a budget bounds it.
    let budget = MAX_PATHS_VISITED;
    const visit = async (path: readonly Node[]): Promise<ChainReport | undefined> => {
      const node = path.at(-1)!;
      if (--budget < 0) return undefined;
      if (node.anchor) {
        const problem = await checkPath(path, at);
        if (!problem) return { ok: true, chain: path.map((n) => n.certificate), anchor: node.anchor };
        fail(3, path, problem);
        return undefined;
      }
      const all = candidatesFor(node);
      const fresh = all.filter((c) => !path.some((p) => p.fingerprint === c.fingerprint));
      if (fresh.length === 0) {
        const cert = node.certificate;
        const issuer = cert.issuer;
        const [check, reason]: [ChainCheck, string] = node.subject === node.issuer && await signedBy(cert, cert)
          ? ['untrusted-root', `chứng thư gốc "${cert.subject}" tự ký nhưng không nằm trong danh sách gốc tin cậy`]
          : all.length > 0
            ? ['loop', `các chứng thư CA "${issuer}" cấp chéo cho nhau thành vòng, không dẫn đến gốc tin cậy nào`]
            : ['issuer-missing', `không có chứng thư của CA "${issuer}" đã cấp chứng thư "${cert.subject}"`];
        fail(1, path, { code: 'PKI_CHAIN_INCOMPLETE', check, reason, subject: cert.subject, params: { issuer } });
        return undefined;
      }
      if (path.length >= maxDepth) {
        fail(2, path, invalid('too-long', node.certificate, `chuỗi chứng thư dài quá ${maxDepth} chứng thư mà chưa đến gốc tin cậy`));
        return undefined;
      }
      for (const candidate of fresh) {
        const found = await visit([...path, candidate]);
        if (found) return found;
      }
      return undefined;
    };

    const found = await visit([leaf]);
    if (found) return found;
    failure ??= { rank: 0, path: [leaf], problem: invalid('too-long', leaf.certificate, `quá nhiều đường đi có thể từ chứng thư "${leaf.certificate.subject}", đã dừng tìm`) };
    return { ok: false, chain: failure.path.map((n) => n.certificate), problem: failure.problem };
  }
}
