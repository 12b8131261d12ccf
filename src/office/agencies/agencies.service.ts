import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, requireRole, type Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { isAgencyCode } from './agency-code.ts';
import { findAgency, findAgencyByCode, insertAgency, selectAgencies, selectRootId, selectSubtreeIds, type AgencyRow } from './agencies.repo.ts';

export const AGENCY_LEVELS = ['province', 'department', 'district', 'office', 'commune'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Which levels may sit under which: a province holds departments and districts; those hold offices and communes. */
const CHILD_LEVELS: Record<AgencyLevel, readonly AgencyLevel[]> = {
  province: ['department', 'district'],
  department: ['office'],
  district: ['office', 'commune'],
  office: [],
  commune: [],
};

export interface Agency {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly level: AgencyLevel;
  readonly parentId: string | null;
  readonly email: string | null;
}

export interface NewAgency {
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly level: AgencyLevel;
  readonly parentId: string | null;
  readonly email?: string | null;
}

export const toAgency = (row: AgencyRow): Agency => ({
  id: row.id, code: row.code, name: row.name, shortName: row.short_name,
  level: row.level as AgencyLevel, parentId: row.parent_id, email: row.email,
});

/**
 * The agencies whose data the actor may see: an administrator sees their agency's subtree, a DIC or CA
 * operator the whole province, everyone else their own agency only.
 */
export async function visibleAgencyIds(db: Kysely<Database>, actor: Actor): Promise<string[]> {
  if (hasRole(actor, 'dic_operator') || hasRole(actor, 'ca_operator')) return selectSubtreeIds(db, await selectRootId(db, actor.agencyId));
  if (hasRole(actor, 'admin')) return selectSubtreeIds(db, actor.agencyId);
  return [actor.agencyId];
}

/** Admins act on their own agency's subtree, whatever else they may see. */
export async function requireAdminOver(db: Kysely<Database>, actor: Actor, agencyId: string): Promise<void> {
  requireRole(actor, 'admin');
  const ids = await selectSubtreeIds(db, actor.agencyId);
  if (!ids.includes(agencyId)) throw new OfficeError('OFFICE_FORBIDDEN');
}

export function createAgencyService(ctx: OfficeContext) {
  const db = ctx.db.kysely;
  return {
    async list(actor: Actor): Promise<Agency[]> {
      return (await selectAgencies(db, await visibleAgencyIds(db, actor))).map(toAgency);
    },

    async get(actor: Actor, id: string): Promise<Agency> {
      const ids = await visibleAgencyIds(db, actor);
      const row = ids.includes(id) ? await findAgency(db, id) : undefined;
      if (!row) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
      return toAgency(row);
    },

    async create(actor: Actor, input: NewAgency): Promise<Agency> {
      if (!input.parentId) throw new OfficeError('OFFICE_FORBIDDEN');
      await requireAdminOver(db, actor, input.parentId);
      return writeWithAudit(ctx, async (trx, audit) => {
        const row = await buildAgencyRow(trx, input, ctx.now());
        await insertAgency(trx, row);
        await audit({ actorId: actor.userId, agencyId: row.id, action: 'agency.created', targetType: 'agency', targetId: row.id, details: { code: row.code, name: row.name } });
        return toAgency(row);
      });
    },
  };
}

export type AgencyService = ReturnType<typeof createAgencyService>;

/** Checks a new agency against the code pattern, uniqueness and the level rules, and builds its row. */
export async function buildAgencyRow(db: Kysely<Database>, input: NewAgency, now: Date): Promise<AgencyRow> {
  if (!isAgencyCode(input.code)) throw new OfficeError('OFFICE_AGENCY_CODE_INVALID', { code: input.code });
  if (await findAgencyByCode(db, input.code)) throw new OfficeError('OFFICE_AGENCY_CODE_TAKEN', { code: input.code });
  if (input.parentId) {
    const parent = await findAgency(db, input.parentId);
    if (!parent) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
    if (!CHILD_LEVELS[parent.level as AgencyLevel].includes(input.level)) {
      throw new OfficeError('OFFICE_AGENCY_LEVEL_INVALID', { level: input.level, parentLevel: parent.level });
    }
  }
  return {
    id: randomUUID(), code: input.code, name: input.name.trim(), short_name: input.shortName.trim(), level: input.level,
    parent_id: input.parentId, email: input.email ?? null, created_at: now.toISOString(),
  };
}
