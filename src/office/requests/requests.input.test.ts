import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { formById } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { formProblemsOf } from './index.ts';
import { FORM, filedBatch, person, requestSetting } from './requests.fixture.ts';

const rejection = async (p: Promise<unknown>) => p.then(() => assert.fail('expected a refusal'), (err: unknown) => err as { code: string });

testOnBothEngines('error/gmail: a list with one free-mail row is refused whole, every problem listed by row, nothing stored', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu } = s;
  const batch = await r.batches.create(binhlu, { formId: FORM });
  const err = await rejection(r.entries.add(binhlu, batch, [
    person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'),
    person('NGUYỄN QUANG SÁNG', 'sangnq@gmail.com'),
    person('Nguyễn quang sáng', 'sangnq.binhlu@laichau.gov.vn', { personIdNumber: '12345' }),
  ]));
  assert.equal(err.code, 'OFFICE_FORM_INVALID');
  const problems = formProblemsOf(err);
  assert.deepEqual(problems.map((p) => `${p.row}:${p.field}:${p.code}`), [
    '2:email:FORM_EMAIL_FREE_PROVIDER', '3:fullName:FORM_NAME_NOT_UPPER', '3:personIdNumber:FORM_ID_NUMBER_INVALID',
  ]);
  const after = await r.queries.batch(binhlu, batch.id);
  assert.deepEqual([after.entries.length, after.version], [0, 1], 'no row stored, the list untouched');
  assert.deepEqual((await r.queries.batchTimeline(binhlu, batch.id)).map((e) => e.action), ['create']);
  const count = await db.kysely.selectFrom('request_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 0);
});

testOnBothEngines('error/input: no mailbox, bad correction, unknown form, empty list, no reason, missing header — each refused with its code and nothing changed', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district } = s;
  const noMailbox = await rejection(filedBatch(s, binhlu, [person('TRẦN VĂN BÌNH', 'binhtv.binhlu@laichau.gov.vn')]));
  assert.deepEqual(formProblemsOf(noMailbox).map((p) => p.code), ['FORM_MAILBOX_MISSING']);
  await assert.rejects(r.batches.create(binhlu, { formId: 'mau-99' }), { code: 'OFFICE_REQUEST_FORM_UNKNOWN' });
  await assert.rejects(r.entries.add(binhlu, { id: 'không-có', version: 1 }, [{}]), { code: 'OFFICE_REQUEST_BATCH_NOT_FOUND' });
  const empty = await r.batches.create(binhlu, { formId: FORM });
  await assert.rejects(r.batches.submit(binhlu, empty), { code: 'OFFICE_REQUEST_EMPTY' });
  await assert.rejects(r.entries.add(binhlu, empty, []), { code: 'OFFICE_FORM_INVALID' });

  const { batch, entries } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const bad = await rejection(r.entries.edit(binhlu, entries[0]!, { ...person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'), mobile: '123', extra: 'x' }));
  assert.deepEqual(formProblemsOf(bad).map((p) => p.code).sort(), ['FORM_FIELD_UNKNOWN', 'FORM_PHONE_INVALID']);
  const kept = await r.queries.timeline(binhlu, entries[0]!.id);
  assert.deepEqual([kept.entry.version, kept.entry.values.mobile], [1, '0916731226']);

  const sent = await r.batches.submit(binhlu, await r.queries.batch(binhlu, batch.id));
  const [entry] = (await r.queries.batch(district, sent.id)).entries;
  await assert.rejects(r.entries.returnToOrigin(district, entry!, '   '), { code: 'OFFICE_REASON_REQUIRED' });
  assert.equal((await r.queries.timeline(district, entry!.id)).entry.state, 'submitted');

  // a list form with a header: the contact person is required before sending, the count is the rows'
  const listForm = formById('personal-certificate-list')!;
  const list = await r.batches.create(binhlu, { formId: listForm.id });
  const added = await r.entries.add(binhlu, list, [{ ...sampleEntry(listForm), email: 'sangnq.binhlu@laichau.gov.vn' }]);
  const noHeader = await rejection(r.batches.submit(binhlu, added.batch));
  assert.equal(noHeader.code, 'OFFICE_FORM_INVALID');
  assert.ok(formProblemsOf(noHeader).some((p) => p.field === 'contactName' && p.code === 'FORM_REQUIRED'));
  await assert.rejects(r.batches.setHeader(binhlu, added.batch, { ...sampleEntry(listForm, 'header'), contactEmail: 'lienhe@yahoo.com' }), { code: 'OFFICE_FORM_INVALID' });
  const headed = await r.batches.setHeader(binhlu, added.batch, { ...sampleEntry(listForm, 'header'), contactEmail: 'sangnq.binhlu@laichau.gov.vn', count: 7 });
  const submitted = await r.batches.submit(binhlu, headed);
  assert.deepEqual([submitted.state, submitted.header.count, submitted.header.contactEmail], ['submitted', 1, 'sangnq.binhlu@laichau.gov.vn']);
});

testOnBothEngines('error/hidden characters: a return reason, a withdrawal note or an outcome with a NUL or a bidi override is refused as a form field is, nothing written; a filter naming no form is refused', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district, dic } = s;
  const { batch, entries: [kept, dropped] } = await filedBatch(s, binhlu, [
    person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn'), person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn', { mobile: '0912 345 678' }),
  ]);
  const hidden = async (p: Promise<unknown>, field: string) => {
    const err = await rejection(p);
    assert.equal(err.code, 'OFFICE_FORM_INVALID');
    assert.deepEqual(formProblemsOf(err).map((x) => [x.field, x.code]), [[field, 'FORM_CONTROL_CHARS']]);
  };
  await hidden(r.entries.remove(binhlu, dropped!, 'nhầm\u0000'), 'reason');
  assert.equal((await r.queries.timeline(binhlu, dropped!.id)).entry.state, 'draft');

  const sent = await r.batches.submit(binhlu, await r.queries.batch(binhlu, batch.id));
  const merged = await r.batches.merge(district, { sources: [sent] });
  const [entry] = (await r.queries.batch(district, merged.id)).entries;
  await hidden(r.entries.returnToOrigin(district, entry!, 'Sai số\u0000 điện thoại'), 'reason');
  await hidden(r.entries.returnToOrigin(district, entry!, 'Sai \u202eiạoht nệiđ ốs'), 'reason');
  const still = await r.queries.timeline(district, entry!.id);
  assert.deepEqual([still.entry.state, still.entry.version, still.events.at(-1)!.action], ['submitted', entry!.version, 'merge']);

  const up = await r.batches.submit(district, await r.queries.batch(district, merged.id));
  const province = await r.batches.merge(dic, { sources: [up] });
  const approved = await r.decisions.approve(dic, (await r.queries.batch(dic, province.id)).entries);
  await hidden(r.decisions.markDone(dic, approved[0]!, 'Đã cấp\u0000'), 'outcome');
  assert.equal((await r.queries.timeline(dic, approved[0]!.id)).entry.state, 'approved');
  assert.equal((await r.decisions.markDone(dic, approved[0]!, '  Đã cấp, số hiệu 0a0b  ')).outcome, 'Đã cấp, số hiệu 0a0b');

  await assert.rejects(r.queries.mine(binhlu, { formId: 'mau\u0000' }), { code: 'OFFICE_REQUEST_FORM_UNKNOWN' });
  await assert.rejects(r.queries.inbox(district, 'mau\u0000'), { code: 'OFFICE_REQUEST_FORM_UNKNOWN' });
  assert.deepEqual((await r.queries.mine(binhlu, { formId: FORM })).map((b) => b.id).sort(), [batch.id].sort());
});

testOnBothEngines('error/malformed seen rows: approve and merge called with a null row or an id that is not text refuse with their codes, nothing changed', async (db) => {
  const s = await requestSetting(db);
  const { requests: r, binhlu, district, dic } = s;
  const { batch } = await filedBatch(s, binhlu, [person('NGUYỄN QUANG SÁNG', 'sangnq.binhlu@laichau.gov.vn')]);
  const sent = await r.batches.submit(binhlu, await r.queries.batch(binhlu, batch.id));
  const hostile = [[null], [{ id: 42, version: 1 }], [sent, null], [{ version: 1 }]] as unknown as Parameters<typeof r.decisions.approve>[1][];
  for (const seen of hostile) {
    await assert.rejects(r.decisions.approve(dic, seen), { code: 'OFFICE_REQUEST_ENTRY_NOT_FOUND' });
    await assert.rejects(r.batches.merge(district, { sources: seen }), { code: 'OFFICE_REQUEST_MERGE_INVALID' });
  }
  assert.equal((await r.queries.batch(district, sent.id)).state, 'submitted');
});
