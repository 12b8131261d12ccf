/** JSON Schemas of the API: they validate requests, shape responses and make the OpenAPI document. */
import { AGENCY_LEVELS, ROLES } from '../office/index.ts';

export const idParam = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const errorBody = {
  type: 'object', required: ['code', 'message', 'requestId'],
  properties: {
    code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' },
    /** OFFICE_FORM_INVALID: every problem by field (its key, '' for the whole entry) and row (1-based, null for a single entry) */
    problems: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, row: { type: ['integer', 'null'] }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

export const userBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, agencyId: { type: 'string' }, username: { type: 'string' }, fullName: { type: 'string' },
    email: { type: ['string', 'null'] }, roles: { type: 'array', items: { type: 'string', enum: ROLES } },
    isActive: { type: 'boolean' }, mustChangePassword: { type: 'boolean' }, totpEnabled: { type: 'boolean' },
    lastSignInAt: { type: ['string', 'null'] }, createdAt: { type: 'string' },
  },
} as const;

export const agencyBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, shortName: { type: 'string' },
    level: { type: 'string', enum: AGENCY_LEVELS }, parentId: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
  },
} as const;

const text = (maxLength: number, minLength = 1) => ({ type: 'string', minLength, maxLength }) as const;
const nullableEmail = { type: ['string', 'null'], maxLength: 254 } as const;

export const newAgencyInput = {
  type: 'object', additionalProperties: false, required: ['code', 'name', 'shortName', 'level', 'parentId'],
  properties: {
    code: text(35), name: text(255), shortName: text(30), level: { type: 'string', enum: AGENCY_LEVELS },
    parentId: { type: 'string', format: 'uuid' }, email: nullableEmail,
  },
} as const;

export const newUserInput = {
  type: 'object', additionalProperties: false, required: ['agencyId', 'username', 'fullName', 'password', 'roles'],
  properties: {
    agencyId: { type: 'string', format: 'uuid' }, username: text(64, 3), fullName: text(120), email: nullableEmail,
    password: text(256), roles: { type: 'array', minItems: 1, maxItems: 6, items: { type: 'string', maxLength: 30 } },
  },
} as const;

export const userChangesInput = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { fullName: text(120), email: nullableEmail, roles: newUserInput.properties.roles },
} as const;

export const signInInput = {
  type: 'object', additionalProperties: false, required: ['username', 'password'],
  properties: { username: text(64), password: text(256), otp: { type: 'string', maxLength: 10 } },
} as const;

export const sessionBody = {
  type: 'object', properties: { user: userBody, csrfToken: { type: 'string' }, agency: agencyBody },
} as const;

export const setupInput = {
  type: 'object', additionalProperties: false, required: ['token', 'agency', 'admin'],
  properties: {
    token: text(100),
    agency: {
      type: 'object', additionalProperties: false, required: ['code', 'name', 'shortName', 'level'],
      properties: { code: text(35), name: text(255), shortName: text(30), level: { type: 'string', enum: AGENCY_LEVELS }, email: nullableEmail },
    },
    admin: {
      type: 'object', additionalProperties: false, required: ['username', 'fullName', 'password'],
      properties: { username: text(64, 3), fullName: text(120), email: nullableEmail, password: text(256) },
    },
  },
} as const;

export const listQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    agencyId: { type: 'string', format: 'uuid' }, q: { type: 'string', maxLength: 100 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

/** Error replies every route may give, for the OpenAPI document. */
export const errorReplies = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } as const;
