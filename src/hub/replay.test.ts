/**
 * A signed request captured on the wire and sent again inside the ±5-minute window: the hub refuses it (401 in
 * Vietnamese) and changes nothing, while the office's next genuine request passes. Over real HTTP against a hub
 * listening on loopback, on SQLite and on PostgreSQL; a hub started again on the same database still refuses it, and
 * once the window has passed the old request is refused for its time and its row is gone.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildStatusPackage, signPackage } from '../edxml/index.ts';
import { LAI_CHAU, SO_TTTT, sampleStatus } from '../edxml/test-fixtures.ts';
import type { MailboxEntry, Receipt } from '../office/axis/hub.ts';
import { openDatabase } from '../store/index.ts';
import { manualClock } from '../../test/helpers/clock.ts';
import { testOnBothEngines, type TestDb } from '../../test/helpers/test-db.ts';
import { startTestHub } from './test-fixtures.ts';

/** A request as it went over the wire: what a listener on it keeps and can send again */
interface Captured { readonly method: 'GET' | 'POST'; readonly path: string; readonly headers: Record<string, string>; readonly body?: Uint8Array }
interface Answer { readonly status: number; readonly json: { code?: string; message?: string } & Record<string, unknown>; readonly bytes: Buffer }

const urlOf = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function deliver(app: FastifyInstance, request: Captured): Promise<Answer> {
  const response = await fetch(`${urlOf(app)}${request.path}`, {
    method: request.method, body: request.body ? Buffer.from(request.body) : undefined,
    headers: { ...request.headers, ...(request.body ? { 'content-type': 'application/octet-stream' } : {}) },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = String(response.headers.get('content-type')).startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) as Answer['json'] : {};
  return { status: response.status, json, bytes };
}

async function listeningHub(db: TestDb) {
  const clock = manualClock(new Date());
  const started = await startTestHub(db, { agencies: [LAI_CHAU, SO_TTTT], now: clock.now });
  await started.app.listen({ port: 0, host: '127.0.0.1' });
  /** A request `code` signs now, as its office's link does */
  const capture = (code: string, method: Captured['method'], path: string, body?: Uint8Array | string): Captured => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return { method, path, body: bytes, headers: started.sign(code, method, path, bytes) };
  };
  const count = async (table: 'hub_messages' | 'hub_deliveries' | 'hub_request_replays') => (await db.kysely.selectFrom(table).selectAll().execute()).length;
  const audited = async (action: string) => (await db.kysely.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;
  return { ...started, clock, capture, count, audited };
}

const ok = (answer: Answer, what: string) => assert.equal(answer.status, 200, `${what}: ${answer.bytes.toString('utf8').slice(0, 300)}`);
const replayRefused = (answer: Answer, what: string) => {
  assert.equal(answer.status, 401, what);
  assert.equal(answer.json.code, 'OFFICE_AXIS_UNAUTHENTICATED', what);
  assert.match(answer.json.message ?? '', /^Trục liên thông không xác nhận được cơ quan gọi: yêu cầu đã ký lúc \S+ đã được trục nhận một lần, không nhận lại \(phát lại yêu cầu\)/, what);
};

/** The same ECDSA signature written as (r, n − s): as valid, other bytes (P-256's order n) */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
function otherHalf(signature: string): string {
  const der = Buffer.from(signature, 'base64');
  const integer = (at: number) => ({ value: der.subarray(at + 2, at + 2 + der[at + 1]!), end: at + 2 + der[at + 1]! });
  const r = integer(2);
  const s = BigInt(`0x${integer(r.end).value.toString('hex')}`);
  let bytes = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes = bytes.subarray(1);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  const body = Buffer.concat([Buffer.from([2, r.value.length]), r.value, Buffer.from([2, bytes.length]), bytes]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('base64');
}

testOnBothEngines('error/replayed: a captured send, status, acknowledgement and mailbox listing sent again inside the window — 401 in Vietnamese, nothing stored or changed twice; the next genuine requests pass, two signed in the same millisecond too', async (db) => {
  const hub = await listeningHub(db);
  const { app, capture, count, audited, documentPackage, agency } = hub;
  try {
    // A document: taken once, its replay refused and nothing logged, queued or audited again
    const pkg = await documentPackage(LAI_CHAU, [SO_TTTT]);
    const send = capture(LAI_CHAU.organId, 'POST', '/axis/send', pkg);
    const sent = await deliver(app, send);
    ok(sent, 'the package');
    const receipt = sent.json as unknown as Receipt;
    replayRefused(await deliver(app, send), 'the package sent again');
    assert.deepEqual([await count('hub_messages'), await count('hub_deliveries'), await audited('axis.edoc.received')], [1, 1, 1], 'one message, one delivery, one audit entry');
    // The office's own retry, signed anew, is what idempotence is for: the first receipt again
    const retry = await deliver(app, capture(LAI_CHAU.organId, 'POST', '/axis/send', pkg));
    ok(retry, 'a genuine retry');
    assert.equal((retry.json as unknown as Receipt).messageId, receipt.messageId);
    assert.equal(await count('hub_messages'), 1);

    // The mailbox listing: read again it would tell a listener what has come since
    const listing = capture(SO_TTTT.organId, 'GET', '/axis/mailbox');
    ok(await deliver(app, listing), 'the mailbox');
    replayRefused(await deliver(app, listing), 'the mailbox listing sent again');

    // A "fail" acknowledgement replayed after the later "done" would put the delivery back to failed
    const fetchIt = () => deliver(app, capture(SO_TTTT.organId, 'GET', `/axis/messages/${receipt.messageId}`));
    ok(await fetchIt(), 'the first fetch');
    const failed = capture(SO_TTTT.organId, 'POST', `/axis/messages/${receipt.messageId}/ack`, JSON.stringify({ outcome: 'fail', reason: 'không mở được tệp' }));
    ok(await deliver(app, failed), 'fail');
    ok(await fetchIt(), 'fetched again');
    ok(await deliver(app, capture(SO_TTTT.organId, 'POST', `/axis/messages/${receipt.messageId}/ack`, '{"outcome":"done"}')), 'done');
    replayRefused(await deliver(app, failed), 'the "fail" sent again after "done"');
    const delivery = await db.kysely.selectFrom('hub_deliveries').selectAll().where('message_id', '=', receipt.messageId).executeTakeFirstOrThrow();
    assert.deepEqual([delivery.state, delivery.attempts], ['acknowledged', 2], 'still acknowledged, fetched twice');

    // A status: its replay is refused, one status message stands
    const status = capture(SO_TTTT.organId, 'POST', '/axis/send', await signPackage(buildStatusPackage(sampleStatus('01').status), agency(SO_TTTT.organId).signer));
    ok(await deliver(app, status), 'status 01');
    replayRefused(await deliver(app, status), 'status 01 sent again');
    assert.deepEqual([await count('hub_messages'), await audited('axis.status.received')], [2, 1]);

    // Not the signature's bytes: the same signature written otherwise, or as (r, n − s), is the same request
    const listed = capture(LAI_CHAU.organId, 'GET', '/axis/mailbox');
    const signature = listed.headers['x-axis-signature']!;
    const mirrored = otherHalf(signature);
    assert.notEqual(mirrored, signature);
    ok(await deliver(app, { ...listed, headers: { ...listed.headers, 'x-axis-signature': mirrored } }), 'the signature as (r, n − s), sent first: valid');
    replayRefused(await deliver(app, listed), 'then the captured one');
    replayRefused(await deliver(app, { ...listed, headers: { ...listed.headers, 'x-axis-signature': `${signature.slice(0, 8)} ${signature.slice(8)}` } }), 'then with a space in its base64');

    // The same office goes on: its next requests, two of them signed in the same millisecond (the clock stands still)
    const first = capture(SO_TTTT.organId, 'GET', '/axis/mailbox');
    const second = capture(SO_TTTT.organId, 'GET', '/axis/mailbox');
    assert.equal(Date.parse(first.headers['x-axis-date']!), Date.parse(second.headers['x-axis-date']!), 'the same millisecond');
    ok(await deliver(app, first), 'the next genuine listing');
    ok(await deliver(app, second), 'another one signed in the same millisecond');
    assert.deepEqual((JSON.parse((await deliver(app, capture(LAI_CHAU.organId, 'GET', '/axis/mailbox'))).bytes.toString('utf8')) as MailboxEntry[]).map((m) => m.kind), ['status'], 'Lai Châu reads its status');
  } finally {
    await app.close();
  }
});

testOnBothEngines('error/replayed after a restart, then too old: a hub started again on the same database still refuses the captured requests; past the window they are refused for their time and the rows that remembered them are deleted', async (db) => {
  const { app, capture, count, clock, documentPackage, restartOn } = await listeningHub(db);
  const listing = capture(SO_TTTT.organId, 'GET', '/axis/mailbox');
  const send = capture(LAI_CHAU.organId, 'POST', '/axis/send', await documentPackage(LAI_CHAU, [SO_TTTT]));
  try {
    ok(await deliver(app, listing), 'the mailbox');
    ok(await deliver(app, send), 'the package');
  } finally {
    await app.close();
  }
  // Another process: the database opened anew, nothing carried over in memory
  const reopened = openDatabase(db.config);
  const again = await restartOn(reopened);
  try {
    await again.listen({ port: 0, host: '127.0.0.1' });
    replayRefused(await deliver(again, listing), 'the mailbox listing, after the restart');
    replayRefused(await deliver(again, send), 'the package, after the restart');
    assert.equal(await count('hub_messages'), 1);
    ok(await deliver(again, capture(SO_TTTT.organId, 'GET', '/axis/mailbox')), 'a genuine listing after the restart');

    clock.advanceMinutes(6);
    for (const [request, what] of [[listing, 'the mailbox listing'], [send, 'the package']] as const) {
      const late = await deliver(again, request);
      assert.deepEqual([late.status, late.json.code], [401, 'OFFICE_AXIS_UNAUTHENTICATED'], what);
      assert.match(late.json.message ?? '', /thời điểm ký yêu cầu "[^"]+" lệch quá 5 phút/, `${what}: six minutes on, refused for its time`);
    }
    clock.advanceMinutes(1);
    const now = capture(SO_TTTT.organId, 'GET', '/axis/mailbox');
    ok(await deliver(again, now), 'a genuine listing seven minutes on');
    const kept = await db.kysely.selectFrom('hub_request_replays').selectAll().execute();
    assert.deepEqual(kept.map((r) => [r.agency_code, r.expires_at]), [[SO_TTTT.organId, new Date(Date.parse(now.headers['x-axis-date']!) + 5 * 60_000).toISOString()]], 'only the request still inside its window is remembered');
    assert.equal(await count('hub_request_replays'), 1);
  } finally {
    await again.close();
    await reopened.close();
  }
});
