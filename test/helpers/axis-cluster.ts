/**
 * The axis as it runs, for the process tests: a hub (`congvan hub init` + `hub start`) and the three demo offices
 * (UBND tỉnh Lai Châu, Sở TT&TT Lai Châu, UBND huyện Tam Đường), each its own process with its own data and its
 * own CA, on loopback ports known before start (each CA writes its address into its certificates, and a process
 * killed with SIGKILL comes back on the same port with the same data). Every office is registered at the hub with
 * its seal certificate, and every office trusts every office's root.
 */
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli, spawnOffice, type SpawnedOffice } from './spawn-office.ts';
import { letterPdf } from '../../src/pades/test-fixtures.ts';

export const AXIS_PASSWORD = 'demo-axis-2026-matkhau';
export const HUB_PASSPHRASE = 'cum-mat-khau-cua-truc-2026';
export const AXIS_OFFICES = [
  { slug: 'laichau', code: '000.00.00.H33', name: 'Ủy ban nhân dân tỉnh Lai Châu' },
  { slug: 'stttt', code: '000.00.11.H33', name: 'Sở Thông tin và Truyền thông tỉnh Lai Châu' },
  { slug: 'tamduong', code: '000.00.31.H33', name: 'Ủy ban nhân dân huyện Tam Đường' },
] as const;

/** A process that can be killed (SIGKILL) or stopped (SIGTERM) and started again with the same arguments */
export interface Restartable {
  readonly url: string;
  readonly data: string;
  readonly running: boolean;
  /** What the current (or last) process printed */
  output(): string;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOffice extends Restartable {
  readonly slug: string;
  readonly code: string;
  readonly name: string;
  /** Its SQLite database */
  readonly dbFile: string;
  /** The environment it runs with (for a domain-level look at its data folder) */
  readonly env: NodeJS.ProcessEnv;
}

export interface AxisCluster {
  readonly hub: Restartable & { readonly dbFile: string; readonly env: NodeJS.ProcessEnv };
  readonly offices: readonly [ClusterOffice, ClusterOffice, ClusterOffice];
  /** The PEM file of every office's root, each office's CONGVAN_TRUSTED_ROOTS */
  readonly rootsFile: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A signed-in person of an office, over real HTTP */
export async function person(base: string, username: string, password = AXIS_PASSWORD) {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, `${username}: ${await res.clone().text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = await res.json() as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const upload = async (path: string, name: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), name);
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
    assert.ok(r.ok, `${path} → ${r.status} ${await r.clone().text()}`);
  };
  return { call, upload, cookie, id: (await call<{ user: { id: string } }>('GET', '/api/session')).user.id };
}

/** `congvan <command> --data <data> --port <port> …` that can be killed and started again on the same port and data */
export function restartable(command: readonly string[], data: string, port: number, env: NodeJS.ProcessEnv): Restartable {
  let current: SpawnedOffice | undefined;
  let alive = false;
  let last = '';
  return {
    url: `http://127.0.0.1:${port}`,
    data,
    get running() { return alive; },
    output: () => current?.output() ?? last,
    async start() {
      assert.ok(!alive, `${data} is already running`);
      current = await spawnOffice(['--data', data, '--port', String(port)], env, command);
      alive = true;
    },
    async kill() {
      alive = false;
      last = current?.output() ?? '';
      await current?.kill();
    },
    async stop() {
      alive = false;
      last = current?.output() ?? '';
      await current?.stop();
    },
  };
}

/**
 * Starts the hub and the three offices (each polling the hub every `pollMs`) and registers the offices at the hub;
 * with `push`, each with its address for the hub's push notes
 */
export async function startAxisCluster(root: string, options: { pollMs?: number; push?: boolean } = {}): Promise<AxisCluster> {
  const hubData = join(root, 'hub');
  const hubEnv = { CONGVAN_CA_PASSPHRASE: HUB_PASSPHRASE, CONGVAN_DEMO: '0' };
  const hubPort = await freePort();
  const init = await runCli(['hub', 'init', '--data', hubData, '--base-url', `http://127.0.0.1:${hubPort}`], hubEnv);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const hub = Object.assign(restartable(['hub', 'start'], hubData, hubPort, hubEnv), { dbFile: join(hubData, 'congvan.sqlite'), env: hubEnv });
  const started: Restartable[] = [];
  const stop = async () => { await Promise.all(started.map((p) => p.stop())); };
  try {
    await hub.start();
    started.push(hub);
    const rootsFile = join(root, 'roots.pem');
    writeFileSync(rootsFile, '');
    // Ports known before start: each office's CA writes its own address into its certificates (CRL, OCSP), as in production
    const ports = await Promise.all(AXIS_OFFICES.map(() => freePort()));
    const offices = AXIS_OFFICES.map((o, i): ClusterOffice => {
      const data = join(root, o.slug);
      const env = {
        CONGVAN_DEMO_PASSWORD: AXIS_PASSWORD, CONGVAN_PUBLIC_URL: `http://127.0.0.1:${ports[i]}`, CONGVAN_AXIS_URL: hub.url, CONGVAN_AXIS_POLL_MS: String(options.pollMs ?? 300),
        CONGVAN_AXIS_AGENCIES: o.code, CONGVAN_TRUSTED_ROOTS: rootsFile,
      };
      return Object.assign(restartable(['start'], data, ports[i]!, env), { ...o, dbFile: join(data, 'congvan.sqlite'), env });
    }) as [ClusterOffice, ClusterOffice, ClusterOffice];
    await Promise.all(offices.map(async (o) => { await o.start(); started.push(o); }));
    // Each office's seal certificate and its CA's root: the hub registers the agency, every office trusts the roots
    for (const o of offices) {
      const cert = await runCli(['axis', 'certificate', '--agency', o.code, '--data', o.data]);
      assert.equal(cert.code, 0, cert.stderr);
      const [leaf, rootPem] = cert.stdout.split(/(?<=-----END CERTIFICATE-----\n)/).filter((p) => p.trim());
      assert.ok(leaf && rootPem, cert.stdout);
      writeFileSync(join(root, `${o.slug}.pem`), leaf!);
      writeFileSync(join(root, `${o.slug}-root.pem`), rootPem!);
      appendFileSync(rootsFile, rootPem!);
      const added = await runCli(['hub', 'agency', 'add', '--data', hubData, '--code', o.code, '--name', o.name, '--cert', join(root, `${o.slug}.pem`), '--trust', join(root, `${o.slug}-root.pem`), ...(options.push ? ['--push-url', `${o.url}/api/axis/wake`] : [])], hubEnv);
      assert.equal(added.code, 0, added.stderr + added.stdout);
    }
    return { hub, offices, rootsFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A document made through the whole flow over HTTP at Lai Châu: drafted, approved, signed, numbered, sealed, issued to agencies */
export async function issueOneOverHttp(laichau: { readonly url: string }, recipients: readonly string[], subject: string): Promise<string> {
  const author = await person(laichau.url, 'laichau.chuyenvien');
  const leader = await person(laichau.url, 'laichau.lanhdao');
  const clerk = await person(laichau.url, 'laichau.vanthu');
  const draft = await author.call<{ id: string }>('POST', '/api/documents', { typeCode: 'cong-van', subject, urgency: 'khan' });
  await author.upload(`/api/documents/${draft.id}/file`, 'cong-van.pdf', await letterPdf());
  await author.call('PUT', `/api/documents/${draft.id}/recipients`, { recipients: recipients.map((target) => ({ kind: 'agency', target })) });
  await author.call('POST', `/api/documents/${draft.id}/submit`, { reviewerIds: [leader.id] });
  await leader.call('POST', `/api/documents/${draft.id}/approve`, {});
  await leader.call('POST', `/api/documents/${draft.id}/sign`, { place: { page: 0, rect: [350, 100, 500, 160] } });
  await clerk.call('POST', `/api/documents/${draft.id}/number`, { unit: 'VP' });
  await clerk.call('POST', `/api/documents/${draft.id}/seal`);
  await clerk.call('POST', `/api/documents/${draft.id}/issue`);
  return draft.id;
}
