import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { TEST_PG_URL, openTestDb, testOnBothEngines } from '../../test/helpers/test-db.ts';
import { createOffice } from '../office/index.ts';
import { searchTokens } from '../shared/fold.ts';
import { migrateToLatest, openDatabase } from './index.ts';
import { migrationProvider } from './migrations/index.ts';

test('ok: PostgreSQL — a schema migrates while another schema of the same database already holds migrated tables (another office, a benchmark)', async (t) => {
  const first = await openTestDb('postgres', t);
  if (!first) return;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    const second = openDatabase({ dialect: 'postgres', url: TEST_PG_URL, schema });
    try {
      const applied = await migrateToLatest(second);
      assert.ok(applied.includes('0005-documents'), applied.join());
      const tables = await admin.query(`select table_name from information_schema.tables where table_schema = $1 order by 1`, [schema]);
      assert.ok(tables.rows.some((r: { table_name: string }) => r.table_name === 'documents'));
      assert.ok(tables.rows.some((r: { table_name: string }) => r.table_name === 'kysely_migration_lock'), 'its own lock table, in its own schema');
    } finally {
      await second.close();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    await first.close();
  }
});

testOnBothEngines('ok: documents indexed before the registration sequence existed (0007) are still found after 0008, in registration order', async (db) => {
  // openTestDb migrated to the latest; step back to 0007, write as a 0007 office did, step forward again
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const down = await migrator.migrateTo('0007-incoming-handling');
  assert.equal(down.error, undefined);
  const now = new Date().toISOString();
  await sql`insert into agencies (id, code, name, short_name, level, parent_id, email, created_at) values ('a1', '000.00.00.H33', 'UBND tỉnh Lai Châu', 'UBND', 'province', null, null, ${now})`.execute(db.kysely);
  for (const [id, subject, at] of [['d1', 'Quyết định về chữ ký số', '2026-01-01T00:00:00Z'], ['d2', 'Công văn về chữ ký số', '2026-02-01T00:00:00Z']] as const) {
    await sql`insert into documents (id, agency_id, direction, type_code, subject, urgency, secrecy, status, created_at, updated_at) values (${id}, 'a1', 'in', 'cong-van', ${subject}, 'thuong', 'thuong', 'registered', ${at}, ${at})`.execute(db.kysely);
    const words = searchTokens(subject).join(' ');
    if (db.dialect === 'sqlite') await sql`insert into documents_search (document_id, words) values (${id}, ${words})`.execute(db.kysely);
    else await sql`update documents set search_vector = to_tsvector('simple', ${words}) where id = ${id}`.execute(db.kysely);
  }
  await migrateToLatest(db);
  const office = createOffice({ db });
  const found = await office.documents.search({ userId: 'u', username: 'u', agencyId: 'a1', roles: ['clerk'] }, { q: 'chu ky so' });
  assert.deepEqual(found.documents.map((d) => d.id), ['d2', 'd1']);
});
