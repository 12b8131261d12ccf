/**
 * @internal Packages and certificates for the edXML tests: a document from UBND tỉnh Lai Châu to two
 * agencies with two PDFs, status packages, and agency certificates from the test CA carrying the OrganId
 * (OU) in their subject, with CRLs served from memory.
 */
import { randomUUID } from 'node:crypto';
import { buildCrl, crypto, generateKeyPair, newSerial, RevocationChecker, signingAlgorithmOf, TrustStore, x509, type KeyAlgorithm, type RevocationFetcher, type RevokedCertificate } from '../pki/index.ts';
import { createTestHierarchy } from '../pki/test-ca.ts';
import { keySigner } from './sign.ts';
import type { Attachment, DocumentPackage, StatusCode, StatusPackage } from './types.ts';

export const LAI_CHAU = { organId: '000.00.00.H29', organName: 'UBND tỉnh Lai Châu', organizationInCharge: 'Chủ tịch UBND tỉnh', organAdd: 'Phường Tân Phong, TP. Lai Châu', email: 'vanthu@laichau.gov.vn', telephone: '0213 3876 111', website: 'https://laichau.gov.vn' };
export const SO_TTTT = { organId: '000.01.29.H29', organName: 'Sở Thông tin và Truyền thông tỉnh Lai Châu', email: 'sotttt@laichau.gov.vn' };
export const TAM_DUONG = { organId: '000.00.03.H29', organName: 'UBND huyện Tam Đường', fax: '0213 3875 222' };

/** A PDF-looking blob: the engine never opens it */
export const fakePdf = (text: string, size = 2048): Uint8Array => {
  const body = Buffer.alloc(size, 0x20);
  body.write(`%PDF-1.7\n% ${text}\n`, 'utf8');
  for (let i = 64; i < size; i += 97) body[i] = i % 251;
  return new Uint8Array(body);
};

export const attachment = (name: string, content: Uint8Array, contentId = randomUUID()): Attachment => ({ contentId, name, contentType: 'application/pdf', content });

export function samplePackage(attachments: readonly Attachment[] = [attachment('296-UBND-VHTT.pdf', fakePdf('Công văn 296/UBND-VHTT')), { ...attachment('phu-luc.pdf', fakePdf('Phụ lục', 5000)), description: 'Phụ lục kèm theo' }]): DocumentPackage {
  return {
    kind: 'document',
    header: {
      from: LAI_CHAU, to: [SO_TTTT, TAM_DUONG],
      code: { codeNumber: '296', codeNotation: 'UBND-VHTT' },
      promulgationInfo: { place: 'Lai Châu', promulgationDate: '2026/03/05' },
      documentType: { type: '1', typeName: 'Công văn' },
      subject: 'V/v triển khai chữ ký số chuyên dùng công vụ & liên thông văn bản <điện tử>',
      content: 'Đề nghị các cơ quan, đơn vị triển khai "ngay".\nDòng thứ hai.',
      signerInfo: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Lò Văn Minh' },
      dueDate: '2026/03/20',
      toPlaces: ['Như trên', 'Lưu: VT, VHTT'],
      otherInfo: { priority: 1, sphereOfPromulgation: 'Trong tỉnh', typerNotation: 'VHTT', promulgationAmount: 5, pageAmount: 2, appendixes: ['Phụ lục I'] },
      responseFor: [{ organId: '000.00.00.G22', code: '7816/VPCP-TTĐT', promulgationDate: '2015/09/30', documentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT' }],
      steeringType: '1',
      documentId: '000.00.00.H29,2026/03/05,296/UBND-VHTT',
    },
    trace: {
      traceHeaders: [{ organId: '000.00.00.H29', timestamp: '2026/03/05 14:05:09' }],
      business: { docType: 0, docReason: 'Văn bản mới', staffInfo: { department: 'Văn phòng', staff: 'Nguyễn Thị Hoa', mobile: '0912345678', email: 'hoant@laichau.gov.vn' } },
    },
    attachments,
  };
}

export function sampleStatus(statusCode: StatusCode = '01', description?: string): StatusPackage {
  return {
    kind: 'status',
    status: {
      responseFor: { organId: '000.00.00.H29', code: '296/UBND-VHTT', promulgationDate: '2026/03/05', documentId: '000.00.00.H29,2026/03/05,296/UBND-VHTT' },
      from: SO_TTTT, statusCode, ...(description ? { description } : {}), timestamp: '2026/03/05 15:00:00',
      staffInfo: { department: 'Văn phòng Sở', staff: 'Đỗ Văn An', email: 'andv@laichau.gov.vn' },
    },
  };
}

/** The test hierarchy, a trust store with its root, CRLs from memory, and agency certificates on demand */
/** `base`: where the CA's CRLs are said to be (a benchmark serves `fetch` there over HTTP) */
export async function edxmlPki(issuingKey: KeyAlgorithm = 'ECDSA-P256', base = 'http://127.0.0.1:9') {
  const { root, issuing } = await createTestHierarchy(base, new Date(), issuingKey);
  const trustStore = new TrustStore();
  trustStore.addAnchors(root.certificate);
  const revoked: RevokedCertificate[] = [];
  const now = new Date();
  const spec = (list: readonly RevokedCertificate[]) => ({ number: 1, thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + 86_400_000), revoked: list });
  const fetch: RevocationFetcher = async (request) => {
    if (request.url === `${base}/pki/root/crl`) return buildCrl(root, spec([]));
    if (request.url === `${base}/pki/issuing/crl`) return buildCrl(issuing, spec(revoked));
    throw new Error(`không có ${request.url}`);
  };
  const revocation = () => new RevocationChecker({ fetch, sources: ['crl'] });

  /** An agency's (organisation) certificate with its OrganId as OU, from the issuing CA */
  async function agency(organId: string, name: string, algorithm: KeyAlgorithm = 'ECDSA-P256') {
    const keys = await generateKeyPair(algorithm);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: newSerial(), issuer: issuing.certificate.subjectName,
      subject: new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': [name] }, { '2.5.4.11': [organId] }, { '2.5.4.3': [name] }]),
      notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 365 * 86_400_000),
      publicKey: keys.publicKey, signingKey: issuing.privateKey, signingAlgorithm: signingAlgorithmOf(issuing.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(issuing.certificate, false, crypto),
        new x509.CRLDistributionPointsExtension([`${base}/pki/issuing/crl`]),
      ],
    }, crypto);
    return { certificate, privateKey: keys.privateKey, signer: keySigner(keys.privateKey, certificate, [issuing.certificate]) };
  }
  const revoke = (certificate: x509.X509Certificate) => revoked.push({ serial: certificate.serialNumber, revokedAt: new Date(now.getTime() - 1000), reason: 'keyCompromise' });
  return { root, issuing, trustStore, fetch, revocation, agency, revoke };
}
