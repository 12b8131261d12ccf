/** Which agency receives an area's request lists: the district's culture and information office, the province's DIC. @internal */
import type { Actor } from '../actor.ts';
import { findAgency } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import { deskOf } from './levels.ts';
import { inTransaction, kysely, type RequestContext } from './work.ts';

export function createDeskService(rc: RequestContext) {
  return {
    /** An administrator over a district or the province names its desk: the area itself or an agency directly under it */
    async set(actor: Actor, areaId: string, deskId: string): Promise<void> {
      await rc.scope.requireAdminOver(kysely(rc), actor, areaId);
      const [area, desk] = await Promise.all([findAgency(kysely(rc), areaId), findAgency(kysely(rc), deskId)]);
      if (!area) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
      const fits = (area.level === 'district' || area.level === 'province') && desk && (desk.id === area.id || desk.parent_id === area.id);
      if (!fits) throw new OfficeError('OFFICE_REQUEST_DESK_INVALID', { area: area.name });
      await inTransaction(rc, async (w) => {
        const row = { desk_agency_id: deskId, set_by: actor.userId, set_at: w.at };
        await w.trx.insertInto('request_desks').values({ area_agency_id: areaId, ...row })
          .onConflict((oc) => oc.column('area_agency_id').doUpdateSet(row)).execute();
        await w.audit({ actorId: actor.userId, agencyId: areaId, action: 'request.desk.set', targetType: 'agency', targetId: areaId, details: { desk: deskId } });
      });
    },

    get: (areaId: string) => deskOf(kysely(rc), areaId),
  };
}
