import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { createAgencyScope } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import { consoleOperator } from '../pki/index.ts';
import { carryOut } from './ca-actions.ts';
import { failureOf } from './ca-own-carry.ts';
import { actionContext, mayCarry, operatorFor, ownCaOf } from './ca-own-context.ts';
import { caSetting, row } from './ca-own.fixture.ts';

test('ok: a coded refusal keeps its code and Vietnamese reason; anything else is SRV_INTERNAL, its message kept short', () => {
  assert.deepEqual(failureOf(new OfficeError('OFFICE_FORBIDDEN')), { code: 'OFFICE_FORBIDDEN', reason: new OfficeError('OFFICE_FORBIDDEN').localise('vi') });
  const internal = failureOf(new Error('x'.repeat(900)));
  assert.equal(internal.code, 'SRV_INTERNAL');
  assert.match(internal.reason, /^Lỗi hệ thống khi thực hiện đề nghị: x+$/);
  assert.equal(internal.reason.length, 500);
});

testOnBothEngines('ok: the parts share settled options; a CA operator acts on the CA as themself, a DIC operator through the configured operator', async (db) => {
  const s = await caSetting(db);
  const base = { ctx: s.ctx, scope: createAgencyScope(), pki: s.office.pki, requests: () => s.requests };
  const ca = ownCaOf(base);
  assert.deepEqual([ca.settings.province, ca.settings.keyAlgorithm, ca.settings.years], ['Lai Châu', 'RSA-2048', { new: 3, renewal: 3 }]);
  const caOperator = { ...s.dic, roles: ['ca_operator' as const] };
  assert.deepEqual(operatorFor(ca, caOperator), { kind: 'user', actor: caOperator });
  assert.deepEqual(operatorFor(ca, s.dic), consoleOperator('congvan-requests'));
  assert.deepEqual(operatorFor(ownCaOf({ ...base, caOperator: consoleOperator('ca-tinh') }), s.dic), consoleOperator('ca-tinh'));
  assert.deepEqual([mayCarry(s.dic), mayCarry(caOperator), mayCarry(s.unit), mayCarry(s.vpAdmin)], [true, true, false, false]);

  const [entry] = (await s.requests.entries.add(s.unit, await s.requests.batches.create(s.unit, { formId: 'mailboxes-revoke' }), [row('mailboxes-revoke')])).entries;
  await assert.rejects(carryOut(actionContext(ca, s.dic), entry!), { code: 'OFFICE_REQUEST_FORM_UNKNOWN' }, 'a form the CA has no action for');
});
