// The one catalog lookup behind every coded error and every form problem, on a catalog of its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codedErrorClass, isCodedError, localiseMessage, type Catalog } from './coded-error.ts';

const CATALOG = {
  T_TOO_LARGE: { vi: 'Tệp "{name}" lớn hơn {max} MB.', en: '"{name}" is larger than {max} MB.' },
} as const satisfies Catalog;

test('ok: a message in either language with its params filled; a param not given stays visible', () => {
  assert.equal(localiseMessage(CATALOG, 'T_TOO_LARGE', { name: 'a.pdf', max: 20 }, 'vi'), 'Tệp "a.pdf" lớn hơn 20 MB.');
  assert.equal(localiseMessage(CATALOG, 'T_TOO_LARGE', { name: 'a.pdf', max: 20 }, 'en'), '"a.pdf" is larger than 20 MB.');
  assert.equal(localiseMessage(CATALOG, 'T_TOO_LARGE', { name: 'a.pdf' }, 'en'), '"a.pdf" is larger than {max} MB.');
});

test('error/unknown code: the bare code, never a crash', () => {
  assert.equal(localiseMessage(CATALOG, 'T_NOT_THERE', { name: 'a.pdf' }, 'vi'), 'T_NOT_THERE');
});

test('ok: a package error class logs English, localises to Vietnamese, keeps code, params and cause', () => {
  class TestError extends codedErrorClass('TestError', CATALOG) {}
  const cause = new Error('disk');
  const err = new TestError('T_TOO_LARGE', { name: 'a.pdf', max: 20 }, { cause });
  assert.ok(isCodedError(err) && err instanceof TestError);
  assert.equal(err.name, 'TestError');
  assert.equal(err.code, 'T_TOO_LARGE');
  assert.equal(err.message, localiseMessage(CATALOG, 'T_TOO_LARGE', err.params, 'en'));
  assert.equal(err.localise('vi'), 'Tệp "a.pdf" lớn hơn 20 MB.');
  assert.equal(err.cause, cause);
});
