import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

testOnBothEngines('error/hidden characters: an advisory\'s title or body with a zero-width, bidi, C1 or BOM character is refused, not published; ok: the text is tidied (NFC, spaces) and line breaks in the body kept', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const dic = await actorOf('stttt.dic');
  const hostile = [{ title: 'Thư\u200B giả mạo', body: 'b' }, { title: 'a', body: 'Bấm\u2066 vào đây' }, { title: 'a', body: 'x\u0085y' }, { title: '\uFEFFCảnh báo', body: 'b' }, { title: 'a', body: 'x\u0000y' }];
  for (const input of hostile) await assert.rejects(office.advisories.publish(dic, input), { code: 'OFFICE_ADVISORY_INVALID' }, JSON.stringify(input));
  await assert.rejects(office.advisories.publish(dic, { title: 'a'.repeat(201), body: 'b' }), { code: 'OFFICE_ADVISORY_INVALID' });
  await assert.rejects(office.advisories.publish(dic, { title: 'a', body: 'b', severity: 'khẩn' }), { code: 'OFFICE_ADVISORY_INVALID' });
  assert.deepEqual(await office.advisories.list(dic), [], 'nothing refused was stored');

  const ok = await office.advisories.publish(dic, { title: '  Cảnh báo   thư giả mạo ', body: 'Dòng một.\r\nDòng   hai.', severity: 'info' });
  assert.deepEqual([ok.title, ok.body, ok.severity], ['Cảnh báo thư giả mạo', 'Dòng một.\nDòng hai.', 'info']);
  const decomposed = await office.advisories.publish(dic, { title: 'Nguye\u0302\u0303n', body: 'b' });
  assert.equal(decomposed.title, 'Nguyễn', 'NFC');
});
