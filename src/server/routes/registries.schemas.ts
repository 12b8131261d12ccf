/** The registries' request and response shapes (official mailboxes, document-system accounts), for validation and the OpenAPI document. */
import { HOLDER_KINDS, MAILBOX_STATES } from '../../office/index.ts';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullableText = { type: ['string', 'null'] } as const;
const page = { limit: { type: 'integer', minimum: 1, maximum: 1000 }, offset: { type: 'integer', minimum: 0, maximum: 1_000_000 } } as const;

export const mailboxListQuery = {
  type: 'object', additionalProperties: false,
  properties: { agencyId: text(64), userId: text(64), state: { type: 'string', enum: MAILBOX_STATES }, ...page },
} as const;

export const accountListQuery = {
  type: 'object', additionalProperties: false,
  properties: { agencyId: text(64), state: { type: 'string', enum: ['active', 'disabled'] }, ...page },
} as const;

export const newMailboxInput = {
  type: 'object', additionalProperties: false, required: ['address', 'agencyId'],
  properties: {
    address: text(320), agencyId: text(64), holderName: text(800), holderKind: { type: 'string', enum: HOLDER_KINDS },
    holderUserId: text(64), reason: text(2000),
  },
} as const;

export const reasonInput = { type: 'object', additionalProperties: false, properties: { reason: text(2000) } } as const;

const mailboxBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, address: { type: 'string' }, agencyId: { type: 'string' }, agencyName: { type: 'string' },
    holderKind: { type: 'string', enum: HOLDER_KINDS }, holderName: { type: 'string' }, holderUserId: nullableText, holderUsername: nullableText,
    state: { type: 'string', enum: MAILBOX_STATES }, version: { type: 'integer' }, createdAt: { type: 'string' }, updatedAt: { type: 'string' }, revokedAt: nullableText,
  },
} as const;

export const mailboxReply = mailboxBody;
export const mailboxListReply = { type: 'object', properties: { items: { type: 'array', items: mailboxBody }, total: { type: 'integer' } } } as const;

export const mailboxHistoryReply = {
  type: 'object',
  properties: {
    mailbox: mailboxBody,
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          version: { type: 'integer' }, at: { type: 'string' }, actorId: nullableText, actorName: nullableText,
          from: { type: ['string', 'null'] }, to: { type: 'string' }, reason: nullableText,
          entry: { type: ['object', 'null'], properties: { id: { type: 'string' }, formId: nullableText, batchId: nullableText } },
        },
      },
    },
  },
} as const;

export const mailboxImportReply = {
  type: 'object',
  properties: {
    imported: { type: 'integer' }, agencies: { type: 'integer' }, registryStarted: { type: 'boolean' },
    byState: { type: 'object', properties: Object.fromEntries(MAILBOX_STATES.map((s) => [s, { type: 'integer' }])) },
  },
} as const;

const accountBody = {
  type: 'object',
  properties: {
    id: { type: 'string' }, username: { type: 'string' }, fullName: { type: 'string' }, email: nullableText, agencyId: { type: 'string' }, agencyName: { type: 'string' },
    state: { type: 'string', enum: ['active', 'disabled'] }, roles: { type: 'array', items: { type: 'string' } }, lastSignInAt: nullableText, createdAt: { type: 'string' },
  },
} as const;

export const accountListReply = { type: 'object', properties: { items: { type: 'array', items: accountBody }, total: { type: 'integer' } } } as const;

export const accountHistoryReply = {
  type: 'object',
  properties: {
    account: accountBody,
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' }, at: { type: 'string' }, kind: { type: 'string' }, action: { type: 'string' }, actorId: nullableText, actorName: nullableText,
          roles: { type: 'array', items: { type: 'string' } }, fields: { type: 'array', items: { type: 'string' } }, entryId: { type: 'string' },
        },
      },
    },
  },
} as const;
