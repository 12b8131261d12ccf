/** Full CRLs with a CRL number and next update (RFC 5280 §5). A certificate on hold is listed until released. */
import * as asn1js from 'asn1js';
import type { CertificateAuthority } from './ca.ts';
import { crypto, x509 } from './crypto.ts';
import { signingAlgorithmOf } from './keys.ts';
import { reasonCode, type RevokedCertificate } from './revocation.ts';

const CRL_NUMBER_OID = '2.5.29.20';

export interface CrlSpec {
  /** Increases with every CRL this CA issues. */
  readonly number: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revoked: readonly RevokedCertificate[];
}

export async function buildCrl(ca: CertificateAuthority, spec: CrlSpec): Promise<Uint8Array> {
  const crlNumber = new asn1js.Integer({ value: spec.number }).toBER();
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: spec.thisUpdate,
    nextUpdate: spec.nextUpdate,
    signingKey: ca.privateKey,
    signingAlgorithm: signingAlgorithmOf(ca.privateKey),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      new x509.Extension(CRL_NUMBER_OID, false, crlNumber),
    ],
    entries: spec.revoked.map((r) => ({ serialNumber: r.serial, revocationDate: r.revokedAt, ...(r.reason === 'unspecified' ? {} : { reason: reasonCode(r.reason) }) })),
  }, crypto);
  return new Uint8Array(crl.rawData);
}
