// bench:pki — certificates issued, OCSP answers and timestamp tokens per second, each beside openssl doing the
// same work in the same run: `openssl ca` over the same CSRs, `openssl ocsp` as a responder over an index of the
// same certificate, `openssl ts -reply` over the same query.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueCertificate } from '../src/pki/ca.ts';
import { x509 } from '../src/pki/crypto.ts';
import { toPem } from '../src/pki/der.ts';
import { generateKeyPair } from '../src/pki/keys.ts';
import { PROFILES } from '../src/pki/profiles.ts';
import { createTestHierarchy } from '../src/pki/test-ca.ts';
import { createTimestampAuthority, respondToTimestampQuery } from '../src/pki/tsa.ts';
import { runCli, spawnOffice } from '../test/helpers/spawn-office.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CERTS = Number(process.env.BENCH_CERTS ?? 1000);
const CONNECTIONS = 10;
const dir = mkdtempSync(join(tmpdir(), 'congvan-bench-pki-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
  return r.stdout;
};
const rate = (count: number, ms: number) => (count * 1000) / ms;
const table: [string, string, string, string][] = [];
const record = (work: string, ours: number, peer: number, note: string) => table.push([work, ours.toFixed(0), peer.toFixed(0), `${(ours / peer).toFixed(2)}×  ${note}`]);

async function issuance() {
  const now = new Date();
  const { issuing } = await createTestHierarchy('http://127.0.0.1:9', now);
  const subject = { profile: 'device' as const, deviceName: 'Máy chủ', agency: 'Sở TT&TT', province: 'Lai Châu' };
  const name = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['Sở TT&TT'] }, { '2.5.4.3': ['Máy chủ'] }]);
  const csrs: Uint8Array[] = [];
  for (let i = 0; i < CERTS; i++) {
    const keys = await generateKeyPair('ECDSA-P256');
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams });
    csrs.push(new Uint8Array(csr.rawData));
  }
  const notAfter = new Date(now.getTime() + 365 * 86_400_000);
  const issue = (csr: Uint8Array) => issueCertificate(issuing, { csr, profile: PROFILES.device, subject, kind: 'new', notBefore: now, notAfter });
  await Promise.all(csrs.slice(0, 50).map(issue)); // warm-up
  let t = performance.now();
  for (const csr of csrs) await issue(csr);
  const sequential = rate(CERTS, performance.now() - t);
  t = performance.now();
  for (let i = 0; i < csrs.length; i += 64) await Promise.all(csrs.slice(i, i + 64).map(issue));
  const concurrent = rate(CERTS, performance.now() - t);

  // The same CSRs and the same CA key through `openssl ca`, one process for the whole batch.
  const ca = join(dir, 'ca');
  mkdirSync(join(ca, 'new'), { recursive: true });
  writeFileSync(join(ca, 'index.txt'), '');
  writeFileSync(join(ca, 'serial'), '1000\n');
  writeFileSync(join(ca, 'ca.pem'), issuing.certificate.toString('pem'));
  writeFileSync(join(ca, 'ca.key'), KeyObject.from(issuing.privateKey).export({ format: 'pem', type: 'pkcs8' }) as string);
  writeFileSync(join(ca, 'ca.cnf'), [
    '[ca]', 'default_ca = d', '[d]', `dir = ${ca}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/new', 'certificate = $dir/ca.pem',
    'private_key = $dir/ca.key', 'serial = $dir/serial', 'default_md = sha256', 'policy = p', 'default_days = 365', 'unique_subject = no',
    'email_in_dn = no', 'x509_extensions = ext', 'utf8 = yes', '[p]', 'commonName = supplied', 'organizationName = optional', 'countryName = optional', 'stateOrProvinceName = optional',
    '[ext]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment', 'extendedKeyUsage = clientAuth',
    'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', 'crlDistributionPoints = URI:http://127.0.0.1:9/pki/issuing/crl',
    'authorityInfoAccess = OCSP;URI:http://127.0.0.1:9/pki/issuing/ocsp',
  ].join('\n'));
  const paths = csrs.map((csr, i) => { const p = join(ca, `r${i}.csr`); writeFileSync(p, toPem(csr, 'CERTIFICATE REQUEST')); return p; });
  t = performance.now();
  openssl('ca', '-batch', '-notext', '-config', join(ca, 'ca.cnf'), '-out', join(ca, 'all.pem'), '-infiles', ...paths);
  const peer = rate(CERTS, performance.now() - t);
  record(`certificates issued, one at a time (${CERTS})`, sequential, peer, 'goal 500/s with software keys');
  record(`certificates issued, 64 at once (${CERTS})`, concurrent, peer, '');
}

interface Load { rps: number; p95: number; failed: number }

/** One POST over node:http, reusing connections when the server keeps them open (openssl's responder does not). */
function post(agent: Agent, url: URL, body: Buffer, type: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': type, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** A closed loop of CONNECTIONS clients, the same driver for both servers. */
async function drive(target: string, body: Buffer, type: string, seconds: number): Promise<Load> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const times: number[] = [];
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        if ((await post(agent, url, body, type)) === 200) times.push(performance.now() - t); else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  agent.destroy();
  times.sort((x, y) => x - y);
  return { rps: times.length / seconds, p95: times[Math.floor(times.length * 0.95)] ?? NaN, failed };
}

/** The bytes of one answer, so the run can show openssl reading it as a good answer for the certificate. */
async function sampleAnswer(target: string, body: Buffer, type: string, out: string): Promise<string> {
  const res = await fetch(target, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type } });
  writeFileSync(out, new Uint8Array(await res.arrayBuffer()));
  return /Cert Status: (\w+)/.exec(openssl('ocsp', '-respin', out, '-resp_text', '-noverify'))?.[1] ?? 'unreadable';
}

async function load(url: string, body: Buffer, type: string): Promise<Load> {
  await drive(url, body, type, 2);
  const result = await drive(url, body, type, SECONDS);
  if (result.failed > 0) console.warn(`  ${url}: ${result.failed} failed requests`);
  return result;
}

async function ocsp() {
  const data = file('office');
  const env = { CONGVAN_CA_PASSPHRASE: 'bench-pki-passphrase-2026', CONGVAN_DEMO_PASSWORD: 'bench-password-2026' };
  const init = await runCli(['ca', 'init', '--data', data, '--key', 'ECDSA-P256', '--json'], env);
  if (init.code !== 0) throw new Error(init.stderr);
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('leaf.key'), '-subj', '/C=VN/ST=Lai Châu/O=Sở TT&TT/CN=Máy chủ', '-utf8', '-out', file('leaf.csr'));
  const subject = JSON.stringify({ profile: 'device', deviceName: 'Máy chủ', agency: 'Sở TT&TT', province: 'Lai Châu' });
  const issued = await runCli(['ca', 'issue', '--data', data, '--csr', file('leaf.csr'), '--profile', 'device', '--subject', subject, '--out', file('leaf.pem')], env);
  if (issued.code !== 0) throw new Error(issued.stderr);
  const office = await spawnOffice(['--data', data], env);
  try {
    spawnSync('taskset', ['-a', '-cp', '0', String(office.pid)]);
    writeFileSync(file('issuing.der'), new Uint8Array(await (await fetch(`${office.url}/pki/issuing/cert`)).arrayBuffer()));
    openssl('x509', '-inform', 'DER', '-in', file('issuing.der'), '-out', file('issuing.pem'));
    openssl('ocsp', '-issuer', file('issuing.pem'), '-cert', file('leaf.pem'), '-no_nonce', '-reqout', file('q.der'));
    openssl('ocsp', '-issuer', file('issuing.pem'), '-cert', file('leaf.pem'), '-reqout', file('qn.der'));
    const query = readFileSync(file('q.der'));
    const ours = await load(`${office.url}/pki/issuing/ocsp`, query, 'application/ocsp-request');
    const live = await load(`${office.url}/pki/issuing/ocsp`, readFileSync(file('qn.der')), 'application/ocsp-request');

    // openssl's responder over an index holding the same certificate, with its own delegated key pair.
    const serial = openssl('x509', '-in', file('leaf.pem'), '-noout', '-serial').trim().split('=')[1]!;
    const expiry = openssl('x509', '-in', file('leaf.pem'), '-noout', '-enddate').trim().split('=')[1]!;
    const end = new Date(expiry).toISOString().replace(/[-:T]/g, '').slice(2, 14);
    writeFileSync(file('index.txt'), `V\t${end}Z\t\t${serial}\tunknown\t/CN=Máy chủ\n`);
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('rsigner.key'), '-subj', '/CN=OCSP responder', '-days', '30', '-out', file('rsigner.pem'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const responder = spawn('taskset', ['-c', '0', 'openssl', 'ocsp', '-index', file('index.txt'), '-port', String(port), '-rsigner', file('rsigner.pem'), '-rkey', file('rsigner.key'), '-CA', file('issuing.pem')], { stdio: 'ignore' });
    await sleep(500);
    try {
      const peer = await load(`http://127.0.0.1:${port}/`, query, 'application/ocsp-request');
      const checked = [await sampleAnswer(`${office.url}/pki/issuing/ocsp`, query, 'application/ocsp-request', file('ours.der')), await sampleAnswer(`http://127.0.0.1:${port}/`, query, 'application/ocsp-request', file('peer.der'))];
      console.log(`  answers read back by openssl ocsp -respin: congvan ${checked[0]}, openssl ${checked[1]}; failed requests: congvan ${ours.failed}, openssl ${peer.failed}`);
      record('OCSP answers/s, no nonce (kept answers)', ours.rps, peer.rps, `goal ≥3×; p95 ${ours.p95.toFixed(1)} ms, openssl ${peer.p95.toFixed(1)} ms`);
      record('OCSP answers/s, with nonce (signed live)', live.rps, peer.rps, `p95 ${live.p95.toFixed(1)} ms; openssl signs every answer`);
    } finally {
      responder.kill('SIGKILL');
    }
  } finally {
    await office.stop();
  }
}

async function timestamps() {
  const now = new Date();
  const { issuing } = await createTestHierarchy('http://127.0.0.1:9', now);
  const tsa = await createTimestampAuthority(issuing, { commonName: 'TSA', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - 60_000) });
  writeFileSync(file('doc.bin'), 'Công văn số 296/UBND-VHTT');
  openssl('ts', '-query', '-data', file('doc.bin'), '-sha256', '-cert', '-out', file('q.tsq'));
  const query = new Uint8Array(readFileSync(file('q.tsq')));
  const count = CERTS;
  for (let i = 0; i < 50; i++) await respondToTimestampQuery(tsa, query, { now: new Date() });
  let t = performance.now();
  for (let i = 0; i < count; i++) await respondToTimestampQuery(tsa, query, { now: new Date() });
  const sequential = rate(count, performance.now() - t);
  t = performance.now();
  for (let i = 0; i < count; i += 64) await Promise.all(Array.from({ length: Math.min(64, count - i) }, () => respondToTimestampQuery(tsa, query, { now: new Date() })));
  const concurrent = rate(count, performance.now() - t);

  writeFileSync(file('tsa.pem'), tsa.certificate.toString('pem'));
  writeFileSync(file('tsa.key'), KeyObject.from(tsa.privateKey).export({ format: 'pem', type: 'pkcs8' }) as string);
  writeFileSync(file('tsaserial'), '01\n');
  writeFileSync(file('ts.cnf'), ['[tsa]', 'default_tsa = t', '[t]', `serial = ${file('tsaserial')}`, 'signer_digest = sha256', `default_policy = ${tsa.policy}`,
    'digests = sha256', 'accuracy = secs:1', 'ess_cert_id_alg = sha256', 'crypto_device = builtin'].join('\n'));
  const peerCount = 200;
  t = performance.now();
  for (let i = 0; i < peerCount; i++) openssl('ts', '-reply', '-config', file('ts.cnf'), '-queryfile', file('q.tsq'), '-inkey', file('tsa.key'), '-signer', file('tsa.pem'), '-out', file('r.tsr'));
  const peer = rate(peerCount, performance.now() - t);
  record(`timestamp tokens, one at a time (${count})`, sequential, peer, 'openssl ts -reply: one process per token');
  record(`timestamp tokens, 64 at once (${count})`, concurrent, peer, '');
}

// The load driver runs on CPU 1, the servers under test on CPU 0.
spawnSync('taskset', ['-cp', '1', String(process.pid)]);
try {
  await issuance();
  await ocsp();
  await timestamps();
  console.log(`bench:pki — ${CERTS} certificates/tokens, OCSP over HTTP with ${CONNECTIONS} clients (node:http) for ${SECONDS} s after a 2 s warm-up;`);
  console.log('our office and openssl ocsp pinned to CPU 0, the load driver (and the library runs) to CPU 1 (taskset); ECDSA P-256 keys in software.');
  console.log(`${'work'.padEnd(44)} ${'congvan/s'.padStart(10)} ${'openssl/s'.padStart(10)}  ratio`);
  for (const [work, ours, peer, note] of table) console.log(`${work.padEnd(44)} ${ours.padStart(10)} ${peer.padStart(10)}  ${note}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
