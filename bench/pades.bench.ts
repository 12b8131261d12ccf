// bench:pades — PAdES signatures per second on a 1-page, a 100-page and a 10 MiB PDF, beside the same work by
// @libpdf/core's own sign(), by @signpdf/signpdf with its pdf-lib placeholder, and the ceiling (SHA-256 of the
// file plus one RSA-2048 signature with node:crypto); then full validations per second of a two-signature B-LT
// document beside pdfsig (poppler, our root trusted through an NSS database) on the same file. Everything runs
// on one core (taskset), RSA-2048 keys in software for every signer.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign as rsaSign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CryptoKeySigner, PDF, rgb } from '@libpdf/core';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { crypto, toPem } from '../src/pki/index.ts';
import { signPdf } from '../src/pades/sign.ts';
import { localTimestampSource } from '../src/pades/timestamp.ts';
import { testPki, testSigner } from '../src/pades/test-fixtures.ts';
import { validate } from '../src/pades/validate/validate.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
spawnSync('taskset', ['-a', '-cp', '0', String(process.pid)]);
const dir = mkdtempSync(join(tmpdir(), 'congvan-bench-pades-'));
const file = (name: string) => join(dir, name);

/** Runs `work` again and again for SECONDS (after a short warm-up) and returns operations per second */
async function rate(work: () => unknown): Promise<number> {
  const warm = performance.now();
  while (performance.now() - warm < 300) await work();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    await work();
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

async function documents(): Promise<Record<string, Uint8Array>> {
  const make = async (pages: number, image?: Uint8Array) => {
    const pdf = PDF.create();
    for (let i = 0; i < pages; i++) {
      const page = pdf.addPage({ size: 'a4' });
      page.drawText(`Cong van so 296/UBND-VHTT - trang ${i + 1}`, { x: 72, y: 760, size: 13, color: rgb(0, 0, 0) });
      if (image && i === 0) page.drawImage(pdf.embedPng(image), { x: 72, y: 100, width: 450, height: 450 });
    }
    return pdf.save();
  };
  // Noise does not compress: about 10 MiB of image data in the file
  const side = 1870;
  const noise = new PNG({ width: side, height: side, colorType: 2 });
  noise.data.set(randomBytes(noise.data.length));
  for (let i = 3; i < noise.data.length; i += 4) noise.data[i] = 255;
  return { '1 page': await make(1), '100 pages': await make(100), '10 MiB': await make(1, PNG.sync.write(noise, { colorType: 2 })) };
}

const table: string[][] = [];
const row = (work: string, ours: number, peers: [string, number][]) =>
  table.push([work, ours.toFixed(0), ...peers.map(([name, r]) => `${name} ${r.toFixed(0)}/s (${(ours / r).toFixed(2)}×)`)]);

try {
  // RSA all the way: @signpdf's PKCS#12 reader (node-forge) cannot read an ECDSA CA certificate
  const pki = await testPki({}, 'http://127.0.0.1:9', 'RSA-2048');
  const signer = await testSigner(pki.issuing, 'Lò Văn Minh', 'RSA-2048');
  // The same key and certificate for every library
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', signer.privateKey!));
  const certificateDer = new Uint8Array(signer.certificate.rawData);
  writeFileSync(file('key.pem'), `${toPem(pkcs8, 'PRIVATE KEY')}\n`);
  writeFileSync(file('cert.pem'), `${signer.certificate.toString('pem')}\n${pki.issuing.certificate.toString('pem')}\n`);
  const p12 = spawnSync('openssl', ['pkcs12', '-export', '-inkey', file('key.pem'), '-in', file('cert.pem'), '-passout', 'pass:bench', '-out', file('s.p12')]);
  if (p12.status !== 0) throw new Error(p12.stderr.toString());
  const p12Bytes = (await import('node:fs')).readFileSync(file('s.p12'));
  const libpdfSigner = new CryptoKeySigner(await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']), certificateDer, 'RSA', 'RSASSA-PKCS1-v1_5', [new Uint8Array(pki.issuing.certificate.rawData)]);
  const signpdf = new SignPdf();
  const nodeKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });

  const docs = await documents();
  // BENCH_DOCS="10 MiB" runs one document only
  for (const [name, bytes] of Object.entries(docs).filter(([n]) => !process.env.BENCH_DOCS || process.env.BENCH_DOCS.split(',').includes(n))) {
    const ours = await rate(() => signPdf(bytes, { signer, signingTime: new Date() }));
    const libpdf = await rate(async () => (await PDF.load(bytes)).sign({ signer: libpdfSigner }));
    const withSignpdf = await rate(async () => {
      const doc = await PDFDocument.load(bytes);
      pdflibAddPlaceholder({ pdfDoc: doc, reason: 'bench', contactInfo: '', name: 'bench', location: '' });
      // Its signer reads the PKCS#12 inside every sign() and consumes its buffer: one per signature, as it must be used
      return signpdf.sign(Buffer.from(await doc.save({ useObjectStreams: false })), new P12Signer(Buffer.from(p12Bytes), { passphrase: 'bench' }));
    });
    const ceiling = await rate(() => rsaSign('sha256', createHash('sha256').update(bytes).digest(), nodeKey));
    row(`sign, ${name} (${(bytes.length / 1024).toFixed(0)} KiB)`, ours, [['@libpdf/core sign()', libpdf], ['@signpdf + pdf-lib', withSignpdf], ['ceiling', ceiling]]);
  }

  // Validation: a two-signature B-LT document, revocation data embedded, our root trusted
  const common = { signingTime: new Date(), timestamp: localTimestampSource(pki.tsa), validation: { trustStore: pki.trustStore, fetch: pki.fetch } };
  const once = await signPdf(docs['1 page']!, { ...common, signer, level: 'B-LT' });
  const twice = await signPdf(once, { ...common, signer: await testSigner(pki.issuing, 'Nguyễn Thị Hoa', 'RSA-2048'), level: 'B-LT' });
  const check = await validate(twice, pki.trustStore);
  if (!check.valid) throw new Error(`the bench document does not validate: ${JSON.stringify(check.signatures.map((s) => s.reason.vi))}`);
  writeFileSync(file('two.pdf'), twice);
  spawnSync('mkdir', ['-p', file('nss')]);
  spawnSync('certutil', ['-N', '-d', `sql:${file('nss')}`, '--empty-password']);
  writeFileSync(file('root.pem'), pki.root.certificate.toString('pem'));
  spawnSync('certutil', ['-A', '-d', `sql:${file('nss')}`, '-n', 'root', '-t', 'CT,C,C', '-i', file('root.pem')]);
  const poppler = spawnSync('pdfsig', ['-nssdir', `sql:${file('nss')}`, '-no-ocsp', file('two.pdf')], { encoding: 'utf8' });
  if ((poppler.stdout.match(/Signature is Valid/g) ?? []).length !== 2) throw new Error(`pdfsig does not agree: ${poppler.stdout}`);
  const ours = await rate(() => validate(twice, pki.trustStore));
  const pdfsig = await rate(() => spawnSync('taskset', ['-c', '0', 'pdfsig', '-nssdir', `sql:${file('nss')}`, '-no-ocsp', file('two.pdf')]));
  const pdfsigIntegrity = await rate(() => spawnSync('taskset', ['-c', '0', 'pdfsig', '-nocert', file('two.pdf')]));
  row('validate, 2 signatures B-LT, full', ours, [['pdfsig (NSS trust)', pdfsig], ['pdfsig -nocert', pdfsigIntegrity]]);

  console.log(`bench:pades — ${SECONDS} s per figure, one core (CPU 0), RSA-2048 in software; operations per second, ours first, then each peer with our ratio to it`);
  for (const r of table) console.log(`  ${r[0]!.padEnd(42)} ${r[1]!.padStart(6)}/s   ${r.slice(2).join('   ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
