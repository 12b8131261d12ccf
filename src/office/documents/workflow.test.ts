import assert from 'node:assert/strict';
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';

async function setting(db: Parameters<typeof demoOffice>[0]) {
  const demo = await demoOffice(db);
  const { office, actorOf } = demo;
  const admin = await actorOf('laichau.admin');
  await office.users.create(admin, { agencyId: admin.agencyId, username: 'laichau.phochutich', fullName: 'Phó Chủ tịch', email: 'pct@laichau.gov.vn', password: DEMO_PASSWORD, roles: ['leader'] });
  return {
    ...demo,
    specialist: await actorOf('laichau.chuyenvien'), leader: await actorOf('laichau.lanhdao'), deputy: await actorOf('laichau.phochutich'),
    clerk: await actorOf('laichau.vanthu'),
  };
}

testOnBothEngines('ok: draft → two leaders in order → signed → numbered 01/UBND-VHTT → sealed → issued, every step on the trail', async (db) => {
  const { office, specialist, leader, deputy, clerk } = await setting(db);
  const draft = await office.documents.createDraft(specialist, { typeCode: 'cong-van', subject: 'V/v triển khai chữ ký số chuyên dùng' });
  await office.outgoing.submit(specialist, draft.id, [deputy.userId, leader.userId]);
  await assert.rejects(office.outgoing.approve(leader, draft.id), { code: 'OFFICE_NOT_YOUR_TURN' });
  assert.equal((await office.outgoing.approve(deputy, draft.id, 'Đồng ý')).status, 'in_review');
  assert.equal((await office.outgoing.approve(leader, draft.id)).status, 'approved');
  await assert.rejects(office.outgoing.sign(specialist, draft.id, 'Lò Văn Minh'), { code: 'OFFICE_FORBIDDEN' });
  await office.outgoing.sign(leader, draft.id, 'Lò Văn Minh');
  const numbered = await office.outgoing.number(clerk, draft.id, 'UBND', 'VHTT');
  assert.deepEqual([numbered.number, numbered.notation], [1, '01/UBND-VHTT']);
  await office.outgoing.seal(clerk, draft.id);
  assert.equal((await office.outgoing.issue(clerk, draft.id)).status, 'issued');
  const trail = await office.outgoing.trail(clerk, draft.id);
  assert.deepEqual(trail.map((e) => `${e.action}:${e.from}>${e.to}`), [
    'submit:draft>in_review', 'approve:in_review>in_review', 'approve:in_review>approved', 'sign:approved>signed',
    'number:signed>numbered', 'seal:numbered>sealed', 'issue:sealed>issued',
  ]);
  assert.deepEqual(trail.map((e) => e.actorId), [specialist.userId, deputy.userId, leader.userId, leader.userId, clerk.userId, clerk.userId, clerk.userId]);
  assert.equal(trail[1]!.comment, 'Đồng ý');
  const found = await office.documents.search(clerk, { q: '01/UBND-VHTT' });
  assert.deepEqual(found.documents.map((d) => d.id), [draft.id], 'the notation is searchable once written');
});

testOnBothEngines('ok: returned for revision with a reason, resubmitted, or cancelled; actions out of turn or state are refused', async (db) => {
  const { office, specialist, leader, clerk, actorOf } = await setting(db);
  const draft = await office.documents.createDraft(specialist, { typeCode: 'ke-hoach', subject: 'Kế hoạch chuyển đổi số năm 2027' });
  await assert.rejects(office.outgoing.number(clerk, draft.id, 'UBND'), { code: 'OFFICE_TRANSITION_NOT_ALLOWED' });
  await assert.rejects(office.outgoing.submit(specialist, draft.id, [clerk.userId]), { code: 'OFFICE_REVIEWERS_INVALID' });
  await assert.rejects(office.outgoing.submit(specialist, draft.id, []), { code: 'OFFICE_REVIEWERS_INVALID' });
  await assert.rejects(office.outgoing.submit(await actorOf('tamduong.chuyenvien'), draft.id, [leader.userId]), { code: 'OFFICE_DOCUMENT_NOT_FOUND' });
  await office.outgoing.submit(specialist, draft.id, [leader.userId]);
  await assert.rejects(office.outgoing.returnForRevision(leader, draft.id, ' '), { code: 'OFFICE_REASON_REQUIRED' });
  assert.equal((await office.outgoing.returnForRevision(leader, draft.id, 'Bổ sung dự toán kinh phí')).status, 'returned');
  await office.outgoing.submit(specialist, draft.id, [leader.userId]);
  assert.equal((await office.outgoing.approve(leader, draft.id)).status, 'approved');

  const other = await office.documents.createDraft(specialist, { typeCode: 'to-trinh', subject: 'Tờ trình không cần nữa' });
  await assert.rejects(office.outgoing.cancel(leader, other.id, 'không phải tác giả'), { code: 'OFFICE_FORBIDDEN' });
  assert.equal((await office.outgoing.cancel(specialist, other.id, 'Đã gộp vào kế hoạch')).status, 'cancelled');
  await assert.rejects(office.outgoing.submit(specialist, other.id, [leader.userId]), { code: 'OFFICE_TRANSITION_NOT_ALLOWED' });
  const trail = await office.outgoing.trail(specialist, draft.id);
  assert.deepEqual(trail.map((e) => e.action), ['submit', 'return', 'submit', 'approve']);
  assert.equal(trail[1]!.comment, 'Bổ sung dự toán kinh phí');
});

testOnBothEngines('bad: a secret document is numbered in the secret series but never issued electronically; the attempt is refused and audited', async (db) => {
  const { office, specialist, leader, clerk, actorOf } = await setting(db);
  const draft = await office.documents.createDraft(specialist, { typeCode: 'quyet-dinh', subject: 'Quyết định về công tác bảo vệ bí mật nhà nước', secrecy: 'mat' });
  await office.outgoing.submit(specialist, draft.id, [leader.userId]);
  await office.outgoing.approve(leader, draft.id);
  await office.outgoing.sign(leader, draft.id, 'Lò Văn Minh');
  await office.registers.takeNumber(clerk, { direction: 'out' }); // an ordinary number first: the secret series is separate
  const numbered = await office.outgoing.number(clerk, draft.id, 'UBND');
  assert.deepEqual([numbered.number, numbered.notation], [1, '01/QĐ-UBND']);
  await office.outgoing.seal(clerk, draft.id);
  await assert.rejects(office.outgoing.issue(clerk, draft.id), { code: 'OFFICE_SECRET_NOT_ELECTRONIC' });
  const [still] = (await office.documents.search(clerk, { q: 'bi mat nha nuoc' })).documents;
  assert.equal(still!.status, 'sealed');
  const audit = await office.audit.list(await actorOf('laichau.admin'), 20);
  assert.ok(audit.some((e) => e.action === 'document.issue.refused' && e.targetId === draft.id), 'the refusal is in the audit log');
});
