/**
 * Is this certificate revoked? OCSP at the address in its AIA first, the CRL at its distribution point second,
 * each answer checked (signature by the issuer or its delegated responder, the right certificate, freshness)
 * before it is believed. The network comes in as a fetcher, so this stays a library; answers are cached until
 * their nextUpdate, and the raw bytes are kept for a PAdES signature's DSS.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { cmsEngine, pkijs, x509 } from './crypto.ts';
import { MAX_DER_BYTES, parseAsn1 } from './der.ts';
import { normaliseSerial } from './ocsp.ts';
import { PkiError } from './pki.errors.ts';
import { REVOCATION_REASONS, type RevocationReason } from './revocation.ts';

export interface FetchRequest { readonly url: string; readonly method: 'GET' | 'POST'; readonly body?: Uint8Array; readonly contentType?: string }
export type RevocationFetcher = (request: FetchRequest) => Promise<Uint8Array>;

export interface RevocationResult {
  readonly status: 'good' | 'revoked' | 'unknown' | 'unavailable';
  readonly source?: 'ocsp' | 'crl';
  readonly fromCache: boolean;
  readonly revokedAt?: Date;
  readonly reason?: RevocationReason;
  readonly checkedAt: Date;
  readonly nextUpdate?: Date;
  /** When the answer was made */
  readonly thisUpdate?: Date;
  /** Why a source was not believed, in Vietnamese */
  readonly problems: readonly string[];
  /** The response as received, for embedding (B-LT) */
  readonly evidence: { readonly ocsp?: Uint8Array; readonly crl?: Uint8Array };
}

export interface RevocationCheckerOptions {
  readonly fetch: RevocationFetcher;
  readonly now?: () => Date;
  /** Clock difference allowed between us and the responder */
  readonly skewMs?: number;
  /** An answer without nextUpdate is kept this long; one with it, never longer */
  readonly maxAgeMs?: number;
  /**
   * Answers kept as evidence (a PDF's DSS, a CMS revocation archive): they are judged as of when they were
   * made, so an answer that has expired since, or a responder certificate expired since, still counts; the
   * caller compares thisUpdate with the signing time.
   */
  readonly archive?: boolean;
  /** Which kinds of source to ask, in this order; both unless said */
  readonly sources?: readonly ('ocsp' | 'crl')[];
}

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const BASIC = '1.3.6.1.5.5.7.48.1.1';

type Verdict = Omit<RevocationResult, 'fromCache' | 'problems' | 'checkedAt'>;
class Refused extends Error {}
const refuse = (reason: string): never => { throw new Refused(reason); };

const reasonName = (code: number | undefined): RevocationReason =>
  REVOCATION_REASONS.find((name) => x509.X509CrlReason[name] === code) ?? 'unspecified';

// The same CRL comes back in every document that embeds it and on every download until its next update
const parsedCrls = new Map<string, x509.X509Crl>();
export function parseCrl(der: Uint8Array): x509.X509Crl {
  const key = createHash('sha256').update(der).digest('hex');
  let crl = parsedCrls.get(key);
  if (!crl) {
    parseAsn1(der, 'CRL');
    crl = new x509.X509Crl(der.slice().buffer as ArrayBuffer);
    if (parsedCrls.size >= 256) parsedCrls.delete(parsedCrls.keys().next().value!);
    parsedCrls.set(key, crl);
  }
  return crl;
}

// A CRL's signature under an issuer never changes; the same CRL is met again in every document that embeds it
const crlVerdicts = new Map<string, boolean>();
async function crlSignedBy(der: Uint8Array, crl: x509.X509Crl, issuer: x509.X509Certificate): Promise<boolean> {
  const key = `${createHash('sha256').update(der).digest('hex')}>${createHash('sha256').update(new Uint8Array(issuer.rawData)).digest('hex')}`;
  let ok = crlVerdicts.get(key);
  if (ok === undefined) {
    ok = await crl.verify({ publicKey: issuer.publicKey }).catch(() => false);
    if (crlVerdicts.size >= 1024) crlVerdicts.delete(crlVerdicts.keys().next().value!);
    crlVerdicts.set(key, ok);
  }
  return ok;
}

export class RevocationChecker {
  readonly #cache = new Map<string, { verdict: Verdict; until: number }>();
  readonly #now: () => Date;
  readonly #skew: number;
  readonly #maxAge: number;

  constructor(private readonly options: RevocationCheckerOptions) {
    this.#now = options.now ?? (() => new Date());
    this.#skew = options.skewMs ?? 5 * 60_000;
    this.#maxAge = options.maxAgeMs ?? 60 * 60_000;
  }

  async check(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<RevocationResult> {
    const now = this.#now();
    const problems: string[] = [];
    const serial = normaliseSerial(certificate.serialNumber);
    const issuerId = createHash('sha256').update(new Uint8Array(issuer.rawData)).digest('hex');
    const aia = certificate.getExtension(x509.AuthorityInfoAccessExtension);
    const ocspUrls = (aia?.ocsp ?? []).filter((g) => g.type === 'url').map((g) => g.value);
    const crlUrls = (certificate.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? [])
      .flatMap((p) => p.distributionPoint?.fullName ?? []).flatMap((n) => (n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : []));

    const kinds = this.options.sources ?? ['ocsp', 'crl'];
    const sources: { key: string; url: string; run: () => Promise<Verdict> }[] = [
      ...(kinds.includes('ocsp') ? ocspUrls.map((url) => ({ key: `ocsp:${issuerId}:${serial}`, url, run: () => this.#ocsp(url, certificate, issuer, now) })) : []),
      ...(kinds.includes('crl') ? crlUrls.map((url) => ({ key: `crl:${url}:${serial}`, url, run: () => this.#crl(url, certificate, issuer, now) })) : []),
    ];
    if (sources.length === 0) problems.push('chứng thư không có địa chỉ OCSP hay CRL');
    for (const source of sources) {
      const kept = this.#cache.get(source.key);
      if (kept && kept.until > now.getTime()) return { ...kept.verdict, fromCache: true, problems, checkedAt: now };
      try {
        const verdict = await source.run();
        const until = Math.min(now.getTime() + this.#maxAge, verdict.nextUpdate?.getTime() ?? Infinity);
        this.#cache.set(source.key, { verdict, until });
        return { ...verdict, fromCache: false, problems, checkedAt: now };
      } catch (err) {
        problems.push(`${source.url}: ${err instanceof Refused ? err.message : `không lấy được (${(err as Error).message?.slice(0, 120)})`}`);
      }
    }
    return { status: 'unavailable', fromCache: false, problems, checkedAt: now, evidence: {} };
  }

  /** The same, as an error when the answer is anything but good. */
  async requireGood(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<RevocationResult> {
    const result = await this.check(certificate, issuer);
    const serial = certificate.serialNumber;
    if (result.status === 'revoked') throw new PkiError('PKI_CERTIFICATE_REVOKED', { serial, reason: result.reason ?? 'unspecified', revokedAt: result.revokedAt?.toISOString() ?? '' });
    if (result.status !== 'good') throw new PkiError('PKI_REVOCATION_UNAVAILABLE', { serial, reason: result.status === 'unknown' ? 'nơi trả lời không biết chứng thư này' : result.problems.join('; ') });
    return result;
  }

  async #fetch(request: FetchRequest): Promise<Uint8Array> {
    const bytes = await this.options.fetch(request);
    if (bytes.byteLength > MAX_DER_BYTES * 16) refuse(`phản hồi quá lớn (${bytes.byteLength} byte)`);
    return bytes;
  }

  async #ocsp(url: string, certificate: x509.X509Certificate, issuer: x509.X509Certificate, now: Date): Promise<Verdict> {
    const leaf = pkijs.Certificate.fromBER(certificate.rawData);
    const issuerCert = pkijs.Certificate.fromBER(issuer.rawData);
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: issuerCert }, cmsEngine);
    const nonce = randomBytes(16);
    request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: NONCE_OID, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() })];
    const ours = request.tbsRequest.requestList[0]!.reqCert;
    const der = await this.#fetch({ url, method: 'POST', body: new Uint8Array(request.toSchema(true).toBER()), contentType: 'application/ocsp-request' });

    let response: pkijs.OCSPResponse;
    try {
      response = new pkijs.OCSPResponse({ schema: parseAsn1(der, 'OCSP response') });
    } catch {
      return refuse('phản hồi OCSP không đọc được');
    }
    if (response.responseStatus.valueBlock.valueDec !== 0) refuse(`nơi trả lời OCSP báo lỗi (mã ${response.responseStatus.valueBlock.valueDec})`);
    const bytes = response.responseBytes;
    if (bytes?.responseType !== BASIC) return refuse('phản hồi OCSP không phải dạng cơ bản (basic)');
    let basic: pkijs.BasicOCSPResponse;
    try {
      basic = new pkijs.BasicOCSPResponse({ schema: parseAsn1(bytes.response.valueBlock.valueHexView, 'OCSP response') });
    } catch {
      return refuse('phản hồi OCSP cơ bản không đọc được');
    }
    await this.#checkOcspSigner(basic, issuerCert, this.options.archive ? basic.tbsResponseData.producedAt : now);
    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE_OID);
    // A kept answer carries the nonce of the request it answered then, not ours: replay is no concern for evidence
    if (echoed && !this.options.archive) {
      const value = asn1js.fromBER(echoed.extnValue.valueBlock.valueHexView).result;
      const got = value instanceof asn1js.OctetString ? Buffer.from(value.valueBlock.valueHexView) : Buffer.from(echoed.extnValue.valueBlock.valueHexView);
      if (!got.equals(nonce)) refuse('nonce trong phản hồi OCSP không khớp yêu cầu (có thể là phản hồi phát lại)');
    }
    const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(ours));
    if (!single) return refuse('phản hồi OCSP không nói về chứng thư được hỏi');
    if (!this.options.archive && single.thisUpdate.getTime() > now.getTime() + this.#skew) refuse('thời điểm trong phản hồi OCSP ở tương lai');
    if (!this.options.archive && single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - this.#skew) refuse('phản hồi OCSP đã quá hạn (nextUpdate)');
    const evidence = { ocsp: der };
    const times = { thisUpdate: single.thisUpdate, ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}) };
    const status = single.certStatus as asn1js.BaseBlock;
    switch (status.idBlock.tagNumber) {
      case 0: return { status: 'good', source: 'ocsp', evidence, ...times };
      case 1: {
        const info = (status as asn1js.Constructed).valueBlock.value;
        const revokedAt = (info[0] as asn1js.GeneralizedTime).toDate();
        const reasonBlock = info[1] as asn1js.Constructed | undefined;
        const code = reasonBlock ? (reasonBlock.valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec : undefined;
        return { status: 'revoked', source: 'ocsp', revokedAt, reason: reasonName(code), evidence, ...times };
      }
      default: return { status: 'unknown', source: 'ocsp', evidence, ...times };
    }
  }

  /** Signed by the issuer itself, or by a responder certificate the issuer gave id-kp-OCSPSigning (RFC 6960 §4.2.2.2). */
  async #checkOcspSigner(basic: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate, now: Date): Promise<void> {
    const verifyBy = (cert: pkijs.Certificate) => cmsEngine.verifyWithPublicKey(basic.tbsResponseData.tbsView.slice(), basic.signature, cert.subjectPublicKeyInfo, basic.signatureAlgorithm).catch(() => false);
    if (await verifyBy(issuer)) return;
    for (const candidate of basic.certs ?? []) {
      const cert = new x509.X509Certificate(candidate.toSchema().toBER());
      const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
      if (!eku?.usages.includes(OCSP_SIGNING)) continue;
      const issuedByIssuer = await cert.verify({ publicKey: new x509.X509Certificate(issuer.toSchema().toBER()).publicKey, signatureOnly: true }).catch(() => false);
      if (!issuedByIssuer || now < cert.notBefore || now > cert.notAfter) continue;
      if (await verifyBy(candidate)) return;
    }
    refuse('chữ ký trên phản hồi OCSP không phải của CA cấp phát hay nơi trả lời được CA ủy quyền');
  }

  async #crl(url: string, certificate: x509.X509Certificate, issuer: x509.X509Certificate, now: Date): Promise<Verdict> {
    const der = await this.#fetch({ url, method: 'GET' });
    let crl: x509.X509Crl;
    try {
      crl = parseCrl(der);
    } catch {
      return refuse('CRL không đọc được');
    }
    if (crl.issuer !== issuer.subject) refuse(`CRL do "${crl.issuer}" phát hành, không phải CA cấp chứng thư`);
    if (!(await crlSignedBy(der, crl, issuer))) refuse('chữ ký trên CRL không hợp lệ');
    if (!this.options.archive && crl.thisUpdate.getTime() > now.getTime() + this.#skew) refuse('CRL có thời điểm phát hành ở tương lai');
    if (!this.options.archive && (!crl.nextUpdate || crl.nextUpdate.getTime() < now.getTime() - this.#skew)) refuse('CRL đã quá hạn (nextUpdate)');
    const serial = normaliseSerial(certificate.serialNumber);
    const entry = crl.entries.find((e) => normaliseSerial(e.serialNumber) === serial);
    const base = { source: 'crl' as const, evidence: { crl: der }, nextUpdate: crl.nextUpdate, thisUpdate: crl.thisUpdate };
    return entry ? { ...base, status: 'revoked', revokedAt: entry.revocationDate, reason: reasonName(entry.reason) } : { ...base, status: 'good' };
  }
}
