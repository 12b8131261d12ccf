// What the office benchmarks share: each engine in turn on a fresh database (a SQLite file in a scratch folder,
// a PostgreSQL schema of its own, dropped after), migrated, with the demo province and its clerk.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createOffice, type Actor, type Office } from '../src/office/index.ts';
import { migrateToLatest, openDatabase, type Db } from '../src/store/index.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'bench-password-2026';

export interface Engine { readonly name: 'SQLite' | 'PostgreSQL'; readonly db: Db; readonly schema?: string }

/** Runs `work` on SQLite, then on PostgreSQL; returns what each gave */
export async function onBothEngines<T>(work: (engine: Engine) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'congvan-bench-'));
  try {
    const sqlite = openDatabase({ dialect: 'sqlite', file: join(dir, 'bench.sqlite') });
    try {
      await migrateToLatest(sqlite);
      results.push(await work({ name: 'SQLite', db: sqlite }));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    const postgres = openDatabase({ dialect: 'postgres', url: PG_URL, schema });
    try {
      await migrateToLatest(postgres);
      results.push(await work({ name: 'PostgreSQL', db: postgres, schema }));
    } finally {
      await postgres.close();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
  return results;
}

/** The office with the demo province, and the province clerk signed in */
export async function demoClerk(db: Db): Promise<{ office: Office; clerk: Actor }> {
  const office = createOffice({ db });
  await office.seedDemo(PASSWORD);
  const grant = await office.auth.signIn({ username: 'laichau.vanthu', password: PASSWORD });
  return { office, clerk: (await office.auth.authenticate(grant.token)).actor };
}
