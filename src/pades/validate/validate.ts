/**
 * validate(pdf, trustStore): per signature, what ETSI EN 319 102-1 would say of it. The order of the checks is
 * the standard's: format, identification of the signing certificate, cryptographic verification, then the
 * certificate path and revocation at the best signature time (a timestamp's when there is one), plus the PDF's
 * own question of what changed after the signature.
 */
import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { fingerprintOf, pkijs, x509, type TrustStore } from '../../pki/index.ts';
import { parseCrl, RevocationChecker, type RevocationFetcher, type RevocationResult } from '../../pki/revocation-check.ts';
import { PadesError } from '../pades.errors.ts';
import { decodeStream } from '../pdf/filters.ts';
import { PdfFile, type PdfView } from '../pdf/file.ts';
import { Stream } from '../pdf/objects.ts';
import { changesBetween, docMdpOf, type Change } from './modifications.ts';
import { certificateOf, checkSignedData, checkTimestampToken, SignedDataFormatError, WEAK_HASHES, type SignedDataCheck, type TimestampCheck } from './signed-data.ts';
import { digestRanges, findSignatures, signedBytes, trimDer, type SignatureField } from './signature-fields.ts';
import { SUB_INDICATIONS, type Indication, type SubIndication } from './indications.ts';

export type Level = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' | 'PKCS7' | 'DOC-TIMESTAMP' | 'NONE';

export interface CertificateSummary {
  readonly subject: string;
  readonly commonName?: string;
  /** The UID attribute: MST:…, CMND:…, CCCD:… (Vietnamese CAs) */
  readonly uid?: string;
  readonly serial: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly fingerprint: string;
}

export interface SignatureReport {
  readonly index: number;
  readonly fieldName: string;
  readonly type: SignatureField['type'];
  readonly subFilter?: string;
  readonly signer?: CertificateSummary;
  readonly chain: readonly CertificateSummary[];
  /** /M, or the CMS signing-time of producers that write one */
  readonly claimedTime?: Date;
  /** From a valid signature timestamp or a later document timestamp */
  readonly timestampTime?: Date;
  readonly level: Level;
  readonly byteRange?: readonly number[];
  readonly coversWholeFile: boolean;
  readonly changes: readonly Change[];
  readonly changesAllowed: boolean;
  readonly revocation: { readonly status: RevocationResult['status'] | 'not-checked'; readonly source?: 'embedded' | 'online'; readonly revokedAt?: Date; readonly reason?: string };
  /** The digest matches and the signature value verifies */
  readonly intact: boolean;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly reason: { readonly vi: string; readonly en: string };
  readonly problems: readonly string[];
  readonly page?: number;
  readonly rect?: readonly number[];
}

export interface ValidationReport {
  readonly signatures: readonly SignatureReport[];
  readonly unsignedFields: readonly string[];
  /** Every signature TOTAL_PASSED, and at least one */
  readonly valid: boolean;
  /** About the file rather than one signature: data after the last revision, signature dictionaries no field uses */
  readonly problems: readonly string[];
}

export interface ValidateOptions {
  /** For revocation data not embedded in the file; without it, only embedded data counts */
  readonly fetch?: RevocationFetcher;
  /** A long-lived checker for the online checks instead (its answers cached across validations); `fetch` then unused */
  readonly revocation?: RevocationChecker;
  readonly now?: Date;
  /** Skip revocation entirely (a quick integrity check) */
  readonly skipRevocation?: boolean;
}

const summary = (c: x509.X509Certificate): CertificateSummary => ({
  subject: c.subject, commonName: c.subjectName.getField('CN')[0], uid: c.subjectName.getField('0.9.2342.19200300.100.1.1')[0], serial: c.serialNumber, issuer: c.issuer,
  notBefore: c.notBefore, notAfter: c.notAfter, fingerprint: fingerprintOf(c),
});

interface Evidence { readonly certs: Uint8Array[]; readonly crls: Uint8Array[]; readonly ocsps: Uint8Array[] }

function dssOf(view: PdfView): Evidence {
  const dss = view.dict(view.catalog.get('DSS'));
  const streams = (key: string) => (view.array(dss?.get(key)) ?? []).flatMap((ref) => {
    const s = view.resolve(ref);
    try {
      return s instanceof Stream ? [decodeStream(s, view.file.budget)] : [];
    } catch {
      return [];
    }
  });
  return { certs: streams('Certs'), crls: streams('CRLs'), ocsps: streams('OCSPs') };
}

/** Serves the revocation checker from evidence kept in the file, as if it were the network */
function evidenceFetcher(evidence: Evidence, issuer: x509.X509Certificate): RevocationFetcher {
  return async (request) => {
    if (request.method === 'GET') {
      const crl = evidence.crls.find((der) => {
        try { return parseCrl(der).issuer === issuer.subject; } catch { return false; }
      });
      if (!crl) throw new Error('không có CRL gắn kèm của CA này');
      return crl;
    }
    const asked = new pkijs.OCSPRequest({ schema: asn1js.fromBER(request.body!.slice()).result }).tbsRequest.requestList[0]!.reqCert;
    const found = evidence.ocsps.find((der) => {
      try {
        const response = new pkijs.OCSPResponse({ schema: asn1js.fromBER(der.slice()).result });
        const basic = new pkijs.BasicOCSPResponse({ schema: asn1js.fromBER(response.responseBytes!.response.valueBlock.valueHexView).result });
        return basic.tbsResponseData.responses.some((r) => r.certID.isEqual(asked));
      } catch {
        return false;
      }
    });
    if (!found) throw new Error('không có phản hồi OCSP gắn kèm cho chứng thư này');
    return found;
  };
}

function verdict(indication: Indication, sub: SubIndication | undefined, detail?: string): Pick<SignatureReport, 'indication' | 'subIndication' | 'reason'> {
  if (!sub) return { indication, reason: { vi: 'Chữ ký hợp lệ.', en: 'The signature is valid.' } };
  const text = SUB_INDICATIONS[sub];
  return { indication, subIndication: sub, reason: { vi: detail ? `${text.vi} ${detail}` : text.vi, en: text.en } };
}

/** Validates every signature of `pdf`; a file that cannot be read at all is a PadesError. */
export async function validate(pdf: Uint8Array, trustStore?: TrustStore, options: ValidateOptions = {}): Promise<ValidationReport> {
  const file = new PdfFile(pdf);
  const final = file.document;
  // Encrypted without a user password (edit restrictions only) is read; a real password is needed otherwise
  if (file.needsPassword) throw new PadesError('PADES_PDF_ENCRYPTED');
  const { signed, unsigned } = findSignatures(file);
  const now = options.now ?? new Date();
  const dss = dssOf(final);
  const docTimestamps: { field: SignatureField; check?: TimestampCheck }[] = signed.filter((s) => s.type === 'document-timestamp').map((field) => {
    try {
      return { field, check: field.contents && field.byteRange ? checkTimestampToken(trimDer(field.contents), (alg) => digestRanges(pdf, field.byteRange!, alg)) : undefined };
    } catch {
      return { field };
    }
  });
  const certifying = signed[0] ? docMdpOf(final, signed[0].dict) : undefined;
  const problems = fileProblems(pdf, signed.length);
  const trailing = problems.find((p) => p.startsWith(TRAILING));
  const reports: SignatureReport[] = [];
  for (const [index, field] of signed.entries()) {
    reports.push(await validateOne(file, final, field, index, { trustStore, now, dss, docTimestamps, mdp: index === 0 ? undefined : certifying, trailing, options }));
  }
  return { signatures: reports, unsignedFields: unsigned.map((u) => u.fieldName), valid: reports.length > 0 && reports.every((r) => r.indication === 'TOTAL_PASSED'), problems };
}

const TRAILING = 'Có dữ liệu nằm sau cuối phiên bản cuối cùng của tệp';

/** Bytes after the last %%EOF that a lenient reader may still show (incremental saving attack, variant 2) */
function fileProblems(pdf: Uint8Array, signatures: number): string[] {
  const problems: string[] = [];
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const eof = text.lastIndexOf('%%EOF');
  if (eof >= 0 && /\S/.test(text.subarray(eof + 5).toString('latin1').replace(/\0/g, ''))) problems.push(`${TRAILING} (${pdf.length - eof - 5} byte)`);
  const ranges = (text.toString('latin1').match(/\/ByteRange\s*\[/g) ?? []).length;
  if (ranges > signatures) problems.push(`Có ${ranges - signatures} từ điển chữ ký không thuộc trường chữ ký nào (chữ ký đã bị gỡ hoặc bị thay)`);
  return problems;
}

interface Shared {
  readonly trustStore?: TrustStore;
  readonly now: Date;
  readonly dss: Evidence;
  readonly docTimestamps: readonly { field: SignatureField; check?: TimestampCheck }[];
  readonly mdp?: 1 | 2 | 3;
  readonly trailing?: string;
  readonly options: ValidateOptions;
}

async function validateOne(file: PdfFile, final: PdfView, field: SignatureField, index: number, shared: Shared): Promise<SignatureReport> {
  const pdf = file.bytes;
  const problems: string[] = [...field.structureProblems];
  const coversWholeFile = field.signedEnd === pdf.length;
  let changes: Change[] = [];
  if (field.signedEnd !== undefined && !coversWholeFile && field.structureProblems.length === 0) {
    try {
      changes = changesBetween(file.view(field.signedEnd), final, shared.mdp);
    } catch (err) {
      if (!(err instanceof PadesError)) throw err;
      changes = [{ kind: 'object', allowed: false, detail: `không đọc được phiên bản đã ký: ${err.message}` }];
    }
  }
  if (shared.trailing && !coversWholeFile) changes.push({ kind: 'object', allowed: false, detail: shared.trailing });
  const changesAllowed = changes.every((c) => c.allowed);
  const base = {
    index, fieldName: field.fieldName, type: field.type, subFilter: field.subFilter, byteRange: field.byteRange, coversWholeFile,
    changes, changesAllowed, claimedTime: field.claimedTime, page: field.page, rect: field.rect,
  };
  const fail = (indication: Indication, sub: SubIndication, detail: string | undefined, extra: Partial<SignatureReport> = {}): SignatureReport => ({
    ...base, chain: [], level: 'NONE', revocation: { status: 'not-checked' }, intact: false, problems, ...extra, ...verdict(indication, sub, detail),
  });

  if (!field.contents || !field.byteRange) return fail('TOTAL_FAILED', 'FORMAT_FAILURE', problems.join('; '));
  if (field.structureProblems.length) return fail('TOTAL_FAILED', 'FORMAT_FAILURE', problems.join('; '));

  // A document timestamp: its token stamps the byte ranges
  if (field.type === 'document-timestamp') {
    const ts = shared.docTimestamps.find((d) => d.field === field)?.check;
    if (!ts) return fail('TOTAL_FAILED', 'FORMAT_FAILURE', 'dấu thời gian tài liệu không đọc được');
    return finish(ts, ts.imprintMatches && ts.digestMatches, ts.genTime, 'DOC-TIMESTAMP');
  }

  let cms: SignedDataCheck;
  try {
    cms = checkSignedData(trimDer(field.contents), (alg) => digestRanges(pdf, field.byteRange!, alg), () => signedBytes(pdf, field.byteRange!));
  } catch (err) {
    if (err instanceof SignedDataFormatError) return fail('TOTAL_FAILED', 'FORMAT_FAILURE', err.message);
    throw err;
  }
  problems.push(...cms.problems);
  if (!cms.signer) return fail('INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND', undefined);
  let timestampTime: Date | undefined;
  if (cms.timestampToken) {
    try {
      const ts = checkTimestampToken(cms.timestampToken, (alg) => createHash(alg).update(cms.signatureValue).digest());
      if (ts.imprintMatches && ts.digestMatches && ts.signatureValid) timestampTime = ts.genTime;
      else problems.push('dấu thời gian của chữ ký không khớp hoặc không hợp lệ');
    } catch {
      problems.push('dấu thời gian của chữ ký không đọc được');
    }
  }
  // A later document timestamp that covers this signature also proves it existed then
  const laterStamp = shared.docTimestamps.find((d) => d.check?.imprintMatches && d.check.signatureValid && (d.field.signedEnd ?? 0) >= (field.signedEnd ?? Infinity));
  timestampTime ??= laterStamp?.check?.genTime;
  return finish(cms, cms.digestMatches && cms.signatureValid, timestampTime, undefined);

  async function finish(check: SignedDataCheck, intact: boolean, proven: Date | undefined, fixedLevel: Level | undefined): Promise<SignatureReport> {
    const signer = check.signer!;
    const claimedTime = field.claimedTime ?? check.claimedSigningTime;
    const result = { ...base, claimedTime, timestampTime: proven, signer: summary(signer), intact, problems };
    const out = (indication: Indication, sub: SubIndication | undefined, detail: string | undefined, extra: Partial<SignatureReport>): SignatureReport => ({
      chain: [], level: 'NONE', revocation: { status: 'not-checked' }, ...result, ...extra, ...verdict(indication, sub, detail),
    });
    if (!check.digestMatches) return out('TOTAL_FAILED', 'HASH_FAILURE', undefined, {});
    if (!check.signatureValid) return out('TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', undefined, {});
    if (check.signingCertificateMatches === false) return out('INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND', 'Thuộc tính signingCertificate không chỉ đúng chứng thư ký.', {});
    if (!changesAllowed) {
      const what = changes.filter((c) => !c.allowed).map((c) => c.detail).slice(0, 5).join('; ');
      return out('TOTAL_FAILED', 'SIG_CONSTRAINTS_FAILURE', `Tài liệu bị sửa sau khi ký theo cách không được phép: ${what}.`, {});
    }
    const bestTime = proven ?? shared.now;
    let level: Level = fixedLevel ?? (field.subFilter === 'ETSI.CAdES.detached' && check.signingCertificateV2 ? 'B-B' : 'PKCS7');
    if (level === 'B-B' && proven) level = 'B-T';
    if (check.digestAlgorithm && WEAK_HASHES.has(check.digestAlgorithm) && !(proven && proven.getUTCFullYear() < 2017)) {
      return out('INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE', `Thuật toán băm ${check.digestAlgorithm.toUpperCase()} không còn đủ an toàn.`, { level });
    }
    const usage = signer.getExtension(x509.KeyUsagesExtension);
    if (fixedLevel === undefined && usage && !(usage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation))) {
      return out('INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', 'Chứng thư không được phép dùng để ký (keyUsage).', { level });
    }
    if (!shared.trustStore || shared.trustStore.size === 0) return out('INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', 'Chưa có chứng thư gốc tin cậy nào.', { level });
    const extra = [...check.certificates, ...shared.dss.certs.flatMap((der) => { try { return [certificateOf(der)]; } catch { return []; } })];
    const chainReport = await shared.trustStore.buildChain(signer, { at: bestTime, extraCertificates: extra });
    const chain = chainReport.chain.map(summary);
    if (!chainReport.ok) {
      const { check: rule, reason } = chainReport.problem;
      if (rule === 'expired' && !proven) return out('INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE', reason, { chain, level });
      if (rule === 'not-yet-valid') return out('INDETERMINATE', 'NOT_YET_VALID', reason, { chain, level });
      if (rule === 'expired') return out('INDETERMINATE', 'OUT_OF_BOUNDS_NOT_REVOKED', reason, { chain, level });
      if (rule === 'key-usage' || rule === 'not-ca' || rule === 'path-length' || rule === 'critical-extension') return out('INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', reason, { chain, level });
      if (rule === 'signature') return out('INDETERMINATE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE', reason, { chain, level });
      return out('INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', reason, { chain, level });
    }
    // Revocation of every certificate below the anchor: embedded evidence first, then the network
    const certs = chainReport.chain;
    let revocation: SignatureReport['revocation'] = { status: 'not-checked' };
    let allEmbedded = certs.length > 1;
    if (!shared.options.skipRevocation) {
      const evidence: Evidence = { certs: shared.dss.certs, crls: [...shared.dss.crls, ...check.revocation.crls], ocsps: [...shared.dss.ocsps, ...check.revocation.ocsps] };
      for (let i = 0; i + 1 < certs.length; i++) {
        const [cert, issuer] = [certs[i]!, certs[i + 1]!];
        let status = await new RevocationChecker({ fetch: evidenceFetcher(evidence, issuer), archive: true, sources: evidence.ocsps.length ? ['ocsp', 'crl'] : ['crl'] }).check(cert, issuer);
        let source: 'embedded' | 'online' = 'embedded';
        if (status.status !== 'good' && status.status !== 'revoked') allEmbedded = false;
        if (status.status === 'unavailable' && (shared.options.revocation || shared.options.fetch)) {
          status = await (shared.options.revocation ?? new RevocationChecker({ fetch: shared.options.fetch!, now: () => shared.now })).check(cert, issuer);
          source = 'online';
        }
        if (i === 0) revocation = { status: status.status, source, revokedAt: status.revokedAt, reason: status.reason };
        if (status.status === 'revoked') {
          const who = i === 0 ? 'Chứng thư ký' : `Chứng thư CA "${cert.subject}"`;
          const when = status.revokedAt ? ` lúc ${status.revokedAt.toISOString()}` : '';
          if (!status.revokedAt || status.revokedAt <= bestTime) {
            const revocationExtra = { chain, level, revocation: { status: status.status, source, revokedAt: status.revokedAt, reason: status.reason } };
            if (proven || !status.revokedAt) return out('TOTAL_FAILED', 'REVOKED', `${who} đã bị thu hồi${when} (${status.reason ?? 'unspecified'}).`, revocationExtra);
            return out('INDETERMINATE', 'REVOKED_NO_POE', `${who} đã bị thu hồi${when} và không có dấu thời gian chứng minh chữ ký có trước đó.`, revocationExtra);
          }
        } else if (status.status !== 'good') {
          return out('INDETERMINATE', 'TRY_LATER', `Chưa biết tình trạng thu hồi của "${cert.subject}": ${status.problems.join('; ') || status.status}.`, { chain, level, revocation });
        }
      }
    }
    if (level === 'B-T' && allEmbedded && !shared.options.skipRevocation) level = 'B-LT';
    if (level === 'B-LT' && shared.docTimestamps.some((d) => d.check?.imprintMatches && d.field.signedEnd !== undefined && d.field.signedEnd > (field.signedEnd ?? Infinity))) level = 'B-LTA';
    return out('TOTAL_PASSED', undefined, undefined, { chain, level, revocation });
  }
}
