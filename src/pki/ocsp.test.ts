import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { runTool, runToolAsync, scratch } from '../../test/helpers/tools.ts';
import { buildOcspResponse, normaliseSerial, parseOcspRequest, serialOf, type CertificateStatus } from './ocsp.ts';
import { createTestHierarchy, issueTestDevice } from './test-ca.ts';

const pemOf = (c: { toString(f: 'pem'): string }) => `${c.toString('pem')}\n`;

/** Our responder on loopback, as `openssl ocsp -url` talks to it: the library behind a bare node:http listener. */
async function serveOcsp(ca: Parameters<typeof buildOcspResponse>[0], status: () => CertificateStatus) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const now = new Date();
      const der = await buildOcspResponse(ca, parseOcspRequest(new Uint8Array(Buffer.concat(chunks))), { producedAt: now, nextUpdate: new Date(now.getTime() + 3_600_000), statusOf: status });
      res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(der);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`, close: () => new Promise((done) => server.close(done)) };
}

test('ok: openssl ocsp -url gets our answers: good, then revoked with its reason, its nonce checked', async () => {
  const files = scratch();
  let status: CertificateStatus = { status: 'good' };
  const { root, issuing } = await createTestHierarchy();
  const responder = await serveOcsp(issuing, () => status);
  try {
    const leaf = await issueTestDevice(issuing);
    const chain = files.write('chain.pem', pemOf(root.certificate) + pemOf(issuing.certificate));
    const issuerPem = files.write('issuing.pem', pemOf(issuing.certificate));
    const leafPem = files.write('leaf.pem', pemOf(leaf));
    const ask = () => runToolAsync('openssl', ['ocsp', '-issuer', issuerPem, '-cert', leafPem, '-CAfile', chain, '-url', responder.url, '-resp_text']);
    const good = await ask();
    assert.equal(good.code, 0, good.stderr + good.stdout.slice(-800));
    assert.match(good.stdout, /leaf\.pem: good/);
    assert.match(good.stderr + good.stdout, /Response verify OK/);
    assert.match(good.stdout, /OCSP Nonce/);
    status = { status: 'revoked', revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' };
    const revoked = await ask();
    assert.match(revoked.stdout, /leaf\.pem: revoked/);
    assert.match(revoked.stdout, /Reason: keyCompromise/);
    status = { status: 'unknown' };
    assert.match((await ask()).stdout, /leaf\.pem: unknown/);
    runTool('openssl', ['ocsp', '-issuer', issuerPem, '-cert', leafPem, '-reqout', `${files.dir}/req.der`]);
    const query = parseOcspRequest(new Uint8Array(readFileSync(`${files.dir}/req.der`)));
    assert.ok(query.nonce, 'openssl sends a nonce by default');
    assert.equal(serialOf(query.certIds[0]!), normaliseSerial(leaf.serialNumber));
  } finally {
    await responder.close();
    files.remove();
  }
});

test('error/a foreign CA gets "unauthorized"; garbage is refused', async () => {
  const files = scratch();
  try {
    const mine = await createTestHierarchy();
    const foreign = await createTestHierarchy();
    const leaf = await issueTestDevice(foreign.issuing);
    runTool('openssl', ['ocsp', '-issuer', files.write('fi.pem', pemOf(foreign.issuing.certificate)), '-cert', files.write('l.pem', pemOf(leaf)), '-reqout', `${files.dir}/req.der`]);
    const query = parseOcspRequest(new Uint8Array(readFileSync(`${files.dir}/req.der`)));
    const der = await buildOcspResponse(mine.issuing, query, { producedAt: new Date(), nextUpdate: new Date(), statusOf: () => ({ status: 'good' }) });
    const text = runTool('openssl', ['ocsp', '-respin', files.write('r.der', der), '-resp_text', '-noverify']);
    assert.match(text.stdout, /unauthorized/);
    assert.throws(() => parseOcspRequest(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), { code: 'PKI_DER_INVALID' });
    assert.throws(() => parseOcspRequest(new Uint8Array([1, 2, 3])), { code: 'PKI_DER_INVALID' });
  } finally {
    files.remove();
  }
});
