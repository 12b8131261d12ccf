import assert from 'node:assert/strict';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { consoleOperator } from '../pki/index.ts';
import { approved, caSetting, HOLDER_EMAIL, personRow, row, type CaSetting } from './ca-own.fixture.ts';
import { createCaDesk } from './index.ts';

const CA = consoleOperator('test');
const HANDED_BY = 'Nguyễn Văn Giao (Sở TT&TT)';

/** The refusal with its code, as the Vietnamese user reads it */
const refused = (code: string, vi: string) => (err: { code: string; localise: (lang: 'vi') => string }) => {
  assert.deepEqual([err.code, err.localise('vi')], [code, vi]);
  return true;
};

/** A personal certificate issued on the DIC's approval, its PKCS#12 kept, and tokens in stock at the unit */
async function issuedWithTokens(s: CaSetting, ...tokens: string[]) {
  const [entry] = await approved(s, 'personal-certificate', [personRow()]);
  const result = s.carried.flat().find((r) => r.entryId === entry!.id);
  assert.ok(result?.ok && result.keyBundle, JSON.stringify(result));
  for (const serial of tokens) await s.office.pki.tokens.register(s.vpAdmin, { serial, label: `Token ${serial}`, agencyId: s.unit.agencyId });
  return { entryId: entry!.id, serial: result.serial!, blobId: result.keyBundle.blobId, caDesk: createCaDesk(s.ctx, 'own', s.desk, () => s.requests) };
}

/** Nothing of a refused hand-over is left: the PKCS#12 still there, the certificate on no token, the tokens as registered */
async function untouched(s: CaSetting, serial: string, blobId: string, tokens: readonly string[]) {
  assert.ok((await s.blobs.get(blobId)).length > 0, 'the PKCS#12 is still kept');
  assert.equal((await s.office.pki.find(CA, serial)).tokenSerial, null);
  for (const token of tokens) assert.deepEqual((await s.office.pki.tokens.history(s.dic, token)).map((e) => e.toState), ['new'], token);
  const written = await s.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', 'in', ['pki.certificate.token', 'pki.token.change', 'request.entry.key_bundle_removed']).execute();
  assert.deepEqual(written, []);
}

testOnBothEngines('ok: the DIC hands the token over: the token issued to the holder with the record, the certificate on it, the PKCS#12 deleted from the blob store and its download refused with the date', async (db) => {
  const s = await caSetting(db);
  const { entryId, serial, blobId, caDesk } = await issuedWithTokens(s, 'VGCA-0200001');
  assert.equal((await caDesk.keyBundle(s.dic, entryId)).name, `${serial}.p12`, 'downloadable until the hand-over');

  const handed = await caDesk.handOver(s.dic, { certificateSerial: serial, tokenSerial: 'VGCA-0200001', handedBy: HANDED_BY, witnessedBy: 'Trần Văn Chứng', authorisation: 'Giấy ủy quyền số 12/GUQ' });
  assert.deepEqual([handed.token.state, handed.token.holderName, handed.keyBundleRemoved], ['issued', 'LÒ VĂN MINH', true]);
  const record = (await s.office.pki.tokens.history(s.dic, 'VGCA-0200001')).at(-1)!;
  assert.deepEqual([record.toState, record.handedBy, record.receivedBy, record.witnessedBy, record.authorisation], ['issued', HANDED_BY, 'LÒ VĂN MINH', 'Trần Văn Chứng', 'Giấy ủy quyền số 12/GUQ']);
  assert.equal((await s.office.pki.find(CA, serial)).tokenSerial, 'VGCA-0200001');
  const holder = await db.kysely.selectFrom('pki_tokens').select('holder_user_id').where('serial', '=', 'VGCA-0200001').executeTakeFirstOrThrow();
  assert.equal(holder.holder_user_id, s.holder.id);

  await assert.rejects(s.blobs.get(blobId), { code: 'STORE_BLOB_NOT_FOUND' }, 'the key lives on the token only');
  const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
  for (const who of [s.dic, await s.actorOf('stttt.ca')]) {
    await assert.rejects(caDesk.keyBundle(who, entryId), refused('OFFICE_KEY_BUNDLE_REMOVED', `Khóa đã được cài vào token VGCA-0200001 và bàn giao ngày ${today}; tệp PKCS#12 đã bị xóa.`));
  }
  await assert.rejects(caDesk.keyBundle(s.unit, entryId), { code: 'OFFICE_FORBIDDEN' }, 'the refusal tells nothing to those who never could download it');
  assert.equal((await verifyAuditChain(db.kysely)).ok, true, 'the audit log was appended to, not edited');
});

testOnBothEngines('error/refused hand-overs, each coded and in Vietnamese, nothing half-written: no CA/DIC role, unknown token, token not in stock, certificate revoked or already on a token, no one handing over', async (db) => {
  const s = await caSetting(db);
  const { serial, blobId, caDesk } = await issuedWithTokens(s, 'VGCA-0200021', 'VGCA-0200022');
  const input = { certificateSerial: serial, tokenSerial: 'VGCA-0200021', handedBy: HANDED_BY };

  for (const who of [s.vpAdmin, s.unit, await s.actorOf('minhlv')]) {
    await assert.rejects(caDesk.handOver(who, input), { code: 'OFFICE_FORBIDDEN' }, `${who.username} keeps no CA register`);
  }
  await assert.rejects(caDesk.handOver(s.dic, { ...input, tokenSerial: 'VGCA-9999999' }), refused('OFFICE_TOKEN_NOT_FOUND', 'Không tìm thấy token có số sê-ri VGCA-9999999.'));
  await assert.rejects(caDesk.handOver(s.dic, { ...input, certificateSerial: '0a0b0c0d' }), { code: 'OFFICE_CERTIFICATE_NOT_FOUND' });
  await assert.rejects(caDesk.handOver(s.dic, { ...input, handedBy: ' ' }), refused('OFFICE_TOKEN_HANDOVER_INCOMPLETE', 'Biên bản bàn giao token cần ghi rõ người giao.'));
  await untouched(s, serial, blobId, ['VGCA-0200021', 'VGCA-0200022']);

  // A token out of stock: damaged on the register
  await s.office.pki.tokens.change(s.dic, 'VGCA-0200022', { to: 'damaged', note: 'Hỏng cổng USB' });
  await assert.rejects(caDesk.handOver(s.dic, { ...input, tokenSerial: 'VGCA-0200022' }),
    refused('OFFICE_TOKEN_NOT_IN_STOCK', 'Token VGCA-0200022 không còn trong kho (đang ở trạng thái "hỏng"): chỉ bàn giao token mới hoặc đã thu về.'));
  assert.equal((await s.office.pki.find(CA, serial)).tokenSerial, null);

  // Already on a token, then handed over again with another
  await caDesk.handOver(s.dic, input);
  await s.office.pki.tokens.register(s.vpAdmin, { serial: 'VGCA-0200023', label: 'Token', agencyId: s.unit.agencyId });
  await assert.rejects(caDesk.handOver(s.dic, { ...input, tokenSerial: 'VGCA-0200023' }),
    refused('OFFICE_CERTIFICATE_ON_TOKEN', `Chứng thư số ${serial} đã được cài vào token VGCA-0200021; không bàn giao thêm token cho chứng thư này.`));
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, 'VGCA-0200023')).map((e) => e.toState), ['new']);

  // Revoked before its token was handed over
  const other = await issuedWithTokens(s, 'VGCA-0200024');
  await s.office.pki.revoke(CA, other.serial, 'cessationOfOperation');
  await assert.rejects(caDesk.handOver(s.dic, { ...input, certificateSerial: other.serial, tokenSerial: 'VGCA-0200024' }), { code: 'OFFICE_CERTIFICATE_REVOKED' });
  assert.ok((await s.blobs.get(other.blobId)).length > 0);
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, 'VGCA-0200024')).map((e) => e.toState), ['new']);
});

testOnBothEngines('error/two hand-overs of one certificate at once (a double click, or two operators with two tokens): one is recorded, the other refused, its token left in stock', async (db) => {
  const s = await caSetting(db);
  const { serial, blobId, caDesk } = await issuedWithTokens(s, 'VGCA-0200031', 'VGCA-0200032');
  const results = await Promise.allSettled(['VGCA-0200031', 'VGCA-0200032'].map((tokenSerial) => caDesk.handOver(s.dic, { certificateSerial: serial, tokenSerial, handedBy: HANDED_BY })));
  const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.token.serial] : []));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
  assert.equal(done.length, 1, JSON.stringify(results));
  assert.deepEqual(refused, ['OFFICE_CERTIFICATE_ON_TOKEN']);
  assert.equal((await s.office.pki.find(CA, serial)).tokenSerial, done[0]);
  const loser = done[0] === 'VGCA-0200031' ? 'VGCA-0200032' : 'VGCA-0200031';
  assert.deepEqual((await s.office.pki.tokens.history(s.dic, loser)).map((e) => e.toState), ['new']);
  await assert.rejects(s.blobs.get(blobId), { code: 'STORE_BLOB_NOT_FOUND' });
});

testOnBothEngines('ok: a renewal (Mẫu 03) is issued on the token of the key it replaces; once the holder brings that token back, the hand-over puts the new key on it, deletes its PKCS#12 and says so in the record; a second time, with no key to put, it is refused', async (db) => {
  const s = await caSetting(db);
  const { serial, caDesk } = await issuedWithTokens(s, 'VGCA-0200031');
  await caDesk.handOver(s.dic, { certificateSerial: serial, tokenSerial: 'VGCA-0200031', handedBy: HANDED_BY });
  const [renewal] = await approved(s, 'certificate-renewal', [row('certificate-renewal', {
    certificateType: 'person', certificateName: 'LÒ VĂN MINH', certificateSerial: serial, email: HOLDER_EMAIL, renew: 'x', change: undefined, changeFrom: undefined, changeTo: undefined,
  })]);
  const renewed = s.carried.flat().find((r) => r.entryId === renewal!.id);
  assert.ok(renewed?.ok && renewed.keyBundle, JSON.stringify(renewed));
  assert.equal((await s.office.pki.find(CA, renewed.serial!)).tokenSerial, 'VGCA-0200031', 'the renewal names the token of the key it replaces');
  const input = { certificateSerial: renewed.serial!, tokenSerial: 'VGCA-0200031', handedBy: HANDED_BY };
  await assert.rejects(caDesk.handOver(s.dic, input), { code: 'OFFICE_TOKEN_NOT_IN_STOCK' }, 'the holder still has the token');
  await assert.rejects(caDesk.handOver(s.dic, { ...input, tokenSerial: 'VGCA-0200039' }), { code: 'OFFICE_CERTIFICATE_ON_TOKEN' }, 'not onto another token');

  await s.office.pki.tokens.change(s.dic, 'VGCA-0200031', { to: 'returned', handedBy: 'LÒ VĂN MINH', receivedBy: HANDED_BY, note: 'Mang đến để cài khóa gia hạn' });
  const handed = await caDesk.handOver(s.dic, input);
  assert.deepEqual([handed.token.state, handed.keyBundleRemoved], ['issued', true]);
  await assert.rejects(s.blobs.get(renewed.keyBundle.blobId), { code: 'STORE_BLOB_NOT_FOUND' }, 'the new key lives on the token only');
  const record = (await s.office.pki.tokens.history(s.dic, 'VGCA-0200031')).at(-1)!;
  assert.match(record.note ?? '', new RegExp(`Bàn giao chứng thư số ${renewed.serial} \\(LÒ VĂN MINH\\), gia hạn từ ${serial}, khóa bí mật cài`));
  await assert.rejects(caDesk.keyBundle(s.dic, renewal!.id), { code: 'OFFICE_KEY_BUNDLE_REMOVED' });

  await s.office.pki.tokens.change(s.dic, 'VGCA-0200031', { to: 'returned', handedBy: 'LÒ VĂN MINH', receivedBy: HANDED_BY });
  await assert.rejects(caDesk.handOver(s.dic, input), { code: 'OFFICE_CERTIFICATE_ON_TOKEN' }, 'no key left to put on it');
  assert.equal((await verifyAuditChain(db.kysely)).ok, true);
});
