import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { createAgencyScope } from '../agencies/index.ts';
import { consoleOperator } from '../pki/index.ts';
import { approved, caSetting, entryNow, filedToDic, HOLDER_EMAIL, ocspSays, personRow, row, type CaSetting } from './ca-own.fixture.ts';
import { createOwnCaDesk, createRequestService, type RequestService } from './index.ts';

const CA = consoleOperator('test');

async function issuedPerson(s: CaSetting) {
  const [entry] = await approved(s, 'personal-certificate', [personRow()]);
  const result = s.carried.flat().find((r) => r.entryId === entry!.id);
  assert.ok(result?.ok, JSON.stringify(result));
  return { entry: entry!, result: result as Extract<typeof result, { ok: true }> };
}

testOnBothEngines('ok: an approved personal certificate is issued: in the register with the person\'s name and e-mail, read by openssl, the key in a PKCS#12 for the hand-over', async (db) => {
  const files = scratch();
  try {
    const s = await caSetting(db);
    const { entry, result } = await issuedPerson(s);
    const record = await s.office.pki.find(CA, result.serial!);
    assert.deepEqual([record.holderName, record.agencyId, record.status, record.profile], ['LÒ VĂN MINH', s.unit.agencyId, 'valid', 'individual']);
    const text = runTool('openssl', ['x509', '-noout', '-subject', '-ext', 'subjectAltName', '-nameopt', 'utf8,sep_comma_plus_space'], record.pem).stdout;
    assert.match(text, /CN\s*=\s*LÒ VĂN MINH/);
    assert.match(text, /O\s*=\s*Văn phòng UBND tỉnh Lai Châu/);
    assert.match(text, /ST\s*=\s*Lai Châu/);
    assert.match(text, /UID\s*=\s*CCCD:012345678901/);
    assert.match(text, new RegExp(`email:${HOLDER_EMAIL}`));

    const done = await entryNow(s, entry.id);
    assert.equal(done.state, 'done');
    assert.match(done.outcome!, new RegExp(result.serial!));
    assert.deepEqual(await s.requests.queries.pendingApproved(s.dic), []);

    // The PKCS#12 opens with the one-time password only, and its key is the certificate's.
    const p12 = files.write('k.p12', await s.blobs.get(result.keyBundle!.blobId));
    const pass = files.write('pass', result.keyBundle!.oneTimePassword);
    const opened = runTool('openssl', ['pkcs12', '-in', p12, '-passin', `file:${pass}`, '-noenc']);
    assert.equal(opened.code, 0, opened.stderr);
    const keyPub = runTool('openssl', ['pkey', '-pubout'], opened.stdout.slice(opened.stdout.indexOf('-----BEGIN PRIVATE KEY'))).stdout;
    assert.equal(keyPub, runTool('openssl', ['x509', '-noout', '-pubkey'], record.pem).stdout);
    assert.notEqual(runTool('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:sai-mat-khau', '-noenc']).code, 0);
    assert.equal(JSON.stringify(await db.kysely.selectFrom('audit_log').select('details').execute()).includes(result.keyBundle!.oneTimePassword), false, 'the password is never stored');

    // The hand-over record on the token register, and the token named on the certificate.
    await s.office.pki.tokens.register(s.vpAdmin, { serial: 'VGCA-0100001', label: 'Token Lò Văn Minh', agencyId: s.unit.agencyId });
    const { token } = await s.desk.handOver(s.dic, { certificateSerial: result.serial!, tokenSerial: 'VGCA-0100001', handedBy: 'Nguyễn Văn Giao (Sở TT&TT)', witnessedBy: 'Trần Văn Chứng' });
    assert.deepEqual([token.state, token.holderName], ['issued', 'LÒ VĂN MINH']);
    const [, handed] = await s.office.pki.tokens.history(s.dic, 'VGCA-0100001');
    assert.deepEqual([handed!.handedBy, handed!.receivedBy, handed!.witnessedBy], ['Nguyễn Văn Giao (Sở TT&TT)', 'LÒ VĂN MINH', 'Trần Văn Chứng']);
    assert.equal((await s.office.pki.find(CA, result.serial!)).tokenSerial, 'VGCA-0100001');
  } finally {
    files.remove();
  }
});

testOnBothEngines('ok: a revocation entry revokes for real: openssl ocsp against our responder says revoked, with the reason the request gives', async (db) => {
  const files = scratch();
  try {
    const s = await caSetting(db);
    const { result } = await issuedPerson(s);
    const pem = (await s.office.pki.find(CA, result.serial!)).pem;
    assert.match(await ocspSays(s, files, pem), /leaf\.pem: good/);
    const [entry] = await approved(s, 'certificate-revocation', [row('certificate-revocation', { email: HOLDER_EMAIL, certificateSerial: result.serial, reason: 'Chuyển công tác sang tỉnh khác' })]);
    assert.equal((await entryNow(s, entry!.id)).state, 'done');
    const said = await ocspSays(s, files, pem);
    assert.match(said, /leaf\.pem: revoked/);
    assert.match(said, /Reason: affiliationChanged/);
    assert.match(said, /Response verify OK/);
  } finally {
    files.remove();
  }
});

testOnBothEngines('ok: an organisation certificate, then renewed with changed information (Mẫu 03): the old one superseded, the new name in the new one', async (db) => {
  const s = await caSetting(db);
  const [org] = await approved(s, 'organisation-certificate', [row('organisation-certificate', { organisationName: 'Văn phòng UBND tỉnh Lai Châu', email: 'vpubnd@laichau.gov.vn', oldCertificateSerial: undefined, oldCertificateIssuedOn: undefined, oldCertificateExpiresOn: undefined })]);
  const first = s.carried.flat().find((r) => r.entryId === org!.id);
  assert.ok(first?.ok, JSON.stringify(first));
  const oldSerial = first.serial!;
  assert.match(runTool('openssl', ['x509', '-noout', '-subject', '-nameopt', 'utf8'], (await s.office.pki.find(CA, oldSerial)).pem).stdout, /UID\s*=\s*MST:0101234567-MQHNS:1034567/);

  const [renewal] = await approved(s, 'certificate-renewal', [row('certificate-renewal', {
    certificateType: 'Cơ quan, tổ chức', certificateName: 'Văn phòng UBND tỉnh Lai Châu', certificateSerial: oldSerial, email: 'vpubnd@laichau.gov.vn',
    renew: 'x', change: 'x', changeFrom: 'Tên cơ quan: Văn phòng UBND tỉnh Lai Châu', changeTo: 'Tên cơ quan: Văn phòng Đoàn ĐBQH và HĐND tỉnh Lai Châu',
  })]);
  const renewed = s.carried.flat().find((r) => r.entryId === renewal!.id);
  assert.ok(renewed?.ok, JSON.stringify(renewed));
  assert.equal(renewed.replacedSerial, oldSerial);
  const fresh = await s.office.pki.find(CA, renewed.serial!);
  assert.deepEqual([fresh.holderName, fresh.replacesSerial], ['Văn phòng Đoàn ĐBQH và HĐND tỉnh Lai Châu', oldSerial]);
  assert.equal((await s.office.pki.find(CA, oldSerial)).revocationReason, 'superseded');
  assert.match((await entryNow(s, renewal!.id)).outcome!, /Đã gia hạn và thay đổi thông tin/);
});

testOnBothEngines('ok: a lost-token report revokes at once (keyCompromise) and marks the token lost, before its list travels; its approval later changes nothing more', async (db) => {
  const files = scratch();
  try {
    const s = await caSetting(db);
    const { result } = await issuedPerson(s);
    await s.office.pki.tokens.register(s.vpAdmin, { serial: 'VGCA-0100002', label: 'Token Lò Văn Minh', agencyId: s.unit.agencyId });
    await s.desk.handOver(s.dic, { certificateSerial: result.serial!, tokenSerial: 'VGCA-0100002', handedBy: 'Sở TT&TT' });
    const report = row('token-loss-report', { certificateSerial: result.serial, tokenSerial: 'VGCA-0100002', email: HOLDER_EMAIL, certificateName: 'LÒ VĂN MINH', lossReason: 'Đánh rơi khi đi công tác' });
    const batch = await s.requests.batches.create(s.unit, { formId: 'token-loss-report' });
    const { entries: [draft] } = await s.requests.entries.add(s.unit, batch, [report]);

    await assert.rejects(s.desk.reportLostToken(s.unit, draft!.id), { code: 'OFFICE_FORBIDDEN' }, 'a clerk does not keep the token register');
    await assert.rejects(s.desk.reportLostToken(await s.actorOf('tamduong.admin'), draft!.id), { code: 'OFFICE_FORBIDDEN' }, 'nor the IT officer of another agency');
    const acted = await s.desk.reportLostToken(s.vpAdmin, draft!.id);
    assert.deepEqual([acted.serial, acted.tokenSerial], [result.serial, 'VGCA-0100002']);
    const record = await s.office.pki.find(CA, result.serial!);
    assert.deepEqual([record.status, record.revocationReason], ['revoked', 'keyCompromise']);
    const said = await ocspSays(s, files, record.pem);
    assert.match(said, /leaf\.pem: revoked/);
    assert.match(said, /Reason: keyCompromise/);
    assert.equal((await s.office.pki.tokens.history(s.dic, 'VGCA-0100002')).at(-1)!.toState, 'lost');
    assert.equal((await entryNow(s, draft!.id)).state, 'draft', 'the report itself still travels up as filed');

    const sent = await s.requests.batches.submit(s.unit, (await s.requests.queries.batch(s.unit, batch.id)));
    const list = await s.requests.batches.merge(s.dic, { sources: [sent] });
    const [entry] = await s.requests.decisions.approve(s.dic, (await s.requests.queries.batch(s.dic, list.id)).entries);
    const done = await entryNow(s, entry!.id);
    assert.equal(done.state, 'done');
    assert.match(done.outcome!, /đã được thu hồi \(keyCompromise\)/);
  } finally {
    files.remove();
  }
});

testOnBothEngines('error/unknown serial or token: the entry stays approved with the reason, and is carried on retry once the register has what it needs', async (db) => {
  const s = await caSetting(db);
  const [revoke] = await approved(s, 'certificate-revocation', [row('certificate-revocation', { email: HOLDER_EMAIL, certificateSerial: '0a0b0c0d0e0f', reason: 'Nghỉ hưu' })]);
  const failed = await entryNow(s, revoke!.id);
  assert.equal(failed.state, 'approved');
  assert.match(failed.reason!, /0a0b0c0d0e0f/);
  const { events } = await s.requests.queries.timeline(s.dic, revoke!.id);
  assert.deepEqual([events.at(-1)!.action, events.at(-1)!.details.code], ['ca-failed', 'OFFICE_CERTIFICATE_NOT_FOUND']);

  const recovery = row('token-recovery', { email: HOLDER_EMAIL, tokenSerial: 'VGCA-0100003', certificateName: 'LÒ VĂN MINH' });
  const [recover] = await s.requests.decisions.approve(s.dic, await filedToDic(s, 'token-recovery', [recovery]));
  assert.equal((await entryNow(s, recover!.id)).state, 'approved');
  assert.deepEqual((await s.requests.queries.pendingApproved(s.dic)).map((e) => e.id).sort(), [revoke!.id, recover!.id].sort());

  // The token gets registered and handed over; the retry carries the recovery, and the revocation fails again, not lost.
  const { result } = await issuedPerson(s);
  await s.office.pki.tokens.register(s.vpAdmin, { serial: 'VGCA-0100003', label: 'Token', agencyId: s.unit.agencyId });
  await s.desk.handOver(s.dic, { certificateSerial: result.serial!, tokenSerial: 'VGCA-0100003', handedBy: 'Sở TT&TT' });
  await assert.rejects(s.desk.carryPending(s.unit), { code: 'OFFICE_FORBIDDEN' });
  const retried = await s.desk.carryPending(s.dic);
  assert.deepEqual(retried.map((r) => [r.entryId, r.ok]).sort(), [[revoke!.id, false], [recover!.id, true]].sort());
  assert.equal((await entryNow(s, recover!.id)).state, 'done');
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, 'VGCA-0100003')).map((e) => e.toState), ['new', 'issued', 'locked', 'in_use']);
  assert.deepEqual((await s.requests.queries.pendingApproved(s.dic)).map((e) => e.id), [revoke!.id]);
  const failures = await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'request.entry.ca_failed').execute();
  assert.equal(failures.length, 3);
});

testOnBothEngines('error/someone else\'s certificate: a revocation naming a serial of another person is refused, the certificate stays good', async (db) => {
  const s = await caSetting(db);
  const { result } = await issuedPerson(s);
  const [entry] = await approved(s, 'certificate-revocation', [row('certificate-revocation', {
    email: 'sangnq.tamduong@laichau.gov.vn', certificateSerial: result.serial, certificateName: 'NGUYỄN QUANG SÁNG', subjectIdNumber: '012084009999', reason: 'Nghỉ hưu',
  })]);
  const now = await entryNow(s, entry!.id);
  assert.deepEqual([now.state, (await s.office.pki.find(CA, result.serial!)).status], ['approved', 'valid']);
  assert.match(now.reason!, /không khớp/);
});

testOnBothEngines('error/token not in hand: a lost-token report naming a registered token that was never handed over still revokes at once, leaves the token as the register has it and says so on the timeline; reported again, nothing more', async (db) => {
  const s = await caSetting(db);
  const { result } = await issuedPerson(s);
  await s.office.pki.tokens.register(s.vpAdmin, { serial: 'VGCA-0100004', label: 'Token chưa bàn giao', agencyId: s.unit.agencyId });
  const report = row('token-loss-report', { certificateSerial: result.serial, tokenSerial: 'VGCA-0100004', email: HOLDER_EMAIL, certificateName: 'LÒ VĂN MINH', lossReason: 'Đánh rơi' });
  const batch = await s.requests.batches.create(s.unit, { formId: 'token-loss-report' });
  const { entries: [draft] } = await s.requests.entries.add(s.unit, batch, [report]);

  const acted = await s.desk.reportLostToken(s.vpAdmin, draft!.id);
  assert.deepEqual([acted.serial, acted.tokenSerial], [result.serial, 'VGCA-0100004']);
  const audited = await db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'request.token_loss.acted').executeTakeFirstOrThrow();
  assert.equal(JSON.parse(audited.details).tokenState, 'new');
  assert.deepEqual((await s.office.pki.find(CA, result.serial!)).revocationReason, 'keyCompromise');
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, 'VGCA-0100004')).map((e) => e.toState), ['new']);
  const { entry, events } = await s.requests.queries.timeline(s.dic, draft!.id);
  assert.equal(events.at(-1)!.action, 'token-loss-acted');
  assert.match(entry.outcome!, /VGCA-0100004/);

  const again = await s.desk.reportLostToken(s.vpAdmin, draft!.id);
  assert.match(again.outcome, /đã được thu hồi \(keyCompromise\)/);
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, 'VGCA-0100004')).map((e) => e.toState), ['new']);
});

testOnBothEngines('error/carried twice at once: two retries of the same approved request (a double click, or a retry racing the approval\'s own carry) issue one certificate; the other is told it is being carried, and a later retry finds it done', async (db) => {
  const s = await caSetting(db);
  // The request service without the desk's sink: the approval leaves the entry for the retries to carry
  let requests: RequestService | undefined;
  const desk = createOwnCaDesk({ ctx: s.ctx, scope: createAgencyScope(), pki: s.office.pki, requests: () => requests!, keyAlgorithm: 'ECDSA-P256' });
  requests = createRequestService(s.ctx, createAgencyScope(), { officialMailDomains: ['laichau.gov.vn'] });
  const [entry] = await requests.decisions.approve(s.dic, await filedToDic({ ...s, requests }, 'personal-certificate', [personRow()]));

  const results = (await Promise.all([desk.carryPending(s.dic), desk.carryPending(s.dic)])).flat();
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  // The second retry finds the claim (or, had the first ended before it looked, nothing left to carry)
  assert.deepEqual(results.flatMap((r) => (r.ok ? [] : [[r.entryId, r.code]])), results.length === 2 ? [[entry!.id, 'OFFICE_REQUEST_NOT_ALLOWED']] : []);
  const issued = await db.kysely.selectFrom('pki_certificates').select('serial').where('holder_name', '=', 'LÒ VĂN MINH').execute();
  assert.equal(issued.length, 1, 'one certificate for one request');
  assert.equal((await requests.queries.timeline(s.dic, entry!.id)).entry.state, 'done');
  assert.deepEqual(await desk.carryPending(s.dic), []);
});
