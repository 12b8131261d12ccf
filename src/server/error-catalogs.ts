/** Every error catalog of the project, for the registry test and the generated docs/errors.md. */
import { PKI_MESSAGES } from '../pki/pki.errors.ts';
import { PADES_MESSAGES } from '../pades/pades.errors.ts';
import { EDXML_MESSAGES } from '../edxml/edxml.errors.ts';
import { FORM_PROBLEM_MESSAGES, OFFICE_MESSAGES } from '../office/index.ts';
import { SRV_MESSAGES } from './server.errors.ts';
import { STORE_MESSAGES } from '../store/index.ts';
import type { Catalog } from '../shared/coded-error.ts';

export const CATALOGS: Readonly<Record<string, Catalog>> = {
  STORE_: STORE_MESSAGES,
  OFFICE_: OFFICE_MESSAGES,
  /** A form's field problems, sent in `problems[]` of OFFICE_FORM_INVALID */
  FORM_: FORM_PROBLEM_MESSAGES,
  SRV_: SRV_MESSAGES,
  PKI_: PKI_MESSAGES,
  PADES_: PADES_MESSAGES,
  EDXML_: EDXML_MESSAGES,
};
