import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { signPdf } from './sign.ts';
import { samplePdf, testPki, testSigner } from './test-fixtures.ts';
import { validate } from './validate/validate.ts';

test('ok: PDFs encrypted only against editing (empty user password) — RC4 40 and 128, AES-128, AES-256 by qpdf — are signed twice with their new objects encrypted alike; pdfsig, qpdf and our validator agree', async () => {
  const pki = await testPki();
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh');
  const files = scratch();
  try {
    const plain = files.write('plain.pdf', await samplePdf(2));
    for (const [bits, extra] of [['40', []], ['128', ['--use-aes=n']], ['128', ['--use-aes=y']], ['256', []]] as const) {
      const name = `${bits}${extra.join('')}`;
      const encrypted = `${files.dir}/enc-${name}.pdf`;
      assert.equal(runTool('qpdf', ['--allow-weak-crypto', '--encrypt', '', 'chu-so-huu', bits, ...extra, '--', plain, encrypted]).code, 0);
      const once = await signPdf(new Uint8Array(readFileSync(encrypted)), { signer, signingTime: new Date('2026-11-26T02:00:00Z'), reason: 'Phê duyệt' });
      const twice = await signPdf(once, { signer, signingTime: new Date() });
      const out = files.write(`signed-${name}.pdf`, twice);
      const pdfsig = runTool('pdfsig', ['-nocert', out]);
      assert.equal((pdfsig.stdout.match(/Signature is Valid\./g) ?? []).length, 2, `${name}: ${pdfsig.stdout}`);
      assert.equal(runTool('qpdf', ['--check', out]).code, 0, name);
      assert.match(runTool('qpdf', ['--show-encryption', out]).stdout, /User password = \n/, `${name}: still encrypted the same way`);
      // qpdf decrypts what we encrypted: the signing time reads back
      const decrypted = `${files.dir}/dec-${name}.pdf`;
      assert.equal(runTool('qpdf', ['--decrypt', '--qdf', '--object-streams=disable', out, decrypted]).code, 0);
      assert.match(readFileSync(decrypted, 'latin1'), /\/M \(D:20261126090000\+07'00'\)/, name);
      const report = await validate(twice, pki.trustStore, { fetch: pki.fetch });
      assert.deepEqual(report.signatures.map((s) => s.indication), ['TOTAL_PASSED', 'TOTAL_PASSED'], `${name}: ${report.signatures.map((s) => s.reason.vi)}`);
    }
    // A real user password: refused, clearly
    const locked = `${files.dir}/locked.pdf`;
    assert.equal(runTool('qpdf', ['--encrypt', 'mat-khau', 'chu-so-huu', '256', '--', plain, locked]).code, 0);
    await assert.rejects(signPdf(new Uint8Array(readFileSync(locked)), { signer, signingTime: new Date() }), { code: 'PADES_PDF_ENCRYPTED' });
    await assert.rejects(validate(new Uint8Array(readFileSync(locked))), { code: 'PADES_PDF_ENCRYPTED' });
  } finally {
    files.remove();
  }
});
