/**
 * Mutated DER into every parser of the engine. The property: each call returns, or throws one of our coded
 * PKI_ errors; nothing else escapes, nothing hangs (the test timeout bounds it). Deterministic: FUZZ_SEED replays
 * a run, FUZZ_ROUNDS makes it longer.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { parseCsr } from './ca.ts';
import { buildCrl } from './crl.ts';
import { toPem } from './der.ts';
import { buildOcspResponse, parseOcspRequest } from './ocsp.ts';
import { RevocationChecker } from './revocation-check.ts';
import { createTestHierarchy, issueTestDevice } from './test-ca.ts';
import { readCertificates } from './trust-store.ts';
import { parseTimestampQuery, parseTimestampResponse, respondToTimestampQuery, createTimestampAuthority } from './tsa.ts';
import { generateKeyPair } from './keys.ts';
import { isCodedError } from '../shared/coded-error.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 2000);

/** mulberry32: small, seeded, good enough to pick mutations. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const bytes = Uint8Array.from(seed);
  switch (pick(8)) {
    case 0: { for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)]! ^= 1 << pick(8); return bytes; }
    case 1: { for (let i = 0, n = 1 + pick(4); i < n; i++) bytes[pick(bytes.length)] = pick(256); return bytes; }
    case 2: return bytes.subarray(0, pick(bytes.length));
    case 3: return Uint8Array.from([...bytes, ...Array.from({ length: 1 + pick(64) }, () => pick(256))]);
    case 4: { // a length field claims far more than there is
      const at = pick(bytes.length - 1);
      bytes[at + 1] = [0x84, 0x89, 0x80, 0xff][pick(4)]!;
      return bytes;
    }
    case 5: { // a block moved elsewhere
      const from = pick(bytes.length);
      const len = pick(Math.min(64, bytes.length - from));
      const to = pick(bytes.length);
      const copy = Array.from(bytes);
      copy.splice(to, 0, ...copy.splice(from, len));
      return Uint8Array.from(copy);
    }
    case 6: return Uint8Array.from([0x30, 0x82, bytes.length >> 8, bytes.length & 0xff, ...bytes].slice(0, bytes.length + 4));
    default: { const at = pick(bytes.length); return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + pick(16))]); }
  }
}

/** Inputs no mutation of a valid one would make: deep nesting, indefinite lengths, sizes at the limits. */
const HOSTILE: Uint8Array[] = [
  new Uint8Array(20_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)),
  Uint8Array.from([...Array.from({ length: 5000 }, () => [0x30, 0x82, 0xff, 0xff]).flat()]),
  Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]),
  new Uint8Array(64 * 1024 + 1).fill(0x30),
  new Uint8Array(0),
  Uint8Array.from([0x30]),
  new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'),
];

async function fuzz(name: string, seeds: Uint8Array[], parse: (input: Uint8Array) => unknown, rounds = ROUNDS) {
  const random = prng(SEED ^ name.length * 7919);
  const outcomes = { returned: 0, refused: 0 };
  const inputs = [...HOSTILE, ...Array.from({ length: rounds }, (_, i) => mutate(seeds[i % seeds.length]!, random))];
  for (const [i, input] of inputs.entries()) {
    try {
      await parse(input);
      outcomes.returned++;
    } catch (err) {
      if (!isCodedError(err) || !err.code.startsWith('PKI_')) {
        assert.fail(`${name}: input ${i} (seed ${SEED}) escaped as ${(err as Error)?.name}: ${(err as Error)?.message}\n${Buffer.from(input).toString('hex').slice(0, 400)}`);
      }
      outcomes.refused++;
    }
  }
  assert.ok(outcomes.refused > rounds / 10, `${name}: mutations were refused (${JSON.stringify(outcomes)})`);
  return outcomes;
}

test('ok: mutated CSRs, OCSP requests, certificates, bundles and timestamp queries: a value or a PKI_ error, never anything else', { timeout: 180_000 }, async () => {
  const files = scratch();
  try {
    const d = files.dir;
    runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/k.pem`, '-subj', '/C=VN/O=Sở TT&TT/CN=Lò Văn Minh', '-utf8', '-outform', 'DER', '-out', `${d}/req.der`]);
    runTool('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${d}/k2.pem`, '-subj', '/CN=rsa', '-outform', 'DER', '-out', `${d}/req2.der`]);
    const { root, issuing } = await createTestHierarchy();
    const leaf = await issueTestDevice(issuing);
    files.write('issuing.pem', issuing.certificate.toString('pem'));
    files.write('leaf.pem', leaf.toString('pem'));
    runTool('openssl', ['ocsp', '-issuer', `${d}/issuing.pem`, '-cert', `${d}/leaf.pem`, '-reqout', `${d}/ocsp.der`]);
    runTool('openssl', ['ts', '-query', '-data', `${d}/leaf.pem`, '-sha256', '-cert', '-out', `${d}/q.tsq`]);
    runTool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', `${d}/issuing.pem`, '-certfile', `${d}/leaf.pem`, '-outform', 'DER', '-out', `${d}/b.p7b`]);
    const read = (name: string) => new Uint8Array(readFileSync(`${d}/${name}`));

    const csrs = await fuzz('CSR', [read('req.der'), read('req2.der')], (b) => parseCsr(b));
    await fuzz('OCSP request', [read('ocsp.der')], (b) => parseOcspRequest(b));
    await fuzz('certificate', [new Uint8Array(root.certificate.rawData), new Uint8Array(leaf.rawData), read('b.p7b')], (b) => readCertificates(b));
    await fuzz('certificate (PEM)', [new Uint8Array(leaf.rawData)], (b) => readCertificates(toPem(b, 'CERTIFICATE')), ROUNDS / 4);
    await fuzz('timestamp query', [read('q.tsq')], (b) => parseTimestampQuery(b));
    assert.ok(csrs.returned + csrs.refused >= ROUNDS, 'every round ran');
  } finally {
    files.remove();
  }
});

test('ok: mutated queries to the TSA always get a TimeStampResp back; mutated replies, CRLs and OCSP answers are never believed', { timeout: 180_000 }, async () => {
  const files = scratch();
  try {
    const d = files.dir;
    const { issuing } = await createTestHierarchy('http://ca.test');
    const leaf = await issueTestDevice(issuing);
    const tsa = await createTimestampAuthority(issuing, { commonName: 'TSA', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - 60_000) });
    files.write('leaf.pem', leaf.toString('pem'));
    runTool('openssl', ['ts', '-query', '-data', `${d}/leaf.pem`, '-sha256', '-cert', '-out', `${d}/q.tsq`]);
    const query = new Uint8Array(readFileSync(`${d}/q.tsq`));
    const random = prng(SEED);
    for (let i = 0; i < ROUNDS / 4; i++) {
      const reply = await respondToTimestampQuery(tsa, mutate(query, random), { now: new Date() });
      assert.doesNotThrow(() => parseTimestampResponse(reply), `reply ${i} is a TimeStampResp`);
    }
    const granted = await respondToTimestampQuery(tsa, query, { now: new Date() });
    await fuzz('timestamp reply', [granted], (b) => parseTimestampResponse(b), ROUNDS / 2);

    // CRLs and OCSP answers reach us from the network: a mutated one is a problem noted, never a crash or a verdict.
    const now = new Date();
    const crl = await buildCrl(issuing, { number: 3, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000), revoked: [{ serial: leaf.serialNumber, revokedAt: now, reason: 'keyCompromise' }] });
    let body = crl;
    let ocspBody: Uint8Array | undefined;
    const checker = () => new RevocationChecker({
      fetch: async (request) => {
        if (!request.url.endsWith('/ocsp')) return body;
        return ocspBody ?? buildOcspResponse(issuing, parseOcspRequest(request.body!), { producedAt: now, nextUpdate: new Date(now.getTime() + 3_600_000), statusOf: () => ({ status: 'revoked', revokedAt: now, reason: 'keyCompromise' }) });
      },
    });
    const sampleOcsp = await buildOcspResponse(issuing, parseOcspRequest(await (async () => {
      let captured: Uint8Array | undefined;
      await new RevocationChecker({ fetch: async (r) => { captured ??= r.body; throw new Error('capture'); } }).check(leaf, issuing.certificate);
      return captured!;
    })()), { producedAt: now, nextUpdate: new Date(now.getTime() + 3_600_000), statusOf: () => ({ status: 'good' }) });
    let believedGood = 0;
    for (let i = 0; i < ROUNDS / 8; i++) {
      body = mutate(crl, random);
      ocspBody = mutate(sampleOcsp, random);
      const result = await checker().check(leaf, issuing.certificate);
      // The CRL says revoked and the OCSP answer was for another request (its nonce is not ours): a mutation may
      // break either, but must never turn the certificate good.
      if (result.status === 'good') believedGood++;
    }
    assert.equal(believedGood, 0, 'no mutated answer made a revoked certificate good');
  } finally {
    files.remove();
  }
});
