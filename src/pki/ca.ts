/**
 * A certificate authority: a root, issuing CAs under it, and certificates issued from PKCS#10 requests.
 * Bytes and keys in, certificates out; the clock and the serial numbers come from the caller.
 */
import { randomBytes } from 'node:crypto';
import { crypto, x509 } from './crypto.ts';
import { bufferOf, parseWith, toDer } from './der.ts';
import { signingAlgorithmOf } from './keys.ts';
import { PkiError } from './pki.errors.ts';
import { checkValidity, subjectFieldsOf, type CertificateProfile, type IssueKind, type SubjectRequest } from './profiles.ts';
import { buildName, nameText, sameName } from './subject.ts';

export interface CaUrls {
  /** Where relying parties fetch the CRL, e.g. http://host/pki/{ca}/crl */
  readonly crl: string;
  /** Where they ask OCSP, e.g. http://host/pki/{ca}/ocsp */
  readonly ocsp: string;
  /** Where they fetch this CA's certificate (AIA caIssuers) */
  readonly caIssuers?: string;
}

export interface CertificateAuthority {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
  readonly urls: CaUrls;
}

/** A positive, non-zero 128-bit serial, hex, as RFC 5280 allows (at most 20 octets). */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

const yearsAfter = (date: Date, years: number) => {
  const end = new Date(date);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
};

const revocationPointers = (urls: CaUrls): x509.Extension[] => [
  new x509.CRLDistributionPointsExtension([urls.crl]),
  new x509.AuthorityInfoAccessExtension({ ocsp: [urls.ocsp], ...(urls.caIssuers ? { caIssuers: [urls.caIssuers] } : {}) }),
];

export interface NewCa {
  readonly commonName: string;
  readonly organization: string;
  readonly keys: CryptoKeyPair;
  readonly notBefore: Date;
  /** 20 years for a CA's own certificate (Decree 68/2024) unless said otherwise. */
  readonly years?: number;
  readonly urls: CaUrls;
}

export async function createRootCa(spec: NewCa): Promise<CertificateAuthority> {
  const name = buildName({ commonName: spec.commonName, organization: spec.organization });
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(), name, keys: spec.keys, notBefore: spec.notBefore, notAfter: yearsAfter(spec.notBefore, spec.years ?? 20),
    signingAlgorithm: signingAlgorithmOf(spec.keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(spec.keys.publicKey),
    ],
  }, crypto);
  return { certificate, privateKey: spec.keys.privateKey, urls: spec.urls };
}

/** An issuing CA under a parent; its path length is 0, so it issues only end-entity certificates. */
export async function createIssuingCa(parent: CertificateAuthority, spec: NewCa): Promise<CertificateAuthority> {
  const notAfter = yearsAfter(spec.notBefore, spec.years ?? 20);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(), subject: buildName({ commonName: spec.commonName, organization: spec.organization }), issuer: parent.certificate.subjectName,
    notBefore: spec.notBefore, notAfter: notAfter < parent.certificate.notAfter ? notAfter : parent.certificate.notAfter,
    publicKey: spec.keys.publicKey, signingKey: parent.privateKey, signingAlgorithm: signingAlgorithmOf(parent.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(spec.keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parent.certificate),
      ...revocationPointers(parent.urls),
    ],
  }, crypto);
  return { certificate, privateKey: spec.keys.privateKey, urls: spec.urls };
}

export function parseCsr(input: Uint8Array | string): x509.Pkcs10CertificateRequest {
  const der = toDer(input, 'CSR');
  return parseWith('CSR', () => new x509.Pkcs10CertificateRequest(bufferOf(der)));
}

export interface IssueRequest {
  readonly csr: Uint8Array | string;
  readonly profile: CertificateProfile;
  readonly subject: SubjectRequest;
  readonly kind: IssueKind;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial?: string;
}

// The AKI of everything a CA issues is the same: worked out once per CA certificate, not once per certificate.
const authorityKeyIds = new WeakMap<x509.X509Certificate, Promise<x509.AuthorityKeyIdentifierExtension>>();
function authorityKeyIdentifierOf(certificate: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  let aki = authorityKeyIds.get(certificate);
  if (!aki) authorityKeyIds.set(certificate, aki = x509.AuthorityKeyIdentifierExtension.create(certificate, false, crypto));
  return aki;
}

// Extensions that depend only on the profile or the CA are encoded once and reused: at hundreds of certificates a
// second, re-encoding them was a tenth of the work.
const profileExtensionsCache = new WeakMap<CertificateProfile, x509.Extension[]>();
function profileExtensions(profile: CertificateProfile): x509.Extension[] {
  let extensions = profileExtensionsCache.get(profile);
  if (!extensions) {
    profileExtensionsCache.set(profile, extensions = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(profile.keyUsage, true),
      new x509.ExtendedKeyUsageExtension([...profile.extendedKeyUsage], false),
    ]);
  }
  return extensions;
}
const pointersCache = new WeakMap<CaUrls, x509.Extension[]>();
function caPointers(urls: CaUrls): x509.Extension[] {
  let extensions = pointersCache.get(urls);
  if (!extensions) pointersCache.set(urls, extensions = revocationPointers(urls));
  return extensions;
}

function requireUsableIssuer(ca: CertificateAuthority, at: Date): void {
  if (at < ca.certificate.notBefore || at > ca.certificate.notAfter) throw new PkiError('PKI_ISSUER_NOT_VALID');
}

/** Issues a subscriber certificate from a CSR whose signature holds and whose subject is the approved one. */
export async function issueCertificate(ca: CertificateAuthority, request: IssueRequest): Promise<x509.X509Certificate> {
  requireUsableIssuer(ca, request.notBefore);
  checkValidity(request.profile, request.kind, request.notBefore, request.notAfter);
  const csr = parseCsr(request.csr);
  if (!(await parseWith('CSR', () => csr.verify(crypto)))) throw new PkiError('PKI_CSR_SIGNATURE_INVALID');
  const expected = buildName(subjectFieldsOf(request.subject));
  if (!sameName(csr.subjectName, expected)) {
    throw new PkiError('PKI_CSR_SUBJECT_MISMATCH', { actual: nameText(csr.subjectName), expected: nameText(expected) });
  }
  // The CSR's SubjectPublicKeyInfo goes into the certificate as is: importing it as a CryptoKey would cost time for nothing.
  const publicKey = csr.publicKey;
  const email = request.subject.profile === 'individual' ? request.subject.email : undefined;
  return x509.X509CertificateGenerator.create({
    serialNumber: request.serial ?? newSerial(), subject: expected, issuer: ca.certificate.subjectName,
    notBefore: request.notBefore, notAfter: request.notAfter < ca.certificate.notAfter ? request.notAfter : ca.certificate.notAfter,
    publicKey, signingKey: ca.privateKey, signingAlgorithm: signingAlgorithmOf(ca.privateKey),
    extensions: [
      ...profileExtensions(request.profile),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await authorityKeyIdentifierOf(ca.certificate),
      ...(email ? [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: email }])] : []),
      ...caPointers(ca.urls),
    ],
  }, crypto);
}
