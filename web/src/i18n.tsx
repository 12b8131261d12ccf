/** Vietnamese first; English on request. A plain dictionary is all the UI needs. */
import { createContext, useContext } from 'react';

const VI = {
  appName: 'Hệ thống quản lý văn bản và điều hành',
  signIn: 'Đăng nhập', signOut: 'Đăng xuất', username: 'Tên đăng nhập', password: 'Mật khẩu', otp: 'Mã xác thực (6 số)',
  incoming: 'Văn bản đến', outgoing: 'Văn bản đi', searchDocuments: 'Tra cứu', signing: 'Ký số', certificates: 'Chứng thư số & Token',
  accounts: 'Tài khoản & Thư công vụ', interconnection: 'Liên thông', reports: 'Báo cáo', admin: 'Quản trị',
  statistics: 'Thống kê hằng tháng',
  notBuilt: 'Chức năng này chưa được xây dựng', notBuiltDetail: 'Phần này sẽ có trong các phiên bản tới. Các mục Quản trị và Tài khoản của tôi đã dùng được.',
  agencies: 'Cơ quan', users: 'Người dùng', audit: 'Nhật ký', myAccount: 'Tài khoản của tôi',
  code: 'Mã định danh', name: 'Tên', shortName: 'Viết tắt', level: 'Cấp', parent: 'Trực thuộc', email: 'Thư điện tử',
  fullName: 'Họ và tên', roles: 'Vai trò', agency: 'Cơ quan', status: 'Trạng thái', active: 'Đang hoạt động', inactive: 'Đã khóa',
  lastSignIn: 'Đăng nhập gần nhất', never: 'Chưa đăng nhập', actions: 'Thao tác', create: 'Tạo mới', save: 'Lưu', cancel: 'Hủy',
  newUser: 'Tạo người dùng', newAgency: 'Tạo cơ quan trực thuộc', deactivate: 'Khóa', reactivate: 'Mở khóa', resetPassword: 'Đặt lại mật khẩu',
  temporaryPassword: 'Mật khẩu tạm (chỉ hiện một lần)', search: 'Tìm theo tên hoặc tên đăng nhập', created: 'Đã tạo', saved: 'Đã lưu',
  changePassword: 'Đổi mật khẩu', currentPassword: 'Mật khẩu hiện tại', newPassword: 'Mật khẩu mới', mustChange: 'Bạn đang dùng mật khẩu tạm: hãy đổi mật khẩu.',
  totp: 'Xác thực hai lớp (TOTP)', totpOn: 'Đang bật', totpOff: 'Đang tắt', totpSetup: 'Thiết lập', totpSecret: 'Khóa bí mật: nhập vào ứng dụng xác thực',
  totpEnable: 'Bật', totpDisable: 'Tắt', setupTitle: 'Thiết lập lần đầu', setupToken: 'Mã thiết lập (in trên màn hình khi khởi động)',
  rootAgency: 'Cơ quan gốc', firstAdmin: 'Quản trị viên đầu tiên', required: 'Bắt buộc', when: 'Thời điểm', action: 'Hành động', target: 'Đối tượng',
  language: 'English', confirmDeactivate: 'Khóa tài khoản này? Các phiên đăng nhập của họ sẽ kết thúc.',
} as const;

export type Key = keyof typeof VI;
const EN: Record<Key, string> = {
  appName: 'Document management and executive system',
  signIn: 'Sign in', signOut: 'Sign out', username: 'Username', password: 'Password', otp: 'Authentication code (6 digits)',
  incoming: 'Incoming', outgoing: 'Outgoing', searchDocuments: 'Search', signing: 'Signing', certificates: 'Certificates & tokens',
  accounts: 'Accounts & official mail', interconnection: 'Interconnection', reports: 'Reports', admin: 'Administration',
  statistics: 'Monthly statistics',
  notBuilt: 'This section is not built yet', notBuiltDetail: 'It comes in a later release. Administration and My account work now.',
  agencies: 'Agencies', users: 'Users', audit: 'Audit log', myAccount: 'My account',
  code: 'Agency code', name: 'Name', shortName: 'Abbreviation', level: 'Level', parent: 'Parent', email: 'E-mail',
  fullName: 'Full name', roles: 'Roles', agency: 'Agency', status: 'Status', active: 'Active', inactive: 'Deactivated',
  lastSignIn: 'Last sign-in', never: 'Never', actions: 'Actions', create: 'Create', save: 'Save', cancel: 'Cancel',
  newUser: 'New user', newAgency: 'New sub-agency', deactivate: 'Deactivate', reactivate: 'Reactivate', resetPassword: 'Reset password',
  temporaryPassword: 'Temporary password (shown once)', search: 'Search by name or username', created: 'Created', saved: 'Saved',
  changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', mustChange: 'You are using a temporary password: change it.',
  totp: 'Two-factor authentication (TOTP)', totpOn: 'On', totpOff: 'Off', totpSetup: 'Set up', totpSecret: 'Secret key: enter it in your authenticator app',
  totpEnable: 'Enable', totpDisable: 'Disable', setupTitle: 'First-time set-up', setupToken: 'Set-up token (printed when congvan starts)',
  rootAgency: 'Root agency', firstAdmin: 'First administrator', required: 'Required', when: 'When', action: 'Action', target: 'Target',
  language: 'Tiếng Việt', confirmDeactivate: 'Deactivate this account? Their sessions will end.',
};

/** A table of names by code, in both languages */
export type Names = Readonly<Record<string, { vi: string; en: string }>>;

export const ROLE_NAMES: Names = {
  admin: { vi: 'Quản trị', en: 'Administrator' }, clerk: { vi: 'Văn thư', en: 'Clerk' }, leader: { vi: 'Lãnh đạo', en: 'Leader' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' }, dic_operator: { vi: 'Điều hành Sở TT&TT', en: 'DIC operator' }, ca_operator: { vi: 'Quản lý CA', en: 'CA operator' },
};
export const LEVEL_NAMES: Names = {
  province: { vi: 'Tỉnh', en: 'Province' }, department: { vi: 'Sở, ban, ngành', en: 'Department' }, district: { vi: 'Huyện', en: 'District' },
  office: { vi: 'Phòng, đơn vị', en: 'Office' }, commune: { vi: 'Xã, thị trấn', en: 'Commune' },
};

export type Lang = 'vi' | 'en';
export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'vi', setLang: () => undefined });

/** A screen's own dictionary, read in the shell's language: every page's words go through this one switch */
export const dictionary = <K extends string>(vi: Readonly<Record<K, string>>, en: Readonly<Record<K, string>>) =>
  (lang: Lang) => (key: K): string => (lang === 'en' ? en[key] : vi[key]);
/** The name of a code (a status, a role…) in the language, the code itself when the table does not know it */
export const nameIn = (names: Names, key: string, lang: Lang): string => names[key]?.[lang] ?? key;

const shellWords = dictionary(VI, EN);
export function useT() {
  return shellWords(useContext(LangContext).lang);
}
export const useLang = () => useContext(LangContext);
