/** `congvan ca …`: the CA operator at the server's console. Same domain calls as the web, audited as the console. */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { consoleOperator, createOffice, type Office } from '../office/index.ts';
import { KEY_ALGORITHMS, REVOCATION_REASONS, toPem, type SubjectRequest } from '../pki/index.ts';
import { loadConfig } from '../server/config.ts';
import { migrateToLatest, openDatabase } from '../store/index.ts';

interface DataOpts { data?: string; json?: boolean }

/** Opens the office over the data folder, unlocking the CA when the command needs its keys. */
async function withOffice<T>(opts: DataOpts, needsKeys: boolean, work: (office: Office) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir: opts.data });
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const office = createOffice({ db });
    if (needsKeys) await office.pki.unlock(requirePassphrase(config.caPassphrase));
    return await work(office);
  } finally {
    await db.close();
  }
}

function requirePassphrase(passphrase: string | undefined): string {
  if (!passphrase) throw new InvalidArgumentError('cần mật khẩu bảo vệ khóa CA: đặt CONGVAN_CA_PASSPHRASE hoặc CONGVAN_CA_PASSPHRASE_FILE');
  return passphrase;
}

const print = (opts: DataOpts, value: unknown, text: () => string) => console.log(opts.json ? JSON.stringify(value) : text());

function readSubject(value: string): SubjectRequest {
  const source = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  try {
    return JSON.parse(source) as SubjectRequest;
  } catch {
    throw new InvalidArgumentError('--subject phải là JSON (hoặc đường dẫn tệp JSON) mô tả chủ thể đã được duyệt');
  }
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('phải là số nguyên dương');
  return n;
};

export function caCommand(): Command {
  const ca = new Command('ca').description('CA nội bộ: khởi tạo, cấp, thu hồi chứng thư số, CRL');
  const dataOption = () => new Option('--data <dir>', 'thư mục dữ liệu (mặc định ./data)');
  const jsonOption = () => new Option('--json', 'in kết quả dạng JSON');

  ca.command('init')
    .description('tạo CA gốc và CA cấp phát; khóa bí mật được mã hóa bằng CONGVAN_CA_PASSPHRASE')
    .addOption(dataOption()).addOption(jsonOption())
    .option('--base-url <url>', 'địa chỉ công khai của hệ thống, ghi vào CRL/OCSP của chứng thư (mặc định CONGVAN_PUBLIC_URL hoặc http://127.0.0.1:3000)')
    .addOption(new Option('--key <algorithm>', 'thuật toán khóa của CA').choices([...KEY_ALGORITHMS]))
    .option('--organization <name>', 'tên tổ chức quản lý CA', 'congvan')
    .option('--pkcs11-library <path>', 'tạo khóa CA trên token/HSM qua thư viện PKCS#11 này (khi đó CONGVAN_CA_PASSPHRASE là mã PIN của token)')
    .option('--token <serial|label>', 'số sê-ri hoặc nhãn của token chứa khóa CA')
    .action(async (opts: DataOpts & { baseUrl?: string; key?: (typeof KEY_ALGORITHMS)[number]; organization: string; pkcs11Library?: string; token?: string }) => {
      if (Boolean(opts.pkcs11Library) !== Boolean(opts.token)) throw new InvalidArgumentError('--pkcs11-library và --token phải đi cùng nhau');
      const config = loadConfig({ dataDir: opts.data });
      const passphrase = requirePassphrase(config.caPassphrase);
      const authorities = await withOffice(opts, false, (office) => office.pki.init(consoleOperator(), {
        passphrase, baseUrl: opts.baseUrl ?? config.publicUrl ?? 'http://127.0.0.1:3000', organization: opts.organization, ...(opts.key ? { keyAlgorithm: opts.key } : {}),
        ...(opts.pkcs11Library && opts.token ? { token: { library: opts.pkcs11Library, token: opts.token } } : {}),
      }));
      print(opts, authorities, () => authorities.map((a) => `Đã tạo CA ${a.id}: ${a.subject}, số hiệu ${a.serial}, hiệu lực đến ${a.notAfter}`).join('\n'));
    });

  ca.command('issue')
    .description('cấp chứng thư số từ một yêu cầu PKCS#10 (CSR) đã được duyệt')
    .requiredOption('--csr <file>', 'tệp CSR (PEM hoặc DER)')
    .addOption(new Option('--profile <name>', 'mẫu chứng thư').choices(['individual', 'organisation', 'device']).makeOptionMandatory())
    .requiredOption('--subject <json|file>', 'chủ thể đã duyệt, JSON, ví dụ {"profile":"device","deviceName":"…","agency":"…","province":"…"}')
    .option('--years <n>', 'số năm hiệu lực (tối đa 5 khi cấp mới, 3 khi gia hạn)', positiveInt, 1)
    .option('--replaces <serial>', 'số hiệu chứng thư được gia hạn hoặc thay thế')
    .option('--out <file>', 'ghi chứng thư (PEM) vào tệp')
    .addOption(dataOption()).addOption(jsonOption())
    .action(async (opts: DataOpts & { csr: string; profile: string; subject: string; years: number; replaces?: string; out?: string }) => {
      const csr = new Uint8Array(readFileSync(opts.csr));
      const subject = readSubject(opts.subject);
      const issued = await withOffice(opts, true, (office) => office.pki.issue(consoleOperator(), { csr, profile: opts.profile, subject, years: opts.years, replacesSerial: opts.replaces ?? null }));
      if (opts.out) writeFileSync(opts.out, issued.pem);
      print(opts, issued, () => `Đã cấp chứng thư số ${issued.serial} cho "${issued.holderName}", hiệu lực đến ${issued.notAfter}${opts.out ? ` (đã ghi ${opts.out})` : `\n${issued.pem}`}`);
    });

  ca.command('revoke')
    .description('thu hồi chứng thư số ngay lập tức (certificateHold: tạm dừng, có thể khôi phục)')
    .requiredOption('--serial <hex>', 'số hiệu chứng thư')
    .addOption(new Option('--reason <reason>', 'lý do theo RFC 5280').choices([...REVOCATION_REASONS]).makeOptionMandatory())
    .addOption(dataOption()).addOption(jsonOption())
    .action(async (opts: DataOpts & { serial: string; reason: string }) => {
      const revoked = await withOffice(opts, false, (office) => office.pki.revoke(consoleOperator(), opts.serial, opts.reason));
      print(opts, revoked, () => `Đã thu hồi chứng thư số ${revoked.serial} (${revoked.revocationReason}) lúc ${revoked.revokedAt}.`);
    });

  ca.command('crl')
    .description('ký CRL mới ngay bây giờ')
    .option('--ca <id>', 'CA phát hành', 'issuing')
    .option('--out <file>', 'ghi CRL (PEM) vào tệp')
    .addOption(dataOption()).addOption(jsonOption())
    .action(async (opts: DataOpts & { ca: string; out?: string }) => {
      const der = await withOffice(opts, true, (office) => office.pki.responders.issueCrl(opts.ca));
      const pem = toPem(der, 'X509 CRL');
      if (opts.out) writeFileSync(opts.out, pem);
      print(opts, { ca: opts.ca, pem }, () => opts.out ? `Đã ký CRL mới của CA ${opts.ca} (đã ghi ${opts.out}).` : pem);
    });

  ca.command('list')
    .description('liệt kê chứng thư số đã cấp')
    .addOption(new Option('--status <status>', 'lọc theo trạng thái').choices(['valid', 'on_hold', 'revoked']))
    .addOption(dataOption()).addOption(jsonOption())
    .action(async (opts: DataOpts & { status?: 'valid' | 'on_hold' | 'revoked' }) => {
      const list = await withOffice(opts, false, (office) => office.pki.list(consoleOperator(), opts.status ? { status: opts.status } : {}));
      print(opts, list.map(({ pem: _pem, ...rest }) => rest), () => list.length === 0 ? 'Chưa có chứng thư số nào.'
        : list.map((c) => `${c.serial}  ${c.status.padEnd(8)} ${c.notAfter.slice(0, 10)}  ${c.profile.padEnd(12)} ${c.holderName}`).join('\n'));
    });
  return ca;
}
