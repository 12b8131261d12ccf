/** The registries' words (sổ hộp thư công vụ, sổ tài khoản): Vietnamese first, English on request. */
import { dictionary, nameIn, useLang, type Names } from '../../i18n.tsx';

const VI = {
  tabMailboxes: 'Hộp thư công vụ', tabAccounts: 'Tài khoản', tabUnused: 'Tài khoản không sử dụng',
  address: 'Địa chỉ', agency: 'Cơ quan, đơn vị', holder: 'Người/đơn vị giữ', state: 'Trạng thái', updated: 'Cập nhật',
  allStates: 'Mọi trạng thái', allAgencies: 'Mọi cơ quan', actions: 'Thao tác',
  record: 'Ghi hộp thư', recordTitle: 'Ghi hộp thư công vụ vào sổ', holderKind: 'Loại', recorded: 'Đã ghi hộp thư vào sổ', required: 'Bắt buộc',
  revoke: 'Thu hồi', suspend: 'Tạm khóa', resume: 'Mở lại', history: 'Lịch sử', reason: 'Lý do', reasonOptional: 'Lý do (không bắt buộc)',
  changed: 'Đã cập nhật hộp thư', ok: 'Xác nhận', cancel: 'Hủy',
  when: 'Thời điểm', who: 'Người thực hiện', change: 'Thay đổi', entry: 'Đề nghị', openEntry: 'Mở danh sách đề nghị',
  recordedEvent: 'Ghi vào sổ', system: 'Hệ thống', historyTitle: 'Lịch sử hộp thư', accountHistoryTitle: 'Lịch sử tài khoản',
  username: 'Tên đăng nhập', fullName: 'Họ và tên', roles: 'Vai trò', lastSignIn: 'Đăng nhập gần nhất', never: 'Chưa đăng nhập',
  event: 'Sự kiện', detail: 'Chi tiết', noEvents: 'Chưa có sự kiện',
} as const;

export type RegistryWord = keyof typeof VI;
const EN: Record<RegistryWord, string> = {
  tabMailboxes: 'Official mailboxes', tabAccounts: 'Accounts', tabUnused: 'Unused accounts',
  address: 'Address', agency: 'Agency', holder: 'Holder', state: 'State', updated: 'Updated',
  allStates: 'All states', allAgencies: 'All agencies', actions: 'Actions',
  record: 'Record mailbox', recordTitle: 'Record an official mailbox', holderKind: 'Kind', recorded: 'Mailbox recorded', required: 'Required',
  revoke: 'Revoke', suspend: 'Suspend', resume: 'Resume', history: 'History', reason: 'Reason', reasonOptional: 'Reason (optional)',
  changed: 'Mailbox updated', ok: 'Confirm', cancel: 'Cancel',
  when: 'When', who: 'By', change: 'Change', entry: 'Request', openEntry: 'Open the request list',
  recordedEvent: 'Recorded', system: 'System', historyTitle: 'Mailbox history', accountHistoryTitle: 'Account history',
  username: 'Username', fullName: 'Full name', roles: 'Roles', lastSignIn: 'Last sign-in', never: 'Never',
  event: 'Event', detail: 'Detail', noEvents: 'No events yet',
};

export const MAILBOX_STATE_NAMES: Names = {
  active: { vi: 'Đang dùng', en: 'Active' }, suspended: { vi: 'Tạm khóa', en: 'Suspended' }, revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
};
export const ACCOUNT_STATE_NAMES: Names = { active: { vi: 'Đang hoạt động', en: 'Active' }, disabled: { vi: 'Đã khóa', en: 'Disabled' } };
export const HOLDER_KIND_NAMES: Names = { unit: { vi: 'Cơ quan, đơn vị', en: 'Unit' }, person: { vi: 'Cá nhân', en: 'Person' } };
export const ACCOUNT_EVENT_NAMES: Names = {
  created: { vi: 'Tạo tài khoản', en: 'Account created' }, roles_changed: { vi: 'Đổi vai trò', en: 'Roles changed' },
  profile_changed: { vi: 'Sửa thông tin', en: 'Profile changed' }, disabled: { vi: 'Khóa tài khoản', en: 'Disabled' },
  re_enabled: { vi: 'Mở khóa tài khoản', en: 'Re-enabled' }, password_reset: { vi: 'Đặt lại mật khẩu', en: 'Password reset' },
  password_changed: { vi: 'Đổi mật khẩu', en: 'Password changed' }, two_factor_enabled: { vi: 'Bật xác thực hai lớp', en: 'Two-factor enabled' },
  two_factor_disabled: { vi: 'Tắt xác thực hai lớp', en: 'Two-factor disabled' }, locked: { vi: 'Tạm khóa do đăng nhập sai nhiều lần', en: 'Locked after failed sign-ins' },
};
/** A state's tag colour, for mailboxes and accounts alike */
export const REGISTRY_STATE_COLORS: Readonly<Record<string, string>> = { active: 'green', suspended: 'orange', revoked: 'red', disabled: 'red' };

const registryWords = dictionary(VI, EN);
export function useRegW() {
  const { lang } = useLang();
  return { w: registryWords(lang), name: (names: Names, key: string) => nameIn(names, key, lang), lang };
}

/** A moment as the registries show it: Vietnam's clock */
export const shownAt = (at: string | null, lang: string) =>
  at ? new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '';
