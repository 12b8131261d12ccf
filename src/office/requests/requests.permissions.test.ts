import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { formById } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { FORM, filedBatch, person, requestSetting } from './requests.fixture.ts';

const FORBIDDEN = { code: 'OFFICE_FORBIDDEN' };

testOnBothEngines('error/forbidden: a unit files for its own agency only; a specialist files nothing', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, banbo, binhluSpecialist, district, dic } = s;
  await assert.rejects(r.batches.create(binhluSpecialist, { formId: FORM }), FORBIDDEN);
  const { batch, entries } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const row = person('VŨ THỊ LAN', 'lanvt.banbo@laichau.gov.vn');
  await assert.rejects(r.entries.add(banbo, batch, [row]), FORBIDDEN);
  await assert.rejects(r.entries.add(district, batch, [row]), FORBIDDEN);
  await assert.rejects(r.entries.edit(banbo, entries[0]!, row), FORBIDDEN);
  await assert.rejects(r.entries.remove(dic, entries[0]!), FORBIDDEN);
  await assert.rejects(r.batches.submit(banbo, batch), FORBIDDEN);
  await assert.rejects(r.entries.returnToOrigin(district, entries[0]!, 'chưa gửi'), FORBIDDEN);
  await assert.rejects(r.queries.batch(banbo, batch.id), { code: 'OFFICE_REQUEST_BATCH_NOT_FOUND' });
  await assert.rejects(r.queries.timeline(banbo, entries[0]!.id), { code: 'OFFICE_REQUEST_ENTRY_NOT_FOUND' });
  const after = await r.queries.batch(binhlu, batch.id);
  assert.deepEqual([after.version, after.entries.length, after.state], [2, 1, 'draft'], 'no refused attempt changed the list');
});

testOnBothEngines('error/forbidden: the district acts on its own units\' lists only at its desk; the DIC alone approves; nobody skips a level', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district, districtLeaderOffice, dic, dicClerk, actorOf } = s;
  const sent = await r.batches.submit(binhlu, (await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')])).batch);
  await assert.rejects(r.batches.merge(districtLeaderOffice, { sources: [sent] }), FORBIDDEN, 'the district UBND\'s clerk is not its desk');
  await assert.rejects(r.batches.merge(dic, { sources: [sent] }), FORBIDDEN, 'the DIC does not take a commune\'s list past its district');
  await assert.rejects(r.batches.merge(binhlu, { sources: [sent] }), FORBIDDEN);
  await assert.rejects(r.batches.merge(await actorOf('tamduong-vhtt.chuyenvien'), { sources: [sent] }), FORBIDDEN);
  const dl = await r.batches.merge(district, { sources: [sent] });
  const [entry] = (await r.queries.batch(district, dl.id)).entries;
  await assert.rejects(r.decisions.approve(district, [entry!]), FORBIDDEN);
  const pl = await r.batches.merge(dic, { sources: [await r.batches.submit(district, dl)] });
  const [atProvince] = (await r.queries.batch(dic, pl.id)).entries;
  await assert.rejects(r.decisions.approve(dicClerk, [atProvince!]), FORBIDDEN, 'a DIC clerk is not its operator');
  await assert.rejects(r.decisions.approve(await actorOf('stttt.ca'), [atProvince!]), FORBIDDEN);
  await assert.rejects(r.entries.returnToOrigin(district, atProvince!, 'muộn'), FORBIDDEN, 'the district no longer holds it');
  await assert.rejects(r.decisions.markDone(dic, atProvince!), { code: 'OFFICE_REQUEST_NOT_ALLOWED' }, 'not approved yet');
  const [approved] = await r.decisions.approve(dic, [atProvince!]);
  await assert.rejects(r.decisions.approve(dic, [approved!]), { code: 'OFFICE_REQUEST_NOT_ALLOWED' });
  assert.equal((await r.queries.timeline(binhlu, atProvince!.id)).entry.state, 'approved', 'the origin follows its request');
  await assert.rejects(r.queries.pendingApproved(district), FORBIDDEN);
});

testOnBothEngines('error/forbidden: desks are set by an administrator over the area, to the area or an agency directly under it; a district with no province above cannot send on', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, actorOf, binhlu } = s;
  const laichau = (await actorOf('laichau.admin')).agencyId;
  await assert.rejects(r.desks.set(await actorOf('tamduong.admin'), laichau, (await actorOf('stttt.dic')).agencyId), FORBIDDEN);
  await assert.rejects(r.desks.set(await actorOf('laichau.admin'), laichau, binhlu.agencyId), { code: 'OFFICE_REQUEST_DESK_INVALID' });
  assert.equal(await r.desks.get(laichau), (await actorOf('stttt.dic')).agencyId);

  const clerk = await actorOf('thanhmien.vanthu');
  const form = formById('document-accounts-new')!;
  const list = await r.batches.create(clerk, { formId: form.id });
  const added = await r.entries.add(clerk, list, [sampleEntry(form)]);
  const sent = await r.batches.submit(clerk, added.batch);
  assert.deepEqual([sent.targetAgencyId, sent.targetLevel], [clerk.agencyId, 'district'], 'its own district desk, the district itself');
  const merged = await r.batches.merge(clerk, { sources: [sent] });
  await assert.rejects(r.batches.submit(clerk, merged), { code: 'OFFICE_REQUEST_NO_UPPER_LEVEL' });
  assert.equal((await r.queries.batch(clerk, merged.id)).state, 'draft');
});
