/** `congvan hub …`: the interconnection axis' hub, and `congvan axis …`: an office's side of it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startHub } from '../hub/start.ts';
import { addTrustedRoot, setHubCode, initHub } from '../hub/identity.ts';
import { createOffice, type Office } from '../office/index.ts';
import { loadConfig } from '../server/config.ts';
import { migrateToLatest, openDatabase, openDiskBlobStore } from '../store/index.ts';
import { parsePort, stopOnSignal } from './serving.ts';

async function withData<T>(dataDir: string | undefined, work: (office: Office, passphrase: string | undefined) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir, demo: false });
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    return await work(createOffice({ db, blobs: openDiskBlobStore(join(config.dataDir, 'blobs')) }), config.caPassphrase);
  } finally {
    await db.close();
  }
}

const needPassphrase = (value: string | undefined): string => {
  if (!value) throw new InvalidArgumentError('cần cụm mật khẩu: đặt CONGVAN_CA_PASSPHRASE hoặc CONGVAN_CA_PASSPHRASE_FILE');
  return value;
};

export function hubCommand(): Command {
  const hub = new Command('hub').description('trục liên thông văn bản: danh bạ cơ quan, nhận và chuyển gói tin edXML');
  hub.command('init')
    .description('tạo khóa và chứng thư của trục (CA riêng, TSA, khóa ký biên nhận), mã hóa bằng CONGVAN_CA_PASSPHRASE')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .requiredOption('--base-url <url>', 'địa chỉ công khai của trục')
    .action(async (opts: { data?: string; baseUrl: string }) => withData(opts.data, async (office, passphrase) => {
      const certificate = await initHub(office, needPassphrase(passphrase), opts.baseUrl);
      console.log(`Đã khởi tạo trục: ${certificate.subject}`);
    }));
  hub.command('start')
    .description('khởi động trục (nhiều tiến trình có thể dùng chung một cơ sở dữ liệu PostgreSQL)')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .option('--port <n>', 'cổng', parsePort)
    .option('--host <addr>', 'địa chỉ lắng nghe')
    .action(async (opts: { data?: string; port?: number; host?: string }) => {
      const running = await startHub(loadConfig({ dataDir: opts.data, port: opts.port, host: opts.host, demo: false }));
      console.log(`Trục liên thông đang chạy tại ${running.url}`);
      stopOnSignal(running);
    });
  const agency = hub.command('agency').description('danh bạ cơ quan trên trục');
  agency.command('add')
    .description('thêm hoặc cập nhật một cơ quan với chứng thư số nó dùng để ký')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .requiredOption('--code <code>', 'mã định danh, ví dụ 000.00.00.H33')
    .requiredOption('--name <name>', 'tên cơ quan')
    .option('--email <email>', 'thư điện tử')
    .requiredOption('--cert <file>', 'chứng thư số (PEM) của cơ quan')
    .option('--trust <file>', 'chứng thư gốc (PEM) của CA đã cấp, nếu trục chưa tin')
    .option('--push-url <url>', 'địa chỉ văn phòng nhận thông báo có văn bản mới (ví dụ https://vanphong.example/api/axis/wake)')
    .option('--relay-url <url>', 'cơ quan kết nối qua trục khác tại địa chỉ này (trục đó phải được thêm bằng "hub peer add")')
    .action(async (opts: { data?: string; code: string; name: string; email?: string; cert: string; trust?: string; pushUrl?: string; relayUrl?: string }) => withData(opts.data, async (office) => {
      if (opts.trust) await addTrustedRoot(office, readFileSync(opts.trust, 'utf8'));
      const added = await office.axis.directory.put({ code: opts.code, name: opts.name, email: opts.email ?? null, certificatePem: readFileSync(opts.cert, 'utf8'), pushUrl: opts.pushUrl ?? null, relayUrl: opts.relayUrl ?? null });
      console.log(`Đã thêm ${added.code} — ${added.name}${added.relayUrl ? ` (qua trục ${added.relayUrl})` : ''}`);
    }));
  hub.command('peer')
    .description('trục kết nối (nền tảng tỉnh, trục quốc gia): nhận và chuyển gói tin của các cơ quan nó phục vụ')
    .command('add')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .requiredOption('--code <code>', 'mã của trục kia (mã nó đặt bằng "congvan hub code")')
    .requiredOption('--name <name>', 'tên trục kia')
    .requiredOption('--cert <file>', 'chứng thư (PEM) trục kia ký yêu cầu và biên nhận (GET /axis/certificate của nó)')
    .requiredOption('--url <url>', 'địa chỉ của trục kia')
    .action(async (opts: { data?: string; code: string; name: string; cert: string; url: string }) => withData(opts.data, async (office) => {
      const added = await office.axis.directory.put({ code: opts.code, name: opts.name, certificatePem: readFileSync(opts.cert, 'utf8'), relayUrl: opts.url, isHub: true });
      console.log(`Đã kết nối trục ${added.code} — ${added.name} tại ${added.relayUrl}`);
    }));
  hub.command('code')
    .description('đặt mã định danh trục này dùng khi chuyển tiếp sang trục khác')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .argument('<code>')
    .action(async (code: string, opts: { data?: string }) => withData(opts.data, async (office) => {
      await setHubCode(office, code);
      console.log(`Mã của trục: ${code}`);
    }));
  agency.command('list')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .action(async (opts: { data?: string }) => withData(opts.data, async (office) => {
      console.log(JSON.stringify(await office.axis.directory.list(), null, 2));
    }));
  hub.command('trust')
    .description('tin thêm chứng thư gốc (PEM) của một CA cấp chứng thư cho cơ quan')
    .option('--data <dir>', 'thư mục dữ liệu của trục')
    .argument('<file>')
    .action(async (file: string, opts: { data?: string }) => withData(opts.data, async (office) => {
      console.log(`Trục tin ${await addTrustedRoot(office, readFileSync(file, 'utf8'))} chứng thư gốc.`);
    }));
  return hub;
}

export function axisCommand(): Command {
  const axis = new Command('axis').description('văn phòng trên trục liên thông');
  axis.command('certificate')
    .description('in chứng thư số (con dấu) của cơ quan và chứng thư gốc đã cấp, để đăng ký với trục')
    .option('--data <dir>', 'thư mục dữ liệu của văn phòng')
    .requiredOption('--agency <code>', 'mã định danh của cơ quan')
    .action(async (opts: { data?: string; agency: string }) => withData(opts.data, async (office) => {
      const pems = await office.signing.keys.sealCertificateOf(opts.agency);
      if (!pems) throw new InvalidArgumentError(`cơ quan ${opts.agency} chưa có khóa con dấu trên máy chủ`);
      const pem = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
      process.stdout.write(pem(pems.certificate) + (pems.root ? pem(pems.root) : ''));
    }));
  return axis;
}
