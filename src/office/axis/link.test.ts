import assert from 'node:assert/strict';
import { KeyObject } from 'node:crypto';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { issueStraightThrough } from '../../../test/helpers/issue-flow.ts';
import { CA_PASSPHRASE } from '../../../test/helpers/letter.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { sealImage, signatureImage } from '../../pades/test-fixtures.ts';
import { respondingTimestampSource } from '../../pades/index.ts';
import { crypto, generateKeyPair, x509 } from '../../pki/index.ts';
import { consoleOperator, type Actor, type Office } from '../index.ts';
import { createHub, type Hub } from './hub.ts';
import { backoffMs, createAxisLink, type AxisTransport } from './link.ts';

const LAI_CHAU = '000.00.00.H33';
const THANH_MIEN = '000.00.40.H23';

const inProcess = (hub: Hub): AxisTransport => ({
  send: (agency, bytes) => hub.send(agency, bytes), mailbox: (agency) => hub.mailbox(agency),
  fetch: (agency, id) => hub.fetch(agency, id), acknowledge: (agency, id, outcome, reason) => hub.acknowledge(agency, id, outcome, reason),
});

/** One installation with two agencies on the axis (seal keys from its CA), and a hub in the same database */
async function axisOffice(db: Parameters<typeof demoOffice>[0]) {
  const { office, actorOf, clock, blobs } = await demoOffice(db, new Date());
  await office.pki.init(consoleOperator('test'), { passphrase: CA_PASSPHRASE, baseUrl: 'http://127.0.0.1:9', keyAlgorithm: 'ECDSA-P256' });
  await office.signing.keys.unlock(CA_PASSPHRASE);
  const operator = consoleOperator('test');
  const laichau = await actorOf('laichau.lanhdao');
  const thanhmien = await actorOf('thanhmien.vanthu');
  await office.signing.keys.enrol(operator, { purpose: 'personal', userId: laichau.userId, idNumber: { kind: 'CCCD', value: '012345678901' }, province: 'Lai Châu', image: signatureImage(), keyAlgorithm: 'ECDSA-P256' });
  for (const agencyId of [laichau.agencyId, thanhmien.agencyId]) {
    await office.signing.keys.enrol(operator, { purpose: 'seal', agencyId, budgetCode: '1234567', province: 'Lai Châu', image: sealImage(), keyAlgorithm: 'ECDSA-P256' });
  }
  const hubKeys = await generateKeyPair('ECDSA-P256');
  const hubCertificate = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Trục liên thông', keys: hubKeys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) }, crypto);
  const ctx = { db, blobs, now: clock.now };
  const hub = createHub(ctx, {
    identity: async () => ({ certificate: hubCertificate, key: KeyObject.from(hubKeys.privateKey), timestamp: respondingTimestampSource((q) => office.pki.responders.timestamp(q), 'TSA') }),
    trust: () => office.signing.trust.store(),
  });
  for (const [code, agencyId] of [[LAI_CHAU, laichau.agencyId], [THANH_MIEN, thanhmien.agencyId]] as const) {
    const seal = await office.signing.keys.signerFor(agencyId, null, 'seal');
    await hub.directory.put({ code, name: seal.holder, certificatePem: seal.signer.certificate.toString('pem') });
  }
  const linkOver = (transport: AxisTransport) => createAxisLink(ctx, { keys: office.signing.keys, trust: office.signing.trust, transport, report: office.issuing.validationReport });
  return { office, actorOf, clock, hub, link: linkOver(inProcess(hub)), linkOver };
}

const issueToThanhMien = (office: Office, actorOf: (u: string) => Promise<Actor>, replaces?: { documentId: string; businessType: 1 | 2 | 3 }): Promise<string> =>
  issueStraightThrough(office, actorOf, { recipients: [{ kind: 'agency', target: THANH_MIEN }], urgency: 'khan', ...(replaces ? { replaces } : {}) });

testOnBothEngines('ok: an issued document leaves as a signed edXML package, arrives at the other agency with its signature report, and its registration, assignment and completion come back as 01, 03, 04, 06', async (db) => {
  const { office, actorOf, link, hub } = await axisOffice(db);
  const id = await issueToThanhMien(office, actorOf);
  assert.equal(await link.send(), 1);
  const [sent] = await link.tracking(id);
  assert.deepEqual([sent?.agency, sent?.state, sent?.attempts], [THANH_MIEN, 'sent', 1]);
  assert.equal((await hub.mailbox(THANH_MIEN)).length, 1);

  assert.equal(await link.pull(), 1);
  const [clerk, leader, specialist] = await Promise.all(['thanhmien.vanthu', 'thanhmien.lanhdao', 'thanhmien.chuyenvien'].map(actorOf));
  const [arrival] = await office.incoming.arrivals(clerk!);
  assert.ok(arrival, 'the package is an arrival');
  assert.deepEqual([arrival.subject, arrival.notation, arrival.urgency, arrival.sender], ['V/v phối hợp liên thông văn bản điện tử', '01/UBND-VP', 'khan', 'Ủy ban nhân dân tỉnh Lai Châu']);
  assert.equal((await office.issuing.arrivalReport(clerk!, arrival.id))?.passed, true);
  assert.deepEqual(await hub.mailbox(THANH_MIEN), [], 'acknowledged at the hub');

  await office.incoming.registerArrival(clerk!, arrival.id);
  await office.incoming.assign(leader!, arrival.id, { leadId: specialist!.userId, dueDate: '2099-12-31' });
  await office.incoming.complete(specialist!, arrival.id, 'Đã phối hợp.');
  assert.equal(await link.send(), 4, 'four statuses owed: 01, 03, 04, 06');
  assert.equal(await link.send(), 0, 'and sent once');
  assert.equal(await link.pull(), 4);
  const [tracked] = await link.tracking(id);
  assert.deepEqual(tracked?.timeline.map((s) => s.code), ['01', '03', '04', '06']);
  assert.equal(tracked?.status, '06');
  assert.deepEqual((await hub.deliveries(LAI_CHAU, tracked!.messageId!)).map((d) => d.business_status), ['06']);
});

testOnBothEngines('ok: an urgent document nobody reported received warns the sender\'s clerks after two hours, and an arrival nobody registered warns the recipient\'s clerks — once each', async (db) => {
  const { office, actorOf, link, clock } = await axisOffice(db);
  const id = await issueToThanhMien(office, actorOf);
  await link.send();
  await link.pull();
  assert.equal(await link.alerts(), 0, 'not late yet');
  clock.advanceMinutes(121);
  assert.equal(await link.alerts(), 2, 'one clerk each side');
  assert.equal(await link.alerts(), 0, 'once');
  const senderClerk = await actorOf('laichau.vanthu');
  const [warning] = await office.notifications.unread(senderClerk);
  assert.equal(warning?.documentId, id);
  assert.match(warning?.title ?? '', /Chưa có xác nhận nhận văn bản 01\/UBND-VP/);
  const [arrivalWarning] = await office.notifications.unread(await actorOf('thanhmien.vanthu'));
  assert.match(arrivalWarning?.title ?? '', /chưa vào sổ/);
});

testOnBothEngines('ok: delivery is at least once and arrivals are exactly once: a message offered again after a lost acknowledgement makes no second arrival; a hub that is down is tried again after a back-off with jitter, and the retry is the same package', async (db) => {
  const { office, actorOf, hub, clock, link, linkOver } = await axisOffice(db);
  await issueToThanhMien(office, actorOf);
  await link.send();
  await link.pull();
  // The acknowledgement is lost: the hub offers the message again
  await db.kysely.updateTable('hub_deliveries').set({ state: 'queued', acknowledged_at: null }).where('recipient_code', '=', THANH_MIEN).execute();
  assert.equal(await link.pull(), 1);
  assert.equal((await office.incoming.arrivals(await actorOf('thanhmien.vanthu'))).length, 1, 'still one arrival');

  // A second document while the hub is down: kept queued, tried again after the back-off, then sent once
  let hubDown = true;
  let refusals = 0;
  const flaky = linkOver({
    ...inProcess(hub),
    send: async (agency, bytes) => {
      if (!hubDown) return hub.send(agency, bytes);
      // First the hub is unreachable, then it cannot reach a CRL: both pass, neither is a final refusal
      throw refusals++ === 0 ? new Error('connect ECONNREFUSED 127.0.0.1:8080') : Object.assign(new Error('không lấy được CRL'), { code: 'EDXML_REVOCATION_UNAVAILABLE' });
    },
  });
  const second = await issueToThanhMien(office, actorOf);
  assert.equal(await flaky.send(), 1);
  const [waiting] = await flaky.tracking(second);
  assert.deepEqual([waiting?.state, waiting?.attempts], ['queued', 1]);
  assert.match(waiting?.lastError ?? '', /ECONNREFUSED/);
  assert.equal(await flaky.send(), 0, 'not before its back-off');
  clock.advanceMinutes(6);
  assert.equal(await flaky.send(), 1);
  const [stillWaiting] = await flaky.tracking(second);
  assert.deepEqual([stillWaiting?.state, stillWaiting?.attempts], ['queued', 2], 'a CRL out of reach at the hub is tried again, not failed');
  hubDown = false;
  clock.advanceMinutes(6);
  assert.equal(await flaky.send(), 1);
  const [sent] = await flaky.tracking(second);
  assert.deepEqual([sent?.state, sent?.attempts], ['sent', 3]);
  assert.equal((await db.kysely.selectFrom('hub_messages').select('id').where('kind', '=', 'edoc').execute()).length, 2, 'two documents, two messages');

  assert.ok(backoffMs(1, () => 0.5) === 1000 && backoffMs(5, () => 0.5) === 16_000 && backoffMs(30, () => 0.5) === 3_600_000, 'doubling up to an hour');
  assert.ok(backoffMs(3, () => 0) === 2000 && backoffMs(3, () => 0.999) < 8000, 'jitter of ±50 %');
});

testOnBothEngines('ok: the sender asks for a document back (13 with the reason) and each recipient answers: given back (15, withdrawn) or kept with why (16); an answer without a request is refused', async (db) => {
  const { office, actorOf, link } = await axisOffice(db);
  const id = await issueToThanhMien(office, actorOf);
  await link.send();
  await link.pull();
  const [clerk, senderClerk] = [await actorOf('thanhmien.vanthu'), await actorOf('laichau.vanthu')];
  const [arrival] = await office.incoming.arrivals(clerk);
  await assert.rejects(office.incoming.answerRecall(clerk, arrival!.id, true), { code: 'OFFICE_AXIS_NOT_RECALLED' });
  await office.outgoing.recall(senderClerk, id, 'Ban hành nhầm phụ lục');
  assert.equal(await link.send(), 1, 'status 13 to the recipient');
  assert.equal(await link.pull(), 1);
  await assert.rejects(office.incoming.answerRecall(clerk, arrival!.id, false), { code: 'OFFICE_REASON_REQUIRED' });
  const withdrawn = await office.incoming.answerRecall(clerk, arrival!.id, true, 'Đồng ý trả lại');
  assert.equal(withdrawn.status, 'withdrawn');
  assert.equal(await link.send(), 1, 'status 15 back');
  await link.pull();
  const [tracked] = await link.tracking(id);
  assert.deepEqual(tracked?.timeline.map((s) => s.code), ['15']);
  assert.equal(tracked?.status, '15');
  await assert.rejects(office.outgoing.recall(await actorOf('laichau.chuyenvien'), id, 'x'), { code: 'OFFICE_FORBIDDEN' });
});

testOnBothEngines('ok: a document that replaces, then one that revokes, an earlier one sent over the axis: the receiving office marks the arrival they name replaced, then revoked, on its trail', async (db) => {
  const { office, actorOf, link } = await axisOffice(db);
  const first = await issueToThanhMien(office, actorOf);
  await link.send();
  await link.pull();
  const clerk = await actorOf('thanhmien.vanthu');
  const [original] = await office.incoming.arrivals(clerk);
  await office.incoming.registerArrival(clerk, original!.id);
  const second = await issueToThanhMien(office, actorOf, { documentId: first, businessType: 3 });
  await link.send();
  await link.pull();
  assert.equal((await office.documents.get(clerk, original!.id)).status, 'replaced');
  const trail = await office.incoming.trail(clerk, original!.id);
  assert.equal(trail.at(-1)?.action, 'replaced');
  assert.match(trail.at(-1)?.comment ?? '', /Thay thế văn bản 01\/UBND-VP/);
  const replacement = (await office.incoming.arrivals(clerk)).find((a) => a.business_type === 3)!;
  assert.equal(replacement.replaces_document_id, original!.id);
  await issueToThanhMien(office, actorOf, { documentId: second, businessType: 1 });
  await link.send();
  await link.pull();
  assert.equal((await office.documents.get(clerk, replacement.id)).status, 'revoked', 'the revocation applies to the replacement it names');
  await assert.rejects(office.documents.createDraft(await actorOf('laichau.chuyenvien'), { typeCode: 'cong-van', subject: 'x', replaces: { documentId: replacement.id, businessType: 3 } }), { code: 'OFFICE_DOCUMENT_INVALID' }, 'only the agency\'s own issued documents');
});
