import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { scratch } from '../../test/helpers/tools.ts';
import { buildCrl } from './crl.ts';
import { buildOcspResponse, normaliseSerial, parseOcspRequest, type CertificateStatus } from './ocsp.ts';
import { RevocationChecker, type FetchRequest } from './revocation-check.ts';
import { createTestHierarchy, issueTestDevice } from './test-ca.ts';

const HOUR = 3_600_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('ok: OCSP from our responder, then revoked; a cached answer; a tampered answer falls back to the CRL; stale data refused', async () => {
  const { issuing } = await createTestHierarchy('http://ca.test');
  const leaf = await issueTestDevice(issuing);
  let status: CertificateStatus = { status: 'good' };
  let tamper = false;
  let ocspDown = false;
  const calls: string[] = [];
  const crlAt = new Date();
  const fetcher = async (request: FetchRequest): Promise<Uint8Array> => {
    calls.push(request.url);
    if (request.url.endsWith('/ocsp')) {
      if (ocspDown) throw new Error('ECONNREFUSED');
      const now = new Date();
      const der = await buildOcspResponse(issuing, parseOcspRequest(request.body!), { producedAt: now, nextUpdate: new Date(now.getTime() + HOUR), statusOf: () => status });
      if (tamper) der[der.length - 5]! ^= 0xff;
      return der;
    }
    return buildCrl(issuing, { number: 1, thisUpdate: crlAt, nextUpdate: new Date(crlAt.getTime() + HOUR), revoked: status.status === 'revoked' ? [{ serial: leaf.serialNumber, revokedAt: status.revokedAt, reason: status.reason }] : [] });
  };

  const checker = new RevocationChecker({ fetch: fetcher });
  const good = await checker.check(leaf, issuing.certificate);
  assert.equal(good.status, 'good');
  assert.equal(good.source, 'ocsp');
  assert.ok(good.evidence.ocsp && good.evidence.ocsp.byteLength > 100, 'the OCSP answer is kept for the DSS');
  const again = await checker.check(leaf, issuing.certificate);
  assert.equal(again.fromCache, true);
  assert.equal(calls.length, 1, 'the second check is answered from the cache');

  const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  status = { status: 'revoked', revokedAt, reason: 'keyCompromise' };
  const fresh = new RevocationChecker({ fetch: fetcher });
  const revoked = await fresh.check(leaf, issuing.certificate);
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.reason, 'keyCompromise');
  assert.equal(revoked.revokedAt?.getTime(), revokedAt.getTime());
  await assert.rejects(fresh.requireGood(leaf, issuing.certificate), { code: 'PKI_CERTIFICATE_REVOKED' });

  tamper = true;
  const viaCrl = await new RevocationChecker({ fetch: fetcher }).check(leaf, issuing.certificate);
  assert.equal(viaCrl.source, 'crl');
  assert.equal(viaCrl.status, 'revoked');
  assert.match(viaCrl.problems.join(' '), /chữ ký trên phản hồi OCSP không phải của CA/);

  ocspDown = true;
  const later = () => new Date(crlAt.getTime() + 2 * HOUR);
  const stale = await new RevocationChecker({ fetch: fetcher, now: later }).check(leaf, issuing.certificate);
  assert.equal(stale.status, 'unavailable');
  assert.match(stale.problems.join(' '), /ECONNREFUSED/);
  assert.match(stale.problems.join(' '), /CRL đã quá hạn/);
  await assert.rejects(new RevocationChecker({ fetch: fetcher, now: later }).requireGood(leaf, issuing.certificate), { code: 'PKI_REVOCATION_UNAVAILABLE' });
});

test('error/garbage, a CRL from another CA, and an OCSP answer about another certificate are not believed', async () => {
  const { issuing } = await createTestHierarchy('http://ca.test');
  const other = await createTestHierarchy('http://other.test');
  const leaf = await issueTestDevice(issuing);
  const stranger = await issueTestDevice(issuing, 'Máy khác');
  const now = new Date();
  const foreignCrl = await buildCrl(other.issuing, { number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + HOUR), revoked: [] });
  const result = await new RevocationChecker({
    fetch: async (request) => {
      if (!request.url.endsWith('/ocsp')) return foreignCrl;
      // Answers truthfully, but about another certificate of the same CA.
      const query = parseOcspRequest(request.body!);
      const swapped = { ...query, certIds: query.certIds };
      swapped.certIds[0]!.serialNumber.valueBlock.valueHexView = Buffer.from(normaliseSerial(stranger.serialNumber), 'hex');
      return buildOcspResponse(issuing, swapped, { producedAt: now, nextUpdate: new Date(now.getTime() + HOUR), statusOf: () => ({ status: 'good' }) });
    },
  }).check(leaf, issuing.certificate);
  assert.equal(result.status, 'unavailable');
  assert.match(result.problems.join(' '), /không nói về chứng thư được hỏi/);
  assert.match(result.problems.join(' '), /CRL do .* phát hành, không phải CA cấp chứng thư|chữ ký trên CRL không hợp lệ/);
  const garbage = await new RevocationChecker({ fetch: async () => new Uint8Array([0x30, 0x82, 0xff, 0xff, 1]) }).check(leaf, issuing.certificate);
  assert.equal(garbage.status, 'unavailable');
  assert.match(garbage.problems.join(' '), /không đọc được/);
});

test('ok: against openssl ocsp as a real responder over HTTP: good, then revoked with keyCompromise', async () => {
  const files = scratch();
  const port = await freePort();
  const { issuing } = await createTestHierarchy(`http://127.0.0.1:${port}`);
  const leaf = await issueTestDevice(issuing);
  files.write('issuing.pem', issuing.certificate.toString('pem'));
  files.write('issuing.key', KeyObject.from(issuing.privateKey).export({ format: 'pem', type: 'pkcs8' }) as string);
  const expiry = `${leaf.notAfter.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;
  const serial = normaliseSerial(leaf.serialNumber).toUpperCase();
  // node:http writes the headers and a body given to end() in one segment: openssl ocsp's small HTTP reader
  // fails on a body that arrives apart from its headers, which fetch does under load
  const realFetch = (request: FetchRequest) => new Promise<Uint8Array>((resolve, reject) => {
    const body = request.body ? Buffer.from(request.body) : undefined;
    const req = httpRequest(request.url, { method: request.method, headers: body ? { 'content-type': request.contentType!, 'content-length': body.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(new Uint8Array(Buffer.concat(chunks))) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  const respond = async (indexLine: string) => {
    files.write('index.txt', `${indexLine}\n`);
    files.write('index.txt.attr', 'unique_subject = no\n');
    const responder = spawn('openssl', ['ocsp', '-index', `${files.dir}/index.txt`, '-port', String(port), '-rsigner', `${files.dir}/issuing.pem`, '-rkey', `${files.dir}/issuing.key`, '-CA', `${files.dir}/issuing.pem`, '-nmin', '60'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    responder.stderr.on('data', (d: Buffer) => { said += d; });
    const closed = new Promise((done) => responder.once('close', done));
    try {
      for (let i = 0; i < 50; i++) {
        const result = await new RevocationChecker({ fetch: realFetch }).check(leaf, issuing.certificate);
        if (result.source === 'ocsp') return result;
        await sleep(100);
      }
      throw new Error(`openssl ocsp did not answer: ${said}`);
    } finally {
      responder.kill('SIGKILL');
      await closed;
    }
  };
  try {
    const good = await respond(`V\t${expiry}\t\t${serial}\tunknown\t/CN=thiet-bi`);
    assert.equal(good.status, 'good', good.problems.join('; '));
    const revoked = await respond(`R\t${expiry}\t${expiry.slice(0, 2)}0101000000Z,keyCompromise\t${serial}\tunknown\t/CN=thiet-bi`);
    assert.equal(revoked.status, 'revoked', revoked.problems.join('; '));
    assert.equal(revoked.reason, 'keyCompromise');
    assert.ok(readFileSync(`${files.dir}/index.txt`, 'utf8').startsWith('R'));
  } finally {
    files.remove();
  }
});
