/**
 * Hostile and mutated PDFs through validate() and signPdf(). The property: each call returns, or fails with
 * one of our coded PADES_ errors; nothing else escapes, nothing hangs (the test's timeout bounds it).
 * Deterministic: the seed is printed; FUZZ_SEED replays a run, FUZZ_ROUNDS makes it longer or shorter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { isCodedError } from '../shared/coded-error.ts';
import { decodeStream } from './pdf/filters.ts';
import { PdfFile } from './pdf/file.ts';
import { Stream } from './pdf/objects.ts';
import { signPdf } from './sign.ts';
import { localTimestampSource } from './timestamp.ts';
import { appendUpdate, letterPdf, samplePdf, testPki, testSigner } from './test-fixtures.ts';
import { validate } from './validate/validate.ts';
import { prng } from '../../test/helpers/prng.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126) >>> 0;
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 2000);
console.log(`# pades fuzz: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}`);


/** Mutations that aim at what a PDF reader trusts: offsets, lengths, references, nesting, structure keywords */
function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const text = Buffer.from(seed).toString('latin1');
  const replaceAt = (re: RegExp, make: (m: string) => string) => {
    const matches = [...text.matchAll(re)];
    if (!matches.length) return Uint8Array.from(seed);
    const m = matches[pick(matches.length)]!;
    return new Uint8Array(Buffer.from(text.slice(0, m.index) + make(m[0]) + text.slice(m.index! + m[0].length), 'latin1'));
  };
  const numbers = ['0', '-1', '99999999999', '4294967296', '1e9', String(pick(seed.length)), String(pick(100))];
  switch (pick(12)) {
    case 0: { const b = Uint8Array.from(seed); for (let i = 0, n = 1 + pick(16); i < n; i++) b[pick(b.length)]! ^= 1 << pick(8); return b; }
    case 1: return seed.subarray(0, pick(seed.length));
    case 2: return replaceAt(/\/Length \d+/g, () => `/Length ${numbers[pick(numbers.length)]}`);
    case 3: return replaceAt(/(?<!\d)\d+ 0 R/g, () => `${pick(60)} 0 R`); // the lookbehind keeps long digit runs (zeroed /Contents) linear
    case 4: return replaceAt(/startxref\s+\d+/g, () => `startxref\n${numbers[pick(numbers.length)]}`);
    case 5: return replaceAt(/\/Prev \d+/g, () => `/Prev ${numbers[pick(numbers.length)]}`);
    case 6: return replaceAt(/(?<!\d)\d{10} \d{5} [nf]/g, () => `${String(pick(seed.length)).padStart(10, '0')} 00000 n`);
    case 7: return replaceAt(/\[|<</g, (m) => `${m}${'['.repeat(50 + pick(5000))}`);
    case 8: return replaceAt(/\/ByteRange \[[^\]]*\]/g, () => `/ByteRange [${[0, pick(seed.length), pick(seed.length), pick(seed.length)].join(' ')}]`);
    case 9: return replaceAt(/\/(Kids|Annots|Fields|Parent|Root|Pages|V|AcroForm|DSS)\b/g, (m) => ['/Kids', '/Annots', '/Fields', '/Parent', '/Root', '/V', '/Contents'][pick(7)]! + (m.length > 99 ? '' : ''));
    case 10: { const at = pick(seed.length); return new Uint8Array(Buffer.concat([Buffer.from(seed.subarray(0, at)), Buffer.from(seed.subarray(pick(seed.length), pick(seed.length))), Buffer.from(seed.subarray(at))])); }
    default: return replaceAt(/endobj|endstream|stream|obj|trailer|xref/g, () => ['', 'endobj', 'stream', ' 0 obj', '%%EOF', 'xref\n0 999999999\n'][pick(6)]!);
  }
}

async function expectOnlyCodedErrors(name: string, run: () => Promise<unknown>, outcomes: Map<string, number>) {
  try {
    await run();
    outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
  } catch (err) {
    if (!isCodedError(err) || !err.code.startsWith('PADES_')) {
      assert.fail(`${name}: ${(err as Error)?.stack ?? String(err)}`);
    }
    outcomes.set(err.code, (outcomes.get(err.code) ?? 0) + 1);
  }
}

test('bad: hostile PDFs — deep nesting, reference and /Prev loops, a decompression bomb, an encrypted file, truncation at every tenth — a coded error or a report, never a crash', { timeout: 120_000 }, async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const base = await samplePdf();
  const bomb = deflateSync(Buffer.alloc(200 * 1024 * 1024));
  const cases: Record<string, Uint8Array> = {
    'nesting 100000': appendUpdate(base, [{ num: 2, body: `<< /Type /Catalog /Pages 1 0 R /X ${'['.repeat(100_000)} >>` }], { root: '2 0 R', size: 10 }),
    'reference loop': appendUpdate(base, [{ num: 7, body: '8 0 R' }, { num: 8, body: '7 0 R' }, { num: 2, body: '<< /Type /Catalog /Pages 7 0 R /AcroForm 8 0 R >>' }], { root: '2 0 R', size: 10 }),
    'page tree loop': appendUpdate(base, [{ num: 1, body: '<< /Type /Pages /Kids [1 0 R 4 0 R] /Count 2 >>' }], { root: '2 0 R', size: 10 }),
    'xref /Prev loop': (() => { const b = appendUpdate(base, [{ num: 9, body: '(x)' }], { root: '2 0 R', size: 10 }); const t = Buffer.from(b).toString('latin1'); const at = t.lastIndexOf('startxref'); const self = /startxref\n(\d+)/.exec(t.slice(at))![1]; return new Uint8Array(Buffer.from(t.replace(/\/Prev \d+/g, `/Prev ${self}`), 'latin1')); })(),
    'decompression bomb': appendUpdate(base, [{ num: 9, body: `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n${bomb.toString('latin1')}\nendstream` }, { num: 2, body: '<< /Type /Catalog /Pages 1 0 R /DSS << /Certs [9 0 R 9 0 R 9 0 R 9 0 R 9 0 R] >> >>' }], { root: '2 0 R', size: 10 }),
    'not a PDF': new Uint8Array(Buffer.from('<html>không phải PDF</html>')),
    empty: new Uint8Array(0),
  };
  const files = scratch();
  try {
    const encrypted = `${files.dir}/enc.pdf`;
    assert.equal(runTool('qpdf', ['--encrypt', 'mat-khau', 'chu-so-huu', '256', '--', files.write('plain.pdf', base), encrypted]).code, 0);
    cases['encrypted with a password'] = new Uint8Array(readFileSync(encrypted));
  } finally {
    files.remove();
  }
  const signed = await signPdf(await letterPdf(), { signer, signingTime: new Date() });
  for (let i = 1; i < 10; i++) cases[`truncated at ${i * 10}%`] = signed.subarray(0, Math.floor((signed.length * i) / 10));

  const outcomes = new Map<string, number>();
  for (const [name, bytes] of Object.entries(cases)) {
    await expectOnlyCodedErrors(`validate ${name}`, () => validate(bytes, pki.trustStore), outcomes);
    await expectOnlyCodedErrors(`sign ${name}`, () => signPdf(bytes, { signer, signingTime: new Date() }), outcomes);
  }
  await assert.rejects(validate(cases['encrypted with a password']!), { code: 'PADES_PDF_ENCRYPTED' });
  await assert.rejects(signPdf(cases['not a PDF']!, { signer, signingTime: new Date() }), { code: 'PADES_PDF_INVALID' });
  // The bomb's stream stops at the decoding limit instead of growing to 200 MB
  const bombFile = new PdfFile(cases['decompression bomb']!);
  const bombStream = bombFile.document.object(9);
  assert.ok(bombStream instanceof Stream);
  assert.throws(() => decodeStream(bombStream, bombFile.budget), (err: { code: string; localise(l: string): string }) => err.code === 'PADES_PDF_INVALID' && /vượt 67108864 byte/.test(err.localise('vi')));
  console.log(`# hostile: ${JSON.stringify(Object.fromEntries(outcomes))}`);
});

test('bad: thousands of mutated PDFs (signed, with DSS and timestamps, with a form) through validate and sign: a report or a PADES_ error, nothing else', { timeout: 600_000 }, async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const once = await signPdf(await letterPdf(), { signer, signingTime: new Date(), level: 'B-LT', timestamp: localTimestampSource(pki.tsa), validation: { trustStore: pki.trustStore, fetch: pki.fetch } });
  const twice = await signPdf(once, { signer: await testSigner(pki.issuing, 'Nguyễn Thị Hoa', 'RSA-2048'), signingTime: new Date() });
  const files = scratch();
  let objectStreams: Uint8Array;
  try {
    const out = `${files.dir}/os.pdf`;
    assert.equal(runTool('qpdf', ['--object-streams=generate', files.write('in.pdf', await samplePdf(3)), out]).code, 0);
    objectStreams = new Uint8Array(readFileSync(out));
  } finally {
    files.remove();
  }
  const seeds = [twice, objectStreams];
  const random = prng(SEED);
  const outcomes = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    const input = mutate(seeds[round % seeds.length]!, random);
    const label = `round ${round} (FUZZ_SEED=${SEED})`;
    await expectOnlyCodedErrors(`validate ${label}`, () => validate(input, pki.trustStore, { skipRevocation: round % 2 === 0 }), outcomes);
    if (round % 3 === 0) await expectOnlyCodedErrors(`sign ${label}`, () => signPdf(input, { signer, signingTime: new Date() }), outcomes);
  }
  console.log(`# mutated: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  assert.ok((outcomes.get('ok') ?? 0) > ROUNDS / 4, 'most mutants are still read: the mutations are not all rejected at the door');
});
