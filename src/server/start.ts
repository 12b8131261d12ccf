/** Boots an office: database, migrations, first-run data, HTTP. Listens only when all of that is done. */
import type { FastifyInstance } from 'fastify';
import { createOffice, DEMO_USERS, generatePassword, httpTransport, startAxisPoller, type AxisPoller, type Office } from '../office/index.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, openDiskBlobStore, type Db } from '../store/index.ts';
import { buildApp } from './app.ts';
import type { AppConfig } from './config.ts';

export interface RunningOffice {
  readonly app: FastifyInstance;
  readonly office: Office;
  readonly url: string;
  close(): Promise<void>;
}

export type Announce = (line: string) => void;

async function prepareFirstRun(office: Office, config: AppConfig, announce: Announce): Promise<void> {
  if (!(await office.setup.isNeeded())) return;
  if (config.demo.enabled) {
    const password = config.demo.password ?? generatePassword();
    const { agencies, users } = await office.seedDemo(password);
    announce(`Đã tạo dữ liệu mẫu: ${agencies} cơ quan, ${users} tài khoản (ví dụ ${DEMO_USERS.slice(0, 4).map((u) => u.username).join(', ')}).`);
    announce(config.demo.password
      ? 'Mật khẩu các tài khoản mẫu: giá trị của CONGVAN_DEMO_PASSWORD.'
      : `Mật khẩu các tài khoản mẫu (chỉ in một lần): ${password}`);
    if (config.demo.signing) {
      const passphrase = config.caPassphrase ?? demoCaPassphrase(config);
      const keys = await office.seedDemoSigning(passphrase, config.publicUrl ?? `http://127.0.0.1:${config.port}`);
      announce(`Đã tạo CA mẫu và ${keys} khóa ký trên máy chủ (lãnh đạo và con dấu mỗi cơ quan mẫu)${config.caPassphrase ? '' : `; cụm mật khẩu CA mẫu lưu ở ${demoPassphraseFile(config)} — chỉ dùng để thử`}.`);
    }
    return;
  }
  const token = await office.setup.issueToken();
  announce(`Hệ thống chưa có tài khoản. Mở giao diện web và nhập mã thiết lập sau để tạo quản trị viên đầu tiên: ${token}`);
}

/** The demo keeps its CA passphrase beside its data so that `npm start` signs out of the box: a demo only */
const demoPassphraseFile = (config: AppConfig) => join(config.dataDir, 'demo-ca-passphrase');
function demoCaPassphrase(config: AppConfig): string {
  const passphrase = generatePassword() + generatePassword();
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(demoPassphraseFile(config), passphrase, { mode: 0o600 });
  return passphrase;
}

/** Opens the CA keys when a passphrase is given; a wrong one stops the start rather than run half a CA. */
async function unlockCa(office: Office, config: AppConfig, announce: Announce): Promise<void> {
  const exists = await office.pki.hasAuthorities();
  if (!exists) return;
  const demoFile = demoPassphraseFile(config);
  if (!config.caPassphrase && config.demo.enabled && existsSync(demoFile)) {
    return unlockCa(office, { ...config, caPassphrase: readFileSync(demoFile, 'utf8') }, announce);
  }
  if (!config.caPassphrase) {
    announce('CA nội bộ đang khóa (chưa có CONGVAN_CA_PASSPHRASE): vẫn phục vụ chứng thư và CRL đã ký, không cấp mới.');
    return;
  }
  await office.pki.unlock(config.caPassphrase);
  await office.signing.keys.unlock(config.caPassphrase);
  announce('CA nội bộ đã mở khóa: cấp chứng thư, CRL, OCSP và dấu thời gian sẵn sàng.');
}

export async function startOffice(config: AppConfig, announce: Announce = console.log): Promise<RunningOffice> {
  const db: Db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const office = createOffice({ db, blobs: openDiskBlobStore(join(config.dataDir, 'blobs')), trustedRootsFile: config.trustedRootsFile, officialMailDomains: config.officialMailDomains, requestCa: config.requestCa });
    await prepareFirstRun(office, config, announce);
    await unlockCa(office, config, announce);
    let axis: AxisPoller | undefined;
    const app = await buildApp(office, { ...config, ...(config.axis ? { axisWake: () => axis?.wake() } : {}) });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    // Kept OCSP answers are re-signed in the background, so a client never waits on a signature for a known query.
    const refresh = setInterval(() => {
      if (office.pki.isUnlocked) office.pki.responders.refreshKeptAnswers().catch((err: unknown) => app.log.warn({ err }, 'OCSP refresh failed'));
    }, 60_000);
    refresh.unref();
    const mail = config.mail && office.mail.createSender({ transport: config.mail.smtpUrl, from: config.mail.from, onError: (err) => app.log.warn({ err }, 'mail sender failed') });
    if (mail) mail.start(15_000);
    else app.log.warn('mail not configured (CONGVAN_SMTP_URL, CONGVAN_MAIL_FROM): e-mails stay queued');
    // Deadline and certificate renewal reminders once a Vietnam day from 07:00; a run that finds the day done sends nothing
    const reminders = setInterval(() => {
      if (office.reminders.isTime()) office.reminders.runDaily().catch((err: unknown) => app.log.warn({ err }, 'daily reminders failed'));
    }, 15 * 60_000);
    reminders.unref();
    // Documents to other agencies over the interconnection axis, and what the hub holds for this office's agencies
    axis = config.axis ? startAxisPoller(office.axis.link(httpTransport(config.axis.url, (code) => office.signing.keys.sealKeyOf(code)), config.axis.agencies), config.axis.pollMs, (err) => app.log.warn({ err }, 'axis round failed')) : undefined;
    return { app, office, url, close: async () => { clearInterval(refresh); clearInterval(reminders); await axis?.stop(); await mail?.stop(); await app.close(); await db.close(); } };
  } catch (err) {
    await db.close();
    throw err;
  }
}
