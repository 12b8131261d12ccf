import type { Transaction } from 'kysely';
import type { BlobStore, Database, Db } from '../store/index.ts';
import { appendAudit, type AuditEntry } from './audit/audit-log.ts';

/** What every office service is given: the database, the files and the clock (injected, so tests can move time). */
export interface OfficeContext {
  readonly db: Db;
  /** Document files (PDFs, attachments), content-addressed */
  readonly blobs: BlobStore;
  readonly now: () => Date;
}

export type Audit = (entry: AuditEntry) => Promise<void>;

/** Runs a change and its audit entries in one transaction: both commit, or neither does. */
export function writeWithAudit<T>(ctx: OfficeContext, work: (trx: Transaction<Database>, audit: Audit) => Promise<T>): Promise<T> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const audit: Audit = async (entry) => { await appendAudit(trx, ctx.db.dialect, ctx.now(), entry); };
    return work(trx, audit);
  });
}
