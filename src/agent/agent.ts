/**
 * `congvan agent`: the bridge between the office in the browser and the USB token on the clerk's desk. It
 * listens on 127.0.0.1 only, answers only the configured office origin (and only under its own host name, against
 * DNS rebinding), opens a token session with the PIN given for that session and forgets the PIN at once, and
 * signs 32-byte digests prepared by the office (deferred PAdES signing). It never sees the document.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCodedError } from '../shared/coded-error.ts';
import { PinGuard, TokenLibrary, type TokenSession } from '../pki/index.ts';

export interface AgentOptions {
  /** The office's origin, exactly as the browser sends it: https://congvan.laichau.gov.vn */
  readonly origin: string;
  readonly library: string;
  readonly port?: number;
  /** A session unused this long is closed (logged out) */
  readonly idleMs?: number;
}

interface Session { readonly session: TokenSession; readonly label: string; timer: NodeJS.Timeout }

const MAX_BODY = 16 * 1024;
const DIGEST_BYTES = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 } as const;

class Refusal extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Refusal(413, 'Yêu cầu quá lớn.');
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) throw new Error();
    return value as Record<string, unknown>;
  } catch {
    throw new Refusal(400, 'Nội dung yêu cầu phải là JSON.');
  }
}

export interface RunningAgent { readonly url: string; close(): Promise<void> }

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const library = TokenLibrary.open(options.library);
  const guard = new PinGuard();
  const sessions = new Map<string, Session>();
  const idle = options.idleMs ?? 5 * 60_000;
  let port = 0;

  const end = (id: string) => {
    const held = sessions.get(id);
    if (!held) return;
    clearTimeout(held.timer);
    held.session.close();
    sessions.delete(id);
  };
  const touch = (id: string, held: Session) => {
    clearTimeout(held.timer);
    held.timer = setTimeout(() => end(id), idle).unref();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<unknown> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new Refusal(421, 'Tên máy không hợp lệ.');
    if (req.headers.origin !== options.origin) throw new Refusal(403, 'Chỉ văn phòng điện tử đã cấu hình mới được dùng trình ký số này.');
    res.setHeader('access-control-allow-origin', options.origin);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
      res.setHeader('access-control-allow-headers', 'content-type');
      if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('access-control-allow-private-network', 'true');
      res.statusCode = 204;
      return undefined;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const [, first, id, action] = url.pathname.split('/');
    if (req.method === 'GET' && first === 'status') {
      return { agent: 'congvan', tokens: library.tokens().map((t) => ({ slot: t.slot, serial: t.serial, label: t.label, pinLocked: t.pinLocked, pinFinalTry: t.pinFinalTry })) };
    }
    if (req.method === 'POST' && first === 'sessions' && !id) {
      const input = await body(req);
      if (typeof input.pin !== 'string' || input.pin.length === 0) throw new Refusal(400, 'Cần mã PIN của token.');
      const tokens = library.tokens();
      const token = typeof input.token === 'string' ? tokens.find((t) => t.serial === input.token || t.label === input.token) : tokens[0];
      if (!token) throw new Refusal(404, 'Không thấy token; hãy cắm token vào máy.');
      // The PIN goes to C_Login and nowhere else: not kept, not logged
      const session = library.login(token.serial, input.pin, guard);
      const certificate = session.certificates().find((c) => c.certificate.notAfter > new Date());
      if (!certificate) {
        session.close();
        throw new Refusal(409, 'Token không có chứng thư số còn hiệu lực.');
      }
      const sid = randomBytes(24).toString('base64url');
      const held: Session = { session, label: certificate.label, timer: setTimeout(() => end(sid), idle).unref() };
      sessions.set(sid, held);
      return { session: sid, token: token.serial, certificate: Buffer.from(certificate.certificate.rawData).toString('base64') };
    }
    if (first === 'sessions' && id) {
      const held = sessions.get(id);
      if (!held) throw new Refusal(404, 'Phiên ký đã hết hoặc không có; hãy nhập lại mã PIN.');
      if (req.method === 'DELETE' && !action) {
        end(id);
        return { closed: true };
      }
      if (req.method === 'POST' && action === 'sign') {
        const input = await body(req);
        const hash = (input.hash ?? 'SHA-256') as keyof typeof DIGEST_BYTES;
        const digest = typeof input.digest === 'string' ? Buffer.from(input.digest, 'base64') : undefined;
        if (!(hash in DIGEST_BYTES) || !digest || digest.length !== DIGEST_BYTES[hash]) throw new Refusal(400, 'Giá trị băm cần ký không hợp lệ.');
        touch(id, held);
        return { signature: Buffer.from(held.session.signDigest(held.label, hash, digest)).toString('base64') };
      }
    }
    throw new Refusal(404, 'Không có chức năng này.');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).then((result) => {
      if (result !== undefined) {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(result));
      } else res.end();
    }, (err: unknown) => {
      const status = err instanceof Refusal ? err.status : isCodedError(err) ? 422 : 500;
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      const code = isCodedError(err) ? err.code : undefined;
      const message = err instanceof Refusal ? err.message : isCodedError(err) ? err.localise('vi') : 'Lỗi trong trình ký số.';
      res.end(JSON.stringify({ error: message, ...(code ? { code } : {}) }));
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const id of [...sessions.keys()]) end(id);
      await new Promise<void>((done) => server.close(() => done()));
      library.close();
    },
  };
}
