/**
 * Signers, documents and revocation data for the PAdES tests: individual certificates from the test CA with
 * software keys, small PDFs made by @libpdf/core, and a fetcher that answers CRL downloads from memory; a page
 * rendered by pdftoppm, to count the pixels of a colour in a rectangle.
 * Also a hand-written incremental update, which the attack tests use to change a signed file the way an
 * attacker would (no library would write those on purpose).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDF, PdfNumber, rgb } from '@libpdf/core';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { buildCrl, buildOcspResponse, createTimestampAuthority, normaliseSerial, parseOcspRequest, generateKeyPair, issueCertificate, PROFILES, TrustStore, x509, type CertificateAuthority, type KeyAlgorithm, type RevokedCertificate, type TokenKeyAlgorithm, type TokenSession } from '../pki/index.ts';
import type { RevocationFetcher } from '../pki/revocation-check.ts';
import { createTestHierarchy } from '../pki/test-ca.ts';
import { DEFAULT_FONT, type Rect } from './appearance/appearance.ts';
import { findStartXref } from './pdf/file.ts';
import { drawPng } from './appearance/draw-png.ts';

/** A signer with an individual certificate from the test CA, key in software. */
export async function testSigner(issuing: CertificateAuthority, fullName: string, algorithm: KeyAlgorithm = 'ECDSA-P256') {
  const keys = await generateKeyPair(algorithm);
  const subject = { profile: 'individual' as const, fullName, agency: 'UBND tỉnh Lai Châu', province: 'Lai Châu', email: 'vanthu@laichau.gov.vn', idNumber: { kind: 'CCCD' as const, value: '012345678901' } };
  const name = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['UBND tỉnh Lai Châu'] }, { '2.5.4.3': [fullName] }, { '0.9.2342.19200300.100.1.1': ['CCCD:012345678901'] }]);
  const signingAlgorithm = algorithm === 'ECDSA-P256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm });
  const now = new Date();
  const certificate = await issueCertificate(issuing, { csr: new Uint8Array(csr.rawData), profile: PROFILES.individual, subject, kind: 'new', notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 365 * 86_400_000) });
  return { certificate, chain: [issuing.certificate], privateKey: keys.privateKey };
}

/**
 * A key made on a token and the individual certificate the test CA issued for it, written back to the token:
 * a clerk's USB token, ready to sign.
 */
export async function certificateOnToken(session: TokenSession, issuing: CertificateAuthority, label = 'ky-so', algorithm: TokenKeyAlgorithm = 'ECDSA-P256'): Promise<x509.X509Certificate> {
  await session.generateKeyPair(label, algorithm);
  const name = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': ['UBND tỉnh Lai Châu'] }, { '2.5.4.3': ['Lò Văn Minh'] }, { '0.9.2342.19200300.100.1.1': ['CCCD:012345678901'] }]);
  const subject = { profile: 'individual' as const, fullName: 'Lò Văn Minh', agency: 'UBND tỉnh Lai Châu', province: 'Lai Châu', email: 'minhlv@laichau.gov.vn', idNumber: { kind: 'CCCD' as const, value: '012345678901' } };
  const now = new Date();
  const certificate = await issueCertificate(issuing, { csr: await session.createCsr(label, name), profile: PROFILES.individual, subject, kind: 'new', notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86_400_000) });
  await session.storeCertificate(label, certificate);
  return certificate;
}

/** An organisation's certificate (its seal key): UID carries the tax code only */
export async function testOrganisation(issuing: CertificateAuthority, agencyName = 'UBND tỉnh Lai Châu') {
  const keys = await generateKeyPair('ECDSA-P256');
  const subject = { profile: 'organisation' as const, agencyName, province: 'Lai Châu', taxCode: '6200000001' };
  const name = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.8': ['Lai Châu'] }, { '2.5.4.10': [agencyName] }, { '2.5.4.3': [agencyName] }, { '0.9.2342.19200300.100.1.1': ['MST:6200000001'] }]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  const now = new Date();
  const certificate = await issueCertificate(issuing, { csr: new Uint8Array(csr.rawData), profile: PROFILES.organisation, subject, kind: 'new', notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 365 * 86_400_000) });
  return { certificate, chain: [issuing.certificate], privateKey: keys.privateKey };
}

/** A PNG drawn by a function of (x, y) → [r, g, b, a] */
export const png = drawPng;

/** A blue handwritten-looking stroke on transparent */
export const signatureImage = () => png(300, 120, (x, y) => (Math.abs(y - (60 + 35 * Math.sin(x / 25))) < 4 ? [20, 40, 200, 255] : [0, 0, 0, 0]));

/** A red ring with a star-less centre, on transparent */
export const sealImage = () => png(200, 200, (x, y) => {
  const r = Math.hypot(x - 100, y - 100);
  return (r > 80 && r < 97) || (r < 60 && Math.abs(x - 100) < 40 && Math.abs(y - 100) < 8) ? [220, 0, 0, 255] : [0, 0, 0, 0];
});

/** A line of text on an A4 page: the text, x and y of its baseline in points from the bottom left, and its size */
export type TextLine = readonly [text: string, x: number, y: number, size: number];

/** A one-page A4 PDF with these lines in Liberation Serif, embedded as a subset (Vietnamese included) */
export async function textPdf(lines: readonly TextLine[], options: { rotate?: number } = {}): Promise<Uint8Array> {
  const pdf = PDF.create();
  const page = pdf.addPage({ size: 'a4' });
  const font = pdf.embedFont(new Uint8Array(readFileSync(DEFAULT_FONT)));
  for (const [text, x, y, size] of lines) page.drawText(text, { x, y, size, font });
  if (options.rotate) page.dict.set('Rotate', PdfNumber.of(options.rotate));
  return pdf.save({ subsetFonts: true });
}

/** The signature block of a letter signed on the chairman's behalf: the titles and the signer's printed name */
export const SIGNATURE_BLOCK: readonly TextLine[] = [['KT. CHỦ TỊCH', 380, 300, 12], ['PHÓ CHỦ TỊCH', 380, 285, 12], ['Lò Văn Minh', 385, 200, 13]];

/** An official letter's signature block: title and name in Vietnamese, with an embedded font */
export async function letterPdf(options: { rotate?: number } = {}): Promise<Uint8Array> {
  return textPdf([
    ['ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', 60, 780, 12],
    ['Số: 296/UBND-VHTT', 60, 760, 12],
    ['V/v triển khai chữ ký số chuyên dùng', 60, 740, 12],
    ...SIGNATURE_BLOCK,
  ], options);
}

/** Page 1 rendered by pdftoppm at 72 dpi (one pixel per point), as RGB rows from the top */
export function render(pdf: Uint8Array): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  const files = scratch();
  try {
    const run = runTool('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', files.write('in.pdf', pdf), join(files.dir, 'page')]);
    assert.equal(run.code, 0, run.stderr);
    const ppm = readFileSync(join(files.dir, readdirSync(files.dir).find((f) => f.endsWith('.ppm'))!));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
    const [width, height, offset] = [Number(header[1]), Number(header[2]), header[0].length];
    return { width, height, pixel: (x, y) => { const at = offset + (y * width + x) * 3; return [ppm[at]!, ppm[at + 1]!, ppm[at + 2]!]; } };
  } finally {
    files.remove();
  }
}

export const isRed = ([r, g, b]: number[]) => r! > 150 && g! < 90 && b! < 90;
export const isBlue = ([r, g, b]: number[]) => b! > 120 && r! < 110 && g! < 130;
export const isDark = ([r, g, b]: number[]) => r! < 100 && g! < 100 && b! < 100;

/** Pixels of a kind inside a rectangle given in points from the bottom left */
export function count(image: ReturnType<typeof render>, rect: Rect, kind: (p: number[]) => boolean): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(image.height - rect[3])); y < Math.min(image.height, Math.ceil(image.height - rect[1])); y++) {
    for (let x = Math.max(0, Math.floor(rect[0])); x < Math.min(image.width, Math.ceil(rect[2])); x++) if (kind(image.pixel(x, y))) n++;
  }
  return n;
}

export async function samplePdf(pages = 1, text = 'Cong van so 296/UBND-VHTT'): Promise<Uint8Array> {
  const pdf = PDF.create();
  for (let i = 0; i < pages; i++) {
    const page = pdf.addPage({ size: 'a4' });
    page.drawText(`${text} - trang ${i + 1}`, { x: 72, y: 760, size: 13, color: rgb(0, 0, 0) });
  }
  return pdf.save();
}

/** The test hierarchy with a TSA, a trust store holding its root, and CRLs (and OCSP answers when asked) for both CAs served from memory */
export async function testPki(revoked: { issuing?: RevokedCertificate[] } = {}, base = 'http://127.0.0.1:9', issuingKey: KeyAlgorithm = 'ECDSA-P256', options: { ocsp?: boolean } = {}) {
  const hierarchy = await createTestHierarchy(base, new Date(), issuingKey);
  const trustStore = new TrustStore();
  trustStore.addAnchors(hierarchy.root.certificate);
  const revokedList = revoked.issuing ?? [];
  const now = new Date();
  const spec = (list: readonly RevokedCertificate[]) => ({ number: 1, thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + 86_400_000), revoked: list });
  const fetched: string[] = [];
  const fetch: RevocationFetcher = async (request) => {
    fetched.push(`${request.method} ${request.url}`);
    if (request.method === 'POST') {
      if (!options.ocsp) throw new Error('OCSP không chạy trong thử nghiệm này');
      const ca = request.url === `${base}/pki/root/ocsp` ? hierarchy.root : hierarchy.issuing;
      const list = ca === hierarchy.issuing ? revokedList : [];
      return buildOcspResponse(ca, parseOcspRequest(request.body!), {
        producedAt: new Date(), nextUpdate: new Date(Date.now() + 3_600_000),
        statusOf: (serial) => {
          const entry = list.find((r) => normaliseSerial(r.serial) === serial);
          return entry ? { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason } : { status: 'good' };
        },
      });
    }
    if (request.url === `${base}/pki/root/crl`) return buildCrl(hierarchy.root, spec([]));
    if (request.url === `${base}/pki/issuing/crl`) return buildCrl(hierarchy.issuing, spec(revokedList));
    throw new Error(`không có ${request.url}`);
  };
  const tsa = await createTimestampAuthority(hierarchy.issuing, { commonName: 'TSA thử nghiệm', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(now.getTime() - 60_000) });
  return { ...hierarchy, trustStore, fetch, fetched, tsa, base };
}

/**
 * Appends an incremental update: the given objects (numbered, written as is), a classic cross-reference
 * section and a trailer continuing the previous one.
 */
export function appendUpdate(bytes: Uint8Array, objects: readonly { num: number; body: string }[], trailer: { root: string; size: number; extra?: string }): Uint8Array {
  const prev = findStartXref(bytes, bytes.length);
  const parts: Buffer[] = [Buffer.from(bytes), Buffer.from('\n')];
  let offset = bytes.length + 1;
  const offsets = new Map<number, number>();
  for (const object of objects) {
    const text = Buffer.from(`${object.num} 0 obj\n${object.body}\nendobj\n`, 'latin1');
    offsets.set(object.num, offset);
    parts.push(text);
    offset += text.length;
  }
  const xrefAt = offset;
  const lines = ['xref'];
  for (const [num, at] of [...offsets].sort((a, b) => a[0] - b[0])) lines.push(`${num} 1`, `${String(at).padStart(10, '0')} 00000 n\r`);
  lines.push('trailer', `<< /Size ${trailer.size} /Root ${trailer.root} /Prev ${prev} ${trailer.extra ?? ''} >>`, 'startxref', String(xrefAt), '%%EOF', '');
  parts.push(Buffer.from(lines.join('\n'), 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}
