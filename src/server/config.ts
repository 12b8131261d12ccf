/** The one module that reads the environment: checked at boot, frozen, and passed down in parts. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { DatabaseConfig } from '../store/index.ts';
import { isFreeMailDomain } from '../office/index.ts';
import { ServerError } from './server.errors.ts';

export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** Demo data on first start; with signing, also a demo CA and server-held keys (CONGVAN_DEMO_SIGNING=0 leaves them out) */
  readonly demo: { readonly enabled: boolean; readonly password: string | undefined; readonly signing: boolean };
  readonly webRoot: string;
  readonly logLevel: string;
  readonly cookieSecure: boolean;
  readonly signInRateLimit: number;
  /** Opens the CA keys at start; absent, the CA serves what it already signed and issues nothing. */
  readonly caPassphrase: string | undefined;
  /** Where relying parties reach this office, written into the certificates its CA issues. */
  readonly publicUrl: string | undefined;
  /** Outgoing mail (CONGVAN_SMTP_URL, CONGVAN_MAIL_FROM); absent, e-mails stay queued in the outbox. */
  readonly mail: { readonly smtpUrl: string; readonly from: string } | undefined;
  /** The interconnection hub (CONGVAN_AXIS_URL) and how often to send and pull (CONGVAN_AXIS_POLL_MS); absent, documents to other agencies stay queued */
  readonly axis: { readonly url: string; readonly pollMs: number; readonly agencies: readonly string[] | undefined } | undefined;
  /** More roots to trust (the Government CA, other installations' CAs): a PEM file, read when signatures are judged */
  readonly trustedRootsFile: string | undefined;
  /** The hub's dashboard for its operators (CONGVAN_HUB_DASHBOARD_TOKEN); absent, it is served to loopback clients only */
  readonly hubDashboardToken: string | undefined;
  /** The province's official mail domains (CONGVAN_OFFICIAL_MAIL_DOMAINS, comma separated): request forms accept only these addresses */
  readonly officialMailDomains: readonly string[];
  /** Who carries approved certificate requests (CONGVAN_REQUEST_CA=own|government): congvan's own CA by default */
  readonly requestCa: 'own' | 'government';
}

export interface ConfigOverrides {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
  readonly demo?: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Long enough not to be guessed, and sendable as a Bearer token, a query parameter and a cookie as it is */
const HUB_DASHBOARD_TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;
/** The demo agencies' mail domains (Lai Châu, Lạng Sơn, Hải Dương), the default until an installation names its own */
export const DEMO_OFFICIAL_MAIL_DOMAINS = ['laichau.gov.vn', 'langson.gov.vn', 'haiduong.gov.vn'] as const;
const MAIL_DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const port = overrides.port ?? Number(env.CONGVAN_PORT ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`cổng (port) "${port}" phải là số nguyên 0–65535`);
  const dataDir = resolve(overrides.dataDir ?? env.CONGVAN_DATA ?? 'data');
  const url = env.DATABASE_URL?.trim();
  let database: DatabaseConfig = { dialect: 'sqlite', file: join(dataDir, 'congvan.sqlite') };
  if (url) {
    if (/^postgres(ql)?:\/\//.test(url)) database = { dialect: 'postgres', url };
    else if (url.startsWith('sqlite:')) {
      const file = url.slice('sqlite:'.length);
      database = { dialect: 'sqlite', file: isAbsolute(file) ? file : resolve(file) };
    } else problems.push('DATABASE_URL phải bắt đầu bằng postgres:// hoặc sqlite:');
  }
  const logLevel = env.CONGVAN_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`CONGVAN_LOG_LEVEL "${logLevel}" phải là một trong ${LOG_LEVELS.join(', ')}`);
  const signInRateLimit = Number(env.CONGVAN_SIGNIN_RATE_LIMIT ?? 20);
  if (!Number.isInteger(signInRateLimit) || signInRateLimit < 1) problems.push('CONGVAN_SIGNIN_RATE_LIMIT phải là số nguyên dương');
  let caPassphrase = env.CONGVAN_CA_PASSPHRASE || undefined;
  if (!caPassphrase && env.CONGVAN_CA_PASSPHRASE_FILE) {
    try {
      caPassphrase = readFileSync(env.CONGVAN_CA_PASSPHRASE_FILE, 'utf8').replace(/\r?\n$/, '');
    } catch {
      problems.push(`không đọc được tệp CONGVAN_CA_PASSPHRASE_FILE "${env.CONGVAN_CA_PASSPHRASE_FILE}"`);
    }
  }
  const publicUrl = env.CONGVAN_PUBLIC_URL?.trim() || undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+/.test(publicUrl)) problems.push(`CONGVAN_PUBLIC_URL "${publicUrl}" phải là địa chỉ http:// hoặc https://`);
  const smtpUrl = env.CONGVAN_SMTP_URL?.trim() || undefined;
  const mailFrom = env.CONGVAN_MAIL_FROM?.trim() || undefined;
  // the URL may hold a password: never repeated in the message
  if (smtpUrl && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) problems.push('CONGVAN_SMTP_URL phải là địa chỉ smtp:// hoặc smtps://');
  if (mailFrom && !/^([^<>@]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(mailFrom)) problems.push(`CONGVAN_MAIL_FROM "${mailFrom}" phải là địa chỉ thư, ví dụ "Văn thư <vanthu@laichau.gov.vn>"`);
  if (!smtpUrl !== !mailFrom) problems.push('CONGVAN_SMTP_URL và CONGVAN_MAIL_FROM cần đặt cùng nhau');
  const axisUrl = env.CONGVAN_AXIS_URL?.trim() || undefined;
  if (axisUrl && !/^https?:\/\/[^\s/]+/.test(axisUrl)) problems.push(`CONGVAN_AXIS_URL "${axisUrl}" phải là địa chỉ http:// hoặc https:// của trục`);
  const axisPollMs = env.CONGVAN_AXIS_POLL_MS ? Number(env.CONGVAN_AXIS_POLL_MS) : 5000;
  if (!Number.isInteger(axisPollMs) || axisPollMs < 100 || axisPollMs > 3_600_000) problems.push('CONGVAN_AXIS_POLL_MS phải là số mili giây từ 100 đến 3600000');
  const hubDashboardToken = env.CONGVAN_HUB_DASHBOARD_TOKEN?.trim() || undefined;
  // a secret: never repeated in the message
  if (hubDashboardToken && !HUB_DASHBOARD_TOKEN.test(hubDashboardToken)) problems.push('CONGVAN_HUB_DASHBOARD_TOKEN phải dài 16–256 ký tự, chỉ gồm chữ cái không dấu, chữ số và . _ ~ + / = -');
  const officialMailDomains = readMailDomains(env.CONGVAN_OFFICIAL_MAIL_DOMAINS, problems);
  const requestCa = env.CONGVAN_REQUEST_CA?.trim() || 'own';
  if (requestCa !== 'own' && requestCa !== 'government') problems.push(`CONGVAN_REQUEST_CA "${requestCa.slice(0, 50)}" phải là own (CA nội bộ của congvan cấp, thu hồi ngay khi Sở TT&TT duyệt) hoặc government (CA Chính phủ: Sở TT&TT xuất danh sách gửi đi)`);
  if (problems.length > 0) throw new ServerError('SRV_CONFIG_INVALID', { problems: problems.join('; ') });
  return deepFreeze({
    host: overrides.host ?? env.CONGVAN_HOST ?? '0.0.0.0',
    port,
    dataDir,
    database,
    demo: { enabled: overrides.demo ?? env.CONGVAN_DEMO !== '0', password: env.CONGVAN_DEMO_PASSWORD || undefined, signing: env.CONGVAN_DEMO_SIGNING !== '0' },
    webRoot: resolve(env.CONGVAN_WEB_ROOT ?? join(PROJECT_ROOT, 'dist/web')),
    logLevel,
    cookieSecure: env.CONGVAN_COOKIE_SECURE === '1',
    signInRateLimit,
    caPassphrase,
    publicUrl,
    mail: smtpUrl && mailFrom ? { smtpUrl, from: mailFrom } : undefined,
    axis: axisUrl ? { url: axisUrl, pollMs: axisPollMs, agencies: env.CONGVAN_AXIS_AGENCIES?.split(',').map((c) => c.trim()).filter(Boolean) } : undefined,
    trustedRootsFile: env.CONGVAN_TRUSTED_ROOTS?.trim() || undefined,
    hubDashboardToken,
    officialMailDomains,
    requestCa: requestCa as 'own' | 'government',
  });
}

/** "laichau.gov.vn, @haiduong.gov.vn" → ['laichau.gov.vn', 'haiduong.gov.vn']; a free provider or a malformed name is a problem */
function readMailDomains(value: string | undefined, problems: string[]): string[] {
  if (value === undefined || value.trim() === '') return [...DEMO_OFFICIAL_MAIL_DOMAINS];
  const domains = [...new Set(value.split(',').map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
  const bad = domains.filter((d) => !MAIL_DOMAIN.test(d) || isFreeMailDomain(d));
  if (domains.length === 0 || bad.length > 0) {
    problems.push(`CONGVAN_OFFICIAL_MAIL_DOMAINS "${value.trim().slice(0, 200)}" phải là các tên miền thư công vụ cách nhau bởi dấu phẩy, ví dụ "laichau.gov.vn,haiduong.gov.vn"${bad.length > 0 ? ` (không hợp lệ: ${bad.slice(0, 5).join(', ')})` : ''}`);
  }
  return domains;
}
