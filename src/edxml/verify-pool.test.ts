import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPackage } from './package.ts';
import { signPackage } from './sign.ts';
import { LAI_CHAU, SO_TTTT, TAM_DUONG, edxmlPki, samplePackage, sampleStatus } from './test-fixtures.ts';
import { createVerifyPool } from './verify-pool.ts';
import { verifyPackage } from './verify.ts';

test('ok: on worker threads, the same answers as verifyPackage: the package, the signer, the chain, the revocation check; the same EDXML_ refusals', async () => {
  const pki = await edxmlPki();
  const pool = createVerifyPool(2);
  try {
    const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
    const signed = await signPackage(buildPackage(samplePackage()), agency.signer);
    const options = { trustStore: pki.trustStore, at: new Date(), revocation: pki.revocation() };
    const [inProcess, ...pooled] = await Promise.all([verifyPackage(signed, options), pool.verify(signed, options), pool.verify(signed, options), pool.verify(new TextDecoder().decode(signed), options)]);
    for (const p of pooled) {
      assert.deepEqual(p.package, inProcess.package);
      assert.equal(p.certificate.subject, inProcess.certificate.subject);
      assert.deepEqual(p.chain.map((c) => c.subject), inProcess.chain.map((c) => c.subject));
      assert.equal(p.algorithm, inProcess.algorithm);
      assert.equal(p.revocation?.status, 'good');
    }
    const status = await signPackage(buildPackage(sampleStatus('01')), (await pki.agency(SO_TTTT.organId, SO_TTTT.organName)).signer);
    assert.equal((await pool.verify(status, options)).package.kind, 'status');

    const tampered = new TextEncoder().encode(new TextDecoder().decode(signed).replace('Lò Văn Minh', 'Lò Văn Mình'));
    await assert.rejects(verifyPackage(tampered, options), { code: 'EDXML_CONTENT_TAMPERED' });
    await assert.rejects(pool.verify(tampered, options), { name: 'EdxmlError', code: 'EDXML_CONTENT_TAMPERED' });
    await assert.rejects(pool.verify(new TextEncoder().encode('<!DOCTYPE x><edXML/>'), options), { code: 'EDXML_DOCTYPE_FORBIDDEN' });
    const other = await pki.agency(TAM_DUONG.organId, TAM_DUONG.organName);
    const misSigned = await signPackage(buildPackage(samplePackage()), other.signer);
    await assert.rejects(pool.verify(misSigned, options), { code: 'EDXML_SENDER_MISMATCH' });
    pki.revoke(agency.certificate);
    await assert.rejects(pool.verify(signed, { ...options, revocation: pki.revocation() }), { code: 'EDXML_CERTIFICATE_REVOKED' });
  } finally {
    await pool.close();
  }
});
