/**
 * Hostile XML is refused before any work, and a mutated package only ever fails with an EDXML_ error.
 * The fuzz part is deterministic: FUZZ_SEED replays a run, FUZZ_ROUNDS makes it longer or shorter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prng } from '../../test/helpers/prng.ts';
import { isCodedError } from '../shared/coded-error.ts';
import { buildPackage, parsePackage } from './package.ts';
import { signPackage } from './sign.ts';
import { LAI_CHAU, attachment, edxmlPki, fakePdf, samplePackage } from './test-fixtures.ts';
import { verifyPackage } from './verify.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20260305) >>> 0;
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1000);
console.log(`# edxml fuzz: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}`);

const ROOT = '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">';

test('error/hostile: DOCTYPE, external and expanding entities, deep nesting, other encodings, wrong namespace, unprefixed children — refused at the door', async () => {
  const xml = buildPackage(samplePackage());
  const pki = await edxmlPki();
  const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const signed = Buffer.from(await signPackage(xml, agency.signer)).toString('utf8');
  const laughs = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "haha">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>${ROOT}&j;</edXML>`;
  const cases: [string, string | Uint8Array][] = [
    ['EDXML_DOCTYPE_FORBIDDEN', laughs],
    ['EDXML_DOCTYPE_FORBIDDEN', xml.replace('<edXML xmlns', '<!DOCTYPE edXML SYSTEM "file:///etc/passwd"><edXML xmlns')],
    ['EDXML_DOCTYPE_FORBIDDEN', signed.replace('<edXML xmlns', '<!DOCTYPE edXML [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><edXML xmlns').replace('<edXML:Subject>', '<edXML:Subject>&x;')],
    ['EDXML_NESTING_TOO_DEEP', xml.replace('<edXML:Subject>', `${'<edXML:a>'.repeat(100_000)}${'</edXML:a>'.repeat(100_000)}<edXML:Subject>`)],
    ['EDXML_XML_MALFORMED', xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')],
    ['EDXML_XML_MALFORMED', new Uint8Array([...Buffer.from(xml.slice(0, 200)), 0xff, 0xfe, ...Buffer.from(xml.slice(200))])],
    ['EDXML_XML_MALFORMED', xml.replace('<edXML:Subject>', '<edXML:Subject>&#1;')],
    ['EDXML_XML_MALFORMED', xml.replace('<edXML:Subject>', '<edXML:Subject>&nbsp;')],
    ['EDXML_XML_MALFORMED', xml.slice(0, xml.length / 2)],
    ['EDXML_XML_MALFORMED', ''],
    ['EDXML_NAMESPACE_INVALID', xml.replaceAll('http://www.mic.gov.vn/TBT/QCVN_102_2016', 'http://www.mic.gov.vn/TBT/QCVN_102_2015')],
    ['EDXML_NAMESPACE_INVALID', xml.replace(/<edXML:Subject>([^<]*)<\/edXML:Subject>/, '<Subject>$1</Subject>')],
    ['EDXML_NAMESPACE_INVALID', xml.replace('<edXML:MessageHeader>', '<q:MessageHeader xmlns:q="http://www.mic.gov.vn/TBT/QCVN_102_2016">').replace('</edXML:MessageHeader>', '</q:MessageHeader>')],
    ['EDXML_NAMESPACE_INVALID', '<?xml version="1.0"?><html><body/></html>'],
    ['EDXML_ELEMENT_UNEXPECTED', xml.replace('</edXML:edXMLEnvelope>', '</edXML:edXMLEnvelope><Extra/>')],
  ];
  for (const [code, input] of cases) {
    const started = process.hrtime.bigint();
    assert.throws(() => parsePackage(input), (err: { code: string; message: string }) => {
      assert.equal(err.code, code, err.message);
      return true;
    });
    await assert.rejects(verifyPackage(input, { trustStore: pki.trustStore, at: new Date() }), { code });
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, `${code} took too long`);
  }
});

test('error/hostile: an oversized package and attachment are refused by size before they are decoded', async () => {
  const pki = await edxmlPki();
  const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const big = await signPackage(buildPackage(samplePackage([attachment('lon.pdf', fakePdf('lớn', 2_000_000))])), agency.signer);
  const options = { trustStore: pki.trustStore, at: new Date() };
  assert.equal((await verifyPackage(big, options)).package.kind, 'document');
  await assert.rejects(verifyPackage(big, { ...options, limits: { maxBytes: 1_000_000 } }), { code: 'EDXML_INPUT_TOO_LARGE' });
  await assert.rejects(verifyPackage(big, { ...options, limits: { maxAttachmentBytes: 1_000_000 } }), { code: 'EDXML_ATTACHMENT_TOO_LARGE' });
});

const diff = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return [a.slice(Math.max(0, i - 40), a.length - j + 10), b.slice(Math.max(0, i - 40), b.length - j + 10)];
};

const MUTATIONS: ((s: string, pick: (n: number) => number) => string)[] = [
  (s, pick) => { const at = pick(s.length); return s.slice(0, at) + String.fromCharCode(32 + pick(95)) + s.slice(at + 1); },
  (s, pick) => s.slice(0, pick(s.length)),
  (s, pick) => { const a = pick(s.length); const b = a + pick(400); return s.slice(0, a) + s.slice(b); },
  (s, pick) => { const at = pick(s.length); return s.slice(0, at) + s.slice(pick(s.length), pick(s.length)) + s.slice(at); },
  (s, pick) => { const tags = [...s.matchAll(/<\/?[\w:]+/g)]; const m = tags[pick(tags.length)]; if (!m) return s; return s.slice(0, m.index) + ['<', '</', '<edXML:X', '<!DOCTYPE x', '<ds:Signature', '<Signature'][pick(6)] + s.slice(m.index! + m[0].length); },
  (s, pick) => { const v = [...s.matchAll(/>([^<]{1,80})</g)]; const m = v[pick(v.length)]; if (!m) return s; return s.replace(m[0], `>${['', ' ', '0', '9999/99/99', '&amp;', '&lt;x', 'cid:', '-1', 'x'.repeat(pick(300))][pick(9)]}<`); },
  (s, pick) => s.replace(/="[^"]*"/g, (m) => (pick(8) === 0 ? '=""' : m)),
  (s, pick) => { const blocks = [...s.matchAll(/<(edXML:\w+|Attachment|Reference|Signature|Transform)\b[\s\S]*?<\/\1>/g)]; const m = blocks[pick(blocks.length)]; return m ? s.replace(m[0], pick(2) ? m[0] + m[0] : '') : s; },
  (s, pick) => s.replace('http://www.mic.gov.vn/TBT/QCVN_102_2016', ['', 'urn:x', 'http://www.w3.org/2000/09/xmldsig#'][pick(3)]!),
  (s, pick) => { const at = pick(s.length); return s.slice(0, at) + ['&#0;', '&x;', ']]>', '<![CDATA[', '<!--', '<?pi?>', '\u0000', '\uFFFF'][pick(8)] + s.slice(at); },
];

test(`bad: ${ROUNDS} mutated signed packages through parse and verify: a result or an EDXML_ error, nothing else`, { timeout: 300_000 }, async () => {
  const pki = await edxmlPki();
  const agency = await pki.agency(LAI_CHAU.organId, LAI_CHAU.organName);
  const seeds = [
    Buffer.from(await signPackage(buildPackage(samplePackage([attachment('a.pdf', fakePdf('a', 3000))])), agency.signer)).toString('utf8'),
    Buffer.from(await signPackage(buildPackage({ kind: 'status', status: { responseFor: { organId: '000.00.00.H29', code: '296/UBND-VHTT', promulgationDate: '2026/03/05', documentId: '000.00.00.H29,2026/03/05,296/UBND-VHTT' }, from: LAI_CHAU, statusCode: '03', timestamp: '2026/03/05 15:00:00', staffInfo: { staff: 'An' } } }), agency.signer)).toString('utf8'),
  ];
  const random = prng(SEED);
  const pick = (n: number) => Math.floor(random() * Math.max(1, n));
  const outcomes = new Map<string, number>();
  const note = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  for (let round = 0; round < ROUNDS; round++) {
    let input = seeds[round % seeds.length]!;
    for (let i = 0, n = pick(4) === 0 ? 2 : 1; i < n; i++) input = MUTATIONS[pick(MUTATIONS.length)]!(input, pick);
    const label = `round ${round} (FUZZ_SEED=${SEED})`;
    for (const [kind, run] of [['parse', () => parsePackage(input)], ['verify', () => verifyPackage(input, { trustStore: pki.trustStore, at: new Date() })]] as const) {
      try {
        await run();
        note(`${kind} ok`);
        if (kind === 'verify' && process.env.FUZZ_SHOW) console.log(round, JSON.stringify(diff(seeds[round % seeds.length]!, input)));
      } catch (err) {
        if (!isCodedError(err) || !err.code.startsWith('EDXML_')) assert.fail(`${label}: ${(err as Error)?.stack ?? String(err)}\n--- input ---\n${input.slice(0, 3000)}`);
        note(err.code);
      }
    }
  }
  console.log(`# outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
  assert.ok((outcomes.get('EDXML_CONTENT_TAMPERED') ?? 0) > 0 && (outcomes.get('parse ok') ?? 0) > 0, 'mutations reach the signature check, and some are harmless');
});
