// bench:api — an authenticated list endpoint of the office under 200 connections, beside a bare Fastify route
// serving the same bytes, in the same run. Each server is its own process; autocannon drives both from here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { spawnOffice } from '../test/helpers/spawn-office.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench-password-2026';
const PATH = '/api/users?limit=20';
// DATABASE_URL=postgres://… (an empty database) benches the PostgreSQL engine instead of SQLite.
const ENGINE = process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Figures { rps: number; p50: number; p95: number; p99: number; non2xx: number; errors: number }

async function load(url: string, headers: Record<string, string>): Promise<Figures> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (err, res) => (err ? fail(err) : done(res)));
    instance.on('response', (_client, _status, _bytes, ms) => { times.push(ms); });
  });
  times.sort((a, b) => a - b);
  return { rps: result.requests.average, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), non2xx: result.non2xx, errors: result.errors };
}

function startBare(bodyFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'bare-server.ts'), bodyFile]);
  return new Promise((ready) => child.stdout?.on('data', (d: Buffer) => {
    const port = /listening (\d+)/.exec(String(d))?.[1];
    if (port) ready({ url: `http://127.0.0.1:${port}`, child });
  }));
}

const data = mkdtempSync(join(tmpdir(), 'congvan-bench-'));
const office = await spawnOffice(['--data', data], { CONGVAN_DEMO_PASSWORD: PASSWORD, CONGVAN_SIGNIN_RATE_LIMIT: '1000' });
const pid = office.pid;
try {
  const signIn = await fetch(`${office.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tamduong.admin', password: PASSWORD }) });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const sample = await fetch(`${office.url}${PATH}`, { headers: { cookie } });
  if (sample.status !== 200) throw new Error(`list endpoint answered ${sample.status}`);
  const body = await sample.text();
  const bodyFile = join(data, 'body.json');
  writeFileSync(bodyFile, body);
  await sleep(3000);
  const idleBefore = rssMiB(pid);

  const bare = await startBare(bodyFile);
  await load(`${bare.url}${PATH}`, {}); // warm-up
  const bareFigures = await load(`${bare.url}${PATH}`, {});
  bare.child.kill();
  await load(`${office.url}${PATH}`, { cookie }); // warm-up
  const officeFigures = await load(`${office.url}${PATH}`, { cookie });
  await sleep(5000);
  const idleAfter = rssMiB(pid);

  const row = (name: string, f: Figures) => `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(8)} ${f.p50.toFixed(1).padStart(7)} ${f.p95.toFixed(1).padStart(7)} ${f.p99.toFixed(1).padStart(7)} ${String(f.non2xx + f.errors).padStart(7)}`;
  console.log(`bench:api — GET ${PATH} (${body.length} bytes), ${CONNECTIONS} connections, ${SECONDS} s each, after a warm-up run`);
  console.log(`${'server'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}`);
  console.log(row(`congvan office (session + ${ENGINE})`, officeFigures));
  console.log(row('bare Fastify, same bytes', bareFigures));
  console.log(`ratio office/bare: throughput ${(officeFigures.rps / bareFigures.rps).toFixed(2)}×, p95 ${(officeFigures.p95 / bareFigures.p95).toFixed(2)}×`);
  console.log(`goal p95 < 50 ms at ${CONNECTIONS} connections: ${officeFigures.p95 < 50 ? 'met' : 'NOT met'} (${officeFigures.p95.toFixed(1)} ms)`);
  console.log(`office resident memory when idle: ${idleBefore.toFixed(0)} MiB after start, ${idleAfter.toFixed(0)} MiB after the load (goal < 200 MiB)`);
} finally {
  await office.stop();
  rmSync(data, { recursive: true, force: true });
}
