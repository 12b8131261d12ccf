/**
 * Who of an agency may see a secret document (any secrecy level): its leaders and clerks, who wrote it, and who
 * leads its handling. Everyone else of the agency neither finds it, opens it, nor gets its file. Ordinary
 * documents are open to the whole agency.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';

export const mayRead = (actor: Actor, doc: { readonly secrecy: string; readonly created_by: string | null; readonly lead_handler_id: string | null }): boolean =>
  doc.secrecy === 'thuong' || seesAllSecrets(actor) || doc.created_by === actor.userId || doc.lead_handler_id === actor.userId;

/** Leaders and clerks see the agency's secret documents */
export const seesAllSecrets = (actor: Actor): boolean => hasRole(actor, 'leader') || hasRole(actor, 'clerk');

/**
 * The document when the actor's agency holds it (and it goes `direction`, when given), locked for the rest of the
 * transaction on PostgreSQL with `forUpdate`; otherwise OFFICE_DOCUMENT_NOT_FOUND — a stranger learns no more
 * than from an id that does not exist.
 */
export async function agencyDocument(db: Kysely<Database> | Transaction<Database>, actor: Actor, id: string,
  options: { direction?: 'out' | 'in'; forUpdate?: boolean } = {}): Promise<Database['documents']> {
  const query = db.selectFrom('documents').selectAll().where('id', '=', id);
  const doc = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!doc || doc.agency_id !== actor.agencyId || (options.direction && doc.direction !== options.direction)) throw new OfficeError('OFFICE_DOCUMENT_NOT_FOUND');
  return doc;
}
