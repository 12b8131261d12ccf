import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { consoleOperator } from '../pki/index.ts';
import { approved, caSetting, personRow } from './ca-own.fixture.ts';
import { runRenewalReminders, thresholdFor } from './ca-renewal-reminders.ts';

const DAY_MINUTES = 24 * 60;

testOnBothEngines('ok: renewal reminders 60, 30 and 7 days before expiry, once each, to the holder and the agency\'s IT officers, by notification and e-mail', async (db) => {
  const s = await caSetting(db);
  const [entry] = await approved(s, 'personal-certificate', [personRow()]);
  const issued = s.carried.flat().find((r) => r.entryId === entry!.id);
  assert.ok(issued?.ok);
  const certificate = await s.office.pki.find(consoleOperator('test'), issued.serial!);
  const holder = await s.actorOf('minhlv');
  const goTo = (daysBefore: number) => {
    const target = Date.parse(certificate.notAfter) - daysBefore * DAY_MINUTES * 60_000;
    s.clock.advanceMinutes((target - s.clock.now().getTime()) / 60_000);
  };
  const run = async () => (await runRenewalReminders(s.ctx)).map((r) => [r.serial, r.threshold, r.daysLeft]);

  assert.deepEqual(await run(), [], 'nothing at three years');
  goTo(61);
  assert.deepEqual(await run(), []);
  goTo(60);
  const [first] = await runRenewalReminders(s.ctx);
  assert.deepEqual([first!.serial, first!.threshold, first!.holderName, first!.holderUserId, first!.agencyId, first!.agencyName],
    [certificate.serial, 60, 'LÒ VĂN MINH', s.holder.id, s.unit.agencyId, 'Văn phòng Ủy ban nhân dân tỉnh Lai Châu']);
  assert.deepEqual([...first!.notified].sort(), [s.holder.id, s.vpAdmin.userId].sort());
  assert.deepEqual(await run(), [], 'a second run the same day sends nothing');
  goTo(45);
  assert.deepEqual(await run(), [], 'nothing between thresholds');
  goTo(30);
  assert.deepEqual(await run(), [[certificate.serial, 30, 30]]);
  goTo(29);
  assert.deepEqual(await run(), []);
  goTo(6); // the job missed day 7: the 7-day reminder goes the day it runs
  assert.deepEqual(await run(), [[certificate.serial, 7, 6]]);
  assert.deepEqual(await run(), []);

  const notes = (await s.office.notifications.recent(holder)).filter((n) => n.kind === 'certificate-renewal');
  assert.deepEqual(notes.map((n) => n.title), [6, 30, 60].map((d) => `Chứng thư số của LÒ VĂN MINH hết hạn sau ${d} ngày`));
  assert.match(notes[0]!.body, new RegExp(certificate.serial));
  const mails = await db.kysely.selectFrom('mail_outbox').select(['recipients', 'subject']).where('subject', 'like', 'Chứng thư số của%').execute();
  assert.equal(mails.length, 6, 'holder and admin, three times');
  const audits = await db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'notification.certificate_renewal').orderBy('seq').execute();
  assert.deepEqual(audits.map((a) => JSON.parse(String(a.details)).threshold), [60, 30, 7]);
});

testOnBothEngines('ok: a certificate renewed or revoked is not reminded of', async (db) => {
  const s = await caSetting(db);
  const [entry] = await approved(s, 'personal-certificate', [personRow()]);
  const issued = s.carried.flat().find((r) => r.entryId === entry!.id);
  assert.ok(issued?.ok);
  await s.office.pki.revoke(consoleOperator('test'), issued.serial!, 'affiliationChanged');
  const certificate = await s.office.pki.find(consoleOperator('test'), issued.serial!);
  s.clock.advanceMinutes((Date.parse(certificate.notAfter) - s.clock.now().getTime()) / 60_000 - 10 * DAY_MINUTES);
  assert.deepEqual(await runRenewalReminders(s.ctx), []);
});

test('ok: the nearest threshold not yet passed', () => {
  assert.deepEqual([61, 60, 45, 31, 30, 8, 7, 1, 0].map(thresholdFor), [undefined, 60, 60, 60, 30, 30, 7, 7, 7]);
});
