/**
 * Where a list goes and who acts at each level. The agencies' parent relation gives the levels: a commune (or a
 * district's office) sits under a district, a district and a department under the province. Each district and
 * the province name a desk in request_desks (the district's culture and information office, the province's DIC);
 * without one the area's agency itself is its desk. @internal
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor, type Role } from '../actor.ts';
import { findAgency } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { BatchLevel, UpperLevel } from './requests.types.ts';

type AgencyRow = NonNullable<Awaited<ReturnType<typeof findAgency>>>;

/** Who files and acts at each level: a unit's clerk or IT officer, the district desk's clerk or administrator, the DIC's operator */
export const LEVEL_ROLES: Readonly<Record<BatchLevel, readonly Role[]>> = {
  unit: ['clerk', 'admin'],
  district: ['clerk', 'admin'],
  province: ['dic_operator'],
};

const MAX_DEPTH = 16;

/** The agency and its ancestors, itself first, the province last */
export async function chainOf(db: Kysely<Database>, agencyId: string): Promise<AgencyRow[]> {
  const chain: AgencyRow[] = [];
  let current = await findAgency(db, agencyId);
  while (current && chain.length < MAX_DEPTH) {
    chain.push(current);
    current = current.parent_id ? await findAgency(db, current.parent_id) : undefined;
  }
  return chain;
}

export async function deskOf(db: Kysely<Database>, areaId: string): Promise<string> {
  const row = await db.selectFrom('request_desks').select('desk_agency_id').where('area_agency_id', '=', areaId).executeTakeFirst();
  return row?.desk_agency_id ?? areaId;
}

/** The area a desk serves at a level: the district above (or of) it, or the province */
async function areaOf(db: Kysely<Database>, agencyId: string, level: UpperLevel): Promise<AgencyRow | undefined> {
  const chain = await chainOf(db, agencyId);
  const root = chain.at(-1);
  if (level === 'province') return root?.level === 'province' ? root : undefined;
  return chain.find((a) => a.level === 'district');
}

/** Where a list of this agency at this level is submitted: the desk of the district above, then of the province */
export async function upperOf(db: Kysely<Database>, agencyId: string, level: BatchLevel): Promise<{ level: UpperLevel; deskId: string }> {
  if (level === 'unit') {
    const district = await areaOf(db, agencyId, 'district');
    if (district) return { level: 'district', deskId: await deskOf(db, district.id) };
  }
  const province = level === 'province' ? undefined : await areaOf(db, agencyId, 'province');
  if (!province) {
    const agency = await findAgency(db, agencyId);
    throw new OfficeError('OFFICE_REQUEST_NO_UPPER_LEVEL', { agency: agency?.name ?? agencyId });
  }
  return { level: 'province', deskId: await deskOf(db, province.id) };
}

/** May the actor act as this desk at this level? The DIC's operators act for their own province's desk. */
export async function isDeskActor(db: Kysely<Database>, actor: Actor, deskId: string, level: BatchLevel): Promise<boolean> {
  if (!LEVEL_ROLES[level].some((role) => hasRole(actor, role))) return false;
  if (level !== 'province' || actor.agencyId === deskId) return actor.agencyId === deskId;
  const [mine, desk] = await Promise.all([chainOf(db, actor.agencyId), chainOf(db, deskId)]);
  return mine.at(-1)?.id !== undefined && mine.at(-1)?.id === desk.at(-1)?.id;
}

export async function requireDeskActor(db: Kysely<Database>, actor: Actor, deskId: string | null, level: BatchLevel): Promise<void> {
  if (!deskId || !(await isDeskActor(db, actor, deskId, level))) throw new OfficeError('OFFICE_FORBIDDEN');
}

/** A unit files for its own agency only */
export function requireUnitActor(actor: Actor, agencyId: string): void {
  if (actor.agencyId !== agencyId || !LEVEL_ROLES.unit.some((role) => hasRole(actor, role))) throw new OfficeError('OFFICE_FORBIDDEN');
}
