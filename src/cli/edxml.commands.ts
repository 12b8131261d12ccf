/** `congvan edxml build|parse|verify`: QCVN 102:2016 packages for anyone with a JSON description, PDFs and a key. */
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { buildPackage, EdxmlError, keySigner, parsePackage, signPackage, verifyPackage, type Attachment, type EdxmlPackage, type XmlSigner } from '../edxml/index.ts';
import { httpFetcher, p12Signer } from '../pades/index.ts';
import { readCertificates, RevocationChecker, TrustStore } from '../pki/index.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xml': 'application/xml', '.txt': 'text/plain',
};
const env = (name: string, what: string) => {
  const value = process.env[name];
  if (value === undefined) throw new InvalidArgumentError(`biến môi trường ${name} (${what}) chưa được đặt`);
  return value;
};

interface BuildOpts { attach: string[]; out: string; p12?: string; passEnv?: string; key?: string; cert?: string; keyPassEnv?: string; chain: string[] }

function attachmentOf(file: string): Attachment {
  return { contentId: randomUUID(), name: basename(file), contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', content: new Uint8Array(readFileSync(file)) };
}

async function signerOf(opts: BuildOpts): Promise<XmlSigner | undefined> {
  const chain = opts.chain.flatMap((file) => readCertificates(readFileSync(file, 'utf8')));
  if (opts.p12) {
    const p12 = await p12Signer(new Uint8Array(readFileSync(opts.p12)), env(opts.passEnv ?? 'CONGVAN_P12_PASSWORD', 'mật khẩu tệp PKCS#12'));
    return { certificate: p12.certificate, chain: [...p12.chain, ...chain], sign: (data) => p12.signData!(data) };
  }
  if (!opts.key) return undefined;
  if (!opts.cert) throw new InvalidArgumentError('--key cần --cert (chứng thư của cơ quan, PEM)');
  const key = createPrivateKey({ key: readFileSync(opts.key), ...(opts.keyPassEnv ? { passphrase: env(opts.keyPassEnv, 'mật khẩu khóa') } : {}) });
  const [certificate, ...rest] = readCertificates(readFileSync(opts.cert, 'utf8'));
  return keySigner(key, certificate!, [...rest, ...chain]);
}

/** The description is the package's JSON without attachment bytes; --attach files become its attachments */
function packageOf(description: string, files: readonly string[]): EdxmlPackage {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(description, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidArgumentError(`không đọc được mô tả JSON ${description}: ${(err as Error).message}`);
  }
  if (json.kind === 'status') return json as unknown as EdxmlPackage;
  return { ...json, kind: 'document', attachments: files.map(attachmentOf) } as unknown as EdxmlPackage;
}

function buildCommand(): Command {
  return new Command('build')
    .description('đóng gói văn bản (hoặc trạng thái) edXML theo QCVN 102:2016 từ mô tả JSON và các tệp đính kèm, ký bằng chứng thư của cơ quan')
    .argument('<description.json>', 'mô tả gói: { header, trace } cho văn bản, hoặc { kind: "status", status }')
    .requiredOption('--out <file>', 'tệp edXML kết quả')
    .option('--attach <file>', 'tệp đính kèm (lặp lại được, theo thứ tự)', collect, [])
    .option('--p12 <file>', 'khóa và chứng thư của cơ quan trong tệp PKCS#12')
    .option('--pass-env <var>', 'biến môi trường chứa mật khẩu PKCS#12 (mặc định CONGVAN_P12_PASSWORD)')
    .option('--key <pem>', 'khóa bí mật PEM (PKCS#8)')
    .option('--key-pass-env <var>', 'biến môi trường chứa mật khẩu của khóa PEM')
    .option('--cert <pem>', 'chứng thư của cơ quan (PEM, có thể kèm chuỗi)')
    .option('--chain <pem>', 'chứng thư CA trung gian đưa vào KeyInfo (lặp lại được)', collect, [])
    .action(async (description: string, opts: BuildOpts) => {
      if (opts.p12 && opts.key) throw new InvalidArgumentError('chọn một nguồn khóa: --p12 hoặc --key');
      const xml = buildPackage(packageOf(description, opts.attach));
      const signer = await signerOf(opts);
      const bytes = signer ? await signPackage(xml, signer) : new Uint8Array(Buffer.from(xml, 'utf8'));
      writeFileSync(opts.out, bytes);
      console.log(`Đã đóng gói: ${opts.out} (${bytes.length} byte${signer ? `, ký bởi ${signer.certificate.subject}` : ', CHƯA KÝ'})`);
    });
}

/** The package as JSON: attachments by name, size and SHA-256 (their bytes only when asked) */
function jsonOf(pkg: EdxmlPackage, withContent: boolean): unknown {
  if (pkg.kind === 'status') return pkg;
  return { ...pkg, attachments: pkg.attachments.map(({ content, ...a }) => ({
    ...a, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), ...(withContent ? { base64: Buffer.from(content).toString('base64') } : {}),
  })) };
}

function extract(pkg: EdxmlPackage, dir: string | undefined): void {
  if (!dir || pkg.kind !== 'document') return;
  mkdirSync(dir, { recursive: true });
  for (const a of pkg.attachments) writeFileSync(join(dir, basename(a.name).replace(/^\.+/, '_') || a.contentId), a.content);
}

function parseCommand(): Command {
  return new Command('parse')
    .description('đọc gói edXML (không kiểm tra chữ ký) và in ra JSON')
    .argument('<file>', 'tệp edXML')
    .option('--with-content', 'in cả nội dung tệp đính kèm (base64)')
    .option('--extract <dir>', 'ghi các tệp đính kèm vào thư mục này')
    .action((file: string, opts: { withContent?: boolean; extract?: string }) => {
      const pkg = parsePackage(new Uint8Array(readFileSync(file)));
      extract(pkg, opts.extract);
      console.log(JSON.stringify(jsonOf(pkg, !!opts.withContent), null, 2));
    });
}

interface VerifyOpts { trust: string[]; intermediate: string[]; offline?: boolean; json?: boolean; extract?: string }

function verifyCommand(): Command {
  return new Command('verify')
    .description('kiểm tra gói edXML: chữ ký XML, tệp đính kèm, chuỗi chứng thư, thu hồi, đúng cơ quan gửi; mã thoát 0 chỉ khi hợp lệ')
    .argument('<file>', 'tệp edXML')
    .requiredOption('--trust <pem>', 'chứng thư gốc tin cậy (lặp lại được)', collect, [])
    .option('--intermediate <pem>', 'chứng thư CA trung gian (lặp lại được)', collect, [])
    .option('--offline', 'không hỏi CRL/OCSP qua mạng')
    .option('--json', 'in kết quả dạng JSON')
    .option('--extract <dir>', 'khi hợp lệ, ghi các tệp đính kèm vào thư mục này')
    .action(async (file: string, opts: VerifyOpts) => {
      const trustStore = new TrustStore();
      for (const f of opts.trust) trustStore.addAnchors(readCertificates(readFileSync(f, 'utf8')));
      for (const f of opts.intermediate) trustStore.addIntermediates(readCertificates(readFileSync(f, 'utf8')));
      try {
        const verified = await verifyPackage(new Uint8Array(readFileSync(file)), {
          trustStore, at: new Date(), ...(opts.offline ? {} : { revocation: new RevocationChecker({ fetch: httpFetcher() }) }),
        });
        extract(verified.package, opts.extract);
        const from = verified.package.kind === 'document' ? verified.package.header.from : verified.package.status.from;
        console.log(opts.json
          ? JSON.stringify({ valid: true, signer: verified.certificate.subject, algorithm: verified.algorithm, revocation: verified.revocation?.status ?? 'not checked', package: jsonOf(verified.package, false) })
          : `Hợp lệ: gói ${verified.package.kind === 'document' ? 'văn bản' : 'trạng thái'} của ${from.organName} (${from.organId}), ký bởi ${verified.certificate.subject} (${verified.algorithm}; thu hồi: ${verified.revocation?.status ?? 'không kiểm tra'}).`);
        process.exitCode = 0;
      } catch (err) {
        if (!(err instanceof EdxmlError)) throw err;
        console.log(opts.json ? JSON.stringify({ valid: false, code: err.code, reason: err.localise('vi') }) : `Không hợp lệ [${err.code}]: ${err.localise('vi')}`);
        process.exitCode = 1;
      }
    });
}

export function edxmlCommand(): Command {
  return new Command('edxml')
    .description('gói văn bản điện tử liên thông edXML (QCVN 102:2016)')
    .addCommand(buildCommand())
    .addCommand(parseCommand())
    .addCommand(verifyCommand());
}
