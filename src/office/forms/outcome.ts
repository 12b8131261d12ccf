/** What a single field's check returns; the field's label is added by the caller. */
import type { Params } from '../../shared/coded-error.ts';
import type { FormProblemCode } from './problems.ts';

export type CleanValue = string | number | boolean;

export type FieldOutcome =
  | { readonly ok: true; readonly value: CleanValue | undefined } // undefined: left empty
  | { readonly ok: false; readonly code: FormProblemCode; readonly params: Params };

export const accept = (value: CleanValue | undefined): FieldOutcome => ({ ok: true, value });
export const refuse = (code: FormProblemCode, params: Params = {}): FieldOutcome => ({ ok: false, code, params });

export interface FormValidationOptions {
  /** The province's mail domains (configuration), e.g. ['laichau.gov.vn']; subdomains count too. Empty: any *.gov.vn. */
  readonly officialMailDomains: readonly string[];
  /** The day of filling, yyyy-mm-dd in Vietnam; without it dates are not compared with today. */
  readonly today?: string;
}
