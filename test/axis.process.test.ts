/**
 * The axis as it runs: a hub and three offices (UBND tỉnh Lai Châu, Sở TT&TT Lai Châu, UBND huyện Tam Đường), each
 * its own process with its own data and its own CA, on loopback. Lai Châu issues a signed document to the other
 * two over the hub; each registers it, assigns it, records progress and completes it, and Lai Châu sees the
 * statuses 01, 03, 04, 05, 06 come back from both.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { letterPdf } from '../src/pades/test-fixtures.ts';
import { runCli, spawnOffice, type SpawnedOffice } from './helpers/spawn-office.ts';

const PASSWORD = 'demo-axis-2026-matkhau';
const HUB_PASSPHRASE = 'cum-mat-khau-cua-truc-2026';
const OFFICES = [
  { slug: 'laichau', code: '000.00.00.H33', name: 'Ủy ban nhân dân tỉnh Lai Châu' },
  { slug: 'stttt', code: '000.00.11.H33', name: 'Sở Thông tin và Truyền thông tỉnh Lai Châu' },
  { slug: 'tamduong', code: '000.00.31.H33', name: 'Ủy ban nhân dân huyện Tam Đường' },
] as const;

const root = mkdtempSync(join(tmpdir(), 'congvan-axis-'));
const running: SpawnedOffice[] = [];
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
  rmSync(root, { recursive: true, force: true });
});

/** A signed-in person of an office, over real HTTP */
async function person(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
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
  return { call, upload, id: (await call<{ user: { id: string } }>('GET', '/api/session')).user.id };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('ok: hub and three offices as processes: a signed document to two agencies arrives once at each, and 01, 03, 04, 05, 06 come back from both', { timeout: 300_000 }, async () => {
  const hubData = join(root, 'hub');
  const hubEnv = { CONGVAN_CA_PASSPHRASE: HUB_PASSPHRASE, CONGVAN_DEMO: '0' };
  const init = await runCli(['hub', 'init', '--data', hubData, '--base-url', 'http://127.0.0.1:8090'], hubEnv);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const hub = await spawnOffice(['--data', hubData], hubEnv, ['hub', 'start']);
  running.push(hub);

  const roots = join(root, 'roots.pem');
  writeFileSync(roots, '');
  // Ports known before start: each office's CA writes its own address into its certificates (CRL, OCSP), as in production
  const ports = await Promise.all(OFFICES.map(() => freePort()));
  const offices = await Promise.all(OFFICES.map((o, i) => spawnOffice(['--data', join(root, o.slug), '--port', String(ports[i])], {
    CONGVAN_DEMO_PASSWORD: PASSWORD, CONGVAN_PUBLIC_URL: `http://127.0.0.1:${ports[i]}`, CONGVAN_AXIS_URL: hub.url, CONGVAN_AXIS_POLL_MS: '300', CONGVAN_AXIS_AGENCIES: o.code, CONGVAN_TRUSTED_ROOTS: roots,
  })));
  running.push(...offices);
  // Each office's seal certificate and its CA's root: the hub registers the agency, every office trusts the roots
  for (const [i, o] of OFFICES.entries()) {
    const cert = await runCli(['axis', 'certificate', '--agency', o.code, '--data', join(root, o.slug)]);
    assert.equal(cert.code, 0, cert.stderr);
    const [leaf, rootPem] = cert.stdout.split(/(?<=-----END CERTIFICATE-----\n)/).filter((p) => p.trim());
    assert.ok(leaf && rootPem, cert.stdout);
    writeFileSync(join(root, `${o.slug}.pem`), leaf!);
    writeFileSync(join(root, `${o.slug}-root.pem`), rootPem!);
    appendFileSync(roots, rootPem!);
    const added = await runCli(['hub', 'agency', 'add', '--data', hubData, '--code', o.code, '--name', o.name, '--cert', join(root, `${o.slug}.pem`), '--trust', join(root, `${o.slug}-root.pem`)], hubEnv);
    assert.equal(added.code, 0, added.stderr + added.stdout);
    void i;
  }
  const listed = await (await fetch(`${hub.url}/axis/agencies`)).json() as { code: string }[];
  assert.deepEqual(listed.map((a) => a.code).sort(), OFFICES.map((o) => o.code).sort());

  // Lai Châu drafts, approves, signs, numbers, seals and issues to the two other agencies by their codes
  const [laichau, stttt, tamduong] = offices as [SpawnedOffice, SpawnedOffice, SpawnedOffice];
  const author = await person(laichau.url, 'laichau.chuyenvien');
  const leader = await person(laichau.url, 'laichau.lanhdao');
  const clerk = await person(laichau.url, 'laichau.vanthu');
  const draft = await author.call<{ id: string }>('POST', '/api/documents', { typeCode: 'cong-van', subject: 'V/v thử nghiệm liên thông văn bản qua trục', urgency: 'khan' });
  await author.upload(`/api/documents/${draft.id}/file`, 'cong-van.pdf', await letterPdf());
  await author.call('PUT', `/api/documents/${draft.id}/recipients`, { recipients: [{ kind: 'agency', target: OFFICES[1].code }, { kind: 'agency', target: OFFICES[2].code }] });
  await author.call('POST', `/api/documents/${draft.id}/submit`, { reviewerIds: [leader.id] });
  await leader.call('POST', `/api/documents/${draft.id}/approve`, {});
  await leader.call('POST', `/api/documents/${draft.id}/sign`, { place: { page: 0, rect: [350, 100, 500, 160] } });
  await clerk.call('POST', `/api/documents/${draft.id}/number`, { unit: 'VP' });
  await clerk.call('POST', `/api/documents/${draft.id}/seal`);
  await clerk.call('POST', `/api/documents/${draft.id}/issue`);

  // Each recipient: the arrival (signatures checked against the roots), register, assign, progress, complete
  for (const [office, slug] of [[stttt, 'stttt'], [tamduong, 'tamduong']] as const) {
    const unitClerk = await person(office.url, `${slug}.vanthu`);
    const unitLeader = await person(office.url, `${slug}.lanhdao`);
    const handler = await person(office.url, `${slug}.chuyenvien`);
    const arrival = await until(`the arrival at ${slug}`, async () => (await unitClerk.call<{ id: string; subject: string }[]>('GET', '/api/incoming/arrivals'))[0]);
    assert.equal(arrival.subject, 'V/v thử nghiệm liên thông văn bản qua trục');
    const detail = await unitClerk.call<{ arrivalReport: { passed: boolean; signatures: { signer: string }[] }; notation: string }>('GET', `/api/documents/${arrival.id}`);
    assert.equal(detail.arrivalReport.passed, true, JSON.stringify(detail.arrivalReport));
    assert.equal(detail.notation, '01/UBND-VP');
    await unitClerk.call('POST', `/api/documents/${arrival.id}/register`, {});
    await unitLeader.call('POST', `/api/documents/${arrival.id}/assign`, { leadId: handler.id, dueDate: '2099-12-31' });
    await handler.call('POST', `/api/documents/${arrival.id}/progress`, { note: 'Đang tổng hợp.' });
    await handler.call('POST', `/api/documents/${arrival.id}/complete`, { result: 'Đã thực hiện.' });
    assert.equal((await unitClerk.call<unknown[]>('GET', '/api/incoming/arrivals')).length, 0, 'one arrival, registered');
  }

  const tracked = await until('every status back at Lai Châu', async () => {
    const detail = await clerk.call<{ axis: { agency: string; state: string; status: string | null; timeline: { code: string }[] }[] }>('GET', `/api/documents/${draft.id}`);
    return detail.axis.length === 2 && detail.axis.every((a) => a.status === '06') ? detail.axis : undefined;
  });
  for (const recipient of tracked) {
    assert.equal(recipient.state, 'sent');
    assert.deepEqual(recipient.timeline.map((s) => s.code), ['01', '03', '04', '05', '06'], recipient.agency);
  }
  const board = await (await fetch(`${hub.url}/axis/dashboard`)).json() as { code: string; sent: number; received: number; waiting: number }[];
  assert.equal(board.find((a) => a.code === OFFICES[0].code)?.sent, 1);
  assert.deepEqual(board.filter((a) => a.code !== OFFICES[0].code).map((a) => [a.received, a.waiting]), [[1, 0], [1, 0]]);
});
