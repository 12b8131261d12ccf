/** JSON Schemas of the administration requests routes: the forms' catalog, lists (batches), their entries and timelines. */

const BATCH_STATES = ['draft', 'submitted', 'merged'] as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const version = { type: 'integer', minimum: 1, maximum: 2_147_483_647 } as const;
const seen = { type: 'object', additionalProperties: false, required: ['id', 'version'], properties: { id: uuid, version } } as const;
/** A row or a header as typed in the form: the forms module checks each field and refuses unknown ones */
const values = {
  type: 'object', maxProperties: 200,
  additionalProperties: { anyOf: [{ type: 'string', maxLength: 4000 }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
} as const;
const freeObject = { type: 'object', additionalProperties: true } as const;

export const versionInput = { type: 'object', additionalProperties: false, required: ['version'], properties: { version } } as const;

export const newBatchInput = {
  type: 'object', additionalProperties: false, required: ['formId'],
  properties: { formId: { type: 'string', minLength: 1, maxLength: 64 }, header: values },
} as const;

export const headerInput = { type: 'object', additionalProperties: false, required: ['version', 'header'], properties: { version, header: values } } as const;
export const rowsInput = {
  type: 'object', additionalProperties: false, required: ['version', 'rows'],
  properties: { version, rows: { type: 'array', minItems: 1, maxItems: 5000, items: values } },
} as const;
export const valuesInput = { type: 'object', additionalProperties: false, required: ['version', 'values'], properties: { version, values } } as const;
export const resubmitInput = { type: 'object', additionalProperties: false, required: ['version'], properties: { version, values } } as const;
export const reasonInput = {
  type: 'object', additionalProperties: false, required: ['version', 'reason'],
  properties: { version, reason: { type: 'string', minLength: 1, maxLength: 1000 } },
} as const;
export const withdrawInput = { type: 'object', additionalProperties: false, required: ['version'], properties: { version, reason: { type: 'string', maxLength: 1000 } } } as const;
export const doneInput = { type: 'object', additionalProperties: false, required: ['version'], properties: { version, outcome: { type: 'string', maxLength: 500 } } } as const;
export const mergeInput = {
  type: 'object', additionalProperties: false, required: ['sources'],
  properties: { sources: { type: 'array', minItems: 1, maxItems: 500, items: seen }, into: seen },
} as const;
export const approveInput = {
  type: 'object', additionalProperties: false, required: ['entries'],
  properties: { entries: { type: 'array', minItems: 1, maxItems: 5000, items: seen } },
} as const;

export const mineQuery = {
  type: 'object', additionalProperties: false,
  properties: { formId: { type: 'string', maxLength: 64 }, state: { type: 'string', enum: BATCH_STATES } },
} as const;
export const inboxQuery = { type: 'object', additionalProperties: false, properties: { formId: { type: 'string', maxLength: 64 } } } as const;

const fieldProperties = {
  key: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string' }, required: { type: 'boolean' }, of: { type: 'string' },
  note: { type: 'string' }, max: { type: 'integer' }, multiline: { type: 'boolean' }, inferred: { type: 'string' },
  options: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, label: { type: 'string' } } } },
  idKinds: { type: 'array', items: { type: 'string' } },
} as const;
const fieldBody = { type: 'object', properties: fieldProperties } as const;

/** A column is a field, or a group of fields under one printed heading (group, cell, parts) */
const columnBody = {
  type: 'object',
  properties: { ...fieldProperties, group: { type: 'string' }, cell: { type: 'string' }, parts: { type: 'array', items: fieldBody } },
} as const;

export const formBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, subject: { type: 'string' }, family: { type: 'string' }, shape: { type: 'string' },
    sources: { type: 'array', items: { type: 'object', properties: { seed: { type: 'string' }, number: { type: 'string' } } } },
    header: { type: 'array', items: fieldBody }, columns: { type: 'array', items: columnBody },
    countKey: { type: 'string' }, mailboxHolderField: { type: 'string' },
  },
} as const;

export const batchBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, formId: { type: 'string' }, agencyId: { type: 'string' }, level: { type: 'string' }, state: { type: 'string' },
    header: freeObject, targetAgencyId: nullableString, targetLevel: nullableString, mergedInto: nullableString, version: { type: 'integer' },
    createdBy: nullableString, createdAt: { type: 'string' }, updatedBy: nullableString, updatedAt: { type: 'string' }, submittedAt: nullableString,
  },
} as const;

export const entryBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, formId: { type: 'string' }, batchId: { type: 'string' }, originBatchId: { type: 'string' }, originAgencyId: { type: 'string' },
    values: freeObject, state: { type: 'string' }, reason: nullableString, returnedByAgencyId: nullableString, outcome: nullableString,
    version: { type: 'integer' }, createdBy: nullableString, updatedBy: nullableString, updatedAt: { type: 'string' },
  },
} as const;

export const batchViewBody = { type: 'object', properties: { ...batchBody.properties, entries: { type: 'array', items: entryBody } } } as const;

export const eventBody = {
  type: 'object',
  properties: {
    version: { type: 'integer' }, action: { type: 'string' }, from: nullableString, to: { type: 'string' }, batchId: { type: 'string' },
    actorId: nullableString, actorName: nullableString, agencyId: nullableString, at: { type: 'string' }, reason: nullableString, details: freeObject,
  },
} as const;

export const addedBody = { type: 'object', properties: { batch: batchBody, entries: { type: 'array', items: entryBody } } } as const;
export const entryTimelineBody = { type: 'object', properties: { entry: entryBody, events: { type: 'array', items: eventBody } } } as const;

/** What the CA did for one approved entry; the one-time password is in this answer only (never stored, never logged) */
export const carryReportBody = {
  type: 'object',
  properties: {
    entryId: { type: 'string' }, ok: { type: 'boolean' }, action: { type: 'string' }, outcome: { type: 'string' }, serial: { type: 'string' },
    subject: { type: 'string' }, holderName: { type: 'string' }, replacedSerial: { type: 'string' }, tokenSerial: { type: 'string' },
    hasKeyBundle: { type: 'boolean' }, oneTimePassword: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' },
  },
} as const;
export const approvalBody = { type: 'object', properties: { entries: { type: 'array', items: entryBody }, carried: { type: 'array', items: carryReportBody } } } as const;
export const lostTokenBody = { type: 'object', properties: { entry: entryBody, serial: nullableString, tokenSerial: nullableString, outcome: { type: 'string' } } } as const;

const nullableInt = { type: ['integer', 'null'] } as const;
/** A list's covering letter as the list shows it */
export const letterBody = {
  type: 'object',
  properties: {
    batchId: { type: 'string' }, state: { type: 'string' }, notation: { type: 'string' }, recipient: { type: 'string' }, signerId: { type: 'string' },
    at: { type: 'string' }, size: nullableInt, entries: nullableInt,
  },
} as const;
export const madeLetterBody = { type: 'object', properties: { letter: letterBody, isNew: { type: 'boolean' } } } as const;
/** A request filed in a list, with where it is now */
export const filedBody = {
  type: 'object',
  properties: {
    entry: entryBody, batchId: { type: 'string' }, batchAgencyId: { type: 'string' }, batchLevel: { type: 'string' }, batchState: { type: 'string' },
    withAgencyId: { type: ['string', 'null'] },
  },
} as const;
