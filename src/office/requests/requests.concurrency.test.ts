import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { filedBatch, person, requestSetting } from './requests.fixture.ts';

const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok');

testOnBothEngines('error/stale: an edit made on an older version is refused naming who changed it; nothing is lost', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, actorOf } = s;
  const second = await actorOf('binhlu.admin'); // the unit's IT officer, filing in the same list
  const { batch, entries } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const seen = entries[0]!;
  await r.entries.edit(binhlu, seen, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { position: 'Văn thư' }));
  await assert.rejects(r.entries.edit(second, seen, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { position: 'Chủ tịch' })), (err: { code: string; params: Record<string, unknown>; localise: (l: 'vi') => string }) => {
    assert.equal(err.code, 'OFFICE_REQUEST_ENTRY_STALE');
    assert.deepEqual([err.params.seen, err.params.current], [1, 2]);
    assert.match(String(err.params.by), /binhlu\.vanthu/);
    assert.match(err.localise('vi'), /chưa được lưu/);
    return true;
  });
  const view = await r.queries.batch(binhlu, batch.id);
  assert.equal(view.entries[0]!.values.position, 'Văn thư', 'the first edit stands, the stale one changed nothing');
  await assert.rejects(r.batches.submit(second, batch), { code: 'OFFICE_REQUEST_BATCH_STALE' });
  assert.equal((await r.queries.batch(binhlu, batch.id)).state, 'draft');
});

testOnBothEngines('error/race: two edits of one entry at once — one applied, the other refused as stale', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, actorOf } = s;
  const second = await actorOf('binhlu.admin');
  const { entries } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const results = await Promise.allSettled([
    r.entries.edit(binhlu, entries[0]!, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { position: 'Văn thư' })),
    r.entries.edit(second, entries[0]!, person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { position: 'Chủ tịch' })),
  ]);
  assert.deepEqual(results.map(codeOf).sort(), ['OFFICE_REQUEST_ENTRY_STALE', 'ok']);
  const winner = results.findIndex((x) => x.status === 'fulfilled');
  const stored = (await r.queries.timeline(binhlu, entries[0]!.id));
  assert.equal(stored.entry.values.position, winner === 0 ? 'Văn thư' : 'Chủ tịch');
  assert.equal(stored.entry.version, 2);
  assert.deepEqual(stored.events.map((e) => e.action), ['add', 'edit']);
});

testOnBothEngines('error/race: the unit recalls its list while the district merges it — exactly one happens', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district } = s;
  for (let round = 0; round < 3; round++) {
    const { batch } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
    const sent = await r.batches.submit(binhlu, batch);
    const results = await Promise.allSettled([r.batches.recall(binhlu, sent), r.batches.merge(district, { sources: [sent] })]);
    assert.deepEqual(results.map(codeOf).sort(), ['OFFICE_REQUEST_BATCH_STALE', 'ok'], `round ${round}`);
    const after = await r.queries.batch(binhlu, sent.id);
    const recalled = results[0]!.status === 'fulfilled';
    assert.equal(after.state, recalled ? 'draft' : 'merged');
    assert.equal(after.entries.length, recalled ? 1 : 0, 'the entry is in one list only');
    assert.equal(after.entries[0]?.state ?? 'moved', recalled ? 'draft' : 'moved');
  }
});

testOnBothEngines('error/race: the district returns an entry while another clerk there sends the list on — never both on the same version', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district, actorOf } = s;
  const districtAdmin = await actorOf('tamduong-vhtt.admin');
  const { batch } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'), person('NGUYỄN VĂN AN', 'sangnq.binhlu@laichau.gov.vn')]);
  const list = await r.queries.batch(district, (await r.batches.merge(district, { sources: [await r.batches.submit(binhlu, batch)] })).id);
  const results = await Promise.allSettled([
    r.entries.returnToOrigin(district, list.entries[0]!, 'Sai số định danh'),
    r.batches.submit(districtAdmin, list),
  ]);
  const codes = results.map(codeOf);
  const after = await r.queries.batch(district, list.id);
  const entry = after.entries.find((e) => e.id === list.entries[0]!.id)!;
  if (codes[0] === 'ok') {
    // returned first: the send-on saw an older version of the list and was refused; nothing left for the DIC
    assert.equal(codes[1], 'OFFICE_REQUEST_BATCH_STALE');
    assert.deepEqual([after.state, entry.state], ['draft', 'returned']);
  } else {
    // sent first: the return saw an older version of the entry; the entry travelled on, not returned
    assert.deepEqual([codes[0], codes[1]], ['OFFICE_REQUEST_ENTRY_STALE', 'ok']);
    assert.deepEqual([after.state, entry.state], ['submitted', 'submitted']);
  }
});

testOnBothEngines('error/race: two units\' lists merged by two district clerks at once — each list lands in one merged list only', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, banbo, district, actorOf } = s;
  const districtAdmin = await actorOf('tamduong-vhtt.admin');
  const a = await r.batches.submit(binhlu, (await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')])).batch);
  const b = await r.batches.submit(banbo, (await filedBatch(s, banbo, [person('VŨ THỊ LAN', 'lanvt.banbo@laichau.gov.vn')])).batch);
  const results = await Promise.allSettled([r.batches.merge(district, { sources: [a, b] }), r.batches.merge(districtAdmin, { sources: [b, a] })]);
  assert.deepEqual(results.map(codeOf).sort(), ['OFFICE_REQUEST_BATCH_STALE', 'ok']);
  const lists = await r.queries.mine(district, { state: 'draft' });
  assert.equal(lists.length, 1, 'the loser made no list');
  assert.equal((await r.queries.batch(district, lists[0]!.id)).entries.length, 2);
});
