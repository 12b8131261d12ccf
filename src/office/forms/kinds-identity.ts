/**
 * Identifiers on the forms: ID papers, tax and budget codes, certificate and token serials, names and the
 * SIM PKI operator. Each returns the written value in one canonical spelling, so lists compare and dedupe.
 */
import type { FieldDef, IdKind } from './form-types.ts';
import { accept, refuse, type FieldOutcome } from './outcome.ts';

const ID_PATTERNS: Readonly<Record<IdKind, RegExp>> = { cmnd: /^\d{9}$/, cccd: /^\d{12}$/, passport: /^[A-Z]\d{7}$/ };
const ID_WORDS: Readonly<Record<IdKind, { vi: string; en: string }>> = {
  cmnd: { vi: 'CMND 9 chữ số', en: 'a 9-digit ID card' },
  cccd: { vi: 'CCCD 12 chữ số', en: 'a 12-digit citizen card' },
  passport: { vi: 'hộ chiếu gồm 1 chữ cái và 7 chữ số (ví dụ C1234567)', en: 'a passport: one letter and 7 digits (e.g. C1234567)' },
};
const ALL_IDS: readonly IdKind[] = ['cmnd', 'cccd', 'passport'];

export function idKindOf(number: string): IdKind | undefined {
  return ALL_IDS.find((k) => ID_PATTERNS[k].test(number));
}

export function checkIdNumber(text: string, field: FieldDef): FieldOutcome {
  const kinds = field.idKinds ?? ALL_IDS;
  const number = text.replace(/\s/g, '').toUpperCase();
  if (kinds.some((k) => ID_PATTERNS[k].test(number))) return accept(number);
  return refuse('FORM_ID_NUMBER_INVALID', { accepted: kinds.map((k) => ID_WORDS[k].vi).join(' hoặc '), acceptedEn: kinds.map((k) => ID_WORDS[k].en).join(' or ') });
}

/** 10 digits; 13 for a branch or dependent unit, written 10-3 (13 bare digits are given their dash). */
export function checkTaxCode(text: string, field: FieldDef): FieldOutcome {
  const code = text.replace(/\s/g, '');
  if (/^\d{10}$/.test(code) || /^\d{10}-\d{3}$/.test(code)) return accept(code);
  if (/^\d{13}$/.test(code)) return accept(`${code.slice(0, 10)}-${code.slice(10)}`);
  if (field.taxHolder === 'person' && /^\d{12}$/.test(code)) return accept(code);
  const person = field.taxHolder === 'person';
  return refuse('FORM_TAX_CODE_INVALID', {
    person: person ? ', hoặc số định danh cá nhân 12 chữ số' : '',
    personEn: person ? ', or the 12-digit personal number' : '',
  });
}

export function checkBudgetCode(text: string): FieldOutcome {
  const code = text.replace(/\s/g, '');
  return /^\d{7}$/.test(code) ? accept(code) : refuse('FORM_BUDGET_CODE_INVALID');
}

/** Hex as office/pki keeps serials (lower case); colons and spaces from certificate viewers are dropped. */
export function checkCertificateSerial(text: string): FieldOutcome {
  const serial = text.replace(/[\s:]/g, '').toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{1,40}$/.test(serial) ? accept(serial) : refuse('FORM_SERIAL_INVALID');
}

export function checkTokenSerial(text: string): FieldOutcome {
  const serial = text.replace(/\s/g, '');
  return /^[A-Za-z0-9._:-]{4,64}$/.test(serial) ? accept(serial) : refuse('FORM_TOKEN_SERIAL_INVALID');
}

const NAME = /^\p{L}[\p{L}\p{M}]*(?:[ .'’-]+[\p{L}\p{M}]+)*\.?$/u;

/** Names are accepted as written unless the form asks for capitals ("Họ và tên (chữ in hoa)"). */
export function checkName(text: string, upper: boolean): FieldOutcome {
  if (!NAME.test(text)) return refuse('FORM_NAME_INVALID');
  if (upper && text !== text.toLocaleUpperCase('vi')) return refuse('FORM_NAME_NOT_UPPER');
  return accept(text);
}

export const SIM_PKI_OPERATORS = ['Viettel', 'Vinaphone', 'Mobifone'] as const;
export type SimPkiOperator = (typeof SIM_PKI_OPERATORS)[number];

/**
 * Seed 000 note (2): write the operator (Viettel, Vinaphone, Mobifone) to get a SIM PKI; add "cs" to move
 * the number in use onto it, e.g. "Viettel/cs". Written canonically as "Viettel" or "Viettel/cs".
 */
export function parseSimPki(text: string): { operator: SimPkiOperator; convertCurrentNumber: boolean } | undefined {
  const m = /^(viettel|vinaphone|mobifone)\s*(\/\s*cs)?$/i.exec(text.trim());
  if (!m) return undefined;
  const operator = SIM_PKI_OPERATORS.find((o) => o.toLowerCase() === m[1]!.toLowerCase())!;
  return { operator, convertCurrentNumber: m[2] !== undefined };
}

export function checkSimPki(text: string): FieldOutcome {
  const sim = parseSimPki(text);
  return sim ? accept(sim.convertCurrentNumber ? `${sim.operator}/cs` : sim.operator) : refuse('FORM_SIM_PKI_INVALID');
}
