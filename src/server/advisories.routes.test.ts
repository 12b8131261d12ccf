import assert from 'node:assert/strict';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

testOnBothEngines('ok/error: security advisories over HTTP — the DIC publishes a phishing warning to the province; a commune clerk and a district leader see it until they acknowledge it (once); the DIC sees who has not; another province and other roles cannot publish or follow up; bad input refused in Vietnamese', async (db) => {
  const { app } = await demoApp(db);
  const dic = asUser(app, await signIn(app, 'stttt.dic'));
  const clerk = asUser(app, await signIn(app, 'binhlu.vanthu'));
  const leader = asUser(app, await signIn(app, 'tamduong.lanhdao'));
  const langson = asUser(app, await signIn(app, 'langson-stttt.admin'));

  const published = await dic('POST', '/api/advisories', { title: 'Cảnh báo thư giả mạo hệ thống thư công vụ', body: 'Không bấm vào liên kết yêu cầu đăng nhập lại hộp thư; báo ngay cho Sở TT&TT.', severity: 'critical' });
  assert.equal(published.statusCode, 201, published.body);
  const id = published.json().id as string;
  assert.deepEqual((await clerk('GET', '/api/advisories/pending')).json().map((a: { title: string }) => a.title), ['Cảnh báo thư giả mạo hệ thống thư công vụ']);
  assert.equal((await leader('GET', '/api/advisories/pending')).json().length, 1);
  assert.deepEqual((await langson('GET', '/api/advisories/pending')).json(), [], 'another province does not see it');

  assert.equal((await clerk('POST', `/api/advisories/${id}/ack`)).statusCode, 200);
  assert.equal((await clerk('POST', `/api/advisories/${id}/ack`)).statusCode, 200, 'again: no change');
  assert.deepEqual((await clerk('GET', '/api/advisories/pending')).json(), [], 'acknowledged: no longer shown');
  const status = (await dic('GET', `/api/advisories/${id}/status`)).json() as { acknowledged: { username: string }[]; notAcknowledged: { username: string }[] };
  assert.deepEqual(status.acknowledged.map((u) => u.username), ['binhlu.vanthu']);
  assert.ok(status.notAcknowledged.some((u) => u.username === 'tamduong.lanhdao') && !status.notAcknowledged.some((u) => u.username === 'binhlu.vanthu'));
  assert.ok(!status.notAcknowledged.some((u) => u.username.startsWith('langson-stttt.')), 'only the province\'s users');
  const [row] = (await dic('GET', '/api/advisories')).json() as { acknowledged: number; audience: number }[];
  assert.equal(row?.acknowledged, 1);
  assert.equal(row?.audience, status.acknowledged.length + status.notAcknowledged.length);

  const refused = await leader('POST', '/api/advisories', { title: 'x', body: 'y' });
  assert.deepEqual([refused.statusCode, refused.json().code], [403, 'OFFICE_FORBIDDEN']);
  assert.equal((await leader('GET', `/api/advisories/${id}/status`)).statusCode, 403);
  const blank = await dic('POST', '/api/advisories', { title: '   ', body: 'nội dung' });
  assert.deepEqual([blank.statusCode, blank.json().code], [400, 'OFFICE_ADVISORY_INVALID']);
  assert.match(blank.json().message, /title.*bắt buộc/);
  assert.equal((await dic('POST', '/api/advisories', { title: 'a', body: 'b', severity: 'nguy hiểm' })).json().code, 'OFFICE_ADVISORY_INVALID');
  assert.equal((await dic('POST', '/api/advisories', { title: 'a\u202Eb', body: 'b' })).json().code, 'OFFICE_ADVISORY_INVALID');
  assert.equal((await clerk('POST', '/api/advisories/00000000-0000-4000-8000-000000000000/ack')).statusCode, 404);

  const withdrawn = await dic('POST', `/api/advisories/${id}/withdraw`);
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  assert.match(String(withdrawn.json().withdrawnAt), /^\d{4}-\d{2}-\d{2}T/);
  const again = await dic('POST', `/api/advisories/${id}/withdraw`);
  assert.equal(again.json().withdrawnAt, withdrawn.json().withdrawnAt, 'withdrawing again changes nothing');
  const [kept] = (await dic('GET', '/api/advisories')).json() as { withdrawnAt: string; acknowledged: number }[];
  assert.deepEqual([kept?.withdrawnAt, kept?.acknowledged], [withdrawn.json().withdrawnAt, 1], 'withdrawn, acknowledgements still on record');
  assert.deepEqual((await leader('GET', '/api/advisories/pending')).json(), [], 'withdrawn: shown to nobody');
});
