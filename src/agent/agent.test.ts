import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { launchChromium } from '../../test/helpers/browser.ts';
import { createSoftToken, SOFTHSM_LIBRARY } from '../../test/helpers/softhsm.ts';
import { runTool, scratch } from '../../test/helpers/tools.ts';
import { PinGuard, TokenLibrary, x509 } from '../pki/index.ts';
import { completeSignature, prepareSignature, type PreparedSignature } from '../pades/index.ts';
import { certificateOnToken, letterPdf, testPki } from '../pades/test-fixtures.ts';
import { startAgent } from './agent.ts';

const soft = createSoftToken('token-agent', '8642');
after(() => soft.remove());

/** A token holding a key and its certificate from the test CA, as a clerk's USB token does */
async function issuedToken() {
  const pki = await testPki();
  const library = TokenLibrary.open(SOFTHSM_LIBRARY);
  const session = library.login(soft.serial, soft.pin, new PinGuard());
  try {
    await certificateOnToken(session, pki.issuing);
  } finally {
    session.close();
    library.close();
  }
  return pki;
}

/** A stand-in for the office: a page, and prepare/complete of a deferred signature */
async function office(pki: Awaited<ReturnType<typeof testPki>>) {
  const prepared = new Map<string, PreparedSignature>();
  const signed: Uint8Array[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        if (req.method === 'GET') {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          return res.end('<!doctype html><title>Văn phòng điện tử</title><p>Ký số</p>');
        }
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (req.url === '/prepare') {
          const certificate = new x509.X509Certificate(Buffer.from(input.certificate, 'base64'));
          const p = await prepareSignature(await letterPdf(), { signer: { certificate, chain: [pki.issuing.certificate] }, signingTime: new Date() });
          const handle = String(prepared.size + 1);
          prepared.set(handle, p);
          return res.end(JSON.stringify({ handle, digest: Buffer.from(p.digest).toString('base64') }));
        }
        if (req.url === '/complete') {
          signed.push(completeSignature(prepared.get(input.handle)!, new Uint8Array(Buffer.from(input.signature, 'base64'))));
          return res.end(JSON.stringify({ ok: true }));
        }
        res.statusCode = 404;
        res.end();
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, signed, close: () => new Promise<void>((done) => server.close(() => done())) };
}

test('ok: in Chromium, the office page opens a token session with the PIN, the agent signs the digest, the office completes; pdfsig says valid. Another origin, no origin and a foreign Host are refused', async (t) => {
  const browser = await launchChromium();
  if (typeof browser === 'string') {
    if (process.env.CI) throw new Error(browser);
    t.skip(browser);
    return;
  }
  const pki = await issuedToken();
  const desk = await office(pki);
  const other = await office(pki);
  const agent = await startAgent({ origin: desk.url, library: SOFTHSM_LIBRARY });
  const files = scratch();
  try {
    const page = await browser.newPage();
    await page.goto(desk.url);
    // The page's script as text: tsx would wrap a function with helpers the page does not have
    const outcome = await page.evaluate(`(async ({ agent, pin }) => {
      const json = async (r) => ({ status: r.status, body: await r.json() });
      const post = (url, data) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
      const wrong = await json(await post(agent + '/sessions', { pin: '0000' }));
      const opened = await json(await post(agent + '/sessions', { pin }));
      const prepared = await json(await post('/prepare', { certificate: opened.body.certificate }));
      const signature = await json(await post(agent + '/sessions/' + opened.body.session + '/sign', { digest: prepared.body.digest }));
      await json(await post('/complete', { handle: prepared.body.handle, signature: signature.body.signature }));
      const closed = await json(await fetch(agent + '/sessions/' + opened.body.session, { method: 'DELETE' }));
      const after = await json(await post(agent + '/sessions/' + opened.body.session + '/sign', { digest: prepared.body.digest }));
      return { wrong, opened: opened.status, signed: signature.status, closed: closed.body, after };
    })(${JSON.stringify({ agent: agent.url, pin: soft.pin })})`) as { wrong: { status: number; body: { error: string } }; opened: number; signed: number; closed: unknown; after: { status: number } };
    assert.equal(outcome.wrong.status, 422);
    assert.match(outcome.wrong.body.error, /PIN/);
    assert.equal(outcome.opened, 200);
    assert.equal(outcome.signed, 200);
    assert.deepEqual(outcome.closed, { closed: true });
    assert.equal(outcome.after.status, 404, 'a closed session signs nothing more');
    assert.equal(desk.signed.length, 1);
    const pdfsig = runTool('pdfsig', [files.write('signed.pdf', desk.signed[0]!)]);
    assert.match(pdfsig.stdout, /Signature Validation: Signature is Valid\./);
    assert.match(pdfsig.stdout, /Signer Certificate Common Name: Lò Văn Minh/);

    // A page of another origin cannot even read the token list: the browser blocks it
    const foreign = await browser.newPage();
    await foreign.goto(other.url);
    const blocked = await foreign.evaluate(`fetch(${JSON.stringify(`${agent.url}/status`)}).then(() => 'read', (e) => e.name)`);
    assert.equal(blocked, 'TypeError');

    // Outside a browser: no Origin header, or a Host that is not the loopback (DNS rebinding)
    const noOrigin = await fetch(`${agent.url}/status`);
    assert.equal(noOrigin.status, 403);
    const port = new URL(agent.url).port;
    const rebinding = await new Promise<number>((done) => {
      request({ host: '127.0.0.1', port, path: '/status', headers: { host: `evil.example:${port}`, origin: desk.url } }, (res) => { res.resume(); done(res.statusCode!); }).end();
    });
    assert.equal(rebinding, 421);
  } finally {
    await browser.close();
    await agent.close();
    await desk.close();
    await other.close();
    files.remove();
  }
});
