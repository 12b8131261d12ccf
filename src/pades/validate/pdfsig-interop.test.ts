/**
 * Our validator and poppler's pdfsig on the same files, with our test CA trusted in an NSS database made by
 * certutil: a document signed by pdfsig -add-signature, then by us, then by pdfsig again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { crypto, toPem } from '../../pki/index.ts';
import { signPdf } from '../sign.ts';
import { samplePdf, testPki, testSigner } from '../test-fixtures.ts';
import { validate } from './validate.ts';

const pem = (der: ArrayBuffer | Uint8Array, label: string) => `${toPem(new Uint8Array(der), label)}\n`;

test('ok: pdfsig -add-signature and our signer alternate on one document; pdfsig trusts every signature through our root in an NSS database, and our validator passes them all', async () => {
  const pki = await testPki();
  const files = scratch();
  try {
    const nss = `sql:${files.dir}/nss`;
    runTool('mkdir', ['-p', `${files.dir}/nss`]);
    assert.equal(runTool('certutil', ['-N', '-d', nss, '--empty-password']).code, 0);
    const root = files.write('root.pem', pem(pki.root.certificate.rawData, 'CERTIFICATE'));
    assert.equal(runTool('certutil', ['-A', '-d', nss, '-n', 'congvan-test-root', '-t', 'CT,C,C', '-i', root]).code, 0);
    // pdfsig signs with keys held in NSS: PKCS#12 files made by openssl, imported by pk12util. Two signers,
    // because pdfsig 22.12 reports "Unknown issue" for a second signature by a certificate it already checked.
    const importSigner = async (fullName: string, nick: string) => {
      const signer = await testSigner(pki.issuing, fullName, 'RSA-2048');
      const key = files.write(`${nick}.key`, pem(await crypto.subtle.exportKey('pkcs8', signer.privateKey), 'PRIVATE KEY'));
      const cert = files.write(`${nick}.pem`, pem(signer.certificate.rawData, 'CERTIFICATE') + pem(pki.issuing.certificate.rawData, 'CERTIFICATE'));
      const p12 = `${files.dir}/${nick}.p12`;
      const exported = runTool('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-name', nick, '-passout', 'pass:123456', '-out', p12]);
      assert.equal(exported.code, 0, exported.stderr);
      const imported = runTool('pk12util', ['-i', p12, '-d', nss, '-W', '123456', '-K', '']);
      assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    };
    await importSigner('Phạm Văn Poppler', 'poppler-1');
    await importSigner('Đỗ Thị Poppler', 'poppler-2');

    const byPoppler = (input: Uint8Array, name: string, nick: string): Uint8Array => {
      const out = `${files.dir}/${name}`;
      const run = runTool('pdfsig', ['-nssdir', nss, '-add-signature', '-nick', nick, '-reason', 'Kiem tra', files.write(`in-${name}`, input), out]);
      assert.equal(run.code, 0, run.stderr + run.stdout);
      return new Uint8Array(readFileSync(out));
    };
    const pdfsigVerdicts = (bytes: Uint8Array) => {
      const run = runTool('pdfsig', ['-nssdir', nss, '-no-ocsp', files.write('check.pdf', bytes)]);
      return {
        signatures: [...run.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]),
        certificates: [...run.stdout.matchAll(/Certificate Validation: (.*)/g)].map((m) => m[1]),
      };
    };

    const first = byPoppler(await samplePdf(1), 'one.pdf', 'poppler-1');
    const second = await signPdf(first, { signer: await testSigner(pki.issuing, 'Lò Văn Minh'), signingTime: new Date(), reason: 'Phê duyệt' });
    const third = byPoppler(second, 'three.pdf', 'poppler-2');

    const poppler3 = pdfsigVerdicts(third);
    assert.deepEqual(poppler3.signatures, ['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    assert.deepEqual(poppler3.certificates, ['Certificate is Trusted.', 'Certificate is Trusted.', 'Certificate is Trusted.']);

    const ours = await validate(third, pki.trustStore, { fetch: pki.fetch });
    assert.deepEqual(ours.signatures.map((s) => s.indication), ['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_PASSED'], JSON.stringify(ours.signatures.map((s) => [s.reason.vi, s.changes])));
    assert.deepEqual(ours.signatures.map((s) => s.signer?.commonName), ['Phạm Văn Poppler', 'Lò Văn Minh', 'Đỗ Thị Poppler']);
    assert.deepEqual(ours.signatures.map((s) => [s.subFilter, s.level]), [['adbe.pkcs7.detached', 'PKCS7'], ['ETSI.CAdES.detached', 'B-B'], ['adbe.pkcs7.detached', 'PKCS7']]);
  } finally {
    files.remove();
  }
});
