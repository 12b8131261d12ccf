/** Revocation reasons (RFC 5280 §5.3.1) and the revoked-certificate record the CRL and OCSP both read. */
import { x509 } from './crypto.ts';
import { PkiError } from './pki.errors.ts';

export const REVOCATION_REASONS = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation',
  'certificateHold', 'privilegeWithdrawn', 'aACompromise',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export function revocationReason(value: string): RevocationReason {
  if (!(REVOCATION_REASONS as readonly string[]).includes(value)) throw new PkiError('PKI_REVOCATION_REASON_UNKNOWN', { reason: value });
  return value as RevocationReason;
}

export const reasonCode = (reason: RevocationReason): number => x509.X509CrlReason[reason];

export interface RevokedCertificate {
  /** Hex serial, as issued */
  readonly serial: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
}
