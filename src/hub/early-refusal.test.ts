/**
 * The hub refuses a caller it cannot accept from the request's headers, before it reads the body: an unknown
 * agency, a time outside the window, a signature that does not match the declared body digest, no signature at
 * all. Over real HTTP (app.listen on loopback): the client's 32 MiB body is made lazily; what the client had made
 * when the refusal arrived and when the connection closed, and what the hub read off its side of the connection,
 * show how much of it the hub took in.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request, Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { LAI_CHAU, SO_TTTT, TAM_DUONG } from '../edxml/test-fixtures.ts';
import type { Receipt } from '../office/axis/hub.ts';
import { manualClock } from '../../test/helpers/clock.ts';
import { openTestDb } from '../../test/helpers/test-db.ts';
import { startTestHub } from './test-fixtures.ts';

const BODY_BYTES = 32 * 1024 * 1024;
/** The client's side: what its socket send buffer takes in before anyone reads (4 MiB by Linux's default) is let through */
const READ_AT_MOST = BODY_BYTES / 2;
/** The hub's side: the headers and what Node reads ahead before the request stream pushes back */
const HUB_READ_AT_MOST = 1024 * 1024;

async function listeningHub(t: TestContext) {
  const db = await openTestDb('sqlite', t);
  assert.ok(db);
  const clock = manualClock(new Date());
  const started = await startTestHub(db, { agencies: [LAI_CHAU, SO_TTTT, TAM_DUONG], now: clock.now });
  // A keep-alive agent: the hub, not the client, must be the one that ends the connection
  const agent = new Agent({ keepAlive: true });
  t.after(async () => { agent.destroy(); await started.app.close(); await db.close(); });
  await started.app.listen({ port: 0, host: '127.0.0.1' });
  // The hub's side of each connection, by the client's port: what it read off the socket, headers included
  const connections = new Map<number, Socket>();
  started.app.server.on('connection', (socket: Socket) => { if (socket.remotePort) connections.set(socket.remotePort, socket); });
  return { ...started, db, clock, agent, connections, port: (started.app.server.address() as AddressInfo).port };
}

interface LazyPost {
  readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: { code?: string; message?: string };
  /** Bytes the client had made when the response arrived, and when the connection closed */
  readonly madeAtResponse: number; readonly madeAtClose: number;
  /** Bytes the hub read from the connection, once it was closed */
  readonly hubRead: number;
}

/** POSTs `size` bytes made one chunk at a time, only as fast as the connection takes them */
function postLazily(hub: { port: number; agent: Agent; connections: Map<number, Socket> }, path: string, headers: Record<string, string>, size = BODY_BYTES): Promise<LazyPost> {
  const chunk = Buffer.alloc(64 * 1024, 0x3c);
  let made = 0;
  const body = new Readable({
    read() {
      if (made >= size) return void this.push(null);
      made += chunk.length;
      this.push(chunk);
    },
  });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hub.port, method: 'POST', path, agent: hub.agent, headers: { 'content-type': 'application/xml', 'content-length': String(size), connection: 'keep-alive', ...headers } });
    // The hub ends the connection while the client still writes: a reset on the client side is expected
    req.on('error', () => undefined);
    req.on('response', (res) => {
      const madeAtResponse = made;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as LazyPost['body'], madeAtResponse };
        const hubSide = hub.connections.get(req.socket?.localPort ?? 0);
        const done = () => resolve({ ...answer, madeAtClose: made, hubRead: hubSide?.bytesRead ?? Number.NaN });
        // Answered before the body was read, the hub must not keep the connection to drain the rest (waiting for its
        // close only when it said it would close: otherwise the assertions on the answer fail at once)
        if (madeAtResponse >= size || res.headers.connection !== 'close' || !hubSide || hubSide.destroyed) return done();
        hubSide.once('close', done);
      });
    });
    body.pipe(req);
  });
}

const refusedEarly = (answer: LazyPost, reason: RegExp, what: string, refusal = { status: 401, code: 'OFFICE_AXIS_UNAUTHENTICATED', opening: /^Trục liên thông không xác nhận được cơ quan gọi: / }) => {
  assert.equal(answer.status, refusal.status, what);
  assert.equal(answer.body.code, refusal.code, what);
  assert.match(answer.body.message ?? '', refusal.opening, what);
  assert.match(answer.body.message ?? '', reason, what);
  assert.ok(answer.madeAtResponse < READ_AT_MOST, `${what}: the refusal came after ${answer.madeAtResponse} of ${BODY_BYTES} bytes`);
  assert.equal(answer.headers.connection, 'close', `${what}: the hub says it closes the connection`);
  assert.ok(answer.madeAtClose < READ_AT_MOST, `${what}: the connection closed after ${answer.madeAtClose} of ${BODY_BYTES} bytes, not drained`);
  assert.ok(answer.hubRead < HUB_READ_AT_MOST, `${what}: the hub read ${answer.hubRead} bytes off the connection`);
};

test('error/unauthenticated before the body: an unknown agency, a stale or future time, a signature not over the declared digest, no signature, no declared digest — 401 in Vietnamese after a small part of a 32 MiB body, the connection closed, nothing logged', async (t) => {
  const hub = await listeningHub(t);
  const { sign, clock, db } = hub;
  const path = '/axis/send';
  // Signed by Sở TT&TT over a body digest it declares, then claimed for an agency the hub does not know
  refusedEarly(await postLazily(hub, path, { ...sign(SO_TTTT.organId, 'POST', path), 'x-axis-agency': '000.00.99.H99' }), /"000\.00\.99\.H99" không có trong danh bạ trục/, 'unknown agency');
  refusedEarly(await postLazily(hub, path, sign(SO_TTTT.organId, 'POST', path, undefined, new Date(clock.now().getTime() - 6 * 60_000))), /lệch quá 5 phút/, 'signed six minutes ago');
  refusedEarly(await postLazily(hub, path, sign(SO_TTTT.organId, 'POST', path, undefined, new Date(clock.now().getTime() + 6 * 60_000))), /lệch quá 5 phút/, 'signed six minutes ahead');
  const otherKey = { ...sign(SO_TTTT.organId, 'POST', path), 'x-axis-signature': sign(TAM_DUONG.organId, 'POST', path)['x-axis-signature']! };
  refusedEarly(await postLazily(hub, path, otherKey), /không khớp chứng thư số/, 'signed with Tam Đường\'s key as Sở TT&TT');
  refusedEarly(await postLazily(hub, path, {}), /thiếu chữ ký yêu cầu/, 'unsigned');
  // Anyone can name a listed agency and the time: without the declared digest nothing is proved before the body
  const { 'x-axis-digest': _, ...undeclared } = sign(SO_TTTT.organId, 'POST', path);
  refusedEarly(await postLazily(hub, path, undeclared), /thiếu mã băm SHA-256 của thân \(x-axis-digest\)/, 'a body without its declared digest');
  // An address no route serves reads no body either
  refusedEarly(await postLazily(hub, '/axis/khong-co', {}), /POST \/axis\/khong-co/, 'unknown address', { status: 404, code: 'SRV_NOT_FOUND', opening: /^Không tìm thấy địa chỉ / });
  assert.equal((await db.kysely.selectFrom('hub_messages').select('id').execute()).length, 0, 'nothing logged');
  // As before: a caller that proved nothing leaves no refused package on record (its claimed code is not evidence)
  assert.equal((await db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'axis.package.refused').execute()).length, 0);
});

test('ok/error: the declared digest: a body other than the one declared is refused once read; a digest other than the signed one at once; an office before the header is understood without a body and told to update with one', async (t) => {
  const { app, sign, documentPackage } = await listeningHub(t);
  const bytes = await documentPackage(LAI_CHAU, [SO_TTTT]);
  const headers = sign(LAI_CHAU.organId, 'POST', '/axis/send', bytes);
  const { 'x-axis-digest': declared, ...undeclared } = headers;
  assert.match(declared ?? '', /^[0-9a-f]{64}$/, 'an office declares the SHA-256 of its body');
  const send = (payload: Uint8Array, with_: Record<string, string>) => app.inject({ method: 'POST', url: '/axis/send', payload: Buffer.from(payload), headers: { ...with_, 'content-type': 'application/xml' } });
  const refused = (res: Awaited<ReturnType<typeof send>>, reason: RegExp, what: string) => {
    assert.deepEqual([res.statusCode, res.json().code], [401, 'OFFICE_AXIS_UNAUTHENTICATED'], what);
    assert.match(res.json().message, reason, what);
  };

  const tampered = Buffer.from(bytes);
  tampered.writeUInt8(tampered.readUInt8(tampered.length - 20) ^ 1, tampered.length - 20);
  refused(await send(tampered, headers), /thân yêu cầu không khớp mã băm đã ký/, 'a body other than the declared one');
  refused(await send(bytes, { ...headers, 'x-axis-digest': 'a'.repeat(64) }), /không khớp chứng thư số/, 'a digest other than the signed one');
  refused(await send(bytes, { ...headers, 'x-axis-digest': declared!.toUpperCase() }), /SHA-256 dạng hex chữ thường/, 'the digest spelt otherwise');
  refused(await send(bytes, undeclared), /x-axis-digest.*cần cập nhật phần mềm/, 'an office before the header, sending a package');
  // Signed anew: the headers above were taken once already (with the tampered body) and would now be a replay
  const sent = await send(bytes, sign(LAI_CHAU.organId, 'POST', '/axis/send', bytes));
  assert.equal(sent.statusCode, 200, sent.body);

  // An office before the header signed a request without a body over the empty body's digest: still understood
  const { 'x-axis-digest': emptyDigest, ...olderMailbox } = sign(SO_TTTT.organId, 'GET', '/axis/mailbox');
  assert.equal(emptyDigest, createHash('sha256').digest('hex'));
  const mailbox = await app.inject({ method: 'GET', url: '/axis/mailbox', headers: olderMailbox });
  assert.equal(mailbox.statusCode, 200, mailbox.body);
  assert.deepEqual((mailbox.json() as { messageId: string }[]).map((m) => m.messageId), [(sent.json() as Receipt).messageId]);
});

test('error/replayed before the body: a captured 32 MiB POST sent again inside the window — 401 in Vietnamese after a small part of it, the connection closed', async (t) => {
  const hub = await listeningHub(t);
  const path = '/axis/send';
  // Signed over the very body postLazily makes: the first time the hub takes all of it (and refuses it as a package)
  const headers = hub.sign(SO_TTTT.organId, 'POST', path, Buffer.alloc(BODY_BYTES, 0x3c));
  // On a connection of its own: what the hub reads off the replay's connection is then the replay's alone
  const firstAgent = new Agent({ keepAlive: true });
  t.after(() => firstAgent.destroy());
  const first = await postLazily({ ...hub, agent: firstAgent }, path, headers);
  assert.notEqual(first.status, 401, `the first time the request is the office's: ${JSON.stringify(first.body)}`);
  assert.equal(first.madeAtResponse, BODY_BYTES, 'the whole body was read the first time');
  refusedEarly(await postLazily(hub, path, headers), /đã được trục nhận một lần, không nhận lại \(phát lại yêu cầu\)/, 'the same request again');
});
