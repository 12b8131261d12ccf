import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldText, searchTokens } from './fold.ts';

test('ok: Vietnamese folds to plain letters, đ included, in composed or decomposed form', () => {
  assert.equal(foldText('Quyết định'), 'quyet dinh');
  assert.equal(foldText('ĐỒNG Ý'), 'dong y');
  assert.equal(foldText('Quyết định'.normalize('NFD')), 'quyet dinh');
  assert.deepEqual(searchTokens('Số: 296/UBND-VHTT ngày 25/11'), ['so', '296', 'ubnd', 'vhtt', 'ngay', '25', '11']);
  assert.deepEqual(searchTokens('15/QĐ-UBND'), ['15', 'qd', 'ubnd']);
  assert.deepEqual(searchTokens('  —  '), []);
});
