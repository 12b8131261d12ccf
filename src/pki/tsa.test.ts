import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { toPem } from './der.ts';
import { generateKeyPair } from './keys.ts';
import { createTestHierarchy } from './test-ca.ts';
import { pkijs } from './crypto.ts';
import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { createTimestampAuthority, DEFAULT_TSA_POLICY, parseTimestampQuery, parseTimestampResponse, respondToTimestampQuery, stampImprint } from './tsa.ts';

/** A query carrying a (non-critical) extension, which openssl's -query cannot add. */
const withExtension = (messageImprint: pkijs.MessageImprint) => new Uint8Array(new pkijs.TimeStampReq({
  version: 1, messageImprint, extensions: [new pkijs.Extension({ extnID: '1.2.3.4', critical: false, extnValue: new asn1js.Null().toBER() })],
}).toSchema().toBER());

async function setUp() {
  const files = scratch();
  const now = new Date();
  const { root, issuing } = await createTestHierarchy('http://127.0.0.1:9', now);
  const tsa = await createTimestampAuthority(issuing, { commonName: 'congvan TSA (thử nghiệm)', organization: 'congvan', keys: await generateKeyPair('RSA-2048'), notBefore: new Date(now.getTime() - 60_000) });
  const data = files.write('van-ban.pdf', '%PDF-1.7 Quyết định số 15/QĐ-UBND\n');
  const roots = files.write('root.pem', root.certificate.toString('pem'));
  const untrusted = files.write('untrusted.pem', `${issuing.certificate.toString('pem')}\n${tsa.certificate.toString('pem')}\n`);
  const query = (name: string, ...args: string[]) => {
    const made = runTool('openssl', ['ts', '-query', '-data', data, '-out', `${files.dir}/${name}`, ...args]);
    assert.equal(made.code, 0, made.stderr);
    return new Uint8Array(readFileSync(`${files.dir}/${name}`));
  };
  return { files, now, tsa, data, roots, untrusted, query };
}

test('ok: openssl ts -query → our TSA → openssl ts -verify, with and without certificates in the token', async () => {
  const { files, now, tsa, data, roots, untrusted, query } = await setUp();
  try {
    for (const certReq of [true, false]) {
      const q = query(`q${certReq}.tsq`, '-sha256', ...(certReq ? ['-cert'] : []));
      const reply = files.write(`r${certReq}.tsr`, await respondToTimestampQuery(tsa, q, { now, serial: '0a0b0c' }));
      const verify = runTool('openssl', ['ts', '-verify', '-queryfile', `${files.dir}/q${certReq}.tsq`, '-in', reply, '-CAfile', roots, '-untrusted', untrusted]);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /Verification: OK/);
      const againstData = runTool('openssl', ['ts', '-verify', '-data', data, '-in', reply, '-CAfile', roots, '-untrusted', untrusted]);
      assert.match(againstData.stdout, /Verification: OK/, againstData.stderr);
      const text = runTool('openssl', ['ts', '-reply', '-in', reply, '-text']).stdout;
      assert.match(text, /Status: Granted/);
      assert.match(text, new RegExp(`Policy OID: ${DEFAULT_TSA_POLICY.replace(/\./g, '\\.')}`));
      assert.match(text, /Hash Algorithm: sha256/);
      assert.match(text, /Serial number: 0x0A0B0C/);
      assert.match(text, /Accuracy: 0x01 seconds/);
      assert.match(text, /Nonce: 0x[0-9A-F]+/, 'openssl sends a nonce by default and we echo it');
      const token = runTool('openssl', ['ts', '-reply', '-in', reply, '-token_out', '-out', `${files.dir}/token${certReq}.der`]);
      assert.equal(token.code, 0, token.stderr);
      const certs = runTool('openssl', ['pkcs7', '-inform', 'DER', '-in', `${files.dir}/token${certReq}.der`, '-print_certs', '-noout']);
      assert.equal(/congvan TSA/.test(certs.stdout), certReq, 'certificates travel in the token only when asked for');
    }
    const other = files.write('khac.pdf', 'văn bản khác');
    const mismatch = runTool('openssl', ['ts', '-verify', '-data', other, '-in', `${files.dir}/rtrue.tsr`, '-CAfile', roots, '-untrusted', untrusted]);
    assert.notEqual(mismatch.code, 0, 'a token for one document must not verify another');
  } finally {
    files.remove();
  }
});

test('ok: a token stamped in-process over an imprint (no query) verifies with openssl ts -verify -digest -token_in, with the TSA certificate in it', async () => {
  const { files, now, tsa, data, roots, untrusted } = await setUp();
  try {
    const digest = createHash('sha256').update(readFileSync(data)).digest();
    const token = files.write('token.der', await stampImprint(tsa, digest, { now, serial: '0d0e0f' }));
    const verify = runTool('openssl', ['ts', '-verify', '-digest', digest.toString('hex'), '-in', token, '-token_in', '-CAfile', roots, '-untrusted', untrusted]);
    assert.match(verify.stdout, /Verification: OK/, verify.stdout + verify.stderr);
    const againstData = runTool('openssl', ['ts', '-verify', '-data', data, '-in', token, '-token_in', '-CAfile', roots, '-untrusted', untrusted]);
    assert.match(againstData.stdout, /Verification: OK/, againstData.stderr);
    const text = runTool('openssl', ['ts', '-reply', '-in', token, '-token_in', '-text']).stdout;
    assert.match(text, /Serial number: 0x0D0E0F/);
    assert.match(text, /Hash Algorithm: sha256/);
    const certs = runTool('openssl', ['pkcs7', '-inform', 'DER', '-in', token, '-print_certs', '-noout']);
    assert.match(certs.stdout, /congvan TSA/);
    const other = createHash('sha256').update('khác').digest('hex');
    assert.notEqual(runTool('openssl', ['ts', '-verify', '-digest', other, '-in', token, '-token_in', '-CAfile', roots, '-untrusted', untrusted]).code, 0, 'a token over one digest must not verify another');
    await assert.rejects(stampImprint(tsa, new Uint8Array(20), { now }), { code: 'PKI_TSA_QUERY_INVALID' });
  } finally {
    files.remove();
  }
});

test('ok: SHA-384 and SHA-512 imprints, no nonce, the TSA certificate as openssl sees it', async () => {
  const { files, now, tsa, roots, untrusted, query } = await setUp();
  try {
    for (const hash of ['sha384', 'sha512']) {
      const q = query(`${hash}.tsq`, `-${hash}`, '-no_nonce', '-cert');
      const der = await respondToTimestampQuery(tsa, q, { now });
      const reply = files.write(`${hash}.tsr`, der);
      assert.match(runTool('openssl', ['ts', '-verify', '-queryfile', `${files.dir}/${hash}.tsq`, '-in', reply, '-CAfile', roots, '-untrusted', untrusted]).stdout, /Verification: OK/);
      const read = parseTimestampResponse(der);
      assert.equal(read.granted, true);
      assert.equal(read.genTime?.getTime(), Math.floor(now.getTime() / 1000) * 1000);
      assert.deepEqual(read.hashedMessage, parseTimestampQuery(q).hashedMessage);
      assert.doesNotMatch(runTool('openssl', ['ts', '-reply', '-in', reply, '-text']).stdout, /Nonce: 0x/);
    }
    const cert = runTool('openssl', ['x509', '-in', files.write('tsa.pem', toPem(new Uint8Array(tsa.certificate.rawData), 'CERTIFICATE')), '-noout', '-text']).stdout;
    assert.match(cert, /X509v3 Extended Key Usage: critical\s+Time Stamping/);
    const purpose = runTool('openssl', ['verify', '-purpose', 'timestampsign', '-CAfile', roots, '-untrusted', untrusted, `${files.dir}/tsa.pem`]);
    assert.equal(purpose.code, 0, purpose.stdout + purpose.stderr);
  } finally {
    files.remove();
  }
});

test('error/SHA-1, a foreign policy, an extension, a short imprint and garbage get rejections openssl reads, never an exception', async () => {
  const { files, now, tsa, query } = await setUp();
  try {
    const cases: [string, Uint8Array, RegExp][] = [
      ['sha1', query('sha1.tsq', '-sha1'), /Failure info:\s*unrecognized or unsupported algorithm/i],
      ['policy', query('policy.tsq', '-sha256', '-tspolicy', '1.2.3.4.5'), /Failure info:\s*the requested TSA policy is not supported/i],
      ['extension', withExtension(parseTimestampQuery(query('ext.tsq', '-sha256')).messageImprint), /Failure info:\s*the requested extension is not supported/i],
      ['garbage', new TextEncoder().encode('không phải yêu cầu'), /Failure info:\s*the data submitted has the wrong format/i],
      ['truncated', query('cut.tsq', '-sha256').subarray(0, 20), /Failure info:\s*the data submitted has the wrong format/i],
    ];
    for (const [name, q, expected] of cases) {
      const der = await respondToTimestampQuery(tsa, q, { now });
      const text = runTool('openssl', ['ts', '-reply', '-in', files.write(`${name}.tsr`, der), '-text']);
      assert.equal(text.code, 0, `${name}: ${text.stderr}`);
      assert.match(text.stdout, /Status: Rejected/, name);
      assert.match(text.stdout, expected, name);
      assert.equal(parseTimestampResponse(der).granted, false, name);
    }
    assert.throws(() => parseTimestampQuery(query('sha1b.tsq', '-sha1')), { code: 'PKI_TSA_HASH_UNSUPPORTED' });
    // A SHA-256 imprint of 20 bytes: the length is checked against the algorithm.
    const short = new Uint8Array(new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' }), hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(20) }) }),
    }).toSchema().toBER());
    assert.throws(() => parseTimestampQuery(short), { code: 'PKI_TSA_QUERY_INVALID' });
    assert.equal(parseTimestampResponse(await respondToTimestampQuery(tsa, short, { now })).failure, 'badRequest');
  } finally {
    files.remove();
  }
});
