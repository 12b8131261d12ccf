/**
 * The append-only audit log. Each entry carries the hash of the one before it, so removing or editing an
 * entry breaks the chain from there on. Appends run inside the caller's transaction: the entry commits
 * with the change it records, or neither does.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditLogTable, Database, Dialect } from '../../store/index.ts';

export interface AuditEntry {
  readonly actorId: string | null;
  readonly agencyId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

type Hashed = Omit<AuditLogTable, 'hash'>;

export function hashAuditEntry(row: Hashed): string {
  const body = JSON.stringify([row.seq, row.at, row.actor_id, row.agency_id, row.action, row.target_type, row.target_id, row.details]);
  return createHash('sha256').update(row.prev_hash).update('\n').update(body).digest('hex');
}

export async function appendAudit(trx: Transaction<Database>, dialect: Dialect, at: Date, entry: AuditEntry): Promise<number> {
  // Locking the head row serialises appends across PostgreSQL connections; SQLite has one writer anyway.
  const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  const row: Hashed = {
    seq: head.seq + 1,
    at: at.toISOString(),
    actor_id: entry.actorId,
    agency_id: entry.agencyId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    details: JSON.stringify(entry.details ?? {}),
    prev_hash: head.hash,
  };
  const hash = hashAuditEntry(row);
  await trx.insertInto('audit_log').values({ ...row, hash }).execute();
  await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
  return row.seq;
}

export type AuditVerdict =
  | { readonly ok: true; readonly entries: number }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number; readonly reason: 'hash' | 'link' | 'gap' | 'head' };

/** Walks the chain in pages and names the first entry whose hash, link or sequence does not hold. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 1000): Promise<AuditVerdict> {
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq)
      .orderBy('seq').limit(pageSize).execute();
    for (const row of page) {
      const entries = expectedSeq - 1;
      if (row.seq !== expectedSeq) return { ok: false, entries, brokenAt: expectedSeq, reason: 'gap' };
      if (row.prev_hash !== prevHash) return { ok: false, entries, brokenAt: row.seq, reason: 'link' };
      if (hashAuditEntry(row) !== row.hash) return { ok: false, entries, brokenAt: row.seq, reason: 'hash' };
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (page.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const entries = expectedSeq - 1;
  // The head catches a deleted tail, which no link inside the chain can show.
  if (head.seq !== entries || head.hash !== prevHash) return { ok: false, entries, brokenAt: Math.min(head.seq, entries + 1), reason: 'head' };
  return { ok: true, entries };
}

export interface AuditRecord {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly agencyId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly details: Record<string, unknown>;
}

export async function listAudit(db: Kysely<Database>, agencyIds: readonly string[], limit: number, beforeSeq?: number): Promise<AuditRecord[]> {
  if (agencyIds.length === 0) return [];
  let query = db.selectFrom('audit_log').selectAll().where('agency_id', 'in', agencyIds).orderBy('seq', 'desc').limit(limit);
  if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
  const rows = await query.execute();
  return rows.map((r) => ({
    seq: r.seq, at: r.at, actorId: r.actor_id, agencyId: r.agency_id, action: r.action,
    targetType: r.target_type, targetId: r.target_id, details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
