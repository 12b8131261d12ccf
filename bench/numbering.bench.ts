// bench:numbering — register numbers given per second to 50 clerks at once, on SQLite and on PostgreSQL, each
// number with its register line and audit entry in one transaction, checked afterwards for duplicates and gaps;
// beside the same engine's bare counter in the same run (SQLite: UPDATE … RETURNING alone; PostgreSQL: a
// SEQUENCE's nextval, which gives no register line and leaves gaps on rollback).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createOffice } from '../src/office/index.ts';
import { migrateToLatest, openDatabase, type Db } from '../src/store/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLERKS = 50;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'bench-password-2026';

/** Runs `work` in CLERKS parallel loops for SECONDS; returns operations per second and the results */
async function concurrently<T>(work: () => Promise<T>): Promise<{ rate: number; results: T[] }> {
  const results: T[] = [];
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: CLERKS }, async () => {
    while (performance.now() < end) results.push(await work());
  }));
  return { rate: (results.length * 1000) / (performance.now() - start), results };
}

async function bench(name: string, db: Db, peer: () => Promise<unknown>): Promise<string> {
  await migrateToLatest(db);
  const office = createOffice({ db });
  await office.seedDemo(PASSWORD);
  const grant = await office.auth.signIn({ username: 'laichau.vanthu', password: PASSWORD });
  const clerk = (await office.auth.authenticate(grant.token)).actor;
  const ours = await concurrently(() => office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'cong-van', issuer: 'UBND', unit: 'VHTT' }));
  const numbers = ours.results.map((r) => r.number);
  const duplicates = numbers.length - new Set(numbers).size;
  const { lines, gaps } = await office.registers.lines(clerk, ours.results[0]!.registerId);
  const bare = await concurrently(peer);
  return `  ${name.padEnd(11)} ${ours.rate.toFixed(0).padStart(6)} numbers/s  (${numbers.length} given, ${duplicates} duplicates, ${gaps.length} gaps, ${lines.length} register lines)   bare counter ${bare.rate.toFixed(0)}/s (${(ours.rate / bare.rate).toFixed(2)}×)`;
}

const rows: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'congvan-bench-numbering-'));
try {
  const sqlite = openDatabase({ dialect: 'sqlite', file: join(dir, 'bench.sqlite') });
  try {
    await sql`create table bare_counter (id integer primary key, n integer not null)`.execute(sqlite.kysely);
    await sql`insert into bare_counter values (1, 0)`.execute(sqlite.kysely);
    rows.push(await bench('SQLite', sqlite, () => sql`update bare_counter set n = n + 1 where id = 1 returning n`.execute(sqlite.kysely)));
  } finally {
    await sqlite.close();
  }

  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const postgres = openDatabase({ dialect: 'postgres', url: PG_URL, schema });
  try {
    await sql`create sequence ${sql.raw(schema)}.bare_sequence`.execute(postgres.kysely);
    rows.push(await bench('PostgreSQL', postgres, () => sql`select nextval(${`${schema}.bare_sequence`}::regclass)`.execute(postgres.kysely)));
  } finally {
    await postgres.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  console.log(`bench:numbering — ${CLERKS} clerks at once for ${SECONDS} s per engine; each number with its register line and audit entry in one transaction`);
  for (const row of rows) console.log(row);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
