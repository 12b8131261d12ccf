// The layers stay visible: lower layers never import upper ones (architecture.md, style.md §1).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(import.meta.dirname, '../src');
const FORBIDDEN: Record<string, readonly string[]> = {
  shared: ['store', 'office', 'server', 'hub', 'cli', 'agent', 'pki', 'pades', 'edxml'],
  pki: ['store', 'office', 'server', 'hub', 'cli', 'agent'],
  pades: ['store', 'office', 'server', 'hub', 'cli', 'agent'],
  edxml: ['store', 'office', 'server', 'hub', 'cli', 'agent'],
  store: ['office', 'server', 'hub', 'cli', 'agent'],
  office: ['server', 'hub', 'cli', 'agent'],
  server: ['hub', 'cli', 'agent'],
};
const FORBIDDEN_PACKAGES: Record<string, readonly string[]> = {
  office: ['fastify', '@fastify/'],
  pki: ['fastify', '@fastify/', 'kysely', 'pg', 'better-sqlite3'],
  pades: ['fastify', '@fastify/', 'kysely', 'pg', 'better-sqlite3'],
  edxml: ['fastify', '@fastify/', 'kysely', 'pg', 'better-sqlite3'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');

test('ok: no module imports a layer above its own', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const layer = relative(SRC, file).split('/')[0] ?? '';
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const target = relative(SRC, resolve(file, '..', spec)).split('/')[0] ?? '';
        if (FORBIDDEN[layer]?.includes(target)) problems.push(`${relative(SRC, file)} → ${spec}`);
      } else if (FORBIDDEN_PACKAGES[layer]?.some((p) => spec === p || spec.startsWith(p))) {
        problems.push(`${relative(SRC, file)} → ${spec}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('ok: the import reader finds the imports it judges', () => {
  assert.deepEqual(importsOf(join(SRC, 'server/app.ts')).filter((s) => s.includes('/office/')), ['../office/index.ts']);
});

test('ok: the check reaches every folder of a layer, the newer ones of the office included', () => {
  const read = sources(SRC).map((f) => relative(SRC, f));
  for (const folder of ['office/documents', 'office/signing', 'office/mail', 'office/notifications', 'pki', 'pades', 'server/routes']) {
    assert.ok(read.some((f) => f.startsWith(`${folder}/`)), `${folder} is read`);
  }
});
