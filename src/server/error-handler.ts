/** The only place where error codes become HTTP statuses and localised messages. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formProblemsOf, localiseProblem } from '../office/index.ts';
import { CodedError, isCodedError, type Lang } from '../shared/coded-error.ts';
import { ServerError } from './server.errors.ts';
import { requestLang } from './lang.ts';
import { describeValidation } from './validation-messages.ts';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  SRV_VALIDATION: 400, SRV_INVALID_JSON: 400, SRV_BODY_TOO_LARGE: 413, SRV_UNSUPPORTED_MEDIA_TYPE: 415,
  SRV_BAD_URL: 400, SRV_NOT_FOUND: 404, SRV_CSRF_INVALID: 403, SRV_ORIGIN_FORBIDDEN: 403, SRV_RATE_LIMITED: 429,
  SRV_DASHBOARD_TOKEN_REQUIRED: 401, SRV_DASHBOARD_TOKEN_INVALID: 401, SRV_DASHBOARD_LOCAL_ONLY: 403,
  OFFICE_FORBIDDEN: 403, OFFICE_ROLE_NOT_GRANTABLE: 403, OFFICE_CANNOT_DEACTIVATE_SELF: 409,
  OFFICE_AUTH_INVALID_CREDENTIALS: 401, OFFICE_AUTH_OTP_REQUIRED: 401, OFFICE_AUTH_OTP_INVALID: 400,
  OFFICE_AUTH_REQUIRED: 401, OFFICE_AUTH_SESSION_EXPIRED: 401, OFFICE_AUTH_LOCKED: 423, OFFICE_AUTH_INACTIVE: 403,
  OFFICE_AGENCY_NOT_FOUND: 404, OFFICE_USER_NOT_FOUND: 404, OFFICE_ADVISORY_NOT_FOUND: 404,
  OFFICE_AGENCY_CODE_TAKEN: 409, OFFICE_USERNAME_TAKEN: 409, OFFICE_SETUP_DONE: 409,
  OFFICE_SETUP_TOKEN_INVALID: 403, OFFICE_PASSWORD_WRONG: 400, OFFICE_TOTP_NOT_STARTED: 409,
  OFFICE_CA_LOCKED: 503, OFFICE_CA_NOT_INITIALISED: 409, OFFICE_CA_EXISTS: 409, OFFICE_CA_NOT_FOUND: 404,
  OFFICE_CERTIFICATE_NOT_FOUND: 404, OFFICE_CERTIFICATE_REVOKED: 409, OFFICE_CERTIFICATE_NOT_ON_HOLD: 409,
  OFFICE_TOKEN_NOT_FOUND: 404, OFFICE_TOKEN_EXISTS: 409, OFFICE_TOKEN_TRANSITION_FORBIDDEN: 409,
  OFFICE_TOKEN_NOT_IN_STOCK: 409, OFFICE_CERTIFICATE_ON_TOKEN: 409, OFFICE_KEY_BUNDLE_REMOVED: 409,
  OFFICE_DOCUMENT_NOT_FOUND: 404, OFFICE_TRANSITION_NOT_ALLOWED: 409, OFFICE_NOT_YOUR_TURN: 409, OFFICE_SECRET_NOT_ELECTRONIC: 403,
  OFFICE_FILE_MISSING: 409, OFFICE_FILE_SIZE: 413, OFFICE_SIGNING_LOCKED: 503, OFFICE_SIGNING_SESSION_INVALID: 409,
  OFFICE_SIGNING_KEY_MISSING: 409, OFFICE_CONVERTER_MISSING: 503, OFFICE_OCR_MISSING: 503,
  OFFICE_AXIS_UNAUTHENTICATED: 401, OFFICE_AXIS_MESSAGE_NOT_FOUND: 404, OFFICE_AXIS_RECIPIENT_UNKNOWN: 404, OFFICE_AXIS_DOCUMENT_ID_REUSED: 409,
  OFFICE_REGISTER_NOT_FOUND: 404, OFFICE_CASE_FILE_NOT_FOUND: 404, OFFICE_SAVED_SEARCH_NOT_FOUND: 404, OFFICE_NOTIFICATION_NOT_FOUND: 404, OFFICE_MAIL_NOT_FOUND: 404,
  OFFICE_CASE_FILE_CLOSED: 409, OFFICE_CASE_FILE_DOCUMENT_ELSEWHERE: 409, OFFICE_SAVED_SEARCH_NAME_TAKEN: 409,
  OFFICE_FORM_INVALID: 400, OFFICE_REQUEST_BATCH_NOT_FOUND: 404, OFFICE_REQUEST_ENTRY_NOT_FOUND: 404,
  OFFICE_REQUEST_BATCH_STALE: 409, OFFICE_REQUEST_ENTRY_STALE: 409, OFFICE_REQUEST_EMPTY: 409, OFFICE_REQUEST_NOT_ALLOWED: 409,
  OFFICE_REQUEST_LETTER_SIGNER_KEY_MISSING: 409, OFFICE_REQUEST_LETTER_PENDING: 409, OFFICE_REQUEST_LETTER_ALREADY_MADE: 409, OFFICE_REQUEST_LETTER_NOT_FOUND: 404,
  OFFICE_GOVERNMENT_CA_ONLY: 409,
  OFFICE_UNUSED_ACCOUNT_OUTSIDE: 403, OFFICE_UNUSED_ACCOUNT_INACTIVE: 409,
  OFFICE_MAILBOX_NOT_FOUND: 404, OFFICE_MAILBOX_ADDRESS_TAKEN: 409, OFFICE_MAILBOX_REVOKED: 409, OFFICE_MAILBOX_STATE_UNCHANGED: 409,
  OFFICE_MAILBOX_IMPORT_TOO_LARGE: 413,
};

/** Codes not listed are input problems (400) when they come from the domain or the PKI, PAdES and edXML engines, and 500 otherwise. */
export const statusOf = (code: string): number => STATUS_BY_CODE[code] ?? (/^(OFFICE|PKI|PADES|EDXML)_/.test(code) ? 400 : 500);

/** A body limit as people say it: 1 MiB, 64 MiB, 512 KiB */
const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`);

function fromFastify(err: FastifyError, req: FastifyRequest): CodedError | undefined {
  if (err.validation) return new ServerError('SRV_VALIDATION', { problem: describeValidation(err.validation, err.validationContext) });
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServerError('SRV_INVALID_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServerError('SRV_BODY_TOO_LARGE', { limit: sizeText(req.routeOptions.bodyLimit ?? 1024 * 1024) });
    case 'FST_ERR_BAD_URL':
      return new ServerError('SRV_BAD_URL');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServerError('SRV_UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers['content-type'] ?? '').slice(0, 60) });
    default:
      return err.statusCode === 400 && err instanceof SyntaxError ? new ServerError('SRV_INVALID_JSON') : undefined;
  }
}

export function toCodedError(err: unknown, req: FastifyRequest): CodedError {
  if (isCodedError(err)) return err;
  return fromFastify(err as FastifyError, req) ?? new ServerError('SRV_INTERNAL', {}, { cause: err });
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const coded = toCodedError(err, req);
  const status = statusOf(coded.code);
  if (status >= 500) req.log.error({ err, code: coded.code }, 'request failed');
  else req.log.info({ code: coded.code }, 'request refused');
  const lang = requestLang(req);
  return reply.code(status).send({ code: coded.code, message: coded.localise(lang), requestId: req.id, ...problemsOf(coded, lang) });
}

/** A form refused: each problem by its field and row, in the reader's language, for the UI to show under the field */
function problemsOf(err: CodedError, lang: Lang): { problems?: { field: string; row: number | null; code: string; message: string }[] } {
  const problems = formProblemsOf(err);
  if (problems.length === 0) return {};
  return { problems: problems.map((p) => ({ field: p.field, row: p.row ?? null, code: p.code, message: localiseProblem(p, lang) })) };
}

/**
 * For Fastify's constructor: errors the router raises before any route or hook (a malformed percent-encoding in the
 * address) answered in our coded form too, not Fastify's own English body.
 */
export const frameworkErrors = (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => sendError(req, reply, err);

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));
}
