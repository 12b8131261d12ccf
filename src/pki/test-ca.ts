/** @internal A small CA hierarchy for tests and demos: a root, one issuing CA, URLs on the given base. */
import { createIssuingCa, createRootCa, type CertificateAuthority } from './ca.ts';
import { generateKeyPair, type KeyAlgorithm } from './keys.ts';

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
