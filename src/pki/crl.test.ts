import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { buildCrl } from './crl.ts';
import { toPem } from './der.ts';
import { revocationReason } from './revocation.ts';
import { createTestHierarchy, issueTestDevice as issueDevice } from './test-ca.ts';

test('ok: openssl verify -crl_check passes with our CRL, then fails with the reason once revoked', async () => {
  const files = scratch();
  try {
    const { root, issuing } = await createTestHierarchy();
    const leaf = await issueDevice(issuing);
    const other = await issueDevice(issuing, 'Máy chủ thư');
    const now = new Date();
    const day = 86_400_000;
    const chain = files.write('chain.pem', `${root.certificate.toString('pem')}\n${issuing.certificate.toString('pem')}\n`);
    const leafPem = files.write('leaf.pem', leaf.toString('pem'));
    const clean = await buildCrl(issuing, { number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + day), revoked: [{ serial: other.serialNumber, revokedAt: now, reason: 'superseded' }] });
    const ok = runTool('openssl', ['verify', '-crl_check', '-CAfile', chain, '-CRLfile', files.write('crl1.pem', toPem(clean, 'X509 CRL')), leafPem]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);

    const revoked = await buildCrl(issuing, { number: 2, thisUpdate: now, nextUpdate: new Date(now.getTime() + day), revoked: [{ serial: leaf.serialNumber, revokedAt: now, reason: revocationReason('keyCompromise') }] });
    const crlPath = files.write('crl2.der', revoked);
    const refused = runTool('openssl', ['verify', '-crl_check', '-CAfile', chain, '-CRLfile', files.write('crl2.pem', toPem(revoked, 'X509 CRL')), leafPem]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /certificate revoked/);
    const text = runTool('openssl', ['crl', '-inform', 'DER', '-in', crlPath, '-noout', '-text']).stdout;
    assert.match(text, /X509v3 CRL Number:\s*\n\s*2/);
    assert.match(text, /Key Compromise/);
    assert.match(text, /Next Update:/);
    assert.throws(() => revocationReason('lost'), { code: 'PKI_REVOCATION_REASON_UNKNOWN' });
  } finally {
    files.remove();
  }
});
