/** JSON Schemas of the records routes: register exports, case files and saved searches. */
import { ACCESS_LEVELS, EXPORT_FORMATS, RELIABILITY_LEVELS, RETENTION_PERMANENT } from '../../office/index.ts';

const text = (maxLength: number, minLength = 1) => ({ type: 'string', minLength, maxLength }) as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const registerExportQuery = {
  type: 'object', additionalProperties: false, required: ['year', 'direction', 'format'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2999 }, direction: { type: 'string', enum: ['out', 'in'] },
    series: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' }, format: { type: 'string', enum: EXPORT_FORMATS },
  },
} as const;

/** A file to download, for the OpenAPI document */
export const download = (...types: string[]) => ({
  200: { description: types.join(' hoặc '), content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) },
});

const retention = { anyOf: [{ type: 'integer', minimum: 1, maximum: 100 }, { type: 'string', enum: [RETENTION_PERMANENT] }] } as const;
const caseFileFields = {
  title: text(1000), retention, accessLevel: { type: 'string', enum: ACCESS_LEVELS },
  languages: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string', pattern: '^[a-z]{2,3}$' } },
  keywords: { type: 'array', maxItems: 20, items: text(100) }, informationSign: { type: ['string', 'null'], maxLength: 50 },
  reliability: { type: 'string', enum: RELIABILITY_LEVELS },
} as const;

export const newCaseFileInput = {
  type: 'object', additionalProperties: false, required: ['title', 'retention'],
  properties: { ...caseFileFields, year: { type: 'integer', minimum: 2000, maximum: 2999 } },
} as const;

export const caseFileChangesInput = { type: 'object', additionalProperties: false, minProperties: 1, properties: caseFileFields } as const;

export const caseFileListQuery = {
  type: 'object', additionalProperties: false,
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2999 }, status: { type: 'string', enum: ['open', 'closed'] } },
} as const;

export const documentIdInput = { type: 'object', additionalProperties: false, required: ['documentId'], properties: { documentId: uuid } } as const;
export const caseFileDocumentParams = { type: 'object', additionalProperties: false, required: ['id', 'documentId'], properties: { id: uuid, documentId: uuid } } as const;

const caseFileProperties = {
  id: { type: 'string' }, code: { type: 'string' }, year: { type: 'integer' }, title: { type: 'string' }, retention: { type: ['integer', 'string'] },
  accessLevel: { type: 'string' }, languages: { type: 'array', items: { type: 'string' } }, keywords: { type: 'array', items: { type: 'string' } },
  informationSign: nullableString, reliability: { type: 'string' }, status: { type: 'string' }, startDate: nullableString, endDate: nullableString,
  documentCount: { type: 'integer' }, pages: { type: 'integer' }, createdBy: nullableString, createdAt: { type: 'string' }, closedAt: nullableString,
} as const;

export const caseFileBody = { type: 'object', properties: caseFileProperties } as const;

export const caseFileDetailBody = {
  type: 'object',
  properties: {
    ...caseFileProperties,
    documents: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          position: { type: 'integer' }, pages: { type: ['integer', 'null'] }, documentId: { type: 'string' }, direction: { type: 'string' },
          typeCode: { type: 'string' }, subject: { type: 'string' }, notation: nullableString, documentDate: nullableString, sender: nullableString,
        },
      },
    },
  },
} as const;

const savedQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 }, typeCode: { type: 'string', maxLength: 40 }, direction: { type: 'string', enum: ['out', 'in'] },
    status: { type: 'string', maxLength: 30 }, from: { type: 'string', maxLength: 10 }, to: { type: 'string', maxLength: 10 },
  },
} as const;

export const savedSearchInput = { type: 'object', additionalProperties: false, required: ['name', 'query'], properties: { name: text(100), query: savedQuery } } as const;
export const savedSearchBody = {
  type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, query: savedQuery, createdAt: { type: 'string' }, updatedAt: { type: 'string' } },
} as const;

export const pageQuery = {
  type: 'object', additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 }, offset: { type: 'integer', minimum: 0, default: 0 } },
} as const;

const documentBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, direction: { type: 'string' }, typeCode: { type: 'string' }, subject: { type: 'string' }, urgency: { type: 'string' },
    secrecy: { type: 'string' }, status: { type: 'string' }, number: { type: ['integer', 'null'] }, notation: nullableString, documentDate: nullableString,
    sender: nullableString, signerName: nullableString, fileName: nullableString, dueDate: nullableString, createdAt: { type: 'string' },
    paperCopy: { type: ['boolean', 'null'] },
  },
} as const;

export const savedSearchResults = {
  type: 'object',
  properties: { search: savedSearchBody, total: { type: 'integer' }, totalIsExact: { type: 'boolean' }, documents: { type: 'array', items: documentBody } },
} as const;
