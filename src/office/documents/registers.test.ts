import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { createOffice } from '../index.ts';
import { openDatabase } from '../../store/index.ts';
import { writeWithAudit } from '../context.ts';
import { takeNumberIn } from './registers.ts';

testOnBothEngines('ok: the clerk takes 01, 02 … with the notation; secret documents have their own series; only clerks take numbers', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const clerk = await actorOf('laichau.vanthu');
  const first = await office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'quyet-dinh', issuer: 'UBND' });
  const second = await office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'cong-van', issuer: 'UBND', unit: 'VHTT' });
  assert.deepEqual([first.formatted, first.notation, second.formatted, second.notation], ['01', '01/QĐ-UBND', '02', '02/UBND-VHTT']);
  const secret = await office.registers.takeNumber(clerk, { direction: 'out', series: 'mat' });
  assert.equal(secret.number, 1, 'a series of its own');
  const incoming = await office.registers.takeNumber(clerk, { direction: 'in' });
  assert.equal(incoming.number, 1, 'incoming numbers run on their own');
  const other = await office.registers.takeNumber(await actorOf('tamduong.vanthu'), { direction: 'out' });
  assert.equal(other.number, 1, 'each agency has its own register');
  await assert.rejects(office.registers.takeNumber(await actorOf('laichau.chuyenvien'), { direction: 'out' }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'khong-co' }), { code: 'OFFICE_REGISTER_INVALID' });
  await assert.rejects(office.registers.takeNumber(clerk, { direction: 'sideways' as 'out' }), { code: 'OFFICE_REGISTER_INVALID' });
});

testOnBothEngines('ok: fifty clerks at once get fifty different numbers, 1 to 50, and the register has no gap', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const clerk = await actorOf('laichau.vanthu');
  const taken = await Promise.all(Array.from({ length: 50 }, () => office.registers.takeNumber(clerk, { direction: 'out' })));
  assert.deepEqual(taken.map((t) => t.number).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
  const { lines, gaps } = await office.registers.lines(clerk, taken[0]!.registerId);
  assert.equal(lines.length, 50);
  assert.deepEqual(gaps, []);
});

testOnBothEngines('ok: an issue that fails gives its number back; a number voided keeps its place with the reason; numbers start again at 01 on 1 January in Vietnam', async (db) => {
  const { office, actorOf, clock, blobs } = await demoOffice(db, new Date('2026-12-31T16:00:00Z'));
  const clerk = await actorOf('laichau.vanthu');
  const ctx = { db, blobs, now: clock.now };
  await assert.rejects(writeWithAudit(ctx, async (trx, audit) => {
    await takeNumberIn(trx, ctx, audit, clerk, { direction: 'out' });
    throw new Error('LibreOffice không mở được tệp');
  }), /LibreOffice/);
  const one = await office.registers.takeNumber(clerk, { direction: 'out' });
  assert.equal(one.number, 1, 'the failed issue did not keep number 01');
  const two = await office.registers.takeNumber(clerk, { direction: 'out' });
  await office.registers.voidNumber(clerk, two.registerId, 2, 'Văn bản bị hủy trước khi ban hành');
  await assert.rejects(office.registers.voidNumber(clerk, two.registerId, 2, 'lần nữa'), { code: 'OFFICE_NUMBER_ALREADY_VOID' });
  await assert.rejects(office.registers.voidNumber(clerk, two.registerId, 3, 'không có'), { code: 'OFFICE_NUMBER_NOT_FOUND' });
  await assert.rejects(office.registers.voidNumber(clerk, two.registerId, 1, '  '), { code: 'OFFICE_REASON_REQUIRED' });
  await assert.rejects(office.registers.voidNumber(await actorOf('tamduong.vanthu'), two.registerId, 1, 'không phải sổ của mình'), { code: 'OFFICE_FORBIDDEN' });
  const { lines, gaps } = await office.registers.lines(clerk, two.registerId);
  assert.deepEqual(lines.map((l) => [l.formatted, l.status, l.reason]), [['01', 'used', null], ['02', 'void', 'Văn bản bị hủy trước khi ban hành']]);
  assert.deepEqual(gaps, []);

  clock.advanceMinutes(60); // 2026-12-31T17:00Z is midnight in Hà Nội
  const newYear = await office.registers.takeNumber(clerk, { direction: 'out' });
  assert.deepEqual([newYear.year, newYear.number], [2027, 1]);
});

testOnBothEngines('ok: two office processes on one database (PostgreSQL) or one (SQLite) issuing at once never share a number', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const clerk = await actorOf('laichau.vanthu');
  // A second server on the same database, through its own connections; SQLite serves one process
  const second = db.config.dialect === 'postgres' ? openDatabase(db.config) : undefined;
  try {
    const other = second ? createOffice({ db: second }) : office;
    const taken = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? other : office).registers.takeNumber(clerk, { direction: 'out' })));
    const numbers = taken.map((t) => t.number).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: 40 }, (_, i) => i + 1));
  } finally {
    await second?.close();
  }
});
