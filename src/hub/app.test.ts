/**
 * The hub's HTTP face on its own: app.inject against a real SQLite database, real test certificates and signed
 * packages. Mailbox calls are signed by the calling agency; the dashboard is for the hub's operators.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { LAI_CHAU, SO_TTTT, TAM_DUONG } from '../edxml/test-fixtures.ts';
import { receiptIsSigned, type MailboxEntry, type Receipt } from '../office/axis/hub.ts';
import { loadConfig } from '../server/config.ts';
import { manualClock } from '../../test/helpers/clock.ts';
import { openTestDb } from '../../test/helpers/test-db.ts';
import { DASHBOARD_COOKIE } from './dashboard-access.ts';
import { escapeHtml, renderDashboardPage } from './dashboard-page.ts';
import { startTestHub, type TestOrgan } from './test-fixtures.ts';

const TOKEN = 'bang-theo-doi-truc-2026-Xk9q';
const ORGANS: readonly TestOrgan[] = [LAI_CHAU, SO_TTTT, TAM_DUONG];

async function hubFor(t: TestContext, options: { dashboardToken?: string; names?: Record<string, string>; logStream?: { write(line: string): void } } = {}) {
  const db = await openTestDb('sqlite', t);
  assert.ok(db);
  const clock = manualClock(new Date());
  const started = await startTestHub(db, { agencies: ORGANS, now: clock.now, ...options, ...(options.logStream ? { logLevel: 'info' } : {}) });
  t.after(async () => { await started.app.close(); await db.close(); });
  const { app, sign } = started;
  /** A request signed by `code` (its body as sent) */
  const signed = (code: string, method: 'GET' | 'POST', url: string, body?: Uint8Array | string, at?: Date) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return app.inject({ method, url, payload: bytes === undefined ? undefined : Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream', ...sign(code, method, url, bytes, at) } });
  };
  return { ...started, db, clock, signed };
}

/** Vietnam wall time written by hand (UTC+7, no DST): 05/03/2026 15:00:00 (+07:00) */
const vietnamWall = (iso: string) => {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} (+07:00)`;
};

test('ok: healthz, the hub certificate and the agencies list are open; an unknown address is a coded 404', async (t) => {
  const { app, certificatePem } = await hubFor(t);
  const health = await app.inject({ method: 'GET', url: '/healthz' });
  assert.deepEqual([health.statusCode, health.json()], [200, { ok: true }]);
  const certificate = await app.inject({ method: 'GET', url: '/axis/certificate' });
  assert.equal(certificate.statusCode, 200);
  assert.match(String(certificate.headers['content-type']), /^application\/x-pem-file/);
  assert.equal(certificate.body, certificatePem);
  assert.match(certificate.body, /^-----BEGIN CERTIFICATE-----/);
  const agencies = await app.inject({ method: 'GET', url: '/axis/agencies' });
  assert.equal(agencies.statusCode, 200);
  const unknown = await app.inject({ method: 'GET', url: '/axis/khong-co?token=bi-mat' });
  assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'SRV_NOT_FOUND']);
  assert.equal(unknown.json().message, 'Không tìm thấy địa chỉ GET /axis/khong-co.', 'Vietnamese, without the query');
  const garbled = await app.inject({ method: 'GET', url: '/axis/messages/%E0%A4%A' });
  assert.deepEqual([garbled.statusCode, garbled.json().code], [400, 'SRV_BAD_URL'], 'a broken percent-encoding: our coded form, not Fastify\'s');
  assert.deepEqual(agencies.json(), [LAI_CHAU, TAM_DUONG, SO_TTTT].map((o) => ({ code: o.organId, name: o.organName, mail: 'email' in o ? o.email : null })).sort((a, b) => a.code.localeCompare(b.code)));
});

test('error/unauthenticated: unsigned, signed by another key, for another path or body, too old or by an unknown agency — 401 with the reason in Vietnamese, nothing sent', async (t) => {
  const { app, sign, signed, clock, db, documentPackage } = await hubFor(t);
  const refused = async (res: Awaited<ReturnType<typeof app.inject>>, reason: RegExp, what: string) => {
    assert.equal(res.statusCode, 401, what);
    assert.equal(res.json().code, 'OFFICE_AXIS_UNAUTHENTICATED', what);
    assert.match(res.json().message, /^Trục liên thông không xác nhận được cơ quan gọi: /, what);
    assert.match(res.json().message, reason, what);
  };
  await refused(await app.inject({ method: 'GET', url: '/axis/mailbox' }), /thiếu chữ ký yêu cầu/, 'unsigned');
  const otherKey = { ...sign(SO_TTTT.organId, 'GET', '/axis/mailbox'), 'x-axis-signature': sign(TAM_DUONG.organId, 'GET', '/axis/mailbox')['x-axis-signature']! };
  await refused(await app.inject({ method: 'GET', url: '/axis/mailbox', headers: otherKey }), /không khớp chứng thư số/, 'signed with Tam Đường\'s key as Sở TT&TT');
  await refused(await app.inject({ method: 'GET', url: '/axis/mailbox?limit=1000', headers: sign(SO_TTTT.organId, 'GET', '/axis/mailbox') }), /không khớp/, 'signed for another path');
  await refused(await signed(SO_TTTT.organId, 'GET', '/axis/mailbox', undefined, new Date(clock.now().getTime() - 6 * 60_000)), /lệch quá 5 phút/, 'signed six minutes ago');
  await refused(await signed(SO_TTTT.organId, 'GET', '/axis/mailbox', undefined, new Date(clock.now().getTime() + 6 * 60_000)), /lệch quá 5 phút/, 'signed six minutes ahead');
  const stranger = { ...sign(SO_TTTT.organId, 'GET', '/axis/alerts'), 'x-axis-agency': '000.00.99.H99' };
  await refused(await app.inject({ method: 'GET', url: '/axis/alerts', headers: stranger }), /"000\.00\.99\.H99" không có trong danh bạ trục/, 'unknown agency');

  const bytes = await documentPackage(LAI_CHAU, [SO_TTTT]);
  const headers = sign(LAI_CHAU.organId, 'POST', '/axis/send', bytes);
  const tampered = Buffer.from(bytes);
  tampered.writeUInt8(tampered.readUInt8(tampered.length - 20) ^ 1, tampered.length - 20);
  await refused(await app.inject({ method: 'POST', url: '/axis/send', payload: tampered, headers: { ...headers, 'content-type': 'application/xml' } }), /không khớp/, 'a body other than the one signed');
  assert.equal((await db.kysely.selectFrom('hub_messages').select('id').execute()).length, 0, 'nothing logged');
  const english = await app.inject({ method: 'GET', url: '/axis/mailbox', headers: { 'accept-language': 'en' } });
  assert.match(english.json().message, /^The axis cannot tell who is calling/);
});

test('ok: send → mailbox → fetch → acknowledge, each a request signed by its agency', async (t) => {
  const { signed, documentPackage } = await hubFor(t);
  const bytes = await documentPackage(LAI_CHAU, [SO_TTTT, TAM_DUONG]);
  const sent = await signed(LAI_CHAU.organId, 'POST', '/axis/send', bytes);
  assert.equal(sent.statusCode, 200, sent.body);
  const receipt = sent.json() as Receipt;
  assert.ok(receiptIsSigned(receipt), 'the receipt verifies with the hub certificate');
  assert.deepEqual([receipt.sender, receipt.kind, receipt.recipients], [LAI_CHAU.organId, 'edoc', [SO_TTTT.organId, TAM_DUONG.organId].sort()]);
  const retried = await signed(LAI_CHAU.organId, 'POST', '/axis/send', bytes);
  assert.equal((retried.json() as Receipt).messageId, receipt.messageId, 'a retry is answered with the first receipt');

  const box = async (code: string) => (await signed(code, 'GET', '/axis/mailbox')).json() as MailboxEntry[];
  assert.deepEqual((await box(SO_TTTT.organId)).map((m) => [m.messageId, m.sender, m.kind, m.state]), [[receipt.messageId, LAI_CHAU.organId, 'edoc', 'queued']]);
  assert.deepEqual(await box(LAI_CHAU.organId), [], 'the sender\'s mailbox holds nothing');

  const fetched = await signed(SO_TTTT.organId, 'GET', `/axis/messages/${receipt.messageId}`);
  assert.equal(fetched.statusCode, 200);
  assert.match(String(fetched.headers['content-type']), /^application\/xml/);
  assert.ok(fetched.rawPayload.equals(Buffer.from(bytes)), 'the package exactly as sent');
  const notRecipient = await signed(LAI_CHAU.organId, 'GET', `/axis/messages/${receipt.messageId}`);
  assert.deepEqual([notRecipient.statusCode, notRecipient.json().code], [404, 'OFFICE_AXIS_MESSAGE_NOT_FOUND']);
  assert.equal((await box(SO_TTTT.organId))[0]?.state, 'delivered');

  const ack = await signed(SO_TTTT.organId, 'POST', `/axis/messages/${receipt.messageId}/ack`, '{"outcome":"done"}');
  assert.deepEqual([ack.statusCode, ack.json()], [200, { ok: true }]);
  assert.deepEqual(await box(SO_TTTT.organId), [], 'acknowledged: out of the mailbox');
  const failed = await signed(TAM_DUONG.organId, 'POST', `/axis/messages/${receipt.messageId}/ack`, '{"outcome":"fail","reason":"không mở được tệp"}');
  assert.equal(failed.statusCode, 200);

  const deliveries = await signed(LAI_CHAU.organId, 'GET', `/axis/messages/${receipt.messageId}/deliveries`);
  assert.deepEqual((deliveries.json() as { recipient_code: string; state: string; failure: string | null }[]).map((d) => [d.recipient_code, d.state, d.failure]),
    [[TAM_DUONG.organId, 'failed', 'không mở được tệp'], [SO_TTTT.organId, 'acknowledged', null]]);
  const notSender = await signed(SO_TTTT.organId, 'GET', `/axis/messages/${receipt.messageId}/deliveries`);
  assert.equal(notSender.statusCode, 404);
});

test('error/ack invalid: a body that is null, an array, a bare value, not JSON or without a known outcome — 400 OFFICE_AXIS_ACK_INVALID, the delivery untouched', async (t) => {
  const { signed, documentPackage } = await hubFor(t);
  const receipt = (await signed(LAI_CHAU.organId, 'POST', '/axis/send', await documentPackage(LAI_CHAU, [SO_TTTT]))).json() as Receipt;
  const url = `/axis/messages/${receipt.messageId}/ack`;
  for (const body of ['null', '[]', '["done"]', '"done"', '7', '{not json', '', '{}', '{"outcome":"DONE"}', '{"outcome":"maybe"}', '{"outcome":["done"]}']) {
    const res = await signed(SO_TTTT.organId, 'POST', url, body);
    assert.equal(res.statusCode, 400, body);
    assert.equal(res.json().code, 'OFFICE_AXIS_ACK_INVALID', body);
    assert.match(res.json().message, /^Xác nhận gói tin không hợp lệ: /, body);
  }
  const box = (await signed(SO_TTTT.organId, 'GET', '/axis/mailbox')).json() as MailboxEntry[];
  assert.deepEqual(box.map((m) => [m.messageId, m.state]), [[receipt.messageId, 'queued']], 'no refused ack changed the delivery');
});

test('error/dashboard token: none → 401, a wrong one → 401, from any address, as JSON and as a page', async (t) => {
  const { app } = await hubFor(t, { dashboardToken: TOKEN });
  for (const url of ['/axis/dashboard', '/', '/dashboard']) {
    const none = await app.inject({ method: 'GET', url });
    assert.equal(none.statusCode, 401, url);
    assert.match(String(none.headers['www-authenticate']), /^Bearer realm="congvan-hub"/, url);
    assert.equal(none.headers['set-cookie'], undefined, url);
    for (const wrong of [{ url: `${url}?token=${TOKEN}x` }, { url, headers: { authorization: `Bearer ${TOKEN.slice(1)}` } }, { url, headers: { authorization: `Basic ${TOKEN}` } }, { url: `${url}?token=${TOKEN}&token=${TOKEN}` }]) {
      const res = await app.inject({ method: 'GET', ...wrong });
      assert.equal(res.statusCode, 401, JSON.stringify(wrong));
      assert.equal(res.headers['set-cookie'], undefined, JSON.stringify(wrong));
      if (url === '/axis/dashboard') assert.equal(res.json().code, 'SRV_DASHBOARD_TOKEN_INVALID', JSON.stringify(wrong));
      else assert.match(res.body, /Mã truy cập bảng theo dõi của trục không đúng\./, JSON.stringify(wrong));
    }
    if (url === '/axis/dashboard') assert.equal(none.json().code, 'SRV_DASHBOARD_TOKEN_REQUIRED');
    else {
      assert.match(String(none.headers['content-type']), /^text\/html/);
      assert.match(none.body, /<html lang="vi">/);
      assert.match(none.body, /Bảng theo dõi của trục chỉ dành cho người vận hành/);
      assert.doesNotMatch(none.body, /Cơ quan trên trục/, 'no data on a refusal');
    }
  }
  const stale = await app.inject({ method: 'GET', url: '/', cookies: { [DASHBOARD_COOKIE]: 'khong-phai-phien' } });
  assert.equal(stale.statusCode, 401, 'a cookie that is not the session');
});

test('ok: dashboard token: the right one as Bearer or ?token= opens it; ?token= leaves an HttpOnly SameSite=Strict cookie (not the token) that opens it after', async (t) => {
  const { app } = await hubFor(t, { dashboardToken: TOKEN });
  const bearer = await app.inject({ method: 'GET', url: '/axis/dashboard', headers: { authorization: `Bearer ${TOKEN}` }, remoteAddress: '203.113.5.7' });
  assert.equal(bearer.statusCode, 200, 'a token works from anywhere');
  assert.deepEqual((bearer.json() as { code: string }[]).map((a) => a.code), ORGANS.map((o) => o.organId).sort());
  assert.equal(bearer.headers['cache-control'], 'no-store');

  const page = await app.inject({ method: 'GET', url: `/?token=${encodeURIComponent(TOKEN)}`, remoteAddress: '203.113.5.7' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Bảng theo dõi trục liên thông văn bản<\/h1>/);
  assert.doesNotMatch(page.body, new RegExp(TOKEN), 'the token is not in the page (nor in its refresh address)');
  assert.match(page.body, /<meta http-equiv="refresh" content="30;url=\/">/);
  const setCookie = String(page.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`^${DASHBOARD_COOKIE}=[A-Za-z0-9_-]{20,};`));
  assert.match(setCookie, /; HttpOnly/);
  assert.match(setCookie, /; SameSite=Strict/);
  assert.match(setCookie, /; Path=\//);
  assert.doesNotMatch(setCookie, new RegExp(TOKEN));
  const session = page.cookies.find((c) => c.name === DASHBOARD_COOKIE)!.value;
  for (const url of ['/', '/dashboard', '/axis/dashboard']) {
    const again = await app.inject({ method: 'GET', url, cookies: { [DASHBOARD_COOKIE]: session }, remoteAddress: '203.113.5.7' });
    assert.equal(again.statusCode, 200, url);
  }
  const { app: other } = await hubFor(t, { dashboardToken: `${TOKEN}-khac` });
  assert.equal((await other.inject({ method: 'GET', url: '/', cookies: { [DASHBOARD_COOKIE]: session } })).statusCode, 401, 'the session of another token opens nothing');
});

test('ok/error: without a token the dashboard is served to loopback clients only; others and proxied requests get 403 in Vietnamese', async (t) => {
  const { app } = await hubFor(t);
  for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.1.1']) {
    assert.equal((await app.inject({ method: 'GET', url: '/axis/dashboard', remoteAddress })).statusCode, 200, remoteAddress);
    assert.equal((await app.inject({ method: 'GET', url: '/', remoteAddress })).statusCode, 200, remoteAddress);
  }
  const cases = [
    { remoteAddress: '10.0.0.5' }, { remoteAddress: '::ffff:10.0.0.5' }, { remoteAddress: 'fe80::1' }, { remoteAddress: '128.0.0.1' },
    { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.113.5.7' } }, { remoteAddress: '127.0.0.1', headers: { forwarded: 'for=203.113.5.7' } },
    { remoteAddress: '10.0.0.5', headers: { authorization: `Bearer ${TOKEN}` } },
  ];
  for (const c of cases) {
    const json = await app.inject({ method: 'GET', url: '/axis/dashboard', ...c });
    assert.equal(json.statusCode, 403, JSON.stringify(c));
    assert.equal(json.json().code, 'SRV_DASHBOARD_LOCAL_ONLY', JSON.stringify(c));
    assert.match(json.json().message, /chỉ mở trên chính máy chủ của trục/);
    const page = await app.inject({ method: 'GET', url: '/dashboard', ...c, headers: { ...c.headers, 'accept-language': 'en-US,en;q=0.9' } });
    assert.equal(page.statusCode, 403, JSON.stringify(c));
    assert.match(page.body, /<h1>Không mở được bảng theo dõi<\/h1>/);
    assert.match(page.body, /chỉ mở trên chính máy chủ của trục/, 'the page is Vietnamese whatever the browser asks');
  }
});

test('ok: the page shows each agency\'s counts and the overdue documents in Vietnam time; names and ids are HTML-escaped', async (t) => {
  const evil = '<script>alert("trục")</script> & Cơ quan \'lạ\'';
  const { app, signed, clock, documentPackage } = await hubFor(t, { names: { [TAM_DUONG.organId]: evil } });
  const receipt = (await signed(LAI_CHAU.organId, 'POST', '/axis/send', await documentPackage(LAI_CHAU, [SO_TTTT, TAM_DUONG]))).json() as Receipt;
  const before = await app.inject({ method: 'GET', url: '/' });
  assert.match(before.body, /<h2>Văn bản chưa được nhận đúng hạn \(0\)<\/h2>/);
  assert.match(before.body, /Không có văn bản nào quá hạn/);
  await signed(SO_TTTT.organId, 'GET', `/axis/messages/${receipt.messageId}`);
  clock.advanceMinutes(121); // urgent: overdue after two hours

  const res = await app.inject({ method: 'GET', url: '/dashboard' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'; style-src 'sha256-/);
  assert.equal(res.headers['x-frame-options'], 'DENY');
  const html = res.body;
  assert.doesNotMatch(html, /<script/i, 'no markup from the directory');
  assert.ok(html.includes('&#60;script&#62;alert(&#34;trục&#34;)&#60;/script&#62; &#38; Cơ quan &#39;lạ&#39;'), 'the name shows escaped');
  assert.match(html, /<meta http-equiv="refresh" content="30;url=\/dashboard">/);
  const row = (code: string) => new RegExp(`<tr[^>]*><td><code>${code.replace(/\./g, '\\.')}</code></td><td>[^<]*(&#\\d+;[^<]*)*</td>((<td class="n">\\d+</td>){4})</tr>`).exec(html)?.[2]?.match(/\d+/g);
  assert.deepEqual(row(LAI_CHAU.organId), ['1', '0', '0', '0'], 'Lai Châu: sent one');
  assert.deepEqual(row(SO_TTTT.organId), ['0', '1', '1', '1'], 'Sở TT&TT: fetched, not acknowledged, not reported received');
  assert.deepEqual(row(TAM_DUONG.organId), ['0', '1', '1', '1']);
  // The sample package is urgent (priority 1): the hub's alerts carry it, the page marks both
  assert.match(html, /<h2>Văn bản chưa được nhận đúng hạn \(2, trong đó 2 khẩn\)/);
  assert.equal(html.match(/<tr class="urgent">/g)?.length, 2);
  const alerts = html.slice(html.indexOf('<table id="alerts">'));
  assert.equal(alerts.match(/<tr/g)?.length, 3, 'a header and two alerts');
  assert.ok(alerts.includes(escapeHtml(`${LAI_CHAU.organId},2026/03/05,296/UBND-VHTT`)));
  assert.ok(alerts.includes(vietnamWall(receipt.receivedAt)), `received at ${vietnamWall(receipt.receivedAt)}`);
  assert.match(alerts, /đã lấy, chưa xác nhận/);
  assert.match(alerts, /chờ trong hộp thư/);
  assert.match(alerts, /chưa báo trạng thái nào/);
  assert.ok(alerts.includes(`<code>${TAM_DUONG.organId}</code><br>${escapeHtml(evil)}`), 'the recipient with its (escaped) name');
});

test('ok: urgent alerts are marked with their urgency, the last business status is named', () => {
  const html = renderDashboardPage({
    agencies: [{ code: LAI_CHAU.organId, name: LAI_CHAU.organName, sent: 2, received: 0, waiting: 0, notReceived: 0 }],
    alerts: [
      { messageId: 'a', sender: LAI_CHAU.organId, recipient: SO_TTTT.organId, documentId: 'd-1', receivedAt: '2026-03-05T08:00:00.000Z', state: 'queued', status: null, priority: 3 },
      { messageId: 'b', sender: LAI_CHAU.organId, recipient: TAM_DUONG.organId, documentId: 'd-2', receivedAt: '2026-03-04T17:30:00.000Z', state: 'acknowledged', status: '13', priority: 0 },
    ],
    now: new Date('2026-03-05T10:00:00Z'), refreshUrl: '/',
  });
  const rows = html.slice(html.indexOf('<table id="alerts">')).split('<tr').slice(2);
  assert.equal(rows.length, 2);
  assert.match(rows[0]!, /^ class="urgent"><td><span class="badge">Hỏa tốc<\/span>/);
  assert.match(rows[0]!, /05\/03\/2026 15:00:00 \(\+07:00\)/);
  assert.doesNotMatch(rows[1]!, /urgent|badge/);
  assert.match(rows[1]!, /05\/03\/2026 00:30:00 \(\+07:00\)/, 'the Vietnam date, not the UTC one');
  assert.match(rows[1]!, /13 — đề nghị lấy lại/);
  assert.match(html, /\(2, trong đó 1 khẩn\)/);
  assert.match(html, /Cập nhật lúc 05\/03\/2026 17:00:00 \(\+07:00\)/);
});

test('ok: a token in the address never reaches the log', async (t) => {
  const lines: string[] = [];
  const { app } = await hubFor(t, { dashboardToken: TOKEN, logStream: { write: (line) => { lines.push(line); } } });
  assert.equal((await app.inject({ method: 'GET', url: `/dashboard?token=${TOKEN}&x=1` })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: `/axis/dashboard?token=${TOKEN}x` })).statusCode, 401);
  const log = lines.join('');
  assert.match(log, /\/dashboard\?token=\[redacted\]&x=1/, 'the request is logged');
  assert.doesNotMatch(log, new RegExp(TOKEN));
});

test('ok/error: config: CONGVAN_HUB_DASHBOARD_TOKEN is read with the rest, a weak or unsendable one refused in Vietnamese without repeating it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'congvan-hub-config-'));
  assert.equal(loadConfig({ dataDir }, {}).hubDashboardToken, undefined);
  assert.equal(loadConfig({ dataDir }, { CONGVAN_HUB_DASHBOARD_TOKEN: '  ' }).hubDashboardToken, undefined);
  assert.equal(loadConfig({ dataDir }, { CONGVAN_HUB_DASHBOARD_TOKEN: ` ${TOKEN}\n` }).hubDashboardToken, TOKEN);
  for (const bad of ['ngan-qua', 'mật-khẩu-có-dấu-tiếng-việt', 'co dau cach trong ma truy cap', 'co;dau;cham;phay;1234', 'x'.repeat(257)]) {
    assert.throws(() => loadConfig({ dataDir }, { CONGVAN_HUB_DASHBOARD_TOKEN: bad }), (err: Error & { code?: string; localise?: (l: 'vi') => string }) => {
      assert.equal(err.code, 'SRV_CONFIG_INVALID', bad);
      assert.match(err.localise!('vi'), /CONGVAN_HUB_DASHBOARD_TOKEN phải dài 16–256 ký tự/, bad);
      assert.ok(!err.message.includes(bad) && !err.localise!('vi').includes(bad), 'the secret is not repeated');
      return true;
    });
  }
});
