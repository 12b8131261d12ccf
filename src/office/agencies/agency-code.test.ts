import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAgencyCode } from './agency-code.ts';

test('ok: QCVN 102 codes and the longer Decision 20/2020 scheme', () => {
  for (const code of ['000.00.00.G22', '000.00.00.H33', '000.05.31.H33', 'H33.01.ABC.2025']) {
    assert.equal(isAgencyCode(code), true, code);
  }
});

test('error/not a code', () => {
  for (const code of ['', 'G22', '000.00.00.g22', '000 00 00 G22', '000..00.G22', '.000.00.G22', `${'A.'.repeat(18)}A`]) {
    assert.equal(isAgencyCode(code), false, code);
  }
});

test('property: a code never carries characters outside 0-9, A-Z and dots', () => {
  fc.assert(fc.property(fc.string(), (s) => !isAgencyCode(s) || /^[0-9A-Z.]+$/.test(s)));
});
