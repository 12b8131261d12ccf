/**
 * Mutated DER into every parser of the engine, and into the office's OCSP responder. The property: each call
 * returns, or throws one of our coded PKI_ errors; nothing else escapes, nothing hangs (the test timeout bounds
 * it). Deterministic: the seed is printed; FUZZ_SEED replays a run, FUZZ_ROUNDS makes it longer or shorter.
 * CRLs have no parser of their own: they are read inside RevocationChecker, fuzzed here through check().
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { demoOffice } from '../../test/helpers/demo-office.ts';
import { openTestDb } from '../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { consoleOperator, userOperator } from '../office/pki/index.ts';
import { isCodedError } from '../shared/coded-error.ts';
import { parseCsr } from './ca.ts';
import { buildCrl } from './crl.ts';
import { pkijs } from './crypto.ts';
import { bufferOf, MAX_DER_BYTES, toPem } from './der.ts';
import { exportEncryptedKey, generateKeyPair, importEncryptedKey } from './keys.ts';
import { buildOcspResponse, parseOcspRequest } from './ocsp.ts';
import { RevocationChecker } from './revocation-check.ts';
import { createTestHierarchy, issueTestDevice } from './test-ca.ts';
import { MAX_BUNDLE_BYTES, readCertificate, readCertificates } from './trust-store.ts';
import { createTimestampAuthority, parseTimestampQuery, parseTimestampResponse, respondToTimestampQuery } from './tsa.ts';
import { prng } from '../../test/helpers/prng.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125) >>> 0;
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 2000);
const TIMEOUT = 120_000;
console.log(`# fuzz: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS} (set both to replay this run)`);


/** Each parser gets its own stream, so adding one does not change the inputs of the others. */
const streamFor = (name: string) => prng([...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), SEED ^ 0x811c9dc5));

interface Header { readonly at: number; readonly lengthAt: number; readonly lengthBytes: number }

/** The TLV headers of a DER value: where each length field is, to corrupt real ones rather than random bytes. */
function headersOf(der: Uint8Array): Header[] {
  const found: Header[] = [];
  const walk = (start: number, end: number, depth: number) => {
    let at = start;
    while (at < end && found.length < 4096 && depth < 64) {
      const tag = der[at]!;
      let lengthAt = at + 1;
      if ((tag & 0x1f) === 0x1f) while (lengthAt < end && der[lengthAt]! & 0x80) lengthAt++;
      if ((tag & 0x1f) === 0x1f) lengthAt++;
      const first = der[lengthAt];
      if (first === undefined) return;
      const lengthBytes = first & 0x80 ? 1 + (first & 0x7f) : 1;
      if (first === 0x80 || lengthBytes > 5) return;
      let length = first & 0x80 ? 0 : first;
      for (let i = 1; i < lengthBytes; i++) length = length * 256 + der[lengthAt + i]!;
      const content = lengthAt + lengthBytes;
      if (content + length > end) return;
      found.push({ at, lengthAt, lengthBytes });
      const encapsulates = (tag === 0x04 || tag === 0x03) && der[content + (tag === 0x03 ? 1 : 0)] === 0x30;
      if (tag & 0x20) walk(content, content + length, depth + 1);
      else if (encapsulates) walk(content + (tag === 0x03 ? 1 : 0), content + length, depth + 1);
      at = content + length;
    }
  };
  walk(0, der.length, 0);
  return found;
}

const HOSTILE_LENGTHS: readonly number[][] = [
  [0x80], [0x84, 0xff, 0xff, 0xff, 0xff], [0x84, 0x7f, 0xff, 0xff, 0xff], [0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0xff], [0x00], [0x81, 0x00], [0x84, 0, 0, 0, 1], [0x83, 0x01, 0x00, 0x00],
];

/** A SEQUENCE header with a definite length, shortest form. */
const sequenceHeader = (length: number): number[] =>
  length < 0x80 ? [0x30, length] : length < 0x100 ? [0x30, 0x81, length] : length < 0x10000 ? [0x30, 0x82, length >> 8, length & 0xff] : [0x30, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];

/** `depth` SEQUENCEs, each holding the next, around `inner`: well-formed, just deep. */
function nested(depth: number, inner: Uint8Array = new Uint8Array(0)): Uint8Array {
  const headers: number[][] = [];
  let length = inner.length;
  for (let i = 0; i < depth; i++) {
    headers.push(sequenceHeader(length));
    length += headers[i]!.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = depth - 1; i >= 0; i--) {
    out.set(headers[i]!, at);
    at += headers[i]!.length;
  }
  out.set(inner, at);
  return out;
}

function mutate(seed: Uint8Array, random: () => number, headers = headersOf(seed)): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const bytes = Uint8Array.from(seed);
  switch (pick(11)) {
    case 0: { for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)]! ^= 1 << pick(8); return bytes; }
    case 1: { for (let i = 0, n = 1 + pick(4); i < n; i++) bytes[pick(bytes.length)] = [0x00, 0xff, 0x80, 0x7f, 0x30, pick(256)][pick(6)]!; return bytes; }
    case 2: return bytes.subarray(0, pick(bytes.length));
    case 3: return Uint8Array.from([...bytes, ...Array.from({ length: 1 + pick(64) }, () => pick(256))]);
    case 4: case 5: { // a real length field says something else: huge, indefinite, non-minimal, off by a little
      const h = headers[pick(headers.length)];
      if (!h) return bytes;
      const original = bytes.subarray(h.lengthAt, h.lengthAt + h.lengthBytes);
      const last = original[original.length - 1]!;
      const replacement = pick(3) === 0 ? [...original.subarray(0, -1), (last + (pick(2) ? 1 : 255)) & 0xff] : HOSTILE_LENGTHS[pick(HOSTILE_LENGTHS.length)]!;
      return Uint8Array.from([...bytes.subarray(0, h.lengthAt), ...replacement, ...bytes.subarray(h.lengthAt + h.lengthBytes)]);
    }
    case 6: { // a block moved elsewhere
      const from = pick(bytes.length);
      const len = pick(Math.min(64, bytes.length - from));
      const to = pick(bytes.length);
      const copy = Array.from(bytes);
      copy.splice(to, 0, ...copy.splice(from, len));
      return Uint8Array.from(copy);
    }
    case 7: { // one inner value repeated many times, or swapped for a copy of another
      const a = headers[pick(headers.length)];
      if (!a) return bytes;
      const end = a.lengthAt + a.lengthBytes + lengthAt(bytes, a);
      const value = Array.from(bytes.subarray(a.at, end));
      const copies = 1 + pick(pick(2) ? 4 : 400);
      return Uint8Array.from([...bytes.subarray(0, end), ...Array.from({ length: copies }, () => value).flat(), ...bytes.subarray(end)]);
    }
    case 8: return nested(1 + pick(pick(2) ? 8 : 3000), bytes); // deep but well-formed wrapping
    case 9: { // a tag changed (class, constructed bit, number)
      const h = headers[pick(headers.length)];
      if (h) bytes[h.at] = [bytes[h.at]! ^ 0x20, bytes[h.at]! ^ 0x80, bytes[h.at]! ^ 0x40, pick(256), 0x1f][pick(5)]!;
      return bytes;
    }
    default: { const at = pick(bytes.length); return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + pick(16))]); }
  }
}

function lengthAt(bytes: Uint8Array, h: Header): number {
  const first = bytes[h.lengthAt]!;
  if (!(first & 0x80)) return first;
  let length = 0;
  for (let i = 1; i < h.lengthBytes; i++) length = length * 256 + bytes[h.lengthAt + i]!;
  return length;
}

/** Inputs no mutation of a valid one would make: deep nesting, indefinite and huge lengths, sizes at the limits. */
const hostileCache = new Map<number, Uint8Array[]>();
function hostile(limit = MAX_DER_BYTES): Uint8Array[] {
  let made = hostileCache.get(limit);
  if (!made) hostileCache.set(limit, made = makeHostile(limit));
  return made;
}

function makeHostile(limit: number): Uint8Array[] {
  const justOver = new Uint8Array(limit + 1);
  justOver.set([0x30, 0x83, (limit - 4) >> 16, ((limit - 4) >> 8) & 0xff, (limit - 4) & 0xff]);
  const atLimit = new Uint8Array(limit);
  atLimit.set([0x30, 0x83, (limit - 5) >> 16, ((limit - 5) >> 8) & 0xff, (limit - 5) & 0xff, 0x04, 0x83, (limit - 10) >> 16, ((limit - 10) >> 8) & 0xff, (limit - 10) & 0xff]);
  return [
    new Uint8Array(20_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)), // 10,000 nested indefinite SEQUENCEs, no end-of-contents
    Uint8Array.from([...new Uint8Array(20_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)), ...new Uint8Array(20_000)]), // ... and with them
    nested(10_000), // 10,000 nested SEQUENCEs with exact lengths (about 40 KB, under the limit)
    nested(10_000, Uint8Array.from([0x02, 0x01, 0x01])),
    Uint8Array.from(Array.from({ length: 5000 }, () => [0x30, 0x82, 0xff, 0xff]).flat()),
    Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]),
    Uint8Array.from([0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]),
    Uint8Array.from([0x30, 0xff, 0x02, 0x01, 0x01]),
    Uint8Array.from([0x30, 0x80, 0x02, 0x01, 0x01]),
    Uint8Array.from([0x30, 0x03, 0x02, 0x84, 0xff, 0xff, 0xff, 0xff]),
    Uint8Array.from([0x30, 0x06, 0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f]), // a tag number that never ends
    justOver, atLimit, new Uint8Array(limit + 1).fill(0x30),
    new Uint8Array(0), Uint8Array.from([0x30]), Uint8Array.from([0x30, 0x00]),
    new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'),
    new TextEncoder().encode(`-----BEGIN CERTIFICATE-----\n${'A'.repeat(limit * 2)}\n-----END CERTIFICATE-----\n`),
    new TextEncoder().encode('-----BEGIN '),
  ];
}

/**
 * The seeds carry fresh keys and signatures each run, so FUZZ_SEED replays the mutations, not the bytes: a failing
 * input is also written to a file, to be fed to the parser as is.
 */
function keep(name: string, i: number, input: unknown): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : (input as Uint8Array);
  const path = join(tmpdir(), `congvan-fuzz-${name.replace(/\W+/g, '-')}-${SEED}-${i}.bin`);
  writeFileSync(path, bytes);
  return `saved in ${path}; starts ${Buffer.from(bytes.subarray(0, 200)).toString('hex')}`;
}

interface Outcomes { returned: number; refused: number; codes: Record<string, number> }

async function fuzz<T>(t: TestContext, name: string, seeds: T[], parse: (input: T) => unknown, options: { rounds?: number; mutate?: (seed: T, random: () => number) => T; hostile?: T[] } = {}): Promise<Outcomes> {
  const rounds = options.rounds ?? ROUNDS;
  const random = streamFor(name);
  const outcomes: Outcomes = { returned: 0, refused: 0, codes: {} };
  const headers = new Map(seeds.map((s) => [s, s instanceof Uint8Array ? headersOf(s) : []]));
  const mutateOne = options.mutate ?? ((s: T) => mutate(s as Uint8Array, random, headers.get(s)) as T);
  const inputs = [...(options.hostile ?? (hostile() as T[])), ...Array.from({ length: rounds }, (_, i) => mutateOne(seeds[i % seeds.length]!, random))];
  for (const [i, input] of inputs.entries()) {
    try {
      await parse(input);
      outcomes.returned++;
    } catch (err) {
      if (!isCodedError(err) || !err.code.startsWith('PKI_')) {
        assert.fail(`${name}: input ${i} (FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}) escaped as ${(err as Error)?.name}: ${(err as Error)?.message}\n${keep(name, i, input)}`);
      }
      outcomes.refused++;
      outcomes.codes[err.code] = (outcomes.codes[err.code] ?? 0) + 1;
    }
  }
  t.diagnostic(`${name}: ${inputs.length} inputs, ${outcomes.returned} returned, refused ${JSON.stringify(outcomes.codes)}`);
  assert.ok(outcomes.refused > rounds / 10, `${name}: mutations were refused (${JSON.stringify(outcomes)})`);
  return outcomes;
}

test('ok: mutated CSRs, OCSP requests, certificates, bundles and timestamp queries: a value or a PKI_ error, never anything else', { timeout: TIMEOUT }, async (t) => {
  const files = scratch();
  try {
    const d = files.dir;
    runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/k.pem`, '-subj', '/C=VN/O=Sở TT&TT/CN=Lò Văn Minh', '-utf8', '-outform', 'DER', '-out', `${d}/req.der`]);
    runTool('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${d}/k2.pem`, '-subj', '/CN=rsa', '-addext', 'subjectAltName=email:a@b.vn', '-outform', 'DER', '-out', `${d}/req2.der`]);
    const { root, issuing } = await createTestHierarchy();
    const leaf = await issueTestDevice(issuing);
    files.write('issuing.pem', issuing.certificate.toString('pem'));
    files.write('leaf.pem', leaf.toString('pem'));
    runTool('openssl', ['ocsp', '-issuer', `${d}/issuing.pem`, '-cert', `${d}/leaf.pem`, '-reqout', `${d}/ocsp.der`]);
    runTool('openssl', ['ocsp', '-issuer', `${d}/issuing.pem`, '-sha256', '-cert', `${d}/leaf.pem`, '-cert', `${d}/issuing.pem`, '-no_nonce', '-reqout', `${d}/ocsp2.der`]);
    runTool('openssl', ['ts', '-query', '-data', `${d}/leaf.pem`, '-sha256', '-cert', '-out', `${d}/q.tsq`]);
    runTool('openssl', ['ts', '-query', '-data', `${d}/leaf.pem`, '-sha512', '-no_nonce', '-tspolicy', '1.2.3.4', '-out', `${d}/q2.tsq`]);
    runTool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', `${d}/issuing.pem`, '-certfile', `${d}/leaf.pem`, '-outform', 'DER', '-out', `${d}/b.p7b`]);
    const read = (name: string) => new Uint8Array(readFileSync(`${d}/${name}`));
    for (const name of ['req.der', 'req2.der', 'ocsp.der', 'ocsp2.der', 'q.tsq', 'q2.tsq', 'b.p7b']) assert.ok(read(name).length > 0, `openssl made ${name}`);

    const csrs = await fuzz(t, 'CSR', [read('req.der'), read('req2.der')], (b) => parseCsr(b));
    await fuzz(t, 'CSR (PEM)', [read('req.der')], (b) => parseCsr(toPem(b, 'CERTIFICATE REQUEST')), { rounds: ROUNDS / 4 });
    await fuzz(t, 'OCSP request', [read('ocsp.der'), read('ocsp2.der')], (b) => parseOcspRequest(b));
    const certificates = [new Uint8Array(root.certificate.rawData), new Uint8Array(leaf.rawData), read('b.p7b')];
    const bundleHostile = [...hostile(), ...hostile(MAX_BUNDLE_BYTES).slice(-8)];
    await fuzz(t, 'certificates', certificates, (b) => readCertificates(b), { hostile: bundleHostile });
    await fuzz(t, 'certificate', certificates, (b) => readCertificate(b), { rounds: ROUNDS / 2 });
    await fuzz(t, 'certificate (PEM)', [new Uint8Array(leaf.rawData), read('b.p7b')], (b) => readCertificates(toPem(b, b === certificates[2] ? 'PKCS7' : 'CERTIFICATE')), { rounds: ROUNDS / 4 });
    await fuzz(t, 'timestamp query', [read('q.tsq'), read('q2.tsq')], (b) => parseTimestampQuery(b));
    assert.ok(csrs.returned + csrs.refused >= ROUNDS, 'every round ran');
  } finally {
    files.remove();
  }
});

test('ok: mutated encrypted private keys: a CryptoKey or a PKI_ error (a wrong key type was a DOMException before)', { timeout: TIMEOUT }, async (t) => {
  const PASS = 'cum-tu-bao-ve-khoa-CA-2026';
  const ec = exportEncryptedKey((await generateKeyPair('ECDSA-P256')).privateKey, PASS);
  const rsa = exportEncryptedKey((await generateKeyPair('RSA-2048')).privateKey, PASS);
  const derOf = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
  const seeds = [derOf(ec), derOf(rsa)];
  const other = (type: 'ed25519' | 'x25519' | 'dsa' | 'ec', options: object) =>
    generateKeyPairSync(type as 'ed25519', options).privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASS }) as string;
  const wrongKinds = [other('ed25519', {}), other('x25519', {}), other('dsa', { modulusLength: 1024 }), other('ec', { namedCurve: 'P-384' }), other('ec', { namedCurve: 'secp256k1' })];
  const plain = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const random = streamFor('key text');
  const keyHostile = [...hostile().map((b) => toPem(b, 'ENCRYPTED PRIVATE KEY')), ...wrongKinds, plain, ec.replace(/[A-Za-z]/, '*'), '', 'garbage', ec.slice(0, 40)];
  for (const pem of wrongKinds) await assert.rejects(importEncryptedKey(pem, PASS), { code: 'PKI_KEY_ALGORITHM_UNSUPPORTED' });
  await assert.rejects(importEncryptedKey(ec, 'wrong'), { code: 'PKI_KEY_PASSPHRASE_WRONG' });
  // Mutated DER re-armoured, and every fourth input a mutation of the PEM text itself.
  await fuzz(t, 'encrypted key', seeds.map((s) => toPem(s, 'ENCRYPTED PRIVATE KEY')), (pem) => importEncryptedKey(pem, PASS), {
    rounds: ROUNDS / 2,
    hostile: keyHostile,
    mutate: (pem) => {
      if (random() < 0.25) {
        const chars = [...pem];
        for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) chars[Math.floor(random() * chars.length)] = 'A+/=-\n*'[Math.floor(random() * 7)]!;
        return chars.join('');
      }
      return toPem(mutate(derOf(pem), random), 'ENCRYPTED PRIVATE KEY');
    },
  });
});

test('ok: mutated queries to the TSA always get a TimeStampResp back; mutated replies, CRLs and OCSP answers are never believed', { timeout: TIMEOUT }, async (t) => {
  const files = scratch();
  try {
    const d = files.dir;
    const { issuing } = await createTestHierarchy('http://ca.test');
    const leaf = await issueTestDevice(issuing);
    const tsa = await createTimestampAuthority(issuing, { commonName: 'TSA', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - 60_000) });
    files.write('leaf.pem', leaf.toString('pem'));
    runTool('openssl', ['ts', '-query', '-data', `${d}/leaf.pem`, '-sha256', '-cert', '-out', `${d}/q.tsq`]);
    const query = new Uint8Array(readFileSync(`${d}/q.tsq`));
    const random = streamFor('TSA');
    const headers = headersOf(query);
    for (const [i, input] of [...hostile(), ...Array.from({ length: ROUNDS / 4 }, () => mutate(query, random, headers))].entries()) {
      const reply = await respondToTimestampQuery(tsa, input, { now: new Date() });
      assert.doesNotThrow(() => parseTimestampResponse(reply), `reply ${i} (FUZZ_SEED=${SEED}) is a TimeStampResp`);
    }
    const granted = await respondToTimestampQuery(tsa, query, { now: new Date() });
    await fuzz(t, 'timestamp reply', [granted], (b) => parseTimestampResponse(b), { rounds: ROUNDS / 2 });

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
    const crlHeaders = headersOf(crl);
    const ocspHeaders = headersOf(sampleOcsp);
    for (let i = 0; i < ROUNDS / 8; i++) {
      body = mutate(crl, random, crlHeaders);
      ocspBody = mutate(sampleOcsp, random, ocspHeaders);
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

const SUBJECT = { profile: 'individual' as const, fullName: 'Lò Văn Minh', agency: 'Sở Thông tin và Truyền thông', province: 'Lai Châu', email: 'minhlv@laichau.gov.vn', idNumber: { kind: 'CCCD' as const, value: '012345678901' } };
const SUBJ_ARG = '/C=VN/ST=Lai Châu/O=Sở Thông tin và Truyền thông/CN=Lò Văn Minh/UID=CCCD:012345678901';

test('ok: the office OCSP responder never throws: garbage gets malformedRequest, anything it can read a signed answer', { timeout: TIMEOUT }, async (t) => {
  const db = await openTestDb('sqlite', t);
  assert.ok(db);
  const files = scratch();
  try {
    const d = files.dir;
    const { office, actorOf } = await demoOffice(db, new Date());
    await office.pki.init(consoleOperator('fuzz'), { passphrase: 'cum-tu-bao-ve-khoa-CA-2026', baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
    assert.equal(runTool('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/k.pem`, '-subj', SUBJ_ARG, '-utf8', '-out', `${d}/req.pem`]).code, 0);
    const issued = await office.pki.issue(userOperator(await actorOf('stttt.ca')), { csr: readFileSync(`${d}/req.pem`, 'utf8'), profile: 'individual', subject: SUBJECT, years: 1 });
    files.write('leaf.pem', issued.pem);
    files.write('issuing.pem', toPem(await office.pki.responders.certificate('issuing'), 'CERTIFICATE'));
    files.write('root.pem', toPem(await office.pki.responders.certificate('root'), 'CERTIFICATE'));
    runTool('openssl', ['ocsp', '-issuer', `${d}/issuing.pem`, '-cert', `${d}/leaf.pem`, '-no_nonce', '-reqout', `${d}/q.der`]);
    runTool('openssl', ['ocsp', '-issuer', `${d}/issuing.pem`, '-cert', `${d}/leaf.pem`, '-reqout', `${d}/qn.der`]);
    runTool('openssl', ['ocsp', '-issuer', `${d}/root.pem`, '-sha256', '-cert', `${d}/issuing.pem`, '-no_nonce', '-reqout', `${d}/qr.der`]);
    const seeds = ['q.der', 'qn.der', 'qr.der'].map((name) => new Uint8Array(readFileSync(`${d}/${name}`)));
    const statusOf = (der: Uint8Array) => pkijs.OCSPResponse.fromBER(bufferOf(der)).responseStatus.valueBlock.valueDec;
    assert.equal(statusOf(await office.pki.responders.ocsp('issuing', seeds[0]!)), 0, 'the seed itself is answered');

    const random = streamFor('OCSP responder');
    const headers = seeds.map(headersOf);
    const statuses: Record<number, number> = {};
    const inputs = [...hostile(), ...Array.from({ length: ROUNDS / 2 }, (_, i) => mutate(seeds[i % seeds.length]!, random, headers[i % seeds.length]))];
    for (const [i, input] of inputs.entries()) {
      const caId = i % 7 === 6 ? 'root' : 'issuing';
      const where = () => `input ${i} (FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}) to ${caId}: ${keep('OCSP responder', i, input)}`;
      let answer: Uint8Array;
      try {
        answer = await office.pki.responders.ocsp(caId, input);
      } catch (err) {
        assert.fail(`the responder threw ${(err as Error)?.name}: ${(err as Error)?.message} on ${where()}`);
      }
      const status = statusOf(answer);
      statuses[status] = (statuses[status] ?? 0) + 1;
      let readable = true;
      try {
        parseOcspRequest(input);
      } catch {
        readable = false;
      }
      // The message is built only on failure: it writes the input to a file.
      if (!readable && status !== 1) assert.fail(`unreadable request answered ${status}, not malformedRequest (1), on ${where()}`);
      if (readable && ![0, 6].includes(status)) assert.fail(`readable request answered ${status}, not successful (0) or unauthorized (6), on ${where()}`);
    }
    t.diagnostic(`OCSP responder: ${inputs.length} inputs, response statuses ${JSON.stringify(statuses)} (0 successful, 1 malformedRequest, 6 unauthorized)`);
    assert.ok((statuses[1] ?? 0) > ROUNDS / 20, 'garbage was refused as malformedRequest');
  } finally {
    files.remove();
    await db.close();
  }
});
