/** What the sender sees of a document sent over the axis: per recipient agency, the transport state and the business statuses. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

export interface AxisTracking {
  readonly agency: string;
  readonly state: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly messageId: string | null;
  readonly status: string | null;
  readonly timeline: readonly { code: string; description: string | null; at: string }[];
}

export async function axisTracking(db: Kysely<Database>, documentId: string): Promise<AxisTracking[]> {
  const deliveries = await db.selectFrom('document_deliveries').selectAll().where('document_id', '=', documentId).where('kind', '=', 'agency').orderBy('target').execute();
  // Reports within one second (the edXML timestamp's grain) follow the order of their codes
  const statuses = await db.selectFrom('axis_statuses').selectAll().where('document_id', '=', documentId).orderBy('reported_at').orderBy('status_code').execute();
  return deliveries.map((d) => ({
    agency: d.target, state: d.status, attempts: d.attempts ?? 0, lastError: d.last_error, messageId: d.message_id, status: d.business_status,
    timeline: statuses.filter((s) => s.agency_code === d.target).map((s) => ({ code: s.status_code, description: s.description, at: s.reported_at })),
  }));
}
