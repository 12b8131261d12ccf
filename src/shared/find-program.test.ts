import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { findProgram } from './find-program.ts';

test('ok: the first on PATH is found; the override wins when it is there and is never replaced by PATH when it is not', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'congvan-find-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [empty, first, second] = ['empty', 'first', 'second'].map((name) => join(dir, name)) as [string, string, string];
  for (const folder of [empty, first, second]) mkdirSync(folder);
  writeFileSync(join(first, 'ocrmypdf'), '');
  writeFileSync(join(second, 'ocrmypdf'), '');
  const PATH = ['', empty, first, second].join(delimiter);

  assert.equal(findProgram('ocrmypdf', 'CONGVAN_OCRMYPDF', { PATH }), join(first, 'ocrmypdf'));
  assert.equal(findProgram('soffice', 'CONGVAN_SOFFICE', { PATH }), undefined);
  assert.equal(findProgram('ocrmypdf', 'CONGVAN_OCRMYPDF', {}), undefined);
  assert.equal(findProgram('ocrmypdf', 'CONGVAN_OCRMYPDF', { PATH, CONGVAN_OCRMYPDF: join(second, 'ocrmypdf') }), join(second, 'ocrmypdf'));
  assert.equal(findProgram('ocrmypdf', 'CONGVAN_OCRMYPDF', { PATH, CONGVAN_OCRMYPDF: join(dir, 'missing') }), undefined);
});
