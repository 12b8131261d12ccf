/**
 * Certificate profiles as configuration (specs.md §5): what each kind of subscriber gets. The real
 * Government CA's subject layout is *unconfirmed*, so this is data a deployment can replace.
 */
import { x509 } from './crypto.ts';
import { PkiError } from './pki.errors.ts';
import { checkIdentifier, type Identifier, type SubjectFields } from './subject.ts';

export type ProfileName = 'individual' | 'organisation' | 'device';
export type IssueKind = 'new' | 'renewal';

export interface CertificateProfile {
  readonly name: ProfileName;
  readonly keyUsage: number;
  readonly extendedKeyUsage: readonly string[];
  readonly maxYears: Readonly<Record<IssueKind, number>>;
}

const DOCUMENT_SIGNING = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
// id-kp-emailProtection and id-kp-clientAuth, plus Adobe's and Microsoft's document-signing purposes.
const EKU_EMAIL = '1.3.6.1.5.5.7.3.4';
const EKU_CLIENT = '1.3.6.1.5.5.7.3.2';
const EKU_DOCUMENT_SIGNING = '1.3.6.1.4.1.311.10.3.12';

export const PROFILES: Readonly<Record<ProfileName, CertificateProfile>> = {
  individual: { name: 'individual', keyUsage: DOCUMENT_SIGNING, extendedKeyUsage: [EKU_CLIENT, EKU_EMAIL, EKU_DOCUMENT_SIGNING], maxYears: { new: 5, renewal: 3 } },
  organisation: { name: 'organisation', keyUsage: DOCUMENT_SIGNING, extendedKeyUsage: [EKU_CLIENT, EKU_EMAIL, EKU_DOCUMENT_SIGNING], maxYears: { new: 5, renewal: 3 } },
  device: { name: 'device', keyUsage: DOCUMENT_SIGNING | x509.KeyUsageFlags.keyEncipherment, extendedKeyUsage: [EKU_CLIENT], maxYears: { new: 5, renewal: 3 } },
};

export function profileNamed(name: string): CertificateProfile {
  const profile = PROFILES[name as ProfileName];
  if (!profile) throw new PkiError('PKI_PROFILE_UNKNOWN', { profile: name });
  return profile;
}

/** What an approved request says about its subject, per profile. */
export type SubjectRequest =
  | { readonly profile: 'individual'; readonly fullName: string; readonly agency: string; readonly province: string; readonly email: string; readonly idNumber: Identifier }
  | { readonly profile: 'organisation'; readonly agencyName: string; readonly province: string; readonly taxCode?: string; readonly budgetCode?: string }
  | { readonly profile: 'device'; readonly deviceName: string; readonly agency: string; readonly province: string };

const required = (profile: string, field: string, value: string | undefined): string => {
  if (!value?.trim()) throw new PkiError('PKI_SUBJECT_FIELD_MISSING', { field, profile });
  return value.trim();
};

/** The subject fields a profile writes; checks what the profile requires. */
export function subjectFieldsOf(request: SubjectRequest): SubjectFields {
  switch (request.profile) {
    case 'individual': {
      if (!['CMND', 'CCCD', 'HC'].includes(request.idNumber.kind)) throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'idNumber', reason: 'CMND, CCCD hoặc HC' });
      checkIdentifier(request.idNumber);
      required('individual', 'email', request.email);
      return { commonName: required('individual', 'fullName', request.fullName), organization: required('individual', 'agency', request.agency), province: required('individual', 'province', request.province), identifiers: [request.idNumber] };
    }
    case 'organisation': {
      const ids: Identifier[] = [];
      if (request.taxCode) ids.push({ kind: 'MST', value: request.taxCode });
      if (request.budgetCode) ids.push({ kind: 'MQHNS', value: request.budgetCode });
      if (ids.length === 0) throw new PkiError('PKI_SUBJECT_FIELD_MISSING', { field: 'taxCode', profile: 'organisation' });
      ids.forEach(checkIdentifier);
      const name = required('organisation', 'agencyName', request.agencyName);
      return { commonName: name, organization: name, province: required('organisation', 'province', request.province), identifiers: ids };
    }
    case 'device':
      return { commonName: required('device', 'deviceName', request.deviceName), organization: required('device', 'agency', request.agency), province: required('device', 'province', request.province) };
    default:
      throw new PkiError('PKI_PROFILE_UNKNOWN', { profile: String((request as { profile: unknown }).profile) });
  }
}

export function checkValidity(profile: CertificateProfile, kind: IssueKind, notBefore: Date, notAfter: Date): void {
  const max = profile.maxYears[kind];
  const limit = new Date(notBefore);
  limit.setUTCFullYear(limit.getUTCFullYear() + max);
  if (notAfter > limit || notAfter <= notBefore) {
    const years = ((notAfter.getTime() - notBefore.getTime()) / (365.25 * 86_400_000)).toFixed(1);
    throw new PkiError('PKI_VALIDITY_TOO_LONG', { years, max });
  }
}
