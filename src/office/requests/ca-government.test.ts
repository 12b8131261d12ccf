import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import type { Db } from '../../store/index.ts';
import { createAgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { createTrust } from '../signing/trust.ts';
import { governmentCa, issued, MINH } from './ca-government.fixture.ts';
import { HOLDER_EMAIL, personRow, row } from './ca-own.fixture.ts';
import { createGovernmentCaDesk, createRequestService, runRenewalReminders } from './index.ts';

async function setting(db: Db, kind: 'own' | 'government' = 'government') {
  const files = scratch();
  const demo = await demoOffice(db, new Date());
  const { office, actorOf, clock, blobs } = demo;
  const ctx: OfficeContext = { db, blobs, now: clock.now };
  const gov = await governmentCa(clock.now());
  const rootsFile = files.write('roots.pem', gov.root.certificate.toString('pem'));
  const requests = createRequestService(ctx, createAgencyScope(), { officialMailDomains: ['laichau.gov.vn'] });
  const desk = createGovernmentCaDesk(ctx, createAgencyScope(), createTrust(ctx, office.pki, rootsFile), () => requests, kind);
  await requests.desks.set(await actorOf('laichau.admin'), (await actorOf('laichau.admin')).agencyId, (await actorOf('stttt.dic')).agencyId);
  const vpAdmin = await actorOf('vpubnd.admin');
  const holder = await office.users.create(vpAdmin, { agencyId: vpAdmin.agencyId, username: 'minhlv', fullName: 'Lò Văn Minh', email: HOLDER_EMAIL, password: DEMO_PASSWORD, roles: ['specialist'] });
  const unit = await actorOf('vpubnd.vanthu');
  const dic = await actorOf('stttt.dic');
  /** Filed by the unit, merged into the DIC's list and approved: what waits for the Government CA */
  async function approvedRows(formId: string, rows: readonly Record<string, unknown>[]) {
    const batch = await requests.batches.create(unit, { formId });
    const { batch: filled } = await requests.entries.add(unit, batch, rows);
    const list = await requests.batches.merge(dic, { sources: [await requests.batches.submit(unit, filled)] });
    return requests.decisions.approve(dic, (await requests.queries.batch(dic, list.id)).entries);
  }
  return { ...demo, files, gov, requests, desk, holder, unit, dic, approvedRows, ctx };
}

testOnBothEngines('ok: a PKCS#7 bundle made by openssl from the Government CA answers the approved requests: each certificate on its request, done, in the registry', async (db) => {
  const s = await setting(db);
  try {
    const [person] = await s.approvedRows('personal-certificate', [personRow()]);
    const org = row('organisation-certificate', { organisationName: 'Văn phòng UBND tỉnh Lai Châu', taxCode: '5400123456' });
    const [agency] = await s.approvedRows('organisation-certificate', [org]);
    const now = s.clock.now();
    const minh = await issued(s.gov.issuing, MINH, now);
    const office = await issued(s.gov.issuing, { profile: 'organisation', agencyName: 'Văn phòng UBND tỉnh Lai Châu', province: 'Lai Châu', taxCode: '5400123456' }, now);
    // The bundle as a CA hands it out: made by openssl, with the issuing CA's certificate in it
    const certs = s.files.write('certs.pem', [minh, office, s.gov.issuing.certificate].map((c) => c.toString('pem')).join('\n'));
    const made = runTool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', certs, '-outform', 'DER', '-out', `${s.files.dir}/bundle.p7b`]);
    assert.equal(made.code, 0, made.stderr);

    const report = await s.desk.importCertificates(s.dic, new Uint8Array(readFileSync(`${s.files.dir}/bundle.p7b`)));
    assert.deepEqual(report.refused, []);
    assert.equal(report.caCertificates, 1);
    assert.deepEqual(report.imported.map((i) => [i.entryId, i.serial]).sort(), [[person!.id, minh.serialNumber.toUpperCase()], [agency!.id, office.serialNumber.toUpperCase()]].sort());

    for (const [entry, cert] of [[person!, minh], [agency!, office]] as const) {
      const { entry: now, events } = await s.requests.queries.timeline(s.dic, entry.id);
      assert.equal(now.state, 'done');
      assert.match(now.outcome!, new RegExp(`CA Chính phủ cấp, số hiệu ${cert.serialNumber.toUpperCase()}`));
      assert.equal(events.at(-1)?.action, 'done');
    }
    assert.deepEqual(await s.requests.queries.pendingApproved(s.dic), []);

    const registry = (await s.desk.registry(s.dic)).certificates;
    assert.equal(registry.length, 2);
    const mine = registry.find((r) => r.entryId === person!.id)!;
    assert.deepEqual([mine.holderName, mine.profile, mine.agencyId, mine.status], ['LÒ VĂN MINH', 'individual', s.unit.agencyId, 'valid']);
    // What is kept is the certificate itself: openssl's fingerprint of the stored PEM is the registry's key
    const stored = await db.kysely.selectFrom('government_certificates').select(['certificate_pem', 'holder_user_id']).where('fingerprint', '=', mine.fingerprint).executeTakeFirstOrThrow();
    assert.equal(stored.holder_user_id, s.holder.id);
    const fp = runTool('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], stored.certificate_pem).stdout;
    assert.equal(fp.split('=')[1]!.trim().replaceAll(':', '').toLowerCase(), mine.fingerprint);
    const verified = runTool('openssl', ['verify', '-CAfile', s.files.write('root.pem', s.gov.root.certificate.toString('pem')), '-untrusted', s.files.write('issuing.pem', s.gov.issuing.certificate.toString('pem'))], stored.certificate_pem);
    assert.match(verified.stdout, /OK/);

    // The same file again takes nothing twice
    const again = await s.desk.importCertificates(s.dic, new Uint8Array(readFileSync(`${s.files.dir}/bundle.p7b`)));
    assert.deepEqual(again.imported, []);
    assert.deepEqual(again.refused.map((r) => r.code).sort(), ['OFFICE_GOVERNMENT_CERTIFICATE_KNOWN', 'OFFICE_GOVERNMENT_CERTIFICATE_KNOWN']);
  } finally {
    s.files.remove();
  }
});

testOnBothEngines('refused: a certificate of an untrusted CA, one nobody asked for, one that two requests fit; the others in the same PEM still taken', async (db) => {
  const s = await setting(db);
  try {
    const now = s.clock.now();
    const [minhEntry] = await s.approvedRows('personal-certificate', [personRow()]);
    // Two requests for the same organisation code: a certificate for it cannot tell them apart
    const org = (name: string) => row('organisation-certificate', { organisationName: name, taxCode: '5400999999' });
    await s.approvedRows('organisation-certificate', [org('Sở Tài chính tỉnh Lai Châu')]);
    await s.approvedRows('organisation-certificate', [org('Sở Tài chính tỉnh Lai Châu (cơ sở 2)')]);
    const stranger = await issued(s.gov.issuing, { ...MINH, fullName: 'NGUYỄN VĂN LẠ', email: 'la.nv@laichau.gov.vn', idNumber: { kind: 'CCCD', value: '099999999999' } }, now);
    const twice = await issued(s.gov.issuing, { profile: 'organisation', agencyName: 'Sở Tài chính tỉnh Lai Châu', province: 'Lai Châu', taxCode: '5400999999' }, now);
    const rogue = await governmentCa(now); // same names, other keys: not the root the office trusts
    const forged = await issued(rogue.issuing, MINH, now);
    const minh = await issued(s.gov.issuing, MINH, now);
    const pem = [stranger, twice, forged, s.gov.issuing.certificate, minh].map((c) => c.toString('pem')).join('\n');

    const report = await s.desk.importCertificates(s.dic, new TextEncoder().encode(pem));
    assert.deepEqual(report.imported.map((i) => i.entryId), [minhEntry!.id]);
    assert.deepEqual(report.refused.map((r) => [r.serial, r.code]), [
      [stranger.serialNumber.toUpperCase(), 'OFFICE_GOVERNMENT_CERTIFICATE_UNMATCHED'],
      [twice.serialNumber.toUpperCase(), 'OFFICE_GOVERNMENT_CERTIFICATE_AMBIGUOUS'],
      [forged.serialNumber.toUpperCase(), 'OFFICE_GOVERNMENT_CERTIFICATE_UNTRUSTED'],
    ]);
    for (const r of report.refused) assert.match(r.reason, /Chứng thư số ".+" \(số hiệu [0-9A-F]+\)/);
    assert.equal((await s.desk.registry(s.dic)).certificates.length, 1);
    assert.equal((await s.requests.queries.pendingApproved(s.dic)).length, 2, 'both organisation requests still wait');
  } finally {
    s.files.remove();
  }
});

testOnBothEngines('bad input: not a certificate, only CA certificates, a clerk, or congvan\'s own CA in charge: coded refusals, nothing recorded', async (db) => {
  const s = await setting(db);
  try {
    await s.approvedRows('personal-certificate', [personRow()]);
    const minh = new TextEncoder().encode((await issued(s.gov.issuing, MINH, s.clock.now())).toString('pem'));
    await assert.rejects(s.desk.importCertificates(s.dic, new TextEncoder().encode('xin chào, đây không phải chứng thư')), { code: 'PKI_DER_INVALID' });
    await assert.rejects(s.desk.importCertificates(s.dic, new Uint8Array(0)), { code: 'OFFICE_GOVERNMENT_BUNDLE_EMPTY' });
    await assert.rejects(s.desk.importCertificates(s.dic, new TextEncoder().encode(s.gov.issuing.certificate.toString('pem'))), { code: 'OFFICE_GOVERNMENT_BUNDLE_EMPTY' });
    await assert.rejects(s.desk.importCertificates(s.unit, minh), { code: 'OFFICE_FORBIDDEN' });
    const own = createGovernmentCaDesk(s.ctx, createAgencyScope(), createTrust(s.ctx, s.office.pki), () => s.requests, 'own');
    await assert.rejects(own.importCertificates(s.dic, minh), (err: Error & { code?: string; localise?: (l: 'vi') => string }) => err.code === 'OFFICE_GOVERNMENT_CA_ONLY' && /CA Chính phủ/.test(err.localise!('vi')));
    assert.equal((await db.kysely.selectFrom('government_certificates').select('fingerprint').execute()).length, 0);
    assert.equal((await s.requests.queries.pendingApproved(s.dic)).length, 1);
  } finally {
    s.files.remove();
  }
});

testOnBothEngines('ok: a Government CA certificate near its end is reminded of like ours; its renewal, taken in, replaces it and the reminders stop', async (db) => {
  const s = await setting(db);
  try {
    await s.approvedRows('personal-certificate', [personRow()]);
    const old = await issued(s.gov.issuing, MINH, s.clock.now(), 50);
    const withChain = (c: typeof old) => new TextEncoder().encode([c, s.gov.issuing.certificate].map((x) => x.toString('pem')).join('\n'));
    assert.deepEqual((await s.desk.importCertificates(s.dic, withChain(old))).refused, []);
    const [reminder] = await runRenewalReminders(s.ctx);
    assert.deepEqual([reminder?.serial, reminder?.threshold, reminder?.holderUserId], [old.serialNumber.toUpperCase(), 60, s.holder.id]);
    assert.deepEqual(await runRenewalReminders(s.ctx), [], 'once');

    const oldSerial = old.serialNumber.toUpperCase();
    const [renewal] = await s.approvedRows('certificate-renewal', [row('certificate-renewal', { certificateSerial: oldSerial, certificateName: 'LÒ VĂN MINH', email: HOLDER_EMAIL, change: '', changeFrom: '', changeTo: '' })]);
    const renewed = await issued(s.gov.issuing, MINH, s.clock.now());
    const report = await s.desk.importCertificates(s.dic, withChain(renewed));
    assert.deepEqual(report.imported.map((i) => i.entryId), [renewal!.id]);
    const registry = (await s.desk.registry(s.dic)).certificates;
    assert.deepEqual(registry.map((r) => [r.serial, r.status]).sort(), [[oldSerial, 'replaced'], [renewed.serialNumber.toUpperCase(), 'valid']].sort());
    s.clock.advanceMinutes(25 * 24 * 60); // 25 days left on the old one: its 30-day reminder would be due
    assert.deepEqual(await runRenewalReminders(s.ctx), []);
  } finally {
    s.files.remove();
  }
});
