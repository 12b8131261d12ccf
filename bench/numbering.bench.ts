// bench:numbering — register numbers given per second to 50 clerks at once, on SQLite and on PostgreSQL, each
// number with its register line and audit entry in one transaction, checked afterwards for duplicates and gaps;
// beside the same engine's bare counter in the same run (SQLite: UPDATE … RETURNING alone; PostgreSQL: a
// SEQUENCE's nextval, which gives no register line and leaves gaps on rollback).
import { sql } from 'kysely';
import { demoClerk, onBothEngines, type Engine } from './engines.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLERKS = 50;

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

async function bench({ name, db, schema }: Engine): Promise<string> {
  const { office, clerk } = await demoClerk(db);
  const ours = await concurrently(() => office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'cong-van', issuer: 'UBND', unit: 'VHTT' }));
  const numbers = ours.results.map((r) => r.number);
  const duplicates = numbers.length - new Set(numbers).size;
  const { lines, gaps } = await office.registers.lines(clerk, ours.results[0]!.registerId);
  // The engine's bare counter: SQLite's UPDATE … RETURNING alone, PostgreSQL's SEQUENCE
  let peer: () => Promise<unknown>;
  if (schema) {
    await sql`create sequence ${sql.raw(schema)}.bare_sequence`.execute(db.kysely);
    peer = () => sql`select nextval(${`${schema}.bare_sequence`}::regclass)`.execute(db.kysely);
  } else {
    await sql`create table bare_counter (id integer primary key, n integer not null)`.execute(db.kysely);
    await sql`insert into bare_counter values (1, 0)`.execute(db.kysely);
    peer = () => sql`update bare_counter set n = n + 1 where id = 1 returning n`.execute(db.kysely);
  }
  const bare = await concurrently(peer);
  return `  ${name.padEnd(11)} ${ours.rate.toFixed(0).padStart(6)} numbers/s  (${numbers.length} given, ${duplicates} duplicates, ${gaps.length} gaps, ${lines.length} register lines)   bare counter ${bare.rate.toFixed(0)}/s (${(ours.rate / bare.rate).toFixed(2)}×)`;
}

const rows = await onBothEngines(bench);
console.log(`bench:numbering — ${CLERKS} clerks at once for ${SECONDS} s per engine; each number with its register line and audit entry in one transaction`);
for (const row of rows) console.log(row);
