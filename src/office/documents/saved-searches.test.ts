import assert from 'node:assert/strict';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

async function setting(db: Parameters<typeof demoOffice>[0]) {
  const demo = await demoOffice(db, new Date('2026-06-01T03:00:00Z'));
  const clerk = await demo.actorOf('laichau.vanthu');
  const arrive = (subject: string, typeCode = 'quyet-dinh', documentDate = '2026-05-20') =>
    demo.office.documents.registerIncoming(clerk, { typeCode, subject, notation: '15/QĐ-UBND', sender: 'UBND huyện Tam Đường', documentDate });
  return { ...demo, clerk, arrive };
}

testOnBothEngines('ok: a user saves a named search, lists it, runs it (without diacritics, it finds what the search finds today), and deletes it', async (db) => {
  const { office, clerk, arrive } = await setting(db);
  const first = await arrive('Quyết định phê duyệt đề án đất đai');
  await arrive('Quyết định về đất đai năm trước', 'quyet-dinh', '2025-12-30');
  await arrive('Công văn về đất đai', 'cong-van');
  const saved = await office.records.savedSearches.save(clerk, { name: '  Đất đai   2026 ', query: { q: 'dat dai', typeCode: 'quyet-dinh', from: '2026-01-01', to: '2026-12-31' } });
  assert.equal(saved.name, 'Đất đai 2026');
  await office.records.savedSearches.save(clerk, { name: 'Ân xá', query: { direction: 'in' } });
  assert.deepEqual((await office.records.savedSearches.list(clerk)).map((s) => s.name), ['Ân xá', 'Đất đai 2026']);
  const run = await office.records.savedSearches.run(clerk, saved.id);
  assert.deepEqual(run.documents.map((d) => d.id), [first.id]);
  assert.equal(run.search.name, 'Đất đai 2026');
  const later = await arrive('Quyết định thu hồi đất đai');
  assert.deepEqual((await office.records.savedSearches.run(clerk, saved.id, { limit: 1 })).documents.map((d) => d.id), [later.id], 'newest first, a page of one');
  assert.equal((await office.records.savedSearches.run(clerk, saved.id, { limit: 1, offset: 1 })).documents[0]!.id, first.id);
  await office.records.savedSearches.remove(clerk, saved.id);
  assert.deepEqual((await office.records.savedSearches.list(clerk)).map((s) => s.name), ['Ân xá']);
  await assert.rejects(office.records.savedSearches.run(clerk, saved.id), { code: 'OFFICE_SAVED_SEARCH_NOT_FOUND' });
  const audit = await db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', saved.id).orderBy('seq').execute();
  assert.deepEqual(audit.map((a) => a.action), ['saved_search.create', 'saved_search.delete']);
});

testOnBothEngines('error: names are unique per user (any case) but another user may reuse one; bad queries are refused by field; nobody else sees, runs or deletes them', async (db) => {
  const { office, actorOf, clerk } = await setting(db);
  const saved = await office.records.savedSearches.save(clerk, { name: 'Khẩn', query: { q: 'khan' } });
  await assert.rejects(office.records.savedSearches.save(clerk, { name: 'KHẨN', query: { q: 'x' } }), { code: 'OFFICE_SAVED_SEARCH_NAME_TAKEN', params: { name: 'KHẨN' } });
  const colleague = await actorOf('laichau.chuyenvien');
  const stranger = await actorOf('tamduong.vanthu');
  assert.equal((await office.records.savedSearches.save(colleague, { name: 'Khẩn', query: { q: 'khan' } })).name, 'Khẩn');
  const field = (f: string) => (err: { code: string; params: { field: string } }) => err.code === 'OFFICE_SAVED_SEARCH_INVALID' && err.params.field === f;
  const bad = (name: string, query: object, f: string) => assert.rejects(office.records.savedSearches.save(clerk, { name, query }), field(f));
  await bad('   ', { q: 'x' }, 'name');
  await bad('x'.repeat(101), { q: 'x' }, 'name');
  await bad('Trống', {}, 'query');
  await bad('Trống 2', { q: '   ' }, 'query');
  await bad('Loại', { typeCode: 'khong-co' }, 'typeCode');
  await bad('Chiều', { direction: 'sideways' }, 'direction');
  await bad('Ngày', { from: '2026-02-30' }, 'from');
  await bad('Ngược', { from: '2026-05-01', to: '2026-04-01' }, 'to');
  await bad('Thừa', { q: 'x', limit: 5 }, 'limit');
  await bad('Kiểu', { q: 5 }, 'q');
  await bad('Trạng thái', { status: 'Đã ký; drop table' }, 'status');
  await assert.rejects(office.records.savedSearches.save(clerk, { name: 'Mảng', query: ['q'] as unknown as object }), field('query'));
  for (const other of [colleague, stranger]) {
    await assert.rejects(office.records.savedSearches.run(other, saved.id), { code: 'OFFICE_SAVED_SEARCH_NOT_FOUND' });
    await assert.rejects(office.records.savedSearches.remove(other, saved.id), { code: 'OFFICE_SAVED_SEARCH_NOT_FOUND' });
    assert.ok(!(await office.records.savedSearches.list(other)).some((s) => s.id === saved.id));
  }
  assert.equal((await office.records.savedSearches.list(clerk)).length, 1, 'still there');
});
