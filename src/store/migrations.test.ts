import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { TEST_PG_URL, openTestDb } from '../../test/helpers/test-db.ts';
import { migrateToLatest, openDatabase } from './index.ts';

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
