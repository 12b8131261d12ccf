/**
 * Subjects of certificates as Vietnamese CAs write them: the person's or agency's name, the agency, the
 * province, C=VN, and the identifiers in the UID attribute with a prefix each, e.g.
 * `UID=MST:0801206940-CMND:030084004974` (specs.md §5).
 */
import { x509 } from './crypto.ts';
import { PkiError } from './pki.errors.ts';

export const OID = {
  CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', ST: '2.5.4.8', C: '2.5.4.6', UID: '0.9.2342.19200300.100.1.1',
} as const;
const UID_NAME = { UID: OID.UID };

export type IdentifierKind = 'MST' | 'CMND' | 'CCCD' | 'HC' | 'MQHNS';
export interface Identifier { readonly kind: IdentifierKind; readonly value: string }

const IDENTIFIER_PATTERNS: Record<IdentifierKind, RegExp> = {
  MST: /^\d{10}(\d{3})?$/, CMND: /^\d{9}$/, CCCD: /^\d{12}$/, HC: /^[A-Z]\d{7,8}$/,
  MQHNS: /^\d{7}$/, // budget relationship code (mã quan hệ ngân sách); its prefix is *unconfirmed* (specs.md §5)
};

export function checkIdentifier(id: Identifier): void {
  if (!IDENTIFIER_PATTERNS[id.kind]?.test(id.value)) throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: id.kind, reason: `"${id.value}"` });
}

export const formatUid = (ids: readonly Identifier[]): string => ids.map((id) => `${id.kind}:${id.value}`).join('-');

/** Reads `MST:…-CMND:…` back; parts with an unknown prefix are kept aside, not dropped silently. */
export function parseUid(uid: string): { identifiers: Identifier[]; unknown: string[] } {
  const identifiers: Identifier[] = [];
  const unknown: string[] = [];
  for (const part of uid.split('-')) {
    const match = /^(MST|CMND|CCCD|HC|MQHNS):(.+)$/.exec(part.trim());
    if (match) identifiers.push({ kind: match[1] as IdentifierKind, value: match[2] ?? '' });
    else if (part.trim()) unknown.push(part.trim());
  }
  return { identifiers, unknown };
}

export interface SubjectFields {
  readonly commonName: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  readonly locality?: string;
  readonly province?: string;
  readonly identifiers?: readonly Identifier[];
}

/** An X.501 name in the fixed order we write and compare. */
export function buildName(fields: SubjectFields): x509.Name {
  const rdns: Record<string, string[]>[] = [{ [OID.C]: ['VN'] }];
  if (fields.province) rdns.push({ [OID.ST]: [fields.province] });
  if (fields.locality) rdns.push({ [OID.L]: [fields.locality] });
  if (fields.organization) rdns.push({ [OID.O]: [fields.organization] });
  if (fields.organizationalUnit) rdns.push({ [OID.OU]: [fields.organizationalUnit] });
  rdns.push({ [OID.CN]: [fields.commonName] });
  if (fields.identifiers?.length) rdns.push({ [OID.UID]: [formatUid(fields.identifiers)] });
  return new x509.Name(rdns, UID_NAME);
}

/** Names compare by their attributes, not their encoding (a PrintableString and a UTF8String of one value are equal). */
export function sameName(a: x509.Name, b: x509.Name): boolean {
  const canon = (n: x509.Name) => JSON.stringify(new x509.Name(n.toArrayBuffer(), UID_NAME).toJSON()
    .map((rdn) => Object.entries(rdn).map(([k, v]) => [k, v.map((s) => s.normalize('NFC').trim())])));
  return canon(a) === canon(b);
}

export const nameText = (name: x509.Name): string => new x509.Name(name.toArrayBuffer(), UID_NAME).toString();
