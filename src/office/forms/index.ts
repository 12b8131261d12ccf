/** Administration forms (issue 7): the catalog of the seeds' request forms and their validation. */
export type { Column, ColumnGroup, FieldDef, FieldKind, FormDef, FormRule, FormSource, IdKind, SeedId, ChoiceOption } from './form-types.ts';
export { FORMS, formById, rowFields, columnLabels, isColumnGroup } from './catalog.ts';
export { validateEntry, validateList, requireValidEntry, MAX_LIST_ROWS, type EntryResult, type ListResult, type ListInput } from './validate.ts';
export { checkMailboxHolder, validateEntryWithLookups, type MailboxLookup } from './mailbox-rule.ts';
export { FORM_PROBLEM_MESSAGES, localiseProblem, type FormProblem, type FormProblemCode } from './problems.ts';
export type { CleanValue, FormValidationOptions } from './outcome.ts';
export type { CleanEntry } from './rules.ts';
export { isFreeMailDomain, FREE_MAIL_DOMAINS } from './kinds-contact.ts';
export { idKindOf, parseSimPki, SIM_PKI_OPERATORS } from './kinds-identity.ts';
export { parseFormDate } from './kinds-date.ts';
