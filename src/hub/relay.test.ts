/**
 * Hub to hub: a province's platform (SQLite) and the national axis (PostgreSQL), each its own app on loopback with
 * its own receipt key, relaying over their own signed requests. A document from Lai Châu to one agency served by
 * the province and one behind the national axis; the status coming back the other way.
 */
import assert from 'node:assert/strict';
import { KeyObject } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';
import { buildDocumentPackage, buildStatusPackage, signPackage } from '../edxml/index.ts';
import { edxmlPki, LAI_CHAU, SO_TTTT, samplePackage, sampleStatus, TAM_DUONG } from '../edxml/test-fixtures.ts';
import { createOffice, httpTransport } from '../office/index.ts';
import { localTimestampSource } from '../pades/index.ts';
import { createTimestampAuthority, generateKeyPair } from '../pki/index.ts';
import { openTestDb } from '../../test/helpers/test-db.ts';
import { buildHubApp } from './app.ts';
import { replayGuard } from './replays.ts';
import { setHubCode } from './identity.ts';

type Pki = Awaited<ReturnType<typeof edxmlPki>>;
type Agency = Awaited<ReturnType<Pki['agency']>>;

/** A loopback port nothing listens on yet: the address of a hub that is down until the test starts it there */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `at`: a hub registered elsewhere before it runs comes up on its known port with its known certificate */
async function startHub(t: TestContext, pki: Pki, dialect: 'sqlite' | 'postgres', code: string, name: string, at: { port?: number; own?: Agency } = {}) {
  const db = await openTestDb(dialect, t);
  if (!db) return undefined;
  const tsa = await createTimestampAuthority(pki.issuing, { commonName: `${name} TSA`, organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - 60_000) });
  const own = at.own ?? await pki.agency(code, name);
  const key = KeyObject.from(own.privateKey);
  const office = createOffice({ db });
  await setHubCode(office, code);
  const hub = office.axis.hub({ identity: async () => ({ certificate: own.certificate, key, timestamp: localTimestampSource(tsa) }), trust: async () => pki.trustStore, revocation: pki.revocation() });
  const app = await buildHubApp(hub, { certificatePem: own.certificate.toString('pem'), replays: replayGuard(db) });
  await app.listen({ port: at.port ?? 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const relay = office.axis.relay({ self: async () => code, transport: (to) => httpTransport(to, async () => key) });
  t.after(async () => { await app.close(); await db.close(); });
  /** This hub's own signed channel to another hub, as its relay uses it */
  const asHub = (to: string) => httpTransport(to, async () => key);
  return { db, office, hub, url, relay, code, name, asHub, certificatePem: own.certificate.toString('pem') };
}

test('ok: relay: the province hub hands a package to the national axis for the agency behind it, once; that agency\'s status comes back through it to Lai Châu; a peer cannot hand over a package of an agency it does not serve; a hub that is down is tried again each round until it is up, then handed the package', async (t) => {
  const pki = await edxmlPki();
  const province = await startHub(t, pki, 'sqlite', 'LGSP.H29', 'Nền tảng tích hợp tỉnh Lai Châu');
  const national = await startHub(t, pki, 'postgres', 'TRUC.QG', 'Trục liên thông văn bản quốc gia');
  if (!province || !national) return;
  const organs = { laichau: await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName), sotttt: await pki.agency(SO_TTTT.organId, SO_TTTT.organName), tamduong: await pki.agency(TAM_DUONG.organId, TAM_DUONG.organName) };
  const pem = (a: { certificate: { toString(f: 'pem'): string } }) => a.certificate.toString('pem');
  // The province serves Lai Châu and Tam Đường; Sở TT&TT is reached through the national axis, and the other way round
  await province.office.axis.directory.put({ code: LAI_CHAU.organId, name: LAI_CHAU.organName, certificatePem: pem(organs.laichau) });
  await province.office.axis.directory.put({ code: TAM_DUONG.organId, name: TAM_DUONG.organName, certificatePem: pem(organs.tamduong) });
  await province.office.axis.directory.put({ code: SO_TTTT.organId, name: SO_TTTT.organName, certificatePem: pem(organs.sotttt), relayUrl: national.url });
  await province.office.axis.directory.put({ code: national.code, name: national.name, certificatePem: national.certificatePem, relayUrl: national.url, isHub: true });
  await national.office.axis.directory.put({ code: SO_TTTT.organId, name: SO_TTTT.organName, certificatePem: pem(organs.sotttt) });
  await national.office.axis.directory.put({ code: LAI_CHAU.organId, name: LAI_CHAU.organName, certificatePem: pem(organs.laichau), relayUrl: province.url });
  await national.office.axis.directory.put({ code: TAM_DUONG.organId, name: TAM_DUONG.organName, certificatePem: pem(organs.tamduong), relayUrl: province.url });
  await national.office.axis.directory.put({ code: province.code, name: province.name, certificatePem: province.certificatePem, relayUrl: province.url, isHub: true });
  assert.deepEqual((await province.hub.directory.list()).map((a) => a.code), [LAI_CHAU.organId, TAM_DUONG.organId, SO_TTTT.organId].sort(), 'peers are not addressable agencies');

  const office = (hubUrl: string, a: { privateKey: CryptoKey }) => httpTransport(hubUrl, async () => KeyObject.from(a.privateKey));
  const bytes = await signPackage(buildDocumentPackage(samplePackage()), organs.laichau.signer);
  const receipt = await office(province.url, organs.laichau).send(LAI_CHAU.organId, bytes);
  assert.deepEqual(receipt.recipients, [SO_TTTT.organId, TAM_DUONG.organId].sort());

  assert.equal(await province.relay.runOnce(), 1, 'one package handed over');
  assert.equal(await province.relay.runOnce(), 0, 'and only once');
  const states = await province.hub.deliveries(LAI_CHAU.organId, receipt.messageId);
  const relayed = states.find((s) => s.recipient_code === SO_TTTT.organId)!;
  assert.equal(relayed.state, 'acknowledged', 'the national axis took it over');
  assert.ok(relayed.relay_message_id, 'with the message id it gave');
  assert.equal(states.find((s) => s.recipient_code === TAM_DUONG.organId)?.state, 'queued', 'Tam Đường pulls it from the province');

  const box = await office(national.url, organs.sotttt).mailbox(SO_TTTT.organId);
  assert.deepEqual(box.map((m) => [m.messageId, m.sender, m.kind]), [[relayed.relay_message_id, LAI_CHAU.organId, 'edoc']], 'the sender is Lai Châu, not the province hub');
  assert.ok(Buffer.from(await office(national.url, organs.sotttt).fetch(SO_TTTT.organId, box[0]!.messageId)).equals(Buffer.from(bytes)), 'the package as Lai Châu signed it');
  assert.deepEqual(await national.hub.mailbox(TAM_DUONG.organId), [], 'the national axis leaves Tam Đường to the province that serves it');
  // Sở TT&TT registers it: 03 goes to the national axis, which hands it to the province for Lai Châu
  const status = await signPackage(buildStatusPackage(sampleStatus('03').status), organs.sotttt.signer);
  await office(national.url, organs.sotttt).send(SO_TTTT.organId, status);
  assert.equal(await national.relay.runOnce(), 1);
  const back = await office(province.url, organs.laichau).mailbox(LAI_CHAU.organId);
  assert.deepEqual(back.map((m) => [m.kind, m.sender]), [['status', SO_TTTT.organId]]);
  assert.equal((await province.hub.deliveries(LAI_CHAU.organId, receipt.messageId)).find((s) => s.recipient_code === SO_TTTT.organId)?.business_status, '03', 'Lai Châu sees Sở TT&TT registered it');

  // The national axis may hand over only packages of agencies behind it: one of Tam Đường's (served by the province itself) is refused
  const forged = await signPackage(buildStatusPackage({ ...sampleStatus('05').status, from: TAM_DUONG }), organs.tamduong.signer);
  await assert.rejects(national.asHub(province.url).send(national.code, forged), (err: { code?: string }) => err.code === 'EDXML_SENDER_MISMATCH');

  // A hub that is down: the delivery stays queued with the reason and is tried again next round (the relay has no
  // back-off: each round retries), until the hub comes up at its registered address and takes it over
  const langson = { organId: '000.00.00.H40', organName: 'UBND tỉnh Lạng Sơn' };
  const other = { code: 'TRUC.KHAC', name: 'Trục liên thông khu vực phía Bắc', own: await pki.agency('TRUC.KHAC', 'Trục liên thông khu vực phía Bắc'), port: await freePort() };
  const otherUrl = `http://127.0.0.1:${other.port}`;
  const langsonPem = pem(await pki.agency(langson.organId, langson.organName));
  await province.office.axis.directory.put({ code: other.code, name: other.name, certificatePem: pem(other.own), relayUrl: otherUrl, isHub: true });
  await province.office.axis.directory.put({ code: langson.organId, name: langson.organName, certificatePem: langsonPem, relayUrl: otherUrl });
  const sample = samplePackage();
  const toLangSon = await signPackage(buildDocumentPackage({ ...sample, header: { ...sample.header, to: [langson], documentId: `${LAI_CHAU.organId},2026/03/05,297/UBND-VHTT`, code: { codeNumber: '297', codeNotation: 'UBND-VHTT' } } }), organs.laichau.signer);
  const second = await office(province.url, organs.laichau).send(LAI_CHAU.organId, toLangSon);
  const toOther = async () => (await province.hub.deliveries(LAI_CHAU.organId, second.messageId))[0];
  assert.equal(await province.relay.runOnce(), 0);
  const waiting = await toOther();
  assert.equal(waiting?.state, 'queued');
  assert.equal(waiting?.attempts, 1);
  assert.ok(waiting?.failure, 'the reason is kept');
  assert.equal(await province.relay.runOnce(), 0, 'still down');
  const again = await toOther();
  assert.deepEqual([again?.state, again?.attempts], ['queued', 2], 'tried again on the next round');

  const up = await startHub(t, pki, 'sqlite', other.code, other.name, { port: other.port, own: other.own });
  if (!up) return;
  await up.office.axis.directory.put({ code: langson.organId, name: langson.organName, certificatePem: langsonPem });
  await up.office.axis.directory.put({ code: LAI_CHAU.organId, name: LAI_CHAU.organName, certificatePem: pem(organs.laichau), relayUrl: province.url });
  await up.office.axis.directory.put({ code: province.code, name: province.name, certificatePem: province.certificatePem, relayUrl: province.url, isHub: true });
  assert.equal(await province.relay.runOnce(), 1, 'handed over once the hub is up');
  const taken = await toOther();
  assert.deepEqual([taken?.state, taken?.attempts, taken?.failure], ['acknowledged', 3, null], 'acknowledged on the third attempt, the reason cleared');
  const langsonBox = await up.hub.mailbox(langson.organId);
  assert.deepEqual(langsonBox.map((m) => [m.messageId, m.sender, m.kind]), [[taken?.relay_message_id, LAI_CHAU.organId, 'edoc']], 'Lạng Sơn finds it on the hub that serves it');
  assert.ok(Buffer.from(await up.hub.fetch(langson.organId, langsonBox[0]!.messageId)).equals(Buffer.from(toLangSon)), 'as Lai Châu signed it');
});
