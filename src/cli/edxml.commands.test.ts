import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../../test/helpers/spawn-office.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { crypto, toPem } from '../pki/index.ts';
import { LAI_CHAU, SO_TTTT, edxmlPki, fakePdf, samplePackage, sampleStatus } from '../edxml/test-fixtures.ts';

const pem = (der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE') => `${toPem(new Uint8Array(der), label)}\n`;

test('ok: congvan edxml build (PKCS#12, PEM key) → parse → verify; xmlsec1 agrees; tampering, a foreign root and a bad description are refused with their code', { timeout: 120_000 }, async () => {
  const pki = await edxmlPki();
  const other = await edxmlPki();
  const files = scratch();
  try {
    const root = files.write('root.pem', pem(pki.root.certificate.rawData));
    const foreignRoot = files.write('other-root.pem', pem(other.root.certificate.rawData));
    const laiChau = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName, 'RSA-2048');
    const key = files.write('laichau.key', pem(await crypto.subtle.exportKey('pkcs8', laiChau.privateKey), 'PRIVATE KEY'));
    const chain = files.write('laichau.crt', pem(laiChau.certificate.rawData) + pem(pki.issuing.certificate.rawData));
    const p12 = `${files.dir}/laichau.p12`;
    const made = runTool('openssl', ['pkcs12', '-export', '-inkey', key, '-in', chain, '-passout', 'pass:mat-khau', '-out', p12]);
    assert.equal(made.code, 0, made.stderr);

    const { kind: _kind, attachments, ...description } = samplePackage();
    const json = files.write('vanban.json', JSON.stringify(description));
    const pdfs = [files.write('296-UBND-VHTT.pdf', fakePdf('Công văn', 40_000)), files.write('phu-luc.pdf', fakePdf('Phụ lục', 9000))];
    const out = `${files.dir}/vanban.edxml`;
    const built = await runCli(['edxml', 'build', json, '--attach', pdfs[0]!, '--attach', pdfs[1]!, '--p12', p12, '--pass-env', 'P12_PASS', '--out', out], { P12_PASS: 'mat-khau' });
    assert.equal(built.code, 0, built.stderr + built.stdout);
    assert.match(built.stdout, /Đã đóng gói: .*vanban\.edxml .*ký bởi .*000\.00\.00\.H29/);

    const parsed = await runCli(['edxml', 'parse', out]);
    assert.equal(parsed.code, 0, parsed.stderr);
    const pkg = JSON.parse(parsed.stdout) as { header: { subject: string; documentId: string }; attachments: { name: string; size: number; sha256: string }[] };
    assert.equal(pkg.header.subject, description.header.subject);
    assert.deepEqual(pkg.attachments.map((a) => [a.name, a.size, a.sha256]), pdfs.map((f) => {
      const bytes = readFileSync(f);
      return [f.split('/').at(-1), bytes.length, createHash('sha256').update(bytes).digest('hex')];
    }));
    assert.equal(attachments.length, 2);

    const verified = await runCli(['edxml', 'verify', out, '--trust', root, '--offline', '--extract', `${files.dir}/nhan`]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^Hợp lệ: gói văn bản của UBND tỉnh Lai Châu \(000\.00\.00\.H29\), ký bởi .*RSA-SHA256/);
    assert.deepEqual(readFileSync(`${files.dir}/nhan/phu-luc.pdf`), readFileSync(pdfs[1]!));
    const xmlsec = runTool('xmlsec1', ['--verify', '--trusted-pem', root, out]);
    assert.equal(xmlsec.code, 0, xmlsec.stderr);

    const tampered = files.write('tampered.edxml', readFileSync(out, 'utf8').replace(/(<ContentTransferEncoded>JVBERi0xLjcKJSBD)(.)/, (_, head: string, c: string) => `${head}${c === 'X' ? 'Y' : 'X'}`));
    const refused = await runCli(['edxml', 'verify', tampered, '--trust', root, '--offline']);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^Không hợp lệ \[EDXML_CONTENT_TAMPERED\]: /);
    const foreign = await runCli(['edxml', 'verify', out, '--trust', foreignRoot, '--offline', '--json']);
    assert.equal(foreign.code, 1);
    assert.equal((JSON.parse(foreign.stdout) as { code: string }).code, 'EDXML_CERTIFICATE_UNTRUSTED');

    const so = await pki.agency(SO_TTTT.organId, SO_TTTT.organName);
    const soKey = files.write('so.key', pem(await crypto.subtle.exportKey('pkcs8', so.privateKey), 'PRIVATE KEY'));
    const soCert = files.write('so.crt', pem(so.certificate.rawData));
    const issuing = files.write('issuing.pem', pem(pki.issuing.certificate.rawData));
    const status = files.write('status.json', JSON.stringify(sampleStatus('03')));
    const statusOut = `${files.dir}/status.edxml`;
    const statusBuilt = await runCli(['edxml', 'build', status, '--key', soKey, '--cert', soCert, '--chain', issuing, '--out', statusOut]);
    assert.equal(statusBuilt.code, 0, statusBuilt.stderr);
    const statusVerified = await runCli(['edxml', 'verify', statusOut, '--trust', root, '--offline', '--json']);
    assert.equal(statusVerified.code, 0, statusVerified.stdout);
    assert.deepEqual(JSON.parse(statusVerified.stdout).package, sampleStatus('03'));

    const broken = files.write('broken.json', JSON.stringify({ ...description, header: { ...description.header, subject: undefined } }));
    const failed = await runCli(['edxml', 'build', broken, '--out', `${files.dir}/x.edxml`]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /Lỗi \[EDXML_ELEMENT_MISSING\]: .*Subject/);
    writeFileSync(`${files.dir}/garbage.edxml`, '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    const hostile = await runCli(['edxml', 'parse', `${files.dir}/garbage.edxml`]);
    assert.equal(hostile.code, 1);
    assert.match(hostile.stderr, /EDXML_DOCTYPE_FORBIDDEN/);
  } finally {
    files.remove();
  }
});
