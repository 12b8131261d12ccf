/** A stand-in for the Government CA and certificates it issues, for the import's tests. Tests only. @internal */
import {
  buildName, createIssuingCa, createRootCa, crypto, generateKeyPair, issueCertificate, PROFILES, signingAlgorithmOf, subjectFieldsOf, x509,
  type CertificateAuthority, type SubjectRequest,
} from '../../pki/index.ts';
import { HOLDER_EMAIL } from './ca-own.fixture.ts';

const DAY = 86_400_000;

/** A stand-in for the Government CA: its own root and issuing CA, nothing shared with congvan's */
export async function governmentCa(now: Date) {
  const urls = (name: string) => ({ crl: `http://ca.gov.vn.invalid/${name}.crl`, ocsp: 'http://ocsp.ca.gov.vn.invalid' });
  const root = await createRootCa({ commonName: 'Cơ quan chứng thực số chuyên dùng Chính phủ (thử nghiệm)', organization: 'Ban Cơ yếu Chính phủ', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - DAY), urls: urls('root') });
  const issuing = await createIssuingCa(root, { commonName: 'CA phục vụ các cơ quan nhà nước (thử nghiệm)', organization: 'Ban Cơ yếu Chính phủ', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - DAY), years: 5, urls: urls('issuing') });
  return { root, issuing };
}

export async function issued(ca: CertificateAuthority, subject: SubjectRequest, now: Date, days = 3 * 365): Promise<x509.X509Certificate> {
  const keys = await generateKeyPair('ECDSA-P256');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: buildName(subjectFieldsOf(subject)), keys, signingAlgorithm: signingAlgorithmOf(keys.privateKey) }, crypto);
  const profile = subject.profile === 'organisation' ? PROFILES.organisation : PROFILES.individual;
  return issueCertificate(ca, { csr: new Uint8Array(csr.rawData), profile, subject, kind: 'new', notBefore: now, notAfter: new Date(now.getTime() + days * DAY) });
}

export const MINH: Extract<SubjectRequest, { profile: 'individual' }> = { profile: 'individual', fullName: 'LÒ VĂN MINH', agency: 'Văn phòng UBND tỉnh Lai Châu', province: 'Lai Châu', email: HOLDER_EMAIL, idNumber: { kind: 'CCCD', value: '012345678901' } };
