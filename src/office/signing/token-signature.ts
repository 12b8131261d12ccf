/**
 * A person's signature made on their USB token through congvan agent, in two halves (architecture.md, signing
 * flow 2): the server prepares the PDF with the token's certificate and hands out the digest; the agent signs it
 * with the PIN; the server embeds the value once it verifies. Shared by the outgoing documents and the request
 * lists' covering letters: each keeps the prepared half where its own records live.
 */
import { completeSignature, personWidget, prepareSignature, validate, PadesError, type Place } from '../../pades/index.ts';
import { fingerprintOf, readCertificates, x509, type TrustStore } from '../../pki/index.ts';
import { OfficeError } from '../office.errors.ts';

/** A prepared token signature waits this long for its value */
export const TOKEN_SESSION_MINUTES = 10;

/** What must be kept between the halves besides the prepared PDF itself (JSON-safe) */
export interface PreparedHalf {
  readonly contentsAt: number;
  readonly contentsEnd: number;
  /** The signed attributes, base64 */
  readonly attributes: string;
  /** The token's certificate first, then its chain, PEM */
  readonly certificates: readonly string[];
}

/** Runs the PAdES engine; its refusals reach the user as they are (they carry Vietnamese messages) */
export async function padesWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PadesError || err instanceof OfficeError) throw err;
    throw new OfficeError('OFFICE_FILE_UNREADABLE', { name: 'PDF', reason: (err as Error).message.slice(0, 200) });
  }
}

/** The token's certificate and its chain from PEM, refused in Vietnamese when unreadable */
export function readTokenCertificates(pem: string): [x509.X509Certificate, ...x509.X509Certificate[]] {
  let certificates: x509.X509Certificate[];
  try {
    certificates = readCertificates(pem);
  } catch {
    throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'chứng thư số từ token không đọc được' });
  }
  const [certificate, ...chain] = certificates;
  if (!certificate) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'không có chứng thư số' });
  return [certificate, ...chain];
}

/**
 * The intermediates a reader needs, when the token gave its certificate alone (agents commonly do): taken from the
 * path to one of our anchors, the anchor itself left out as readers hold it
 */
async function withChain(certificate: x509.X509Certificate, given: x509.X509Certificate[], trust: TrustStore | undefined, at: Date): Promise<x509.X509Certificate[]> {
  if (given.length || !trust) return given;
  const report = await trust.buildChain(certificate, { at });
  if (!report.ok) return given;
  const anchor = fingerprintOf(report.anchor.certificate);
  return report.chain.slice(1).filter((c) => fingerprintOf(c) !== anchor);
}

/** The first half: the signature box placed (above the holder's printed name unless `place` says), the digest to sign */
export async function prepareTokenSignature(pdf: Uint8Array, input: { certificatePem: string; place?: Place; signingTime: Date; reason: string; trustStore?: TrustStore }): Promise<{ bytes: Uint8Array; half: PreparedHalf; digest: string }> {
  const [certificate, ...given] = readTokenCertificates(input.certificatePem);
  const { signingTime } = input;
  const chain = await withChain(certificate, given, input.trustStore, signingTime);
  const prepared = await padesWork(async () => {
    const widget = await personWidget(pdf, { place: input.place ?? { anchor: certificate.subjectName.getField('CN')[0] ?? '' }, certificate, signingTime });
    return prepareSignature(pdf, { signer: { certificate, chain }, signingTime, widget, reason: input.reason });
  });
  return {
    bytes: prepared.bytes, digest: Buffer.from(prepared.digest).toString('base64'),
    half: { contentsAt: prepared.contentsAt, contentsEnd: prepared.contentsEnd, attributes: Buffer.from(prepared.attributes).toString('base64'), certificates: [certificate, ...chain].map((c) => c.toString('pem')) },
  };
}

/** The second half: the agent's value embedded, refused unless it verifies against the token's certificate */
export async function completeTokenSignature(bytes: Uint8Array, half: PreparedHalf, signatureValue: Uint8Array, check: { trustStore: Parameters<typeof validate>[1]; now: Date }): Promise<{ signed: Uint8Array; holder: string }> {
  const [certificate, ...chain] = half.certificates.map((pem) => new x509.X509Certificate(pem));
  const prepared = {
    bytes, contentsAt: half.contentsAt, contentsEnd: half.contentsEnd,
    signer: { certificate: certificate!, chain }, attributes: new Uint8Array(Buffer.from(half.attributes, 'base64')), digest: new Uint8Array(0),
  };
  const signed = await padesWork(async () => completeSignature(prepared, signatureValue));
  // The value must verify: a value from another key is refused here, not found later by a reader
  const report = await validate(signed, check.trustStore, { now: check.now });
  if (!report.signatures.at(-1)?.intact) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'giá trị chữ ký không khớp với chứng thư số' });
  return { signed, holder: certificate!.subjectName.getField('CN')[0] ?? '' };
}
