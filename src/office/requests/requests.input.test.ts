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
