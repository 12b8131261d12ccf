import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createSoftToken, SOFTHSM_LIBRARY } from '../../test/helpers/softhsm.ts';
import { runCli } from '../../test/helpers/spawn-office.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { buildCrl, crypto, PinGuard, respondToTimestampQuery, TokenLibrary, toPem } from '../pki/index.ts';
import { certificateOnToken, letterPdf, sealImage, signatureImage, testOrganisation, testPki, testSigner } from '../pades/test-fixtures.ts';

const pem = (der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE') => `${toPem(new Uint8Array(der), label)}\n`;

/** The test CA's CRLs and its TSA over HTTP on loopback, as a real deployment serves them */
async function pkiServer() {
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const now = new Date();
      const crl = (ca: typeof pki.root) => buildCrl(ca, { number: 1, thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + 86_400_000), revoked: [] });
      try {
        if (req.url === '/pki/root/crl') res.end(await crl(pki.root));
        else if (req.url === '/pki/issuing/crl') res.end(await crl(pki.issuing));
        else if (req.url === '/tsa') {
          res.setHeader('content-type', 'application/timestamp-reply');
          res.end(await respondToTimestampQuery(pki.tsa, new Uint8Array(Buffer.concat(chunks)), { now }));
        } else {
          res.statusCode = 404;
          res.end();
        }
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pki = await testPki({}, base);
  return { pki, base, close: () => new Promise<void>((done) => server.close(() => done())) };
}

async function p12For(files: ReturnType<typeof scratch>, signer: Awaited<ReturnType<typeof testSigner>>, name: string): Promise<string> {
  const key = files.write(`${name}.key`, pem(await crypto.subtle.exportKey('pkcs8', signer.privateKey), 'PRIVATE KEY'));
  const cert = files.write(`${name}.crt`, pem(signer.certificate.rawData) + pem(signer.chain[0]!.rawData));
  const out = `${files.dir}/${name}.p12`;
  const run = runTool('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:mat-khau-p12', '-out', out]);
  assert.equal(run.code, 0, run.stderr);
  return out;
}

test('ok: congvan sign with a PKCS#12 file — visible at the name, B-LT through our TSA and CRLs over HTTP — then the seal; congvan verify exits 0 only with the root trusted', async () => {
  const { pki, base, close } = await pkiServer();
  const files = scratch();
  try {
    const root = files.write('root.pem', pem(pki.root.certificate.rawData));
    const person = await p12For(files, await testSigner(pki.issuing, 'Lò Văn Minh'), 'minh');
    const organisation = await p12For(files, await testOrganisation(pki.issuing), 'ubnd');
    const input = files.write('in.pdf', await letterPdf());
    const image = files.write('sig.png', signatureImage());
    const seal = files.write('seal.png', sealImage());
    const ENV = { P12_PASS: 'mat-khau-p12' };

    const signed = await runCli(['sign', input, '--out', `${files.dir}/signed.pdf`, '--p12', person, '--pass-env', 'P12_PASS', '--image', image, '--anchor', 'Lò Văn Minh', '--level', 'B-LT', '--tsa', `${base}/tsa`, '--trust', root, '--reason', 'Phê duyệt'], ENV);
    assert.equal(signed.code, 0, signed.stderr + signed.stdout);
    assert.match(signed.stdout, /Đã ký: .*signed\.pdf .*mức B-LT/);
    const sealed = await runCli(['sign', `${files.dir}/signed.pdf`, '--out', `${files.dir}/sealed.pdf`, '--p12', organisation, '--pass-env', 'P12_PASS', '--seal', seal, '--seal-mm', '36', '--trust', root], ENV);
    assert.equal(sealed.code, 0, sealed.stderr + sealed.stdout);

    const verified = await runCli(['verify', `${files.dir}/sealed.pdf`, '--trust', root]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.equal((verified.stdout.match(/: TOTAL_PASSED/g) ?? []).length, 2, verified.stdout);
    assert.match(verified.stdout, /Người ký: .*Lò Văn Minh/);
    const json = await runCli(['verify', `${files.dir}/sealed.pdf`, '--trust', root, '--json', '--offline']);
    const report = JSON.parse(json.stdout) as { valid: boolean; signatures: { level: string; indication: string; revocation: { source?: string } }[] };
    assert.equal(json.code, 0, json.stdout);
    assert.deepEqual(report.signatures.map((s) => s.level), ['B-LT', 'B-B'], 'offline, the first still passes from its DSS');

    const extended = await runCli(['extend', `${files.dir}/sealed.pdf`, '--out', `${files.dir}/archived.pdf`, '--level', 'B-LTA', '--tsa', `${base}/tsa`, '--trust', root]);
    assert.equal(extended.code, 0, extended.stderr);
    const archived = JSON.parse((await runCli(['verify', `${files.dir}/archived.pdf`, '--trust', root, '--json', '--offline'])).stdout) as typeof report;
    // The seal's B-B signature is raised too; the TSA's certificate is covered by the same issuing CA's CRL in the DSS
    assert.deepEqual(archived.signatures.map((s) => [s.level, s.indication]), [['B-LTA', 'TOTAL_PASSED'], ['B-LTA', 'TOTAL_PASSED'], ['DOC-TIMESTAMP', 'TOTAL_PASSED']]);

    const untrusted = await runCli(['verify', `${files.dir}/sealed.pdf`]);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stdout, /INDETERMINATE \/ NO_CERTIFICATE_CHAIN_FOUND/);
    const pdfsig = runTool('pdfsig', ['-nocert', `${files.dir}/sealed.pdf`]);
    assert.equal((pdfsig.stdout.match(/Signature is Valid\./g) ?? []).length, 2, pdfsig.stdout);
  } finally {
    files.remove();
    await close();
  }
});

test('ok: congvan sign with the key on a PKCS#11 token (SoftHSM2), PIN from the environment', async () => {
  const soft = createSoftToken('token-cli', '2468');
  const files = scratch();
  const { pki, close } = await pkiServer();
  try {
    const library = TokenLibrary.open(SOFTHSM_LIBRARY);
    const session = library.login(soft.serial, soft.pin, new PinGuard());
    const slot = library.tokens().find((t) => t.serial === soft.serial)!.slot;
    try {
      await certificateOnToken(session, pki.issuing);
    } finally {
      session.close();
      library.close();
    }
    const chain = files.write('issuing.pem', pem(pki.issuing.certificate.rawData));
    const root = files.write('root.pem', pem(pki.root.certificate.rawData));
    const input = files.write('in.pdf', await letterPdf());
    const wrong = await runCli(['sign', input, '--out', `${files.dir}/x.pdf`, '--pkcs11', SOFTHSM_LIBRARY, '--slot', String(slot), '--chain', chain], { CONGVAN_TOKEN_PIN: '0000' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /PIN/);
    const signed = await runCli(['sign', input, '--out', `${files.dir}/token.pdf`, '--pkcs11', SOFTHSM_LIBRARY, '--slot', String(slot), '--chain', chain, '--page', '1', '--rect', '380,210,150,60'], { CONGVAN_TOKEN_PIN: soft.pin });
    assert.equal(signed.code, 0, signed.stderr);
    const verified = await runCli(['verify', `${files.dir}/token.pdf`, '--trust', root]);
    assert.equal(verified.code, 0, verified.stdout);
  } finally {
    files.remove();
    soft.remove();
    await close();
  }
});

test('bad: congvan sign and verify refuse bad input with Vietnamese messages and exit 1', async () => {
  const { pki, close } = await pkiServer();
  const files = scratch();
  try {
    const input = files.write('in.pdf', await letterPdf());
    const p12 = await p12For(files, await testSigner(pki.issuing, 'Lò Văn Minh'), 'minh');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['sign', input, '--out', `${files.dir}/o.pdf`], {}, /chọn một nguồn khóa/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--pass-env', 'P'], { P: 'sai' }, /PADES_P12_INVALID/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--pass-env', 'P', '--image', input], { P: 'mat-khau-p12' }, /cần vị trí/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--pass-env', 'P', '--level', 'B-T'], { P: 'mat-khau-p12' }, /PADES_LEVEL_NEEDS/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--pass-env', 'P', '--anchor', 'Không có tên này'], { P: 'mat-khau-p12' }, /PADES_ANCHOR_NOT_FOUND/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--pass-env', 'P', '--page', '9', '--rect', '1,1,100,50'], { P: 'mat-khau-p12' }, /PADES_PAGE_NOT_FOUND/],
      [['verify', files.write('not.pdf', 'đây không phải PDF')], {}, /PADES_PDF_INVALID/],
      [['sign', input, '--out', `${files.dir}/o.pdf`, '--p12', p12, '--page', 'hai', '--rect', '1,1,100,50'], {}, /số nguyên từ 1/],
    ];
    for (const [args, env, message] of cases) {
      const run = await runCli(args, env);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout}`);
      assert.match(run.stderr, message, args.join(' '));
    }
  } finally {
    files.remove();
    await close();
  }
});
