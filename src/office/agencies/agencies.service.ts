import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { isAgencyCode } from './agency-code.ts';
import type { AgencyScope } from './agency-scope.ts';
import { findAgency, findAgencyByCode, insertAgency, selectAgencies, type AgencyRow } from './agencies.repo.ts';

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

export function createAgencyService(ctx: OfficeContext, scope: AgencyScope) {
  const db = ctx.db.kysely;
  return {
    async list(actor: Actor): Promise<Agency[]> {
      return (await selectAgencies(db, await scope.visibleIds(db, actor))).map(toAgency);
    },

    async get(actor: Actor, id: string): Promise<Agency> {
      const ids = await scope.visibleIds(db, actor);
      const row = ids.includes(id) ? await findAgency(db, id) : undefined;
      if (!row) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
      return toAgency(row);
    },

    async create(actor: Actor, input: NewAgency): Promise<Agency> {
      if (!input.parentId) throw new OfficeError('OFFICE_FORBIDDEN');
      await scope.requireAdminOver(db, actor, input.parentId);
      const agency = await writeWithAudit(ctx, async (trx, audit) => {
        const row = await buildAgencyRow(trx, input, ctx.now());
        await insertAgency(trx, row);
        await audit({ actorId: actor.userId, agencyId: row.id, action: 'agency.created', targetType: 'agency', targetId: row.id, details: { code: row.code, name: row.name } });
        return toAgency(row);
      });
      scope.invalidate();
      return agency;
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
