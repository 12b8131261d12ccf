import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

test('ok: CONGVAN_REQUEST_CA is own by default, or government', () => {
  assert.equal(loadConfig({}, {}).requestCa, 'own');
  assert.equal(loadConfig({}, { CONGVAN_REQUEST_CA: ' government ' }).requestCa, 'government');
});

test('error/CONGVAN_REQUEST_CA other than own or government is refused in Vietnamese', () => {
  assert.throws(() => loadConfig({}, { CONGVAN_REQUEST_CA: 'vnpt' }),
    (err: { code: string; localise(l: string): string }) => err.code === 'SRV_CONFIG_INVALID' && /CONGVAN_REQUEST_CA "vnpt" phải là own .* hoặc government/.test(err.localise('vi')));
});
