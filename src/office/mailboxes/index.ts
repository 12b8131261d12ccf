/**
 * The official mailbox registry (issue 7, "Registries"): mailboxes per agency and person with state and history,
 * recorded and revoked by hand or by the mailbox request lists marked done, and the gate of the personal-certificate
 * request (seed 000: only holders of an official mailbox). No HTTP here.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { Audit, OfficeContext } from '../context.ts';
import type { RequestEntry } from '../requests/index.ts';
import { importMailboxes } from './mailbox-import.ts';
import { applyMailboxEntry } from './mailbox-requests.ts';
import { mailboxTemplate } from './mailbox-sheet.ts';
import { createMailboxService, type MailboxOptions } from './mailboxes.service.ts';

export function createMailboxRegistry(ctx: OfficeContext, scope: AgencyScope, options: MailboxOptions) {
  return {
    ...createMailboxService(ctx, scope, options),
    /** An XLSX or CSV of mailboxes recorded all at once, or refused whole with every bad row's reason */
    importFile: (actor: Actor, bytes: Uint8Array) => importMailboxes(ctx, scope, options.officialMailDomains, actor, bytes),
    /** The XLSX the import reads, its columns headed */
    importTemplate: mailboxTemplate,
    /** For RequestOptions.onDone: a mailbox list's entry marked done, carried in the same transaction */
    applyDoneEntry: (w: { trx: Transaction<Database>; audit: Audit; at: string }, entry: RequestEntry, actor: Actor) =>
      applyMailboxEntry({ trx: w.trx, audit: w.audit, dialect: ctx.db.dialect, at: w.at, actorId: actor.userId, actorAgencyId: actor.agencyId }, entry, options.officialMailDomains),
  };
}

export type MailboxRegistry = ReturnType<typeof createMailboxRegistry>;
export { registryMailboxLookup } from './mailbox-lookup.ts';
export { recordMailbox, type Change, type MailboxRecord } from './mailbox-changes.ts';
export { MAILBOX_STATES, HOLDER_KINDS, type HolderKind, type Mailbox, type MailboxEvent, type MailboxQuery, type MailboxState, type NewMailbox } from './mailboxes.types.ts';
export type { MailboxOptions } from './mailboxes.service.ts';
export type { MailboxImportSummary } from './mailbox-import.ts';
export { MAX_IMPORT_BYTES as MAX_MAILBOX_IMPORT_BYTES } from './mailbox-sheet.ts';
