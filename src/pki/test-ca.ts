/** @internal A small CA hierarchy for tests and demos: a root, one issuing CA, URLs on the given base. */
import { createIssuingCa, createRootCa, issueCertificate, type CertificateAuthority } from './ca.ts';
import { x509 } from './crypto.ts';
import { generateKeyPair, type KeyAlgorithm } from './keys.ts';
import { PROFILES } from './profiles.ts';

export async function createTestHierarchy(base = 'http://127.0.0.1:9', now = new Date(), issuingKey: KeyAlgorithm = 'ECDSA-P256') {
  const root: CertificateAuthority = await createRootCa({
    commonName: 'congvan Root CA (thử nghiệm)', organization: 'congvan', keys: await generateKeyPair('RSA-2048'),
    notBefore: new Date(now.getTime() - 86_400_000), urls: { crl: `${base}/pki/root/crl`, ocsp: `${base}/pki/root/ocsp` },
  });
  const issuing = await createIssuingCa(root, {
    commonName: 'congvan Issuing CA (thử nghiệm)', organization: 'congvan', keys: await generateKeyPair(issuingKey),
    notBefore: new Date(now.getTime() - 86_400_000), years: 10,
    urls: { crl: `${base}/pki/issuing/crl`, ocsp: `${base}/pki/issuing/ocsp`, caIssuers: `${base}/pki/issuing/cert` },
  });
  return { root, issuing };
}

/** A device certificate from a CSR made here (the CA test covers openssl CSRs). */
export async function issueTestDevice(issuing: CertificateAuthority, name = 'Máy chủ một cửa') {
  const keys = await generateKeyPair('ECDSA-P256');
  const subject = { profile: 'device' as const, deviceName: name, agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['Sở Thông tin và Truyền thông'] }, { '2.5.4.3': [name] }]),
    keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  });
  const now = new Date();
  return issueCertificate(issuing, { csr: new Uint8Array(csr.rawData), profile: PROFILES.device, subject, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + 365 * 86_400_000) });
}
