// Writes docs/errors.md from the error catalogs: `node --import tsx scripts/errors-doc.ts`.
import { writeFileSync } from 'node:fs';
import { CATALOGS } from '../src/server/error-catalogs.ts';

const lines = ['# Error codes', '', 'Generated from the catalogs by `scripts/errors-doc.ts`; do not edit. Codes are never renamed or reused.', ''];
for (const [prefix, catalog] of Object.entries(CATALOGS)) {
  lines.push(`## ${prefix}`, '', '| code | vi | en |', '|---|---|---|');
  for (const [code, m] of Object.entries(catalog)) lines.push(`| \`${code}\` | ${m.vi.replace(/\|/g, '\\|')} | ${m.en.replace(/\|/g, '\\|')} |`);
  lines.push('');
}
writeFileSync(new URL('../docs/errors.md', import.meta.url), lines.join('\n'));
