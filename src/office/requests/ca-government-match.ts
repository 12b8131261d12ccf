/**
 * Which waiting request a certificate from the Government CA answers (issue 7, CONGVAN_REQUEST_CA=government). The
 * CA sends back certificates, not our request ids, so each is matched on what both carry: the ID paper or the e-mail
 * of a person, the tax or budget code (or the name) of an organisation, and for a renewal what the request says of
 * the old certificate. A certificate matching no request, or more than one, is not taken: the DIC is told why. @internal
 */
import type { CleanEntry } from '../forms/index.ts';
import type { CaAction } from './ca-actions.ts';
import { certificateMatches, foldName, organisationSubject, personalSubject, type CertificateSubject } from './ca-subject.ts';

/** The actions for which the Government CA returns a certificate */
export const RETURNS_CERTIFICATE: ReadonlySet<CaAction> = new Set(['issue-personal', 'issue-organisation', 'renew']);

export interface WaitingRequest {
  readonly id: string;
  readonly action: CaAction;
  readonly values: CleanEntry;
}

const idValues = (subject: CertificateSubject, kinds: readonly string[]) => subject.identifiers.filter((i) => kinds.includes(i.kind)).map((i) => i.value.toUpperCase());

/** A person's new certificate: the same ID paper, or the same official mailbox when the certificate carries no ID */
function answersPersonal(subject: CertificateSubject, values: CleanEntry): boolean {
  if (subject.profile !== 'individual') return false;
  let asked;
  try { asked = personalSubject(values, ''); } catch { return false; }
  if (asked.profile !== 'individual') return false;
  const ids = idValues(subject, ['CMND', 'CCCD', 'HC']);
  if (ids.length > 0) return ids.includes(asked.idNumber.value.toUpperCase());
  return Boolean(asked.email) && subject.email?.toLowerCase() === asked.email.toLowerCase();
}

/** An organisation's: the tax code or budget-relation code, or, with neither in the certificate, the name */
function answersOrganisation(subject: CertificateSubject, values: CleanEntry): boolean {
  if (subject.profile !== 'organisation') return false;
  const asked = organisationSubject(values, '');
  if (asked.profile !== 'organisation') return false;
  const tax = idValues(subject, ['MST']);
  const budget = idValues(subject, ['MQHNS']);
  if (tax.length > 0 || budget.length > 0) return (asked.taxCode !== undefined && tax.includes(asked.taxCode)) || (asked.budgetCode !== undefined && budget.includes(asked.budgetCode));
  return foldName(subject.commonName) !== '' && foldName(subject.commonName) === foldName(asked.agencyName);
}

export function answers(subject: CertificateSubject, request: WaitingRequest): boolean {
  switch (request.action) {
    case 'issue-personal': return answersPersonal(subject, request.values);
    case 'issue-organisation': return answersOrganisation(subject, request.values);
    case 'renew': return certificateMatches(subject, request.values);
    default: return false;
  }
}

/** The profile a certificate's subject reads as: an organisation has a tax or budget code and no person's ID paper */
export function profileOfSubject(identifiers: readonly { readonly kind: string }[]): 'individual' | 'organisation' {
  const kinds = new Set(identifiers.map((i) => i.kind));
  return (kinds.has('MST') || kinds.has('MQHNS')) && !['CMND', 'CCCD', 'HC'].some((k) => kinds.has(k)) ? 'organisation' : 'individual';
}
