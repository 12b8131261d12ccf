/**
 * The leader signs with a USB token from the office's own screen: the PIN goes to `congvan agent` on 127.0.0.1
 * (SoftHSM2 as the token), the office prepares the signature for the token's certificate and embeds the value.
 * A wrong PIN is refused by the token and said so; pdfsig then finds the document signed by the token's holder.
 * The same token signs a request list's covering letter, which the office then seals with the agency's seal.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startAgent, type RunningAgent } from '../../src/agent/agent.ts';
import { consoleOperator, userOperator, type Actor } from '../../src/office/index.ts';
import { letterPdf, sealImage } from '../../src/pades/test-fixtures.ts';
import { buildName, PinGuard, subjectFieldsOf, TokenLibrary, x509, type SubjectRequest } from '../../src/pki/index.ts';
import type { RunningOffice } from '../../src/server/start.ts';
import { BROWSER_PASSWORD as PASSWORD, signInAs, startBrowserOffice, type BrowserOffice } from '../helpers/browser-office.ts';
import { CA_PASSPHRASE } from '../helpers/letter.ts';
import { createSoftToken, SOFTHSM_LIBRARY } from '../helpers/softhsm.ts';
import { nssTrusting, pdfsigVerdicts, runTool } from '../helpers/tools.ts';

const LEADER = 'Lãnh đạo UBND tỉnh Lai Châu';
const soft = createSoftToken('lanhdao-token', '2468');
let started: BrowserOffice;
let office: RunningOffice;
let agent: RunningAgent;
let browser: Browser | null = null;
let skipReason = '';
let documentId = '';
let batchId = '';
let data = '';

before(async () => {
  started = await startBrowserOffice('congvan-token-', { CONGVAN_DEMO_SIGNING: '0' });
  ({ office, browser, skipReason, data } = started);
  const o = office.office;
  const actorOf = async (username: string): Promise<Actor> => (await o.auth.authenticate((await o.auth.signIn({ username, password: PASSWORD })).token)).actor;
  await o.pki.init(consoleOperator('test'), { passphrase: CA_PASSPHRASE, baseUrl: office.url, keyAlgorithm: 'ECDSA-P256' });
  // The leader's token: a key made on it, certified by the office's CA, the certificate written back
  const subject: SubjectRequest = { profile: 'individual', fullName: LEADER, agency: 'UBND tỉnh Lai Châu', province: 'Lai Châu', email: 'lanhdao@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '012345678901' } };
  const library = TokenLibrary.open(SOFTHSM_LIBRARY);
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    await session.generateKeyPair('ky-so', 'ECDSA-P256');
    const issued = await o.pki.issue(consoleOperator('test'), { csr: await session.createCsr('ky-so', buildName(subjectFieldsOf(subject))), profile: 'individual', subject, years: 1 });
    await session.storeCertificate('ky-so', new x509.X509Certificate(issued.pem));
  } finally {
    session.close();
    library.close();
  }
  agent = await startAgent({ origin: office.url, library: SOFTHSM_LIBRARY });
  // A draft approved by the leader, through the domain: the signing step is what this test is about
  const [author, leader] = [await actorOf('laichau.chuyenvien'), await actorOf('laichau.lanhdao')];
  const draft = await o.documents.createDraft(author, { typeCode: 'cong-van', subject: 'Về việc ký số bằng token' });
  await o.files.attach(author, draft.id, { name: 'cong-van.pdf', bytes: await letterPdf() });
  await o.outgoing.submit(author, draft.id, [leader.userId]);
  await o.outgoing.approve(leader, draft.id);
  documentId = draft.id;
  // A list of one Mẫu 01 request the province's office sends up, for its covering letter: the seal on the server
  await o.signing.keys.unlock(CA_PASSPHRASE);
  await o.signing.keys.enrol(userOperator(await actorOf('stttt.ca')), { purpose: 'seal', agencyId: leader.agencyId, budgetCode: '1234567', province: 'Lai Châu', image: sealImage() });
  const clerk = await actorOf('laichau.vanthu');
  const batch = await o.requests.batches.create(clerk, { formId: 'personal-certificate' });
  const added = await o.requests.entries.add(clerk, { id: batch.id, version: batch.version }, [{
    fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
    personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
    workplace: 'UBND tỉnh Lai Châu', address: 'Thành phố Lai Châu', position: 'Chuyên viên', mobile: '0916.731.226',
  }]);
  await o.requests.batches.submit(clerk, { id: batch.id, version: added.batch.version });
  batchId = batch.id;
});

after(async () => {
  await agent?.close();
  await started?.close();
  soft.remove();
});

test('ok: the leader signs with the token through congvan agent from the document page; a wrong PIN is refused first; pdfsig says valid, signed by the token holder', { timeout: 180_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const page = await signInAs(browser, office, 'laichau.lanhdao', PASSWORD);
  await page.goto(`${office.url}/van-ban/${documentId}`);
  await page.getByTestId('signature-box').waitFor();
  assert.equal(await page.getByTestId('sign').count(), 0, 'no key on the server for this leader: only the token path is offered');
  await page.getByTestId('sign-token').click();
  await page.getByTestId('agent-url').fill(agent.url);
  await page.getByTestId('token-pin').fill('0000');
  await page.getByTestId('token-sign').click();
  await page.locator('.ant-message').getByText(/PIN/).waitFor();
  await page.getByTestId('token-pin').fill(soft.pin);
  await page.getByTestId('token-sign').click();
  await page.getByTestId('document-status').getByText('Đã ký', { exact: true }).waitFor({ timeout: 60_000 });

  const file = await office.office.files.read(await office.office.auth.authenticate((await office.office.auth.signIn({ username: 'laichau.lanhdao', password: PASSWORD })).token).then((s) => s.actor), documentId);
  const path = join(data, 'signed.pdf');
  writeFileSync(path, file.bytes);
  const sig = runTool('pdfsig', [path]).stdout;
  assert.match(sig, new RegExp(`Signer Certificate Common Name: ${LEADER}`));
  assert.match(sig, /Signature Validation: Signature is Valid\./);
  assert.match(sig, /Signature Type: ETSI.CAdES.detached/);
});

test('ok: the same leader signs a request list\'s covering letter on the token from the list\'s page; the office seals it; pdfsig trusts both signatures, the first the token holder\'s', { timeout: 180_000 }, async (t) => {
  if (!browser) return t.skip(skipReason);
  const page = await signInAs(browser, office, 'laichau.lanhdao', PASSWORD);
  await page.goto(`${office.url}/de-nghi/${batchId}`);
  await page.getByTestId('make-letter-token').click();
  await page.getByTestId('agent-url').fill(agent.url);
  await page.getByTestId('token-pin').fill(soft.pin);
  await page.getByTestId('token-sign').click();
  await page.getByTestId('letter-pdf').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('letter-info').textContent() ?? '', /Công văn gửi kèm \d+\/UBND-VP · /, 'made, with its number and time');

  const pdf = Buffer.from(await page.evaluate(`fetch('/api/request-batches/${batchId}/letter.pdf').then((r) => r.arrayBuffer()).then((b) => Array.from(new Uint8Array(b)))`) as number[]);
  const path = join(data, 'cong-van-gui-kem.pdf');
  writeFileSync(path, pdf);
  const root = (await office.office.pki.authorities(consoleOperator('test'))).find((a) => a.kind === 'root')!;
  const sig = pdfsigVerdicts(nssTrusting(data, (await office.office.pki.authorityCertificate(root.id)).toString('pem')), path);
  assert.deepEqual(sig.signatures, ['Signature is Valid.', 'Signature is Valid.'], sig.output);
  assert.deepEqual(sig.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.'], sig.output);
  assert.match(sig.output.split('Signature #2')[0]!, new RegExp(`Signer Certificate Common Name: ${LEADER}`), 'the first signature is the token holder\'s');
});
