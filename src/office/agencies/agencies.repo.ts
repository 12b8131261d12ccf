import type { Kysely } from 'kysely';
import type { AgencyTable, Database } from '../../store/index.ts';

export type AgencyRow = AgencyTable;

export const findAgency = (db: Kysely<Database>, id: string) =>
  db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();

export const findAgencyByCode = (db: Kysely<Database>, code: string) =>
  db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();

export const insertAgency = (db: Kysely<Database>, row: AgencyRow) => db.insertInto('agencies').values(row).execute();

/** The agency and everything below it, in one recursive query on both engines. */
export async function selectSubtreeIds(db: Kysely<Database>, rootId: string): Promise<string[]> {
  const rows = await db.withRecursive('tree(id)', (q) =>
    q.selectFrom('agencies').select('id').where('id', '=', rootId)
      .unionAll((u) => u.selectFrom('agencies').innerJoin('tree', 'tree.id', 'agencies.parent_id').select('agencies.id')))
    .selectFrom('tree').select('id').execute();
  return rows.map((r) => r.id);
}

/** The top of the agency's tree (the province, or the agency itself when it has no parent). */
export async function selectRootId(db: Kysely<Database>, agencyId: string): Promise<string> {
  let current = await findAgency(db, agencyId);
  for (let hops = 0; current?.parent_id && hops < 16; hops++) current = await findAgency(db, current.parent_id);
  return current?.id ?? agencyId;
}

export const selectAgencies = (db: Kysely<Database>, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('agencies').selectAll().where('id', 'in', ids).orderBy('code').execute();
