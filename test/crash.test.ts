// Nothing lost on a crash: an office killed with SIGKILL in the middle of writes comes back with every
// acknowledged change, no half-written one, and an unbroken audit chain. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, spawnOffice, type SpawnedOffice } from './helpers/spawn-office.ts';
import { withFreshPgDatabase } from './helpers/test-db.ts';

const PASSWORD = 'crash-demo-2026';

async function signIn(office: SpawnedOffice) {
  const res = await fetch(`${office.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tamduong.admin', password: PASSWORD }) });
  const body = await res.json() as { csrfToken: string; agency: { id: string } };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken, agencyId: body.agency.id };
}

/** Creates users ten at a time until killed; returns the usernames the office acknowledged. */
async function createUntilKilled(office: SpawnedOffice, kill: () => void): Promise<string[]> {
  const who = await signIn(office);
  const acknowledged: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < 400) {
      const username = `crash.u${next++}`;
      try {
        const res = await fetch(`${office.url}/api/users`, {
          method: 'POST', headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
          body: JSON.stringify({ agencyId: who.agencyId, username, fullName: 'Nguyễn Văn Thử', password: 'matkhau-thu-2026', roles: ['specialist'] }),
        });
        if (res.status === 201) acknowledged.push(username);
        if (acknowledged.length === 30) kill();
      } catch {
        return; // the office is gone
      }
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return acknowledged;
}

async function checkAfterRestart(args: string[], env: NodeJS.ProcessEnv, acknowledged: string[]) {
  const office = await spawnOffice(args, env);
  try {
    const who = await signIn(office);
    const res = await fetch(`${office.url}/api/users?limit=500&q=crash.`, { headers: { cookie: who.cookie } });
    const stored = ((await res.json()) as { items: { username: string }[] }).items.map((u) => u.username);
    for (const username of acknowledged) assert.ok(stored.includes(username), `${username} was acknowledged but is lost`);
    const audit = await fetch(`${office.url}/api/audit?limit=500`, { headers: { cookie: who.cookie } });
    const created = ((await audit.json()) as { action: string; details: { username?: string } }[])
      .filter((e) => e.action === 'user.created' && e.details.username?.startsWith('crash.')).map((e) => e.details.username);
    assert.deepEqual([...created].sort(), [...stored].sort(), 'every stored user has its audit entry and no entry lacks its user');
  } finally {
    await office.stop();
  }
  const verify = await runCli(['audit', 'verify', '--json', ...args.filter((a, i) => a === '--data' || args[i - 1] === '--data')], env);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
}

async function crashAndRecover(args: string[], env: NodeJS.ProcessEnv) {
  const office = await spawnOffice(args, env);
  const acknowledged = await createUntilKilled(office, () => process.kill(office.pid, 'SIGKILL'));
  assert.ok(acknowledged.length >= 30, `only ${acknowledged.length} acknowledged before the kill`);
  await checkAfterRestart(args, env, acknowledged);
}

test('ok: SQLite office killed mid-write loses nothing acknowledged', async () => {
  const data = mkdtempSync(join(tmpdir(), 'congvan-crash-'));
  try {
    await crashAndRecover(['--data', data], { CONGVAN_DEMO_PASSWORD: PASSWORD });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('ok: PostgreSQL office killed mid-write loses nothing acknowledged', (t) => withFreshPgDatabase(t, async (url) => {
  const data = mkdtempSync(join(tmpdir(), 'congvan-crash-'));
  try {
    await crashAndRecover(['--data', data], { CONGVAN_DEMO_PASSWORD: PASSWORD, DATABASE_URL: url });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}));
