/** `congvan sign` and `congvan verify`: the PAdES engine for anyone with a file, a key and a trust list. */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startAgent } from '../agent/agent.ts';
import { stopOnSignal } from './serving.ts';
import { PinGuard, readCertificates, TokenLibrary, TrustStore } from '../pki/index.ts';
import {
  extendPdf, httpFetcher, httpTimestampSource, p12Signer, PADES_LEVELS, sealDocument, signAsPerson, signPdf, tokenSigner, validate,
  type CmsSigner, type CopyForm, type PadesLevel, type Place, type ValidationReport,
} from '../pades/index.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
/** A whole number from `min` (to `max`), or a Vietnamese refusal: "abc" or "1.5" is not taken as NaN or 1 */
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`phải là số nguyên từ ${min}${max < Number.MAX_SAFE_INTEGER ? ` đến ${max}` : ''}`);
  return n;
};
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('phải là số dương');
  return n;
};
function parseRect(value: string): [number, number, number, number] {
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[2]! <= 0 || parts[3]! <= 0) throw new InvalidArgumentError('--rect là x,y,rộng,cao (điểm, tính từ góc dưới trái trang)');
  return [parts[0]!, parts[1]!, parts[0]! + parts[2]!, parts[1]! + parts[3]!];
}
const env = (name: string, what: string) => {
  const value = process.env[name];
  if (value === undefined) throw new InvalidArgumentError(`biến môi trường ${name} (${what}) chưa được đặt`);
  return value;
};

function trustStoreOf(files: readonly string[]): TrustStore {
  const store = new TrustStore();
  for (const file of files) store.addAnchors(readCertificates(readFileSync(file, 'utf8')));
  return store;
}

interface SignOpts {
  out: string; p12?: string; passEnv?: string; pkcs11?: string; slot?: number; pinEnv: string; chain: string[];
  image?: string; seal?: string; sealMm: number; sealKind: 'document' | 'copy' | 'digitised'; copyForm: CopyForm; organisation?: string;
  page?: number; rect?: [number, number, number, number]; anchor?: string; level: PadesLevel; tsa?: string; trust: string[]; reason?: string;
}

async function withSigner<T>(opts: SignOpts, work: (signer: CmsSigner) => Promise<T>): Promise<T> {
  const chain = opts.chain.flatMap((file) => readCertificates(readFileSync(file, 'utf8')));
  if (opts.p12) {
    const signer = await p12Signer(new Uint8Array(readFileSync(opts.p12)), env(opts.passEnv ?? 'CONGVAN_P12_PASSWORD', 'mật khẩu tệp PKCS#12'));
    return work({ ...signer, chain: [...signer.chain, ...chain] });
  }
  const library = TokenLibrary.open(opts.pkcs11!);
  try {
    const token = library.tokens().find((t) => t.slot === opts.slot) ?? (opts.slot === undefined ? library.tokens()[0] : undefined);
    if (!token) throw new InvalidArgumentError(`không có token ở khe ${opts.slot}`);
    const session = library.login(token.serial, env(opts.pinEnv, 'mã PIN của token'), new PinGuard());
    try {
      return await work(tokenSigner(session, chain));
    } finally {
      session.close();
    }
  } finally {
    library.close();
  }
}

export function signCommand(): Command {
  return new Command('sign')
    .description('ký số tệp PDF (PAdES), hiển thị chữ ký theo Nghị định 30')
    .argument('<in.pdf>', 'tệp cần ký')
    .requiredOption('--out <file>', 'tệp kết quả')
    .option('--p12 <file>', 'khóa và chứng thư trong tệp PKCS#12 (.p12/.pfx)')
    .option('--pass-env <var>', 'biến môi trường chứa mật khẩu tệp PKCS#12 (mặc định CONGVAN_P12_PASSWORD)')
    .option('--pkcs11 <library>', 'ký bằng token qua thư viện PKCS#11 này')
    .option('--slot <n>', 'khe của token', wholeNumber(0))
    .option('--pin-env <var>', 'biến môi trường chứa mã PIN token', 'CONGVAN_TOKEN_PIN')
    .option('--chain <pem>', 'chứng thư CA trung gian gắn kèm chữ ký (lặp lại được)', collect, [])
    .option('--image <png>', 'ảnh chữ ký tay (PNG nền trong suốt, màu xanh)')
    .option('--seal <png>', 'ảnh con dấu (PNG nền trong suốt, màu đỏ): ký bằng khóa của cơ quan')
    .option('--seal-mm <mm>', 'đường kính thật của con dấu (mm)', positive, 36)
    .addOption(new Option('--seal-kind <kind>', 'văn bản thường, bản sao, hay bản số hóa').choices(['document', 'copy', 'digitised']).default('document'))
    .addOption(new Option('--copy-form <form>', 'hình thức sao').choices(['SAO Y', 'TRÍCH SAO', 'SAO LỤC']).default('SAO Y'))
    .option('--organisation <name>', 'tên cơ quan ghi cạnh con dấu (mặc định: tổ chức trong chứng thư)')
    .option('--page <n>', 'trang đặt chữ ký (từ 1)', wholeNumber(1))
    .option('--rect <x,y,w,h>', 'ô chữ ký, tính bằng điểm từ góc dưới trái trang', parseRect)
    .option('--anchor <text>', 'đặt chữ ký phía trên dòng chữ này (thường là họ tên người ký)')
    .addOption(new Option('--level <level>', 'mức PAdES').choices([...PADES_LEVELS]).default('B-B'))
    .option('--tsa <url>', 'địa chỉ dịch vụ cấp dấu thời gian RFC 3161 (cần từ B-T)')
    .option('--trust <pem>', 'chứng thư gốc tin cậy (cần cho B-LT, B-LTA và con dấu; lặp lại được)', collect, [])
    .option('--reason <text>', 'lý do ký')
    .action(async (input: string, opts: SignOpts) => {
      if (Boolean(opts.p12) === Boolean(opts.pkcs11)) throw new InvalidArgumentError('chọn một nguồn khóa: --p12 hoặc --pkcs11');
      if (opts.image && opts.seal) throw new InvalidArgumentError('mỗi lần ký chọn một: --image (chữ ký cá nhân) hoặc --seal (chữ ký cơ quan)');
      if (opts.rect && opts.anchor) throw new InvalidArgumentError('chọn một: --rect hoặc --anchor');
      if (opts.image && !opts.rect && !opts.anchor) throw new InvalidArgumentError('--image cần vị trí: --page và --rect, hoặc --anchor');
      const pdf = new Uint8Array(readFileSync(input));
      const trustStore = trustStoreOf(opts.trust);
      const fetch = httpFetcher();
      const common = {
        signingTime: new Date(), reason: opts.reason, level: opts.level,
        ...(opts.tsa ? { timestamp: httpTimestampSource(opts.tsa) } : {}),
        ...(opts.trust.length ? { validation: { trustStore, fetch } } : {}),
      };
      const place: Place | undefined = opts.rect ? { page: (opts.page ?? 1) - 1, rect: opts.rect } : opts.anchor ? { anchor: opts.anchor, ...(opts.page ? { page: opts.page - 1 } : {}) } : undefined;
      const signed = await withSigner(opts, async (signer) => {
        if (opts.seal) {
          if (!opts.trust.length && opts.sealKind === 'document') throw new InvalidArgumentError('đóng dấu lên văn bản cần --trust để kiểm chữ ký của người có thẩm quyền');
          const organisation = opts.organisation ?? signer.certificate.subjectName.getField('O')[0] ?? signer.certificate.subjectName.getField('CN')[0] ?? '';
          return sealDocument(pdf, { ...common, signer, kind: opts.sealKind, copyForm: opts.copyForm, seal: new Uint8Array(readFileSync(opts.seal)), diameterMm: opts.sealMm, organisation, trustStore, fetch });
        }
        if (place) return signAsPerson(pdf, { ...common, signer, place, image: opts.image ? new Uint8Array(readFileSync(opts.image)) : undefined });
        return signPdf(pdf, { ...common, signer });
      });
      writeFileSync(opts.out, signed);
      console.log(`Đã ký: ${opts.out} (${signed.length} byte, mức ${opts.level})`);
    });
}

const describe = (report: ValidationReport): string => {
  if (report.signatures.length === 0) return `Tệp không có chữ ký số nào${report.unsignedFields.length ? ` (${report.unsignedFields.length} ô chữ ký còn trống)` : ''}.`;
  const lines = report.signatures.map((s) => [
    `Chữ ký ${s.index + 1} (${s.fieldName}): ${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`,
    `  Người ký: ${s.signer?.subject ?? 'không rõ'}`,
    `  Thời điểm ký: ${s.claimedTime?.toISOString() ?? 'không ghi'}${s.timestampTime ? `; dấu thời gian: ${s.timestampTime.toISOString()}` : ''}`,
    `  Mức: ${s.level}; phủ ${s.coversWholeFile ? 'toàn bộ tệp' : `đến byte ${(s.byteRange?.[2] ?? 0) + (s.byteRange?.[3] ?? 0)}`}`,
    ...s.changes.map((c) => `  Thay đổi sau khi ký: ${c.detail} — ${c.allowed ? 'được phép' : 'KHÔNG được phép'}`),
    `  ${s.reason.vi}`,
  ].join('\n'));
  return [...lines, ...report.problems.map((p) => `Lưu ý: ${p}`)].join('\n');
};

export function verifyCommand(): Command {
  return new Command('verify')
    .description('kiểm tra chữ ký số trong tệp PDF; mã thoát 0 chỉ khi mọi chữ ký hợp lệ (TOTAL_PASSED)')
    .argument('<file.pdf>', 'tệp cần kiểm tra')
    .option('--trust <pem>', 'chứng thư gốc tin cậy (lặp lại được)', collect, [])
    .option('--offline', 'không hỏi OCSP/CRL qua mạng; chỉ dùng dữ liệu gắn trong tệp')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (file: string, opts: { trust: string[]; offline?: boolean; json?: boolean }) => {
      const report = await validate(new Uint8Array(readFileSync(file)), trustStoreOf(opts.trust), opts.offline ? {} : { fetch: httpFetcher() });
      console.log(opts.json ? JSON.stringify(report) : describe(report));
      process.exitCode = report.valid ? 0 : 1;
    });
}

export function extendCommand(): Command {
  return new Command('extend')
    .description('nâng mức chữ ký của tệp PDF đã ký: B-T (dấu thời gian tài liệu), B-LT (dữ liệu kiểm tra dài hạn), B-LTA')
    .argument('<in.pdf>', 'tệp đã ký')
    .requiredOption('--out <file>', 'tệp kết quả')
    .addOption(new Option('--level <level>', 'mức cần đạt').choices(['B-T', 'B-LT', 'B-LTA']).makeOptionMandatory())
    .option('--tsa <url>', 'dịch vụ cấp dấu thời gian RFC 3161')
    .option('--trust <pem>', 'chứng thư gốc tin cậy (lặp lại được)', collect, [])
    .action(async (input: string, opts: { out: string; level: PadesLevel; tsa?: string; trust: string[] }) => {
      const extended = await extendPdf(new Uint8Array(readFileSync(input)), opts.level, {
        ...(opts.tsa ? { timestamp: httpTimestampSource(opts.tsa) } : {}),
        ...(opts.trust.length ? { validation: { trustStore: trustStoreOf(opts.trust), fetch: httpFetcher() } } : {}),
      });
      writeFileSync(opts.out, extended);
      console.log(`Đã nâng lên mức ${opts.level}: ${opts.out} (${extended.length} byte)`);
    });
}

export function agentCommand(): Command {
  return new Command('agent')
    .description('trình ký số trên máy người dùng: nối văn phòng điện tử trong trình duyệt với token USB (chỉ nghe trên 127.0.0.1)')
    .requiredOption('--origin <url>', 'địa chỉ văn phòng điện tử được phép dùng, ví dụ https://congvan.laichau.gov.vn')
    .requiredOption('--pkcs11 <library>', 'thư viện PKCS#11 của token')
    .option('--port <n>', 'cổng (mặc định 8765)', wholeNumber(0, 65535), 8765)
    .action(async (opts: { origin: string; pkcs11: string; port: number }) => {
      let origin: string;
      try {
        origin = new URL(opts.origin).origin;
      } catch {
        throw new InvalidArgumentError('--origin phải là địa chỉ đầy đủ, ví dụ https://congvan.laichau.gov.vn');
      }
      const agent = await startAgent({ origin, library: opts.pkcs11, port: opts.port });
      console.log(`Trình ký số đang chạy tại ${agent.url}, chỉ phục vụ ${origin}`);
      stopOnSignal(agent);
    });
}
