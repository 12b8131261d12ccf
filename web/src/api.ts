/** The browser's side of the API: JSON in and out, the CSRF token on every change, errors as ApiError. */
import type { Agency, AuditRecord, User } from '../../src/office/index.ts';

export type { Agency, AuditRecord, User };
export interface Session { user: User; csrfToken: string; agency: Agency }

/** A form refused by the server (OFFICE_FORM_INVALID): one problem of a field ('' for the whole entry), by row when a list was sent */
export interface FieldProblem { field: string; row: number | null; code: string; message: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly problems: readonly FieldProblem[] = []) { super(message); }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => { csrfToken = token; };
let lang = 'vi';
export const setApiLang = (value: string) => { lang = value; };

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': lang };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  return answerOf<T>(await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' }));
}

/** The server's JSON answer, or its coded refusal as an ApiError */
async function answerOf<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({ code: 'SRV_INTERNAL', message: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, data.code, data.message, Array.isArray(data.problems) ? data.problems : []);
  return data as T;
}

/** A file sent as a form would send it (multipart), with the CSRF token */
export async function upload<T>(url: string, file: File, fields: Record<string, string | undefined> = {}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
  form.append('file', file, file.name);
  return answerOf<T>(await fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrfToken, 'accept-language': lang }, body: form, credentials: 'same-origin' }));
}

/** A file sent as it is (the body raw), for endpoints that read the bytes themselves */
export async function sendFile<T>(url: string, file: File): Promise<T> {
  return answerOf<T>(await fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrfToken, 'accept-language': lang, 'content-type': 'application/octet-stream' }, body: file, credentials: 'same-origin' }));
}

/** A document as the lists and the detail page show it */
export interface DocumentRow {
  id: string; direction: 'in' | 'out'; typeCode: string; subject: string; urgency: string; secrecy: string; status: string;
  number: number | null; notation: string | null; documentDate: string | null; sender: string | null; signerName: string | null;
  fileName: string | null; dueDate: string | null; createdAt: string;
  /** Issued: a paper copy went too; null when not recorded (incoming, or issued before it was asked) */
  paperCopy?: boolean | null;
}
