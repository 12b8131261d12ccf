/**
 * The hub's dashboard for its operators, one server-rendered page (no script, no build): per agency what it sent,
 * received, still has waiting and has not reported received by the deadline, then those "not received" alerts
 * (specs.md §4.6). Every value from the database is HTML-escaped; the page reloads itself every 30 seconds.
 */
import { createHash } from 'node:crypto';
import { vietnamIso } from '../shared/vietnam-time.ts';

export interface DashboardAgency { readonly code: string; readonly name: string; readonly sent: number; readonly received: number; readonly waiting: number; readonly notReceived: number }

export interface DashboardAlert {
  readonly messageId: string;
  readonly sender: string;
  readonly recipient: string;
  readonly documentId: string;
  readonly receivedAt: string;
  readonly state: string;
  readonly status: string | null;
  /** edXML priority 0-3; marked when above 0 (absent: not known) */
  readonly priority?: number | null;
}

export const DASHBOARD_REFRESH_SECONDS = 30;
/** More alerts than this are counted, not listed: the page stays readable and small */
export const MAX_ALERTS_SHOWN = 1000;

const PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: 'Khẩn', 2: 'Thượng khẩn', 3: 'Hỏa tốc' };
const STATE_LABELS: Readonly<Record<string, string>> = { queued: 'chờ trong hộp thư', delivered: 'đã lấy, chưa xác nhận', acknowledged: 'đã xác nhận lấy về', failed: 'lấy về bị lỗi' };
const STATUS_LABELS: Readonly<Record<string, string>> = {
  '01': 'đã đến', '02': 'từ chối', '03': 'đã tiếp nhận', '04': 'đã phân công', '05': 'đang xử lý', '06': 'hoàn thành', '13': 'đề nghị lấy lại', '15': 'đồng ý lấy lại', '16': 'từ chối lấy lại',
};

const STYLE = [
  'body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#1f2328;background:#fff}',
  'h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}p.meta{color:#57606a;margin:0}',
  'table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left}',
  'th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.late td{background:#fff8c5}',
  'tr.urgent td{background:#ffebe9}.badge{display:inline-block;padding:0 6px;border-radius:4px;background:#cf222e;color:#fff;font-weight:600;margin-right:6px}',
  'code{font-size:13px}p.empty{color:#57606a;font-style:italic}',
].join('');
/** The page's only style, allowed by its hash: the policy needs no 'unsafe-inline' */
export const DASHBOARD_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 22/03/2021 09:15:30 (+07:00), as a clerk in Hà Nội reads it; a value that is not a time is shown as it is */
export function vietnamDisplayTime(value: string | Date): string {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const iso = vietnamIso(at);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 19)} (+07:00)`;
}

const cell = (value: unknown, numeric = false) => `<td${numeric ? ' class="n"' : ''}>${escapeHtml(value)}</td>`;
const withName = (code: string, names: ReadonlyMap<string, string>) => `<code>${escapeHtml(code)}</code>${names.has(code) ? `<br>${escapeHtml(names.get(code))}` : ''}`;

function agencyTable(agencies: readonly DashboardAgency[]): string {
  if (agencies.length === 0) return '<p class="empty">Chưa có cơ quan nào trong danh bạ của trục.</p>';
  const rows = agencies.map((a) => `<tr${a.notReceived > 0 ? ' class="late"' : ''}><td><code>${escapeHtml(a.code)}</code></td>${cell(a.name)}${cell(a.sent, true)}${cell(a.received, true)}${cell(a.waiting, true)}${cell(a.notReceived, true)}</tr>`);
  const total = (pick: (a: DashboardAgency) => number) => cell(agencies.reduce((sum, a) => sum + pick(a), 0), true);
  return `<table id="agencies"><thead><tr><th>Mã định danh</th><th>Tên cơ quan</th><th>Đã gửi</th><th>Đã nhận</th><th>Đang chờ trong hộp thư</th><th>Chưa nhận (quá hạn)</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody><tfoot><tr><th colspan="2">Tổng cộng (${agencies.length} cơ quan)</th>${total((a) => a.sent)}${total((a) => a.received)}${total((a) => a.waiting)}${total((a) => a.notReceived)}</tr></tfoot></table>`;
}

function alertRow(alert: DashboardAlert, names: ReadonlyMap<string, string>): string {
  const urgency = alert.priority ? PRIORITY_LABELS[alert.priority] ?? PRIORITY_LABELS[1] : undefined;
  const status = alert.status ? `${escapeHtml(alert.status)} — ${escapeHtml(STATUS_LABELS[alert.status] ?? 'mã không rõ')}` : 'chưa báo trạng thái nào';
  return `<tr${urgency ? ' class="urgent"' : ''}><td>${urgency ? `<span class="badge">${escapeHtml(urgency)}</span>` : ''}${withName(alert.sender, names)}</td><td>${withName(alert.recipient, names)}</td>`
    + `<td><code>${escapeHtml(alert.documentId)}</code></td>${cell(vietnamDisplayTime(alert.receivedAt))}${cell(STATE_LABELS[alert.state] ?? alert.state)}<td>${status}</td></tr>`;
}

function alertTable(alerts: readonly DashboardAlert[], names: ReadonlyMap<string, string>): string {
  if (alerts.length === 0) return '<p class="empty">Không có văn bản nào quá hạn mà cơ quan nhận chưa báo đã nhận.</p>';
  const shown = alerts.slice(0, MAX_ALERTS_SHOWN);
  const more = alerts.length > shown.length ? `<p class="meta">Còn ${alerts.length - shown.length} văn bản quá hạn khác không hiển thị.</p>` : '';
  return `<table id="alerts"><thead><tr><th>Cơ quan gửi</th><th>Cơ quan nhận</th><th>Mã văn bản</th><th>Trục nhận lúc</th><th>Trạng thái chuyển</th><th>Trạng thái nghiệp vụ gần nhất</th></tr></thead>`
    + `<tbody>${shown.map((a) => alertRow(a, names)).join('')}</tbody></table>${more}`;
}

/** `refreshUrl`: where the page reloads itself (without any token that brought it) */
export function renderDashboardPage(input: { agencies: readonly DashboardAgency[]; alerts: readonly DashboardAlert[]; now: Date; refreshUrl: string }): string {
  const names = new Map(input.agencies.map((a) => [a.code, a.name]));
  const urgent = input.alerts.filter((a) => a.priority).length;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta http-equiv="refresh" content="${DASHBOARD_REFRESH_SECONDS};url=${escapeHtml(input.refreshUrl)}"><meta name="referrer" content="no-referrer">`
    + `<title>Bảng theo dõi trục liên thông văn bản</title><style>${STYLE}</style></head><body>`
    + `<h1>Bảng theo dõi trục liên thông văn bản</h1><p class="meta">Cập nhật lúc ${escapeHtml(vietnamDisplayTime(input.now))}; tự làm mới sau ${DASHBOARD_REFRESH_SECONDS} giây.</p>`
    + `<h2>Cơ quan trên trục</h2>${agencyTable(input.agencies)}`
    + `<h2>Văn bản chưa được nhận đúng hạn (${input.alerts.length}${urgent ? `, trong đó ${urgent} khẩn` : ''})</h2>${alertTable(input.alerts, names)}`
    + '</body></html>';
}

/** A refusal (no token, wrong token, not from the hub's own machine) as a page, in the user's language */
export function renderDashboardError(message: string, requestId: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Không mở được bảng theo dõi</title><style>${STYLE}</style></head><body>`
    + `<h1>Không mở được bảng theo dõi</h1><p>${escapeHtml(message)}</p><p class="meta">Mã yêu cầu: <code>${escapeHtml(requestId)}</code></p></body></html>`;
}
