/**
 * "Not received" alerts on the office's side (specs.md §4.6): a document sent over the axis that a recipient has
 * not reported arrived or registered (01/03) by the deadline warns the sender's clerks; an arrival from the axis
 * not registered by then warns the receiving agency's clerks. Urgent documents are late after two hours, others
 * after the end of the next day (hub.ts isOverdue). Each warning is made once (a unique key per document).
 */
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { createNotification } from '../notifications/notifications.ts';
import { isOverdue } from './hub.ts';

const PRIORITY: Record<string, number> = { thuong: 0, khan: 1, 'thuong-khan': 2, 'hoa-toc': 3 };

export async function raiseAxisAlerts(ctx: OfficeContext): Promise<number> {
  const db = ctx.db.kysely;
  const now = ctx.now();
  const unanswered = await db.selectFrom('document_deliveries').innerJoin('documents', 'documents.id', 'document_deliveries.document_id')
    .select(['documents.id', 'documents.agency_id', 'documents.notation', 'documents.urgency', 'document_deliveries.target', 'document_deliveries.updated_at'])
    .where('document_deliveries.kind', '=', 'agency').where('document_deliveries.status', '=', 'sent')
    .where((eb) => eb.or([eb('document_deliveries.business_status', 'is', null), eb('document_deliveries.business_status', 'not in', ['01', '02', '03', '04', '05', '06'])])).execute();
  const unregistered = await db.selectFrom('documents').select(['id', 'agency_id', 'notation', 'urgency', 'sender', 'created_at'])
    .where('direction', '=', 'in').where('status', '=', 'arrived').where('axis_message_id', 'is not', null).execute();
  const late = [
    ...unanswered.filter((d) => isOverdue(PRIORITY[d.urgency] ?? 0, d.updated_at, now)).map((d) => ({
      agencyId: d.agency_id, documentId: d.id, key: `axis-unanswered:${d.id}:${d.target}`,
      title: `Chưa có xác nhận nhận văn bản ${d.notation ?? ''}`.trim(), body: `Cơ quan ${d.target} chưa báo đã nhận hoặc đã tiếp nhận văn bản qua trục liên thông quá thời hạn.`,
    })),
    ...unregistered.filter((d) => isOverdue(PRIORITY[d.urgency] ?? 0, d.created_at, now)).map((d) => ({
      agencyId: d.agency_id, documentId: d.id, key: `axis-unregistered:${d.id}`,
      title: `Văn bản đến ${d.notation ?? ''} chưa vào sổ`.trim(), body: `Văn bản của ${d.sender ?? 'cơ quan gửi'} nhận qua trục liên thông đã quá thời hạn vào sổ.`,
    })),
  ];
  let raised = 0;
  for (const alert of late) {
    const clerks = await db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id')
      .where('users.agency_id', '=', alert.agencyId).where('user_roles.role', '=', 'clerk').where('users.is_active', '=', 1).execute();
    await writeWithAudit(ctx, async (trx, audit) => {
      let made = 0;
      for (const clerk of clerks) {
        if (await createNotification(trx, ctx, { userId: clerk.id, kind: 'axis_alert', title: alert.title, body: alert.body, documentId: alert.documentId, uniqueKey: `${alert.key}:${clerk.id}` })) made++;
      }
      if (made) await audit({ actorId: null, agencyId: alert.agencyId, action: 'axis.alert', targetType: 'document', targetId: alert.documentId, details: { key: alert.key, clerks: made } });
      raised += made;
    });
  }
  return raised;
}
