import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOGS } from './error-catalogs.ts';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A form problem may name a value in English apart ({acceptedEn} for {accepted}): the same param, said in the reader's language */
const paramsEn = (text: string) => params(text).map((p) => p!.replace(/(?<=.)En$/, '')).sort();

test('ok: every code is unique, prefixed, in both languages with the same params, and documented', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const seen = new Set<string>();
  for (const [prefix, catalog] of Object.entries(CATALOGS)) {
    for (const [code, message] of Object.entries(catalog)) {
      assert.ok(code.startsWith(prefix) && /^[A-Z][A-Z0-9_]+$/.test(code), code);
      assert.ok(!seen.has(code), `duplicate ${code}`);
      seen.add(code);
      assert.ok(message.vi.trim() && message.en.trim(), code);
      assert.deepEqual(params(message.vi), paramsEn(message.en), code);
      assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/errors.md (run scripts/errors-doc.ts)`);
    }
  }
});
