import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PDF } from '@libpdf/core';
import { createSoftToken, SOFTHSM_LIBRARY } from '../../test/helpers/softhsm.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { issueCertificate, PinGuard, PROFILES, TokenLibrary, x509 } from '../pki/index.ts';
import { createTestHierarchy } from '../pki/test-ca.ts';
import { completeSignature, prepareSignature } from './sign.ts';
import { certificateOnToken } from './test-fixtures.ts';

const soft = createSoftToken('usb-token-vanthu', '1357');
const library = TokenLibrary.open(SOFTHSM_LIBRARY);
after(() => {
  library.close();
  soft.remove();
});

const SUBJECT = { profile: 'individual' as const, fullName: 'Lò Văn Minh', agency: 'UBND tỉnh Lai Châu', province: 'Lai Châu', email: 'minhlv@laichau.gov.vn', idNumber: { kind: 'CCCD' as const, value: '012345678901' } };
const NAME = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['UBND tỉnh Lai Châu'] }, { '2.5.4.3': ['Lò Văn Minh'] }, { '0.9.2342.19200300.100.1.1': ['CCCD:012345678901'] }]);

async function document(): Promise<Uint8Array> {
  const pdf = PDF.create();
  pdf.addPage({ size: 'a4' }).drawText('Quyet dinh so 15/QD-UBND', { x: 72, y: 760, size: 13 });
  return pdf.save();
}

test('ok: deferred signing with the key on a USB token (SoftHSM2): prepare gives the digest, the token signs it, complete embeds it; pdfsig says valid', async () => {
  const files = scratch();
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    const { issuing } = await createTestHierarchy();
    for (const [label, algorithm] of [['ky-ec', 'ECDSA-P256'], ['ky-rsa', 'RSA-2048']] as const) {
      const certificate = await certificateOnToken(session, issuing, label, algorithm);
      const now = new Date();
      const prepared = await prepareSignature(await document(), { signer: { certificate, chain: [issuing.certificate] }, signingTime: now, reason: 'Ký số bằng token' });
      assert.equal(prepared.digest.byteLength, 32);
      const value = session.signDigest(label, 'SHA-256', prepared.digest);
      const signed = completeSignature(prepared, value);
      const out = runTool('pdfsig', [files.write(`${label}.pdf`, signed)]).stdout;
      assert.match(out, /Signature Validation: Signature is Valid\./, `${label}: ${out}`);
      assert.match(out, /Signer Certificate Common Name: Lò Văn Minh/);
      assert.match(out, /Total document signed/);
    }
  } finally {
    session.close();
    files.remove();
  }
});

test('error/a signature value from another key, or garbage, is refused before anything is written', async () => {
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    const { issuing } = await createTestHierarchy();
    await session.generateKeyPair('dung', 'ECDSA-P256');
    await session.generateKeyPair('khac', 'ECDSA-P256');
    const now = new Date();
    const certificate = await issueCertificate(issuing, { csr: await session.createCsr('dung', NAME), profile: PROFILES.individual, subject: SUBJECT, kind: 'new', notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86_400_000) });
    const prepared = await prepareSignature(await document(), { signer: { certificate, chain: [issuing.certificate] }, signingTime: now });
    const before = Buffer.from(prepared.bytes);
    assert.throws(() => completeSignature(prepared, session.signDigest('khac', 'SHA-256', prepared.digest)), { code: 'PADES_SIGNATURE_VALUE_INVALID' });
    assert.throws(() => completeSignature(prepared, new Uint8Array(64)), { code: 'PADES_SIGNATURE_VALUE_INVALID' });
    assert.deepEqual(Buffer.from(prepared.bytes), before, 'the prepared document is untouched');
  } finally {
    session.close();
  }
});
