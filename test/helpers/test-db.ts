/**
 * Real databases for tests: a fresh SQLite file, and a fresh schema in the PostgreSQL database named by
 * TEST_DATABASE_URL (default: the local server). Without PostgreSQL the PostgreSQL cases skip, except under
 * CI, where they fail.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Db, type Dialect } from '../../src/store/index.ts';

export const TEST_DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgReachable: Promise<string | null> | undefined;
function checkPostgres(): Promise<string | null> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

export interface TestDb extends Db {
  /** What a second process would open: the same database through its own connections. */
  readonly config: Parameters<typeof openDatabase>[0];
}

export async function openTestDb(dialect: Dialect, t: TestContext): Promise<TestDb | null> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'congvan-test-'));
    const config = { dialect: 'sqlite' as const, file: join(dir, 'congvan.sqlite') };
    const db = openDatabase(config);
    await migrateToLatest(db);
    return { ...db, config, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const problem = await checkPostgres();
  if (problem) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI (${TEST_PG_URL}): ${problem}`);
    t.skip(`PostgreSQL not reachable: ${problem}`);
    return null;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const config = { dialect: 'postgres' as const, url: TEST_PG_URL, schema };
  const db = openDatabase(config);
  await migrateToLatest(db);
  return {
    ...db, config,
    close: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: TEST_PG_URL });
      await dropper.connect();
      await dropper.query(`drop schema ${schema} cascade`);
      await dropper.end();
    },
  };
}

/** Registers the test once per engine, each on a database of its own. */
export function testOnBothEngines(name: string, fn: (db: TestDb) => Promise<void>): void {
  for (const dialect of TEST_DIALECTS) {
    test(`${dialect}: ${name}`, async (t) => {
      const db = await openTestDb(dialect, t);
      if (!db) return;
      try {
        await fn(db);
      } finally {
        await db.close();
      }
    });
  }
}

/**
 * A whole fresh PostgreSQL database, for tests that run congvan as a separate process (its own migrations,
 * its own connections). Skips without PostgreSQL, except under CI; dropped afterwards.
 */
export async function withFreshPgDatabase(t: TestContext, fn: (url: string) => Promise<void>): Promise<void> {
  const problem = await checkPostgres();
  if (problem) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI (${TEST_PG_URL}): ${problem}`);
    t.skip(`PostgreSQL not reachable: ${problem}`);
    return;
  }
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  const name = `congvan_t_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  try {
    await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
