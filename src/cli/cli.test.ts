import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, spawnOffice } from '../../test/helpers/spawn-office.ts';
import { withFreshPgDatabase } from '../../test/helpers/test-db.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'congvan-cli-'));

test('ok: --help lists the commands', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /start/);
  assert.match(stdout, /audit/);
});

test('ok: start seeds the demo province with a generated password, printed once; audit verify passes, then names a tampered entry', async () => {
  const data = tempDir();
  try {
    const first = await spawnOffice(['--data', data], { CONGVAN_DEMO_PASSWORD: '' });
    const password = /chỉ in một lần\): (\S+)/.exec(first.output())?.[1];
    assert.ok(password, first.output());
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    const signIn = await fetch(`${first.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'banbo.vanthu', password }) });
    assert.equal(signIn.status, 200);
    await first.stop();

    const second = await spawnOffice(['--data', data], { CONGVAN_DEMO_PASSWORD: '' });
    assert.doesNotMatch(second.output(), /chỉ in một lần/);
    await second.stop();

    const ok = await runCli(['audit', 'verify', '--data', data, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).ok, true);
    const file = new Database(join(data, 'congvan.sqlite'));
    file.prepare("update audit_log set action = 'auth.signed_out' where seq = 2").run();
    file.close();
    const broken = await runCli(['audit', 'verify', '--data', data]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /hỏng tại mục số 2/);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('ok: --no-demo starts empty and prints a set-up token that makes the first administrator', async () => {
  const data = tempDir();
  try {
    const office = await spawnOffice(['--data', data, '--no-demo']);
    const token = /mã thiết lập sau để tạo quản trị viên đầu tiên: (\S+)/.exec(office.output())?.[1];
    assert.ok(token, office.output());
    assert.deepEqual(await (await fetch(`${office.url}/api/setup`)).json(), { needed: true });
    const res = await fetch(`${office.url}/api/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, agency: { code: '000.00.00.H33', name: 'Ủy ban nhân dân tỉnh Lai Châu', shortName: 'UBND', level: 'province' }, admin: { username: 'quantri', fullName: 'Quản trị', password: 'quantri-2026-lc' } }),
    });
    assert.equal(res.status, 201);
    assert.deepEqual(await (await fetch(`${office.url}/api/setup`)).json(), { needed: false });
    await office.stop();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('error/bad options and a bad DATABASE_URL get a clear Vietnamese message', async () => {
  const port = await runCli(['start', '--port', 'abc']);
  assert.notEqual(port.code, 0);
  assert.match(port.stderr, /cổng phải là số nguyên/);
  const url = await runCli(['start', '--port', '0'], { DATABASE_URL: 'mysql://x' });
  assert.equal(url.code, 1);
  assert.match(url.stderr, /SRV_CONFIG_INVALID.*DATABASE_URL/);
  const down = await runCli(['start', '--port', '0'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /STORE_DATABASE_UNREACHABLE|Không kết nối được/);
});

test('ok: DATABASE_URL=postgres:// runs the same server on PostgreSQL', (t) => withFreshPgDatabase(t, async (url) => {
  const office = await spawnOffice(['--data', tempDir()], { DATABASE_URL: url, CONGVAN_DEMO_PASSWORD: 'demo-pass-2026' });
  try {
    assert.match(office.output(), /cơ sở dữ liệu: postgres/);
    const signIn = await fetch(`${office.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'laichau.admin', password: 'demo-pass-2026' }) });
    assert.equal(signIn.status, 200);
  } finally {
    await office.stop();
  }
}));
