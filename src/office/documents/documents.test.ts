import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { searchTokens } from '../../shared/fold.ts';
import { prefixAsFilter, readWordStatistics } from './documents.ts';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { test } from 'node:test';

const ARRIVALS = [
  { typeCode: 'quyet-dinh', subject: 'Về việc ban hành Quy chế sử dụng chữ ký số chuyên dùng', notation: '15/QĐ-UBND', sender: 'UBND tỉnh Lai Châu', documentDate: '2026-03-02' },
  { typeCode: 'cong-van', subject: 'V/v đăng ký cấp chứng thư số cho cán bộ', notation: '296/UBND-VHTT', sender: 'UBND huyện Tam Đường', documentDate: '2026-05-20' },
  { typeCode: 'ke-hoach', subject: 'Kế hoạch triển khai trục liên thông văn bản', notation: '03/KH-STTTT', sender: 'Sở Thông tin và Truyền thông', documentDate: '2026-07-11' },
  { typeCode: 'cong-van', subject: 'V/v cảnh báo thư điện tử lừa đảo (phishing)', notation: '1102/STTTT-CNTT', sender: 'Sở Thông tin và Truyền thông', documentDate: '2026-09-30', bodyText: 'Đề nghị cán bộ không mở tệp đính kèm lạ.' },
] as const;

const subjects = (found: { documents: { subject: string }[] }) => found.documents.map((d) => d.subject);

testOnBothEngines('ok: search ignores diacritics and case, finds notations, the last word as a prefix, with filters; the same answers on both engines', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const clerk = await actorOf('laichau.vanthu');
  const registered = [];
  for (const arrival of ARRIVALS) registered.push(await office.documents.registerIncoming(clerk, arrival));
  assert.deepEqual(registered.map((d) => d.number), [1, 2, 3, 4], 'incoming numbers from 01');
  const specialist = await actorOf('laichau.chuyenvien');
  await office.documents.createDraft(specialist, { typeCode: 'to-trinh', subject: 'Tờ trình phê duyệt danh sách cấp chứng thư số' });

  const search = (q: string, extra = {}) => office.documents.search(clerk, { q, ...extra });
  assert.deepEqual(subjects(await search('quyet dinh')), [ARRIVALS[0].subject], 'the type name, folded');
  assert.deepEqual(subjects(await search('QĐ-UBND')), [ARRIVALS[0].subject], 'the notation');
  assert.deepEqual(subjects(await search('296/ubnd-vhtt')), [ARRIVALS[1].subject]);
  assert.deepEqual(subjects(await search('dang ky chung thu')), [ARRIVALS[1].subject]);
  // Newest registered first: the draft came last
  assert.deepEqual(subjects(await search('CHỨNG THƯ SỐ')), ['Tờ trình phê duyệt danh sách cấp chứng thư số', ARRIVALS[1].subject], 'drafts are found too');
  assert.deepEqual(subjects(await search('chu ky s')), [ARRIVALS[0].subject], 'the last word is a prefix');
  assert.deepEqual(subjects(await search('tep dinh kem')), [ARRIVALS[3].subject], 'the text of the document');
  assert.deepEqual(subjects(await search('thong tin', { typeCode: 'ke-hoach' })), [ARRIVALS[2].subject]);
  assert.deepEqual(subjects(await search('', { direction: 'in', from: '2026-05-01', to: '2026-08-01' })), [ARRIVALS[2].subject, ARRIVALS[1].subject]);
  assert.equal((await search('', { direction: 'in', limit: 2, offset: 2 })).documents.length, 2);
  assert.equal((await search('')).total, 5);
  assert.deepEqual(subjects(await search('khong co tu nay')), []);

  const other = await actorOf('tamduong.vanthu');
  assert.equal((await office.documents.search(other, { q: 'chung thu' })).total, 0, 'another agency sees none of them');
});

testOnBothEngines('bad: registration and drafts refuse bad input with Vietnamese reasons; roles are enforced', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const clerk = await actorOf('laichau.vanthu');
  const good = ARRIVALS[0];
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, typeCode: 'thu-tinh' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, subject: '   ' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, documentDate: '30/09/2026' }), (err: Error) => /YYYY-MM-DD/.test(err.message));
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, notation: '' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, urgency: 'gap' as 'khan' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.registerIncoming(await actorOf('laichau.chuyenvien'), good), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.documents.createDraft(clerk, { typeCode: 'cong-van', subject: 'x' }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.documents.search(clerk, { from: 'hôm qua' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.search(clerk, { to: '2026-02-30' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.search(clerk, { limit: Number('mười') }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.search(clerk, { offset: -1 }), { code: 'OFFICE_DOCUMENT_INVALID' });
  await assert.rejects(office.documents.registerIncoming(clerk, { ...good, documentDate: '2026-02-30' }), { code: 'OFFICE_DOCUMENT_INVALID' });
  assert.equal((await office.documents.search(clerk, {})).total, 0, 'nothing was half-written');
  const secret = await office.documents.registerIncoming(clerk, { ...good, secrecy: 'mat' });
  assert.equal(secret.number, 1, 'secret documents are numbered in their own series');
});

testOnBothEngines('ok: a secret document is found and opened by the agency\'s leaders and clerks and by who handles it, by no other specialist', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const [clerk, leader, specialist] = [await actorOf('laichau.vanthu'), await actorOf('laichau.lanhdao'), await actorOf('laichau.chuyenvien')];
  const secret = await office.documents.registerIncoming(clerk, { ...ARRIVALS[0], secrecy: 'mat' });
  const open = await office.documents.registerIncoming(clerk, { ...ARRIVALS[0], notation: '77/STTTT-CNTT' });
  const found = async (who: typeof clerk) => (await office.documents.search(who, { q: ARRIVALS[0].subject.split(' ').slice(0, 3).join(' ') })).documents.map((d) => d.id).sort();
  assert.deepEqual(await found(clerk), [open.id, secret.id].sort());
  assert.deepEqual(await found(leader), [open.id, secret.id].sort());
  assert.deepEqual(await found(specialist), [open.id], 'a specialist does not find it');
  await assert.rejects(office.documents.get(specialist, secret.id), { code: 'OFFICE_DOCUMENT_NOT_FOUND' });
  await office.incoming.assign(leader, secret.id, { leadId: specialist.userId, dueDate: '2099-01-01' });
  assert.deepEqual(await found(specialist), [open.id, secret.id].sort(), 'its handler does');
  assert.equal((await office.documents.get(specialist, secret.id)).secrecy, 'mat');
});

testOnBothEngines('ok: twenty drafts written at once all land, each with its own place in the newest-first order', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const authors = [await actorOf('laichau.chuyenvien'), await actorOf('tamduong.chuyenvien')];
  const drafts = await Promise.all(Array.from({ length: 20 }, (_, i) => office.documents.createDraft(authors[i % 2]!, { typeCode: 'bao-cao', subject: `Báo cáo số liệu tháng ${i + 1}` })));
  assert.equal(drafts.length, 20);
  const mine = await office.documents.search(authors[0]!, { q: 'bao cao', limit: 50 });
  assert.equal(mine.total, 10);
  assert.equal(new Set(mine.documents.map((d) => d.id)).size, 10);
});

testOnBothEngines('ok: a common last word after rarer ones finds the same documents (PostgreSQL, once analysed, checks it on the rows the others find)', async (db) => {
  const { office, actorOf } = await demoOffice(db);
  const specialist = await actorOf('laichau.chuyenvien');
  const made = [];
  for (let i = 0; i < 200; i++) {
    const subject = i % 50 === 7 ? `Quy chế sử dụng chữ ký số đợt ${i}` : i === 120 ? 'Quy chế chữ ký điện tử' : `${i % 2 ? 'Báo cáo số liệu' : 'Sở Tài chính soạn thảo'} đợt ${i}`;
    made.push(await office.documents.createDraft(specialist, { typeCode: 'to-trinh', subject }));
  }
  const expected = made.filter((d) => d.subject.includes('chữ ký số')).map((d) => d.id).reverse();
  if (db.dialect === 'postgres') {
    await sql`analyze documents`.execute(db.kysely);
    assert.equal(prefixAsFilter(searchTokens('chu ky so'), await readWordStatistics(db)), true, 'the case this test is for');
  }
  const found = await office.documents.search(specialist, { q: 'chu ky so' });
  assert.deepEqual(found.documents.map((d) => d.id), expected);
  assert.equal(found.total, 4);
  assert.deepEqual((await office.documents.search(specialist, { q: 'chu ky so', limit: 2, offset: 1 })).documents.map((d) => d.id), expected.slice(1, 3));
  assert.equal((await office.documents.search(specialist, { q: 'bao cao so' })).total, 96);
  assert.equal((await office.documents.search(specialist, { q: 'dot 1' })).total, 110, 'đợt 1, 10-19, 100-199 but 120');
});

test('prefixAsFilter: never without statistics or for a single word', () => {
  assert.equal(prefixAsFilter(['chu', 'ky', 'so'], null), false);
  const stats = { documents: 1_000_000, frequency: new Map([['chu', 0.1], ['ky', 0.19], ['so', 0.45], ['lua', 0.1], ['dao', 0.1]]) };
  assert.equal(prefixAsFilter(['so'], stats), false);
  assert.equal(prefixAsFilter(['chu', 'ky', 'so'], stats), true, 'a common prefix after rarer words');
  assert.equal(prefixAsFilter(['lua', 'dao'], stats), false, 'a prefix as rare as the word before it');
  assert.equal(prefixAsFilter(['chu', '1102'], stats), false, 'a prefix missing from the statistics');
});
