import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentType, DOCUMENT_TYPES } from './catalogue.ts';
import { vietnamYear } from '../../shared/vietnam-time.ts';
import { formatNumber, notation } from './notation.ts';

const type = (code: string) => documentType(code)!;

test('ok: numbers and notations as Decree 30 writes them', () => {
  assert.deepEqual([1, 5, 9, 10, 296].map(formatNumber), ['01', '05', '09', '10', '296']);
  assert.equal(notation({ number: 15, type: type('quyet-dinh'), issuer: 'UBND' }), '15/QĐ-UBND');
  assert.equal(notation({ number: 296, type: type('cong-van'), issuer: 'UBND', unit: 'VHTT' }), '296/UBND-VHTT');
  assert.equal(notation({ number: 7816, type: type('cong-van'), issuer: 'VPCP', unit: 'TTĐT' }), '7816/VPCP-TTĐT');
  assert.equal(notation({ number: 3, type: type('ke-hoach'), issuer: 'UBND' }), '03/KH-UBND');
  assert.equal(notation({ number: 12, type: type('quy-dinh'), issuer: 'UBND' }), '12/QyĐ-UBND');
  assert.equal(notation({ number: 4, type: type('ban-sao-y'), issuer: 'STTTT' }), '04/SY-STTTT');
  assert.equal(DOCUMENT_TYPES.filter((t) => t.abbreviation === '').map((t) => t.name).join(), 'Công văn', 'only công văn has no abbreviation');
});

test('ok: the seed 004 Annex I list of types sent only electronically: its 17 administrative types, not contracts, minutes or copies', () => {
  const only = DOCUMENT_TYPES.filter((t) => t.electronicOnly).map((t) => t.name);
  assert.equal(only.length, 17);
  for (const name of ['Nghị quyết', 'Quyết định', 'Công văn', 'Giấy mời', 'Phiếu chuyển', 'Tờ trình']) assert.ok(only.includes(name), name);
  for (const name of ['Hợp đồng', 'Biên bản', 'Bản sao y', 'Giấy nghỉ phép']) assert.ok(!only.includes(name), name);
});

test('bad: a space, a slash or nothing where an abbreviation belongs, a công văn without its drafting unit, number 0', () => {
  assert.throws(() => notation({ number: 1, type: type('quyet-dinh'), issuer: 'UB ND' }), { code: 'OFFICE_NOTATION_INVALID' });
  assert.throws(() => notation({ number: 1, type: type('quyet-dinh'), issuer: 'UBND/X' }), { code: 'OFFICE_NOTATION_INVALID' });
  assert.throws(() => notation({ number: 1, type: type('cong-van'), issuer: 'UBND' }), { code: 'OFFICE_NOTATION_INVALID' });
  assert.throws(() => notation({ number: 0, type: type('quyet-dinh'), issuer: 'UBND' }), { code: 'OFFICE_NOTATION_INVALID' });
});

test('ok: the year of a number turns at midnight in Vietnam, seven hours before UTC', () => {
  assert.equal(vietnamYear(new Date('2026-12-31T16:59:59Z')), 2026);
  assert.equal(vietnamYear(new Date('2026-12-31T17:00:00Z')), 2027);
});
