import assert from 'node:assert/strict';
import { KeyObject } from 'node:crypto';
import { buildDocumentPackage, buildStatusPackage, signPackage } from '../../edxml/index.ts';
import { attachment, edxmlPki, fakePdf, LAI_CHAU, SO_TTTT, samplePackage, sampleStatus, TAM_DUONG } from '../../edxml/test-fixtures.ts';
import { localTimestampSource } from '../../pades/index.ts';
import { createTimestampAuthority, generateKeyPair } from '../../pki/index.ts';
import { manualClock } from '../../../test/helpers/clock.ts';
import { testOnBothEngines, type TestDb } from '../../../test/helpers/test-db.ts';
import { openDatabase, openDiskBlobStore } from '../../store/index.ts';
import { createOffice } from '../index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, receiptIsSigned, type PushNote, type PushNotifier } from './hub.ts';

async function hubWithAgencies(db: TestDb, push?: PushNotifier) {
  const pki = await edxmlPki();
  const clock = manualClock(new Date());
  const tsaKeys = await generateKeyPair('ECDSA-P256');
  const tsa = await createTimestampAuthority(pki.issuing, { commonName: 'Trục liên thông TSA', organization: 'congvan', keys: tsaKeys, notBefore: new Date(Date.now() - 60_000) });
  const hubAgency = await pki.agency('000.00.00.AXIS', 'Trục liên thông văn bản');
  const ctx = { db, blobs: openDiskBlobStore(mkdtempSync(join(tmpdir(), 'congvan-hub-'))), now: clock.now };
  const identity = async () => ({ certificate: hubAgency.certificate, key: KeyObject.from(hubAgency.privateKey), timestamp: localTimestampSource(tsa) });
  const hub = createHub(ctx, {
    identity,
    trust: async () => pki.trustStore, revocation: pki.revocation(), ...(push ? { push } : {}),
  });
  const agencies = { laichau: await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName), sotttt: await pki.agency(SO_TTTT.organId, SO_TTTT.organName), tamduong: await pki.agency(TAM_DUONG.organId, TAM_DUONG.organName) };
  for (const [a, org] of [[agencies.laichau, LAI_CHAU], [agencies.sotttt, SO_TTTT], [agencies.tamduong, TAM_DUONG]] as const) {
    await hub.directory.put({ code: org.organId, name: org.organName, email: 'email' in org ? org.email : null, certificatePem: a.certificate.toString('pem') });
  }
  return { hub, pki, clock, agencies, identity };
}

testOnBothEngines('ok: a signed package to two agencies: logged with a timestamp, a signed receipt, each mailbox holds it until acknowledged; a retry gets the same receipt; statuses go back to the sender and show per recipient', async (db) => {
  const { hub, agencies } = await hubWithAgencies(db);
  const bytes = await signPackage(buildDocumentPackage(samplePackage()), agencies.laichau.signer);
  const receipt = await hub.send(LAI_CHAU.organId, bytes);
  assert.ok(receiptIsSigned(receipt), 'the receipt verifies with the hub certificate');
  assert.ok(!receiptIsSigned({ ...receipt, digest: receipt.digest.replace(/^./, (c) => (c === '0' ? '1' : '0')) }), 'a changed receipt does not');
  assert.deepEqual(receipt.recipients, [SO_TTTT.organId, TAM_DUONG.organId].sort());
  assert.ok(receipt.timestampToken.length > 100);
  assert.equal((await hub.send(LAI_CHAU.organId, bytes)).messageId, receipt.messageId, 'a retry is the same message');

  const box = await hub.mailbox(SO_TTTT.organId);
  assert.deepEqual(box.map((m) => [m.messageId, m.sender, m.state]), [[receipt.messageId, LAI_CHAU.organId, 'queued']]);
  assert.ok(Buffer.from(await hub.fetch(SO_TTTT.organId, receipt.messageId)).equals(Buffer.from(bytes)));
  assert.equal((await hub.mailbox(SO_TTTT.organId))[0]?.state, 'delivered', 'fetched, not yet acknowledged');
  await hub.acknowledge(SO_TTTT.organId, receipt.messageId, 'done');
  assert.deepEqual(await hub.mailbox(SO_TTTT.organId), [], 'acknowledged: out of the mailbox');
  await assert.rejects(hub.fetch(LAI_CHAU.organId, receipt.messageId), { code: 'OFFICE_AXIS_MESSAGE_NOT_FOUND' }, 'only recipients fetch');

  for (const code of ['01', '03'] as const) {
    const status = await signPackage(buildStatusPackage({ ...sampleStatus(code).status, timestamp: `2026/03/05 15:0${code === '01' ? 0 : 1}:00` }), agencies.sotttt.signer);
    await hub.send(SO_TTTT.organId, status);
  }
  const back = await hub.mailbox(LAI_CHAU.organId);
  assert.equal(back.length, 2, 'both statuses wait for the sender');
  const states = await hub.deliveries(LAI_CHAU.organId, receipt.messageId);
  assert.deepEqual(states.map((s) => [s.recipient_code, s.state, s.business_status]), [[TAM_DUONG.organId, 'queued', null], [SO_TTTT.organId, 'acknowledged', '03']]);
  await assert.rejects(hub.deliveries(SO_TTTT.organId, receipt.messageId), { code: 'OFFICE_AXIS_MESSAGE_NOT_FOUND' }, 'only the sender sees them');
});

testOnBothEngines('ok: a recipient that has not reported it received by the deadline raises an alert (urgent: after two hours), shown per agency on the dashboard', async (db) => {
  const { hub, agencies, clock } = await hubWithAgencies(db);
  const urgent = samplePackage();
  const receipt = await hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(urgent), agencies.laichau.signer));
  assert.deepEqual(await hub.alerts(), []);
  clock.advanceMinutes(121);
  assert.deepEqual((await hub.alerts()).map((a) => [a.messageId, a.recipient]).sort(), [[receipt.messageId, SO_TTTT.organId], [receipt.messageId, TAM_DUONG.organId]].sort());
  await hub.send(SO_TTTT.organId, await signPackage(buildStatusPackage(sampleStatus('01').status), agencies.sotttt.signer));
  assert.deepEqual((await hub.alerts()).map((a) => a.recipient), [TAM_DUONG.organId]);
  const board = await hub.dashboard();
  assert.deepEqual(board.find((a) => a.code === TAM_DUONG.organId), { code: TAM_DUONG.organId, name: TAM_DUONG.organName, sent: 0, received: 1, waiting: 1, notReceived: 1 });
  assert.equal(board.find((a) => a.code === LAI_CHAU.organId)?.sent, 1);
});

testOnBothEngines('bad: an unknown recipient, a package signed by another agency or by a revoked certificate, a tampered attachment, a status for a document never received, a document id reused for other content — refused with a reason, nothing logged as a message but each refusal on record', async (db) => {
  const { hub, agencies, pki } = await hubWithAgencies(db);
  const pkg = samplePackage();
  const stranger = { ...pkg, header: { ...pkg.header, to: [...pkg.header.to, { organId: '000.00.99.H99', organName: 'Không có' }] } };
  await assert.rejects(hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(stranger), agencies.laichau.signer)), { code: 'OFFICE_AXIS_RECIPIENT_UNKNOWN' });
  await assert.rejects(hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(pkg), agencies.tamduong.signer)), { code: 'EDXML_SENDER_MISMATCH' });
  const signed = Buffer.from(await signPackage(buildDocumentPackage(pkg), agencies.laichau.signer)).toString('utf8');
  const original = Buffer.from(pkg.attachments[0]!.content).toString('base64');
  const tampered = signed.replace(original, Buffer.from(fakePdf('Công văn 297/UBND-VHTT')).toString('base64'));
  assert.notEqual(tampered, signed);
  await assert.rejects(hub.send(LAI_CHAU.organId, new TextEncoder().encode(tampered)), (err: { code: string }) => err.code.startsWith('EDXML_'));
  await assert.rejects(hub.send(SO_TTTT.organId, await signPackage(buildStatusPackage(sampleStatus('01').status), agencies.sotttt.signer)), { code: 'OFFICE_AXIS_STATUS_ORPHAN' });
  await assert.rejects(hub.send(LAI_CHAU.organId, new TextEncoder().encode('<edXML>không đóng')), (err: { code: string }) => err.code.startsWith('EDXML_'));
  await hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(pkg), agencies.laichau.signer));
  const revokedAgency = await pki.agency('000.00.77.H29', 'Cơ quan bị thu hồi chứng thư');
  await hub.directory.put({ code: '000.00.77.H29', name: 'Cơ quan bị thu hồi chứng thư', certificatePem: revokedAgency.certificate.toString('pem') });
  pki.revoke(revokedAgency.certificate);
  const fromRevoked = { ...pkg, header: { ...pkg.header, from: { organId: '000.00.77.H29', organName: 'Cơ quan bị thu hồi chứng thư' }, documentId: '000.00.77.H29,2026/03/05,296/UBND-VHTT' } };
  await assert.rejects(hub.send('000.00.77.H29', await signPackage(buildDocumentPackage(fromRevoked), revokedAgency.signer)), { code: 'EDXML_CERTIFICATE_REVOKED' });
  const other = { ...pkg, attachments: [attachment('khac.pdf', fakePdf('Nội dung khác'))] };
  await assert.rejects(hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(other), agencies.laichau.signer)), { code: 'OFFICE_AXIS_DOCUMENT_ID_REUSED' });
  assert.equal((await db.kysely.selectFrom('hub_messages').select('id').execute()).length, 1, 'only the good package was logged');
  const refusals = await db.kysely.selectFrom('audit_log').select(['target_id', 'details']).where('action', '=', 'axis.package.refused').orderBy('seq').execute();
  assert.deepEqual(refusals.map((r) => (JSON.parse(r.details as string) as { code: string }).code).map((c) => (c.startsWith('EDXML_') && c !== 'EDXML_SENDER_MISMATCH' && c !== 'EDXML_CERTIFICATE_REVOKED' ? 'EDXML_*' : c)),
    ['OFFICE_AXIS_RECIPIENT_UNKNOWN', 'EDXML_SENDER_MISMATCH', 'EDXML_*', 'OFFICE_AXIS_STATUS_ORPHAN', 'EDXML_*', 'EDXML_CERTIFICATE_REVOKED', 'OFFICE_AXIS_DOCUMENT_ID_REUSED'], 'every refusal with its code');
  assert.equal(refusals[0]?.target_id, LAI_CHAU.organId, 'and who sent it');
});

testOnBothEngines('ok: two hub instances on one database (as two processes share PostgreSQL): the same package sent to both at once is one message with one receipt; both serve the same mailboxes; a fetch and an acknowledgement through either count', async (db) => {
  const first = await hubWithAgencies(db);
  const otherConnections = openDatabase(db.config);
  const second = createOffice({ db: otherConnections, now: first.clock.now }).axis.hub({ identity: first.identity, trust: async () => first.pki.trustStore, revocation: first.pki.revocation() });
  try {
    const bytes = await signPackage(buildDocumentPackage(samplePackage()), first.agencies.laichau.signer);
    const receipts = await Promise.all([first.hub.send(LAI_CHAU.organId, bytes), second.send(LAI_CHAU.organId, bytes), first.hub.send(LAI_CHAU.organId, bytes), second.send(LAI_CHAU.organId, bytes)]);
    assert.equal(new Set(receipts.map((r) => r.messageId)).size, 1, 'one message, whichever instance took it');
    assert.equal(new Set(receipts.map((r) => r.timestampToken)).size, 1, 'with one timestamp');
    assert.equal((await db.kysely.selectFrom('hub_deliveries').select('recipient_code').execute()).length, 2, 'one delivery per recipient');
    const statuses = await Promise.all(['01', '03', '04', '05'].map(async (code, i) => (i % 2 ? second : first.hub).send(SO_TTTT.organId,
      await signPackage(buildStatusPackage({ ...sampleStatus(code as '01').status, timestamp: `2026/03/05 15:0${i}:00` }), first.agencies.sotttt.signer))));
    assert.equal(new Set(statuses.map((r) => r.messageId)).size, 4, 'different statuses through both: four messages');
    assert.deepEqual((await second.mailbox(LAI_CHAU.organId)).length, 4, 'the sender sees them through the other instance');
    await second.fetch(SO_TTTT.organId, receipts[0]!.messageId);
    await first.hub.acknowledge(SO_TTTT.organId, receipts[0]!.messageId, 'done');
    assert.deepEqual(await second.mailbox(SO_TTTT.organId), [], 'acknowledged through one, gone from both');
    assert.equal((await first.hub.deliveries(LAI_CHAU.organId, receipts[0]!.messageId)).find((d) => d.recipient_code === SO_TTTT.organId)?.business_status, '05', 'the latest status, whichever instance logged it');
  } finally {
    await otherConnections.close();
  }
});

testOnBothEngines('bad: hub HTTP: an ack body that is not a JSON object and a message id that is not one are refused with a coded error; a mailbox limit that is not a whole number from 1 is read as one (1.5 → 1, -3 → 1, abc → the default, 1e400 → the cap), never a 500', async (db) => {
  const { buildHubApp } = await import('../../hub/app.ts');
  const { replayGuard } = await import('../../hub/replays.ts');
  const { signRequest } = await import('./request-signature.ts');
  const { hub, agencies } = await hubWithAgencies(db);
  const app = await buildHubApp(hub, { certificatePem: '', replays: replayGuard(db) });
  const key = KeyObject.from(agencies.sotttt.privateKey);
  const call = (method: 'GET' | 'POST', url: string, body?: string) => {
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    return app.inject({ method, url, payload: bytes, headers: { 'content-type': 'application/json', ...signRequest({ agency: SO_TTTT.organId, key, method, path: url, body: bytes }) } });
  };
  try {
    for (const body of ['null', '[]', '"done"', '{not json']) {
      const res = await call('POST', '/axis/messages/not-a-uuid/ack', body);
      assert.equal(res.statusCode, 400, body);
      assert.equal(res.json().code, 'OFFICE_AXIS_ACK_INVALID', body);
    }
    const missing = await call('POST', '/axis/messages/not-a-uuid/ack', '{"outcome":"done"}');
    assert.equal(missing.json().code, 'OFFICE_AXIS_MESSAGE_NOT_FOUND');
    // Three documents wait for Sở TT&TT, so a limit shows in how many come back.
    const sent = new Set<string>();
    for (const n of [296, 297, 298]) {
      const pkg = samplePackage();
      const numbered = { ...pkg, header: { ...pkg.header, code: { ...pkg.header.code, codeNumber: String(n) }, documentId: `${LAI_CHAU.organId},2026/03/05,${n}/UBND-VHTT` } };
      sent.add((await hub.send(LAI_CHAU.organId, await signPackage(buildDocumentPackage(numbered), agencies.laichau.signer))).messageId);
    }
    for (const [limit, count] of [['2', 2], ['1.5', 1], ['-3', 1], ['abc', 3], ['1e400', 3]] as const) {
      const res = await call('GET', `/axis/mailbox?limit=${limit}`);
      assert.equal(res.statusCode, 200, limit);
      const ids = (res.json() as { messageId: string }[]).map((m) => m.messageId);
      assert.equal(ids.length, count, `limit=${limit}`);
      assert.ok(ids.every((id) => sent.has(id)) && new Set(ids).size === count, `limit=${limit}: messages from the mailbox, none twice`);
    }
  } finally {
    await app.close();
  }
});

testOnBothEngines('ok: push: an agency registered with an address is told of each message for it once logged (not again on a retry); the others only pull; an address that is not http(s) is refused', async (db) => {
  const notes: [string, PushNote][] = [];
  const { hub, agencies } = await hubWithAgencies(db, (url, note) => notes.push([url, note]));
  await hub.directory.put({ code: SO_TTTT.organId, name: SO_TTTT.organName, certificatePem: agencies.sotttt.certificate.toString('pem'), pushUrl: 'https://stttt.laichau.gov.vn/api/axis/wake' });
  await assert.rejects(hub.directory.put({ code: TAM_DUONG.organId, name: TAM_DUONG.organName, certificatePem: agencies.tamduong.certificate.toString('pem'), pushUrl: 'file:///etc/passwd' }), { code: 'OFFICE_AXIS_AGENCY_INVALID' });
  const bytes = await signPackage(buildDocumentPackage(samplePackage()), agencies.laichau.signer);
  const receipt = await hub.send(LAI_CHAU.organId, bytes);
  assert.deepEqual(notes, [['https://stttt.laichau.gov.vn/api/axis/wake', { agency: SO_TTTT.organId, messageId: receipt.messageId, kind: 'edoc' }]], 'Sở TT&TT is told; Tam Đường (no address) is not');
  await hub.send(LAI_CHAU.organId, bytes);
  assert.equal(notes.length, 1, 'a retry tells nobody again');
  const status = await signPackage(buildStatusPackage(sampleStatus('01').status), agencies.sotttt.signer);
  await hub.send(SO_TTTT.organId, status);
  assert.equal(notes.length, 1, 'Lai Châu has no address: its status waits for its pull');
  assert.equal((await hub.mailbox(LAI_CHAU.organId)).length, 1);
});
