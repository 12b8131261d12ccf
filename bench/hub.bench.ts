// bench:hub — edXML packages per second through the hub on PostgreSQL (a fresh database), 100 KB and 2 MB PDF-like
// attachments, each package signed by its sender's agency certificate (test CA) and addressed to two agencies.
// The hub runs as it is deployed: `congvan hub start` processes (BENCH_HUBS, default 1) sharing the database, each
// request signed by the calling agency (office/axis/http-transport.ts, the offices' own client). BENCH_CLIENTS (32)
// concurrent senders post packages; every recipient agency pulls its mailbox, fetches and acknowledges with as many
// requests in flight. Figures: packages/s from the first send to the last acknowledgement, p50/p99 from a package's
// send to its last recipient's acknowledgement. Beside them, in the same run and at the same concurrency, the
// database's own commit rate for the same rows (a message with the package bytes + its two deliveries), and the
// hub's whole write path without any of the rest (the message with its timestamp token, deliveries and audit
// entry: one commit, taking the audit chain's head). Packages are signed before each timed phase, in worker
// threads. Clients, hub(s) and PostgreSQL share the machine's cores.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createHash, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { buildDocumentPackage, signPackage } from '../src/edxml/index.ts';
import { documentIdOf } from '../src/edxml/dates.ts';
import { attachment, edxmlPki, fakePdf, samplePackage } from '../src/edxml/test-fixtures.ts';
import { keySigner } from '../src/edxml/sign.ts';
import { addTrustedRoot, initHub } from '../src/hub/identity.ts';
import { httpTransport } from '../src/office/axis/http-transport.ts';
import type { AxisTransport } from '../src/office/axis/link.ts';
import { appendAudit } from '../src/office/audit/audit-log.ts';
import { createOffice } from '../src/office/index.ts';
import { x509 } from '../src/pki/index.ts';
import { moduleWorker } from '../src/shared/module-worker.ts';
import { migrateToLatest, openDatabase, openDiskBlobStore, type Db } from '../src/store/index.ts';

interface AgencyKeys { readonly code: string; readonly name: string; readonly key: KeyObject; readonly certificate: Uint8Array; readonly chain: readonly Uint8Array[] }
interface Job { readonly sender: number; readonly to: readonly number[]; readonly number: number; readonly notation: string; readonly size: number }

const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 4);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);

function agencyName(code: string) { return `Cơ quan ${code}`; }

/** A signed package for one job: the sender's two recipients, its own number, one attachment of `size` bytes */
async function packageOf(job: Job, senders: readonly AgencyKeys[], recipients: readonly AgencyKeys[], content: Uint8Array): Promise<Uint8Array> {
  const from = senders[job.sender]!;
  const sample = samplePackage([attachment(`van-ban-${job.number}.pdf`, content)]);
  const date = sample.header.promulgationInfo.promulgationDate;
  const header = {
    ...sample.header,
    from: { organId: from.code, organName: from.name },
    to: job.to.map((i) => ({ organId: recipients[i]!.code, organName: recipients[i]!.name })),
    code: { codeNumber: String(job.number), codeNotation: job.notation },
    documentId: documentIdOf({ organId: from.code, date, number: String(job.number), notation: job.notation }),
  };
  const trace = { ...sample.trace, traceHeaders: [{ organId: from.code, timestamp: sample.trace.traceHeaders[0]!.timestamp }] };
  const signer = keySigner(from.key, new x509.X509Certificate(from.certificate as Uint8Array<ArrayBuffer>), from.chain.map((c) => new x509.X509Certificate(c as Uint8Array<ArrayBuffer>)));
  return signPackage(buildDocumentPackage({ ...sample, header, trace }), signer);
}

/** Signs the jobs in worker threads (one per core): untimed, before each phase */
async function signAll(jobs: readonly Job[], senders: readonly AgencyKeys[], recipients: readonly AgencyKeys[]): Promise<Uint8Array[]> {
  const threads = Math.min(availableParallelism(), jobs.length);
  const parts = Array.from({ length: threads }, (_, t) => jobs.filter((_, i) => i % threads === t));
  const done = await Promise.all(parts.map((part) => new Promise<Uint8Array[]>((ok, fail) => {
    const worker = moduleWorker(new URL(import.meta.url), { workerData: { role: 'sign', senders, recipients, jobs: part } });
    worker.once('message', (m: Uint8Array[]) => { ok(m); void worker.terminate(); });
    worker.once('error', fail);
  })));
  return jobs.map((_, i) => done[i % threads]![Math.floor(i / threads)]!);
}

/** CPU seconds used so far by these processes (Linux /proc: utime + stime, threads included) */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* gone */ }
  }
  return ticks / 100;
}
const postgresPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
  try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'; } catch { return false; }
});

const percentile = (sorted: readonly number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))]! : NaN;

interface HubRun { readonly rate: number; readonly p50: number; readonly p99: number; readonly count: number; readonly seconds: number }

/** One timed phase: every package sent by CLIENTS concurrent senders, pulled, fetched and acknowledged by each recipient */
async function throughHub(transports: readonly AxisTransport[], packages: readonly { sender: string; documentId: string; recipients: string[]; bytes: Uint8Array }[], clients: number): Promise<HubRun> {
  const started = new Map<string, number>();
  const waiting = new Map<string, number>();
  const latencies: number[] = [];
  const recipientCodes = [...new Set(packages.flatMap((p) => p.recipients))];
  for (const p of packages) waiting.set(`${p.sender}|${p.documentId}`, p.recipients.length);
  let acknowledged = 0;
  let last = 0;
  let failure: unknown;
  let allDone!: () => void;
  const finished = new Promise<void>((ok) => { allDone = ok; });
  const begin = performance.now();

  let next = 0;
  const senders = Array.from({ length: clients }, async (_, c) => {
    const transport = transports[c % transports.length]!;
    while (next < packages.length && !failure) {
      const p = packages[next++]!;
      started.set(`${p.sender}|${p.documentId}`, performance.now());
      await transport.send(p.sender, p.bytes);
    }
  });
  // Each recipient: as many requests in flight as the senders have, spread over the recipients
  const perRecipient = Math.max(1, Math.ceil(clients / recipientCodes.length));
  const pullers = recipientCodes.map(async (code, r) => {
    const transport = transports[r % transports.length]!;
    while (acknowledged < packages.length && !failure) {
      const box = await transport.mailbox(code);
      // An empty mailbox is asked again after the office's shortest poll interval (CONGVAN_AXIS_POLL_MS ≥ 100)
      if (box.length === 0) { await new Promise((ok) => setTimeout(ok, POLL_MS)); continue; }
      let i = 0;
      await Promise.all(Array.from({ length: Math.min(perRecipient, box.length) }, async () => {
        while (i < box.length) {
          const entry = box[i++]!;
          await transport.fetch(code, entry.messageId);
          await transport.acknowledge(code, entry.messageId, 'done');
          const key = `${entry.sender}|${entry.documentId}`;
          const left = waiting.get(key)! - 1;
          waiting.set(key, left);
          if (left === 0) {
            last = performance.now();
            latencies.push(last - started.get(key)!);
            if (++acknowledged === packages.length) allDone();
          }
        }
      }));
    }
  });
  const fail = (err: unknown) => { failure ??= err; allDone(); };
  for (const task of [...senders, ...pullers]) task.catch(fail);
  await finished;
  await Promise.allSettled([...senders, ...pullers]);
  if (failure) throw failure;
  latencies.sort((a, b) => a - b);
  return { rate: (packages.length * 1000) / (last - begin), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), count: packages.length, seconds: (last - begin) / 1000 };
}

/** The same rows straight into PostgreSQL through the same client library, CLIENTS transactions at once, for `seconds` */
async function databaseRate(db: Db, bytes: Uint8Array, clients: number, seconds: number, withAudit: boolean): Promise<number> {
  const token = randomBytes(1500);
  const digest = createHash('sha256').update(bytes).digest('hex');
  let count = 0;
  const end = performance.now() + seconds * 1000;
  const begin = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const id = randomUUID();
      const now = new Date().toISOString();
      await db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('hub_messages').values({ id, sender_code: '000.10.01.H29', kind: 'edoc', document_id: id, digest, package: bytes, timestamp_token: token, response_for: null, status_code: null, priority: 1, received_at: now }).execute();
        await trx.insertInto('hub_deliveries').values(['000.20.01.H29', '000.20.02.H29'].map((code) => ({
          message_id: id, recipient_code: code, state: 'queued', attempts: 0, queued_at: now, delivered_at: null, acknowledged_at: null, failure: null, business_status: null, business_status_at: null,
        }))).execute();
        if (withAudit) await appendAudit(trx, 'postgres', new Date(), { actorId: null, agencyId: null, action: 'axis.edoc.received', targetType: 'hub_message', targetId: id, details: { sender: '000.10.01.H29', documentId: id, digest, recipients: ['000.20.01.H29', '000.20.02.H29'] } });
      });
      count++;
    }
  }));
  return (count * 1000) / (performance.now() - begin);
}

function startHubProcess(env: NodeJS.ProcessEnv, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const cli = resolve(import.meta.dirname, '../bin/congvan.js');
  const child = spawn(process.execPath, [...(process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean) ?? []), cli, 'hub', 'start', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { env: { ...process.env, CONGVAN_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`the hub did not start:\n${output}`)); }, 60_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /đang chạy tại (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) { clearTimeout(timer); ok({ url: match[1], child }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { output += d; process.stderr.write(d); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`the hub exited (${code}):\n${output}`)); });
  });
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const spread = (values: readonly number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function main() {
  const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const HUBS = Number(process.env.BENCH_HUBS ?? 1);
  const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
  const RUNS = Number(process.env.BENCH_RUNS ?? 3);
  const SECONDS = Number(process.env.BENCH_DB_SECONDS ?? 3);
  const SIZES: [string, number, number][] = [['100 KB', 100 * 1024, Number(process.env.BENCH_COUNT_100K ?? 1000)], ['2 MB', 2 * 1024 * 1024, Number(process.env.BENCH_COUNT_2M ?? 60)]]
    .filter(([name]) => !process.env.BENCH_SIZES || process.env.BENCH_SIZES.split(',').includes(name as string)) as [string, number, number][];
  const PASSPHRASE = 'bench-hub-passphrase-2026';

  const database = `bench_hub_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const dir = mkdtempSync(join(tmpdir(), 'congvan-bench-hub-'));
  const hubs: ChildProcess[] = [];
  let baseline: Db | undefined;
  let crlServer: Server | undefined;
  try {
    // The agencies: certificates from a test CA the hub is told to trust, as an operator would with `congvan hub trust`;
    // the CA's CRLs over HTTP, which the hub checks (and keeps until their nextUpdate)
    let serveCrl: (path: string) => Promise<Uint8Array> = async () => { throw new Error('not yet'); };
    crlServer = createServer((req, res) => {
      serveCrl(req.url ?? '/').then((der) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(der), () => res.writeHead(404).end());
    });
    await new Promise<void>((ok) => crlServer!.listen(0, '127.0.0.1', ok));
    const crlBase = `http://127.0.0.1:${(crlServer.address() as { port: number }).port}`;
    const pki = await edxmlPki('ECDSA-P256', crlBase);
    serveCrl = (path) => pki.fetch({ url: `${crlBase}${path}`, method: 'GET' });
    const make = async (code: string): Promise<AgencyKeys> => {
      const a = await pki.agency(code, agencyName(code));
      return { code, name: agencyName(code), key: KeyObject.from(a.privateKey), certificate: new Uint8Array(a.certificate.rawData), chain: [new Uint8Array(pki.issuing.certificate.rawData)] };
    };
    const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => make(`000.10.${String(i + 1).padStart(2, '0')}.H29`)));
    const recipients = await Promise.all(Array.from({ length: RECIPIENTS }, (_, i) => make(`000.20.${String(i + 1).padStart(2, '0')}.H29`)));
    const setup = openDatabase({ dialect: 'postgres', url: url.href });
    try {
      await migrateToLatest(setup);
      const office = createOffice({ db: setup, blobs: openDiskBlobStore(join(dir, 'blobs')) });
      process.env.CONGVAN_CA_PASSPHRASE = PASSPHRASE;
      await initHub(office, PASSPHRASE, 'http://127.0.0.1:9');
      await addTrustedRoot(office, pki.root.certificate.toString('pem'));
      const directory = office.axis.hub({ identity: async () => { throw new Error('not needed'); }, trust: async () => { throw new Error('not needed'); } }).directory;
      for (const a of [...senders, ...recipients]) await directory.put({ code: a.code, name: a.name, certificatePem: new x509.X509Certificate(a.certificate as Uint8Array<ArrayBuffer>).toString('pem') });
    } finally {
      await setup.close();
    }
    const env = { DATABASE_URL: url.href, CONGVAN_CA_PASSPHRASE: PASSPHRASE };
    const urls: string[] = [];
    for (let h = 0; h < HUBS; h++) {
      const started = await startHubProcess(env, dir);
      hubs.push(started.child);
      urls.push(started.url);
    }
    const keys = new Map([...senders, ...recipients].map((a) => [a.code, a.key]));
    const transports = urls.map((u) => httpTransport(u, async (agency) => keys.get(agency)!, 180_000));

    // The database alone: the same tables in a schema of their own
    baseline = openDatabase({ dialect: 'postgres', url: url.href, schema: 'baseline', poolSize: CLIENTS });
    await admin.end().catch(() => undefined);
    const baselineAdmin = new pg.Client({ connectionString: url.href });
    await baselineAdmin.connect();
    await baselineAdmin.query('create schema baseline');
    await baselineAdmin.end();
    await migrateToLatest(baseline);

    const results: string[] = [];
    let number = 0;
    for (const [name, size, count] of SIZES) {
      const hubRuns: HubRun[] = [];
      const plain: number[] = [];
      const writePath: number[] = [];
      const cpu: number[][] = [];
      for (let run = 0; run < RUNS; run++) {
        const jobs: Job[] = Array.from({ length: count }, (_, i) => ({ sender: i % SENDERS, to: [i % RECIPIENTS, (i + 1) % RECIPIENTS], number: ++number, notation: 'UBND-BENCH', size }));
        const signed = await signAll(jobs, senders, recipients);
        const packages = jobs.map((job, i) => ({
          sender: senders[job.sender]!.code, recipients: job.to.map((r) => recipients[r]!.code), bytes: signed[i]!,
          documentId: documentIdOf({ organId: senders[job.sender]!.code, date: '2026/03/05', number: String(job.number), notation: job.notation }),
        }));
        // PostgreSQL: its backends started during the run count from zero
        const pgBefore = new Map(postgresPids().map((pid) => [pid, cpuSeconds([pid])]));
        const before = [cpuSeconds(hubs.map((h) => h.pid!)), cpuSeconds([process.pid])];
        hubRuns.push(await throughHub(transports, packages, CLIENTS));
        const pgUsed = postgresPids().reduce((sum, pid) => sum + cpuSeconds([pid]) - (pgBefore.get(pid) ?? 0), 0);
        const used = [cpuSeconds(hubs.map((h) => h.pid!)) - before[0]!, cpuSeconds([process.pid]) - before[1]!, pgUsed];
        cpu.push(used.map((v) => (v * 1000) / count));
        plain.push(await databaseRate(baseline, signed[0]!, CLIENTS, SECONDS, false));
        writePath.push(await databaseRate(baseline, signed[0]!, CLIENTS, SECONDS, true));
        const r = hubRuns.at(-1)!;
        console.error(`  ${name} run ${run + 1}: hub ${r.rate.toFixed(1)}/s (p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ${r.count} packages; CPU ms per package: hub ${cpu.at(-1)![0]!.toFixed(1)}, clients ${cpu.at(-1)![1]!.toFixed(1)}, PostgreSQL ${cpu.at(-1)![2]!.toFixed(1)}, of ${((availableParallelism() * 1000 * r.seconds) / r.count).toFixed(1)} available), PostgreSQL ${plain.at(-1)!.toFixed(0)}/s, hub write path ${writePath.at(-1)!.toFixed(0)}/s`);
      }
      const packageSize = (await signAll([{ sender: 0, to: [0, 1], number: 0, notation: 'X', size }], senders, recipients))[0]!.length;
      const ratios = hubRuns.map((r, i) => r.rate / plain[i]!);
      results.push(
        `  ${`${name} (package ${(packageSize / 1024).toFixed(0)} KiB)`.padEnd(26)} hub ${spread(hubRuns.map((r) => r.rate), 1)}/s   p50 ${spread(hubRuns.map((r) => r.p50))} ms   p99 ${spread(hubRuns.map((r) => r.p99))} ms`,
        `  ${''.padEnd(26)} CPU ms per package: hub ${spread(cpu.map((c) => c[0]!), 1)}, clients ${spread(cpu.map((c) => c[1]!), 1)}, PostgreSQL ${spread(cpu.map((c) => c[2]!), 1)}`,
        `  ${''.padEnd(26)} PostgreSQL, message + 2 deliveries: ${spread(plain)} commits/s   ratio hub/PostgreSQL ${spread(ratios, 3)}`,
        `  ${''.padEnd(26)} PostgreSQL, the hub's write path (message + deliveries + audit entry, one commit): ${spread(writePath)}/s`,
      );
    }
    console.log(`bench:hub — ${HUBS} hub process(es) on PostgreSQL, ${SENDERS} senders → ${RECIPIENTS} recipients (2 per package), ${CLIENTS} concurrent clients, ${RUNS} runs, ${availableParallelism()} cores shared by clients, hub(s) and PostgreSQL; median (min–max)`);
    for (const line of results) console.log(line);
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    await baseline?.close();
    crlServer?.close();
    for (const child of hubs) {
      if (child.exitCode === null) await new Promise<void>((ok) => { child.once('exit', () => ok()); child.kill('SIGTERM'); });
    }
    const cleanup = new pg.Client({ connectionString: PG_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${database} with (force)`);
    await cleanup.end();
    await admin.end().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread && (workerData as { role?: string })?.role === 'sign') {
  const { senders, recipients, jobs } = workerData as { senders: AgencyKeys[]; recipients: AgencyKeys[]; jobs: Job[] };
  const contents = new Map<number, Uint8Array>();
  const out: Uint8Array[] = [];
  for (const job of jobs) {
    if (!contents.has(job.size)) contents.set(job.size, fakePdf(`Văn bản ${job.size} byte`, job.size));
    out.push(await packageOf(job, senders, recipients, contents.get(job.size)!));
  }
  parentPort!.postMessage(out, out.map((b) => b.buffer as ArrayBuffer));
} else if (isMainThread) {
  await main();
}
