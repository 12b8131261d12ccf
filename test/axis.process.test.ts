/**
 * The axis as it runs: a hub and three offices (UBND tỉnh Lai Châu, Sở TT&TT Lai Châu, UBND huyện Tam Đường), each
 * its own process with its own data and its own CA, on loopback. Lai Châu issues a signed document to the other
 * two over the hub; each registers it, assigns it, records progress and completes it, and Lai Châu sees the
 * statuses 01, 03, 04, 05, 06 come back from both. The offices poll only every ten minutes here: everything moves by
 * the hub's push notes and by the offices sending as soon as a user acts (the chaos test covers polling).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AXIS_OFFICES as OFFICES, issueOneOverHttp, person, startAxisCluster, until, type AxisCluster } from './helpers/axis-cluster.ts';

const root = mkdtempSync(join(tmpdir(), 'congvan-axis-'));
let cluster: AxisCluster | undefined;
after(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('ok: hub and three offices as processes: a signed document to two agencies arrives once at each, and 01, 03, 04, 05, 06 come back from both, pushed', { timeout: 300_000 }, async () => {
  cluster = await startAxisCluster(root, { pollMs: 600_000, push: true });
  const { hub, offices } = cluster;
  const listed = await (await fetch(`${hub.url}/axis/agencies`)).json() as { code: string }[];
  assert.deepEqual(listed.map((a) => a.code).sort(), OFFICES.map((o) => o.code).sort());

  // Lai Châu drafts, approves, signs, numbers, seals and issues to the two other agencies by their codes
  const [laichau, stttt, tamduong] = offices;
  const draftId = await issueOneOverHttp(laichau, [OFFICES[1].code, OFFICES[2].code], 'V/v thử nghiệm liên thông văn bản qua trục');
  const clerk = await person(laichau.url, 'laichau.vanthu');

  // Each recipient: the arrival (signatures checked against the roots), register, assign, progress, complete
  for (const [office, slug] of [[stttt, 'stttt'], [tamduong, 'tamduong']] as const) {
    const unitClerk = await person(office.url, `${slug}.vanthu`);
    const unitLeader = await person(office.url, `${slug}.lanhdao`);
    const handler = await person(office.url, `${slug}.chuyenvien`);
    const arrival = await until(`the arrival at ${slug}`, async () => (await unitClerk.call<{ id: string; subject: string }[]>('GET', '/api/incoming/arrivals'))[0]);
    assert.equal(arrival.subject, 'V/v thử nghiệm liên thông văn bản qua trục');
    const detail = await unitClerk.call<{ arrivalReport: { passed: boolean; signatures: { signer: string }[] }; notation: string }>('GET', `/api/documents/${arrival.id}`);
    assert.equal(detail.arrivalReport.passed, true, JSON.stringify(detail.arrivalReport));
    assert.equal(detail.notation, '01/UBND-VP');
    await unitClerk.call('POST', `/api/documents/${arrival.id}/register`, {});
    await unitLeader.call('POST', `/api/documents/${arrival.id}/assign`, { leadId: handler.id, dueDate: '2099-12-31' });
    await handler.call('POST', `/api/documents/${arrival.id}/progress`, { note: 'Đang tổng hợp.' });
    await handler.call('POST', `/api/documents/${arrival.id}/complete`, { result: 'Đã thực hiện.' });
    assert.equal((await unitClerk.call<unknown[]>('GET', '/api/incoming/arrivals')).length, 0, 'one arrival, registered');
  }

  const tracked = await until('every status back at Lai Châu', async () => {
    const detail = await clerk.call<{ axis: { agency: string; state: string; status: string | null; timeline: { code: string }[] }[] }>('GET', `/api/documents/${draftId}`);
    return detail.axis.length === 2 && detail.axis.every((a) => a.status === '06') ? detail.axis : undefined;
  });
  for (const recipient of tracked) {
    assert.equal(recipient.state, 'sent');
    assert.deepEqual(recipient.timeline.map((s) => s.code), ['01', '03', '04', '05', '06'], recipient.agency);
  }
  const board = await (await fetch(`${hub.url}/axis/dashboard`)).json() as { code: string; sent: number; received: number; waiting: number }[];
  assert.equal(board.find((a) => a.code === OFFICES[0].code)?.sent, 1);
  assert.deepEqual(board.filter((a) => a.code !== OFFICES[0].code).map((a) => [a.received, a.waiting]), [[1, 0], [1, 0]]);
});
