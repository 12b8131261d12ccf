import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { createOffice } from '../index.ts';
import { appendAudit } from './audit-log.ts';

async function appendSome(db: Parameters<typeof createOffice>[0]['db'], count: number) {
  for (let i = 0; i < count; i++) {
    await db.kysely.transaction().execute((trx) => appendAudit(trx, db.dialect, new Date(), {
      actorId: null, agencyId: null, action: 'test.event', targetType: 'test', targetId: String(i), details: { i },
    }));
  }
}

testOnBothEngines('ok: a fresh chain verifies', async (db) => {
  await appendSome(db, 5);
  assert.deepEqual(await createOffice({ db }).audit.verify(), { ok: true, entries: 5 });
});

testOnBothEngines('error/edited entry names the entry', async (db) => {
  await appendSome(db, 5);
  await db.kysely.updateTable('audit_log').set({ details: '{"i":99}' }).where('seq', '=', 3).execute();
  assert.deepEqual(await createOffice({ db }).audit.verify(), { ok: false, entries: 2, brokenAt: 3, reason: 'hash' });
});

testOnBothEngines('error/removed entry shows as a gap', async (db) => {
  await appendSome(db, 5);
  await db.kysely.deleteFrom('audit_log').where('seq', '=', 2).execute();
  const verdict = await createOffice({ db }).audit.verify();
  assert.equal(verdict.ok, false);
  assert.equal(!verdict.ok && verdict.brokenAt, 2);
});

testOnBothEngines('error/removed tail is caught by the head', async (db) => {
  await appendSome(db, 4);
  await db.kysely.deleteFrom('audit_log').where('seq', '=', 4).execute();
  assert.deepEqual(await createOffice({ db }).audit.verify(), { ok: false, entries: 3, brokenAt: 4, reason: 'head' });
});

testOnBothEngines('ok: concurrent appends from two connections keep one unbroken chain', async (db) => {
  await Promise.all(Array.from({ length: 4 }, () => appendSome(db, 10)));
  assert.deepEqual(await createOffice({ db }).audit.verify(), { ok: true, entries: 40 });
});
