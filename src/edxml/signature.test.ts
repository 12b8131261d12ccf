import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { crypto, toPem, TrustStore } from '../pki/index.ts';
import { buildPackage } from './package.ts';
import { signPackage } from './sign.ts';
import { LAI_CHAU, SO_TTTT, edxmlPki, samplePackage, sampleStatus } from './test-fixtures.ts';
import type { DocumentPackage } from './types.ts';
import { verifyPackage } from './verify.ts';

const pem = (der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE') => `${toPem(new Uint8Array(der), label)}\n`;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const at = () => new Date();

const pkiOnce = edxmlPki();

test('ok: signed with ECDSA and with RSA, verified by us: the package, the signer, the chain to the root, the CRL', async () => {
  const pki = await pkiOnce;
  for (const algorithm of ['ECDSA-P256', 'RSA-2048'] as const) {
    const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName, algorithm);
    const pkg = samplePackage();
    const signed = await signPackage(buildPackage(pkg), agency.signer);
    const xml = text(signed);
    assert.match(xml, /<\/edXML:TraceHeaderList><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#"><SignedInfo>/);
    assert.match(xml, /<Reference URI=""><Transforms><Transform Algorithm="http:\/\/www.w3.org\/2000\/09\/xmldsig#enveloped-signature"\/><Transform Algorithm="http:\/\/www.w3.org\/2001\/10\/xml-exc-c14n#"\/><\/Transforms><DigestMethod Algorithm="http:\/\/www.w3.org\/2001\/04\/xmlenc#sha256"\/>/);
    assert.ok(xml.includes(algorithm === 'RSA-2048' ? 'xmldsig-more#rsa-sha256' : 'xmldsig-more#ecdsa-sha256'));
    const verified = await verifyPackage(signed, { trustStore: pki.trustStore, at: at(), revocation: pki.revocation() });
    assert.deepEqual(verified.package, pkg);
    assert.equal(verified.algorithm, algorithm === 'RSA-2048' ? 'RSA-SHA256' : 'ECDSA-SHA256');
    assert.equal(verified.chain.length, 3);
    assert.equal(verified.revocation?.status, 'good');
    assert.match(verified.certificate.subject, /000\.00\.00\.H29/);
  }
});

test('ok: a status package is signed and verified the same way', async () => {
  const pki = await pkiOnce;
  const agency = await pki.agency(SO_TTTT.organId, SO_TTTT.organName);
  const pkg = sampleStatus('02', 'Gửi nhầm nơi nhận');
  const signed = await signPackage(buildPackage(pkg), agency.signer);
  assert.match(text(signed), /<\/edXML:MessageStatus><Signature /);
  assert.deepEqual((await verifyPackage(signed, { trustStore: pki.trustStore, at: at() })).package, pkg);
});

test('ok: xmlsec1 verifies our signatures (ECDSA and RSA) against the root alone; a tampered attachment fails there too', async () => {
  const pki = await pkiOnce;
  const files = scratch();
  try {
    const root = files.write('root.pem', pem(pki.root.certificate.rawData));
    for (const algorithm of ['ECDSA-P256', 'RSA-2048'] as const) {
      const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName, algorithm);
      const signed = files.write(`signed-${algorithm}.xml`, await signPackage(buildPackage(samplePackage()), agency.signer));
      const run = runTool('xmlsec1', ['--verify', '--trusted-pem', root, signed]);
      console.log(`# xmlsec1 ${algorithm}: ${run.stderr.trim().replace(/\n/g, ' | ')}`);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^OK/m);
      const content = readFileSync(signed, 'utf8');
      const tampered = files.write('tampered.xml', content.replace(/(<ContentTransferEncoded>)(.)/, (_, tag: string, c: string) => `${tag}${c === 'A' ? 'B' : 'A'}`));
      const bad = runTool('xmlsec1', ['--verify', '--trusted-pem', root, tampered]);
      assert.notEqual(bad.code, 0, 'xmlsec1 must refuse a changed attachment');
      assert.match(bad.stderr, /FAIL/);
    }
  } finally {
    files.remove();
  }
});

test('ok: a package signed by xmlsec1 (template with URI="", exc-c14n, RSA-SHA256 and ECDSA-SHA256) is verified by us', async () => {
  const pki = await pkiOnce;
  const files = scratch();
  try {
    for (const algorithm of ['RSA-2048', 'ECDSA-P256'] as const) {
      const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName, algorithm);
      const method = algorithm === 'RSA-2048' ? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' : 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
      const template = buildPackage(samplePackage()).replace('</edXML:TraceHeaderList>\n', `</edXML:TraceHeaderList>\n<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="${method}"/><Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>\n`);
      const key = files.write('key.pem', pem(await crypto.subtle.exportKey('pkcs8', agency.privateKey), 'PRIVATE KEY'));
      const cert = files.write('cert.pem', pem(agency.certificate.rawData));
      const out = `${files.dir}/by-xmlsec1.xml`;
      const run = runTool('xmlsec1', ['--sign', '--privkey-pem', `${key},${cert}`, '--output', out, files.write('template.xml', template)]);
      assert.equal(run.code, 0, run.stderr);
      const signed = new Uint8Array(readFileSync(out));
      const trust = new TrustStore();
      trust.addAnchors(pki.root.certificate);
      trust.addIntermediates(pki.issuing.certificate);
      const verified = await verifyPackage(signed, { trustStore: trust, at: at() });
      assert.equal(verified.algorithm, algorithm === 'RSA-2048' ? 'RSA-SHA256' : 'ECDSA-SHA256');
      assert.equal((verified.package as DocumentPackage).header.subject, samplePackage().header.subject);
    }
  } finally {
    files.remove();
  }
});

test('error/tampered: a changed attachment, subject or trace is refused; so is a changed signature value', async () => {
  const pki = await pkiOnce;
  const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const xml = text(await signPackage(buildPackage(samplePackage()), agency.signer));
  const options = { trustStore: pki.trustStore, at: at() };
  const flip = (s: string, re: RegExp) => s.replace(re, (m: string) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A'));
  await assert.rejects(verifyPackage(flip(xml, /<ContentTransferEncoded>JVBER/), options), { code: 'EDXML_CONTENT_TAMPERED' });
  await assert.rejects(verifyPackage(xml.replace('V/v triển khai', 'V/v hủy bỏ'), options), { code: 'EDXML_CONTENT_TAMPERED' });
  await assert.rejects(verifyPackage(xml.replace('<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>1<'), options), { code: 'EDXML_CONTENT_TAMPERED' });
  const value = /<SignatureValue>([^<]+)</.exec(xml)![1]!;
  const other = Buffer.from(value, 'base64');
  other[5]! ^= 1;
  await assert.rejects(verifyPackage(xml.replace(value, other.toString('base64')), options), { code: 'EDXML_SIGNATURE_INVALID' });
});

test('error/certificate: untrusted root, revoked, not the sender, key of another algorithm', async () => {
  const pki = await pkiOnce;
  const other = await edxmlPki();
  const stranger = await other.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const xml = await signPackage(buildPackage(samplePackage()), stranger.signer);
  await assert.rejects(verifyPackage(xml, { trustStore: pki.trustStore, at: at() }), { code: 'EDXML_CERTIFICATE_UNTRUSTED' });

  const revoked = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  pki.revoke(revoked.certificate);
  const revokedXml = await signPackage(buildPackage(samplePackage()), revoked.signer);
  await verifyPackage(revokedXml, { trustStore: pki.trustStore, at: at() });
  await assert.rejects(verifyPackage(revokedXml, { trustStore: pki.trustStore, at: at(), revocation: pki.revocation() }), { code: 'EDXML_CERTIFICATE_REVOKED' });

  const tamDuong = await pki.agency('000.00.03.H29', 'UBND huyện Tam Đường');
  const impostor = await signPackage(buildPackage(samplePackage()), tamDuong.signer);
  await assert.rejects(verifyPackage(impostor, { trustStore: pki.trustStore, at: at() }), { code: 'EDXML_SENDER_MISMATCH' });
  const accepted = await verifyPackage(impostor, { trustStore: pki.trustStore, at: at(), senderCheck: (_c, organId) => organId === LAI_CHAU.organId });
  assert.equal((accepted.package as DocumentPackage).header.from.organId, LAI_CHAU.organId, 'a caller-supplied check decides instead');

  const mismatched = { ...tamDuong.signer, sign: (await pki.agency('000.00.03.H29', 'x')).signer.sign };
  await assert.rejects(signPackage(buildPackage(samplePackage()), mismatched), { code: 'EDXML_KEY_INVALID' });
  await assert.rejects(signPackage(text(impostor), tamDuong.signer), { code: 'EDXML_SIGNATURE_PRESENT' });
  await assert.rejects(verifyPackage(buildPackage(samplePackage()), { trustStore: pki.trustStore, at: at() }), { code: 'EDXML_SIGNATURE_MISSING' });
});

test('error/wrapping: a second header, a signature elsewhere or twice, a Reference to an Id, extra transforms, an Object, duplicate Ids', async () => {
  const pki = await pkiOnce;
  const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const xml = text(await signPackage(buildPackage(samplePackage()), agency.signer));
  const options = { trustStore: pki.trustStore, at: at() };
  const signature = /<Signature [\s\S]*<\/Signature>/.exec(xml)![0];
  const header = /<edXML:edXMLHeader>[\s\S]*<\/edXML:edXMLHeader>/.exec(xml)![0];
  const evil = header.replace('V/v triển khai', 'V/v hủy bỏ');
  const cases: [string, string][] = [
    ['EDXML_ELEMENT_DUPLICATE', xml.replace('</edXML:edXMLHeader>', `</edXML:edXMLHeader>${evil}`)],
    ['EDXML_ELEMENT_DUPLICATE', xml.replace('<edXML:edXMLHeader>', `${evil.replace(signature, '')}<edXML:edXMLHeader>`)],
    ['EDXML_ELEMENT_DUPLICATE', xml.replace('<edXML:edXMLEnvelope ', `<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">${evil}</edXML:edXMLEnvelope><edXML:edXMLEnvelope `)],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace(signature, `${signature}${signature}`)],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace(signature, '').replace('<edXML:edXMLManifest', `${signature}<edXML:edXMLManifest`)],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace(signature, '').replace('</edXML:TraceHeaderList>', `</edXML:TraceHeaderList>${signature}`).replace('<edXML:MessageHeader>', `${signature.replace('<Signature ', '<Signature Id="x" ')}<edXML:MessageHeader>`)],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace('<Reference URI="">', '<Reference URI="#header">').replace('<edXML:edXMLHeader>', '<edXML:edXMLHeader Id="header">')],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace('<Transforms>', '<Transforms><Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/>')],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace('</KeyInfo>', `</KeyInfo><Object>${header}</Object>`)],
    ['EDXML_SIGNATURE_WRAPPED', xml.replace('<edXML:edXMLHeader>', '<edXML:edXMLHeader Id="a">').replace('<edXML:MessageHeader>', '<edXML:MessageHeader Id="a">')],
    ['EDXML_SIGNATURE_ALGORITHM_UNSUPPORTED', xml.replace('http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2000/09/xmldsig#sha1')],
  ];
  for (const [code, input] of cases) {
    assert.notEqual(input, xml);
    await assert.rejects(verifyPackage(input, options), (err: { code: string; message: string }) => {
      assert.equal(err.code, code, err.message);
      return true;
    });
  }
});
