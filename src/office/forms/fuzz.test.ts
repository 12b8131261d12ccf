// Seeded fuzzing of every field of every form: whatever arrives (control characters, lone surrogates, huge
// pastes, numbers, objects), validation returns a value or problems and never throws. Fixed seed: a failure
// replays the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FORMS, rowFields } from './catalog.ts';
import { checkField } from './field.ts';
import type { FieldDef, FormDef } from './form-types.ts';
import type { FormValidationOptions } from './outcome.ts';
import { FORM_PROBLEM_MESSAGES } from './problems.ts';
import { sampleEntry, sampleValue } from './sample-entries.ts';
import { validateEntry, validateList, type EntryResult } from './validate.ts';

const SEED = 20_210_322;
const OPTIONS: FormValidationOptions = { officialMailDomains: ['laichau.gov.vn', 'haiduong.gov.vn'], today: '2021-03-22' };
const HUGE = ['x'.repeat(1_000_000), `${'\u0301'.repeat(200_000)}a`, '0'.repeat(100_000), `${'a@'.repeat(50_000)}laichau.gov.vn`, ' '.repeat(500_000)];

const anyUtf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
const controls = fc.array(fc.constantFrom('\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u200b', '\u202e', '\u2066', '\ufeff', '\ud800', '\udfff', '\ufffe'), { maxLength: 5 })
  .map((chars) => chars.join(''));

/** Around a valid value: a random prefix, suffix or infix of noise. */
const mutated = (field: FieldDef) => fc.tuple(fc.oneof(anyUtf16, controls, fc.string()), fc.nat(3)).map(([noise, where]) => {
  const base = String(sampleValue(field));
  return where === 0 ? noise + base : where === 1 ? base + noise : where === 2 ? base.slice(0, 3) + noise + base.slice(3) : noise;
});

const anyValue = (field: FieldDef): fc.Arbitrary<unknown> => fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  anyUtf16,
  controls,
  mutated(field),
  fc.constantFrom(...HUGE),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -0, 1e308, null, undefined, true, false, '', ' ', '00/00/0000', '+84', '/cs', '@', '\u00a0'),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom({}, [], ['0916731226'], { toString: () => 'x' }, Object.create(null) as object, () => 1, Symbol('s'), 10n),
);

function assertWellFormed(result: EntryResult, label: string) {
  if (result.ok) {
    for (const [key, v] of Object.entries(result.value)) {
      assert.ok(['string', 'number', 'boolean'].includes(typeof v), `${label}.${key}`);
      if (typeof v === 'string') {
        assert.equal(v, v.normalize('NFC'), `${label}.${key} NFC`);
        assert.equal(v, v.trim(), `${label}.${key} trimmed`);
        assert.ok(!/(?![\n])[\p{Cc}\p{Cf}\p{Cs}]/u.test(v), `${label}.${key} no hidden characters`);
        assert.ok(v.length <= 2000, `${label}.${key} bounded`);
      }
    }
    return;
  }
  assert.ok(result.problems.length > 0, label);
  for (const p of result.problems) {
    assert.ok(p.code in FORM_PROBLEM_MESSAGES, `${label}: ${p.code}`);
    assert.equal(typeof p.field, 'string');
    assert.ok(p.message.length > 0 && !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(p.message), `${label}: message clean: ${p.code}`);
    for (const [, name] of FORM_PROBLEM_MESSAGES[p.code].vi.matchAll(/\{(\w+)\}/g)) assert.ok(name! in p.params, `${label}: ${p.code} lacks {${name}}`);
  }
}

const allFields = (form: FormDef) => [...rowFields(form).map((f) => ['row', f] as const), ...form.header.map((f) => ['header', f] as const)];

test('fuzz: every field of every form returns a value or problems, never throws', () => {
  let runs = 0;
  for (const form of FORMS) {
    for (const [part, field] of allFields(form)) {
      const base = sampleEntry(form, part);
      fc.assert(fc.property(anyValue(field), (value) => {
        runs += 1;
        const single = checkField(value, field, OPTIONS);
        assert.ok(single.ok || single.code in FORM_PROBLEM_MESSAGES);
        assertWellFormed(validateEntry(form, { ...base, [field.key]: value }, OPTIONS, part), `${form.id}.${field.key}`);
      }), { seed: SEED, numRuns: 25 });
    }
  }
  assert.ok(runs >= 4000, `${runs} runs`);
});

test('fuzz: whole entries of random keys and values, and random lists', () => {
  const keysOf = (form: FormDef) => [...rowFields(form).map((f) => f.key), '__proto__', 'constructor', 'x'];
  fc.assert(fc.property(fc.constantFrom(...FORMS), fc.array(fc.tuple(fc.nat(), fc.oneof(fc.string(), anyUtf16, fc.integer(), fc.constant(null))), { maxLength: 30 }), (form, pairs) => {
    const keys = keysOf(form);
    const entry = JSON.parse(JSON.stringify(Object.fromEntries(pairs.map(([i, v]) => [keys[i % keys.length]!, v])))) as unknown;
    assertWellFormed(validateEntry(form, entry, OPTIONS), form.id);
  }), { seed: SEED, numRuns: 1500 });
  fc.assert(fc.property(fc.constantFrom(...FORMS), fc.anything(), fc.anything(), (form, header, rows) => {
    const result = validateList(form, { header, rows }, OPTIONS);
    assert.ok(result.ok || result.problems.length > 0);
  }), { seed: SEED, numRuns: 500 });
});
