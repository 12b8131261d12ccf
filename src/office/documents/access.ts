/**
 * Who of an agency may see a secret document (any secrecy level): its leaders and clerks, who wrote it, and who
 * leads its handling. Everyone else of the agency neither finds it, opens it, nor gets its file. Ordinary
 * documents are open to the whole agency.
 */
import { hasRole, type Actor } from '../actor.ts';

export const mayRead = (actor: Actor, doc: { readonly secrecy: string; readonly created_by: string | null; readonly lead_handler_id: string | null }): boolean =>
  doc.secrecy === 'thuong' || seesAllSecrets(actor) || doc.created_by === actor.userId || doc.lead_handler_id === actor.userId;

/** Leaders and clerks see the agency's secret documents */
export const seesAllSecrets = (actor: Actor): boolean => hasRole(actor, 'leader') || hasRole(actor, 'clerk');
