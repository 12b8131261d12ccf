import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const OFFICE_MESSAGES = {
  OFFICE_NOTATION_INVALID: { vi: 'Ký hiệu văn bản không hợp lệ ở phần "{field}" ("{value}"): chỉ chữ viết tắt, không dấu cách (ví dụ 15/QĐ-UBND, 296/UBND-VHTT).', en: 'The document notation is not valid in "{field}" ("{value}"): abbreviations only, no spaces (e.g. 15/QĐ-UBND, 296/UBND-VHTT).' },
  OFFICE_REGISTER_INVALID: { vi: 'Sổ đăng ký không hợp lệ: {reason}.', en: 'Invalid register: {reason}.' },
  OFFICE_NUMBER_NOT_FOUND: { vi: 'Không có số {number} trong sổ này.', en: 'Number {number} is not in this register.' },
  OFFICE_NUMBER_ALREADY_VOID: { vi: 'Số {number} đã được hủy trước đó.', en: 'Number {number} was already voided.' },
  OFFICE_REASON_REQUIRED: { vi: 'Cần ghi lý do.', en: 'A reason is required.' },
  OFFICE_DOCUMENT_INVALID: { vi: 'Thông tin văn bản không hợp lệ ({field}): {reason}.', en: 'Invalid document ({field}): {reason}.' },
  OFFICE_DOCUMENT_NOT_FOUND: { vi: 'Không tìm thấy văn bản.', en: 'Document not found.' },
  OFFICE_TRANSITION_NOT_ALLOWED: { vi: 'Không thể "{action}" văn bản đang ở trạng thái "{status}".', en: 'Cannot "{action}" a document in state "{status}".' },
  OFFICE_NOT_YOUR_TURN: { vi: 'Chưa đến lượt bạn cho ý kiến về văn bản này.', en: 'It is not your turn to review this document.' },
  OFFICE_REVIEWERS_INVALID: { vi: 'Danh sách lãnh đạo duyệt không hợp lệ: cần ít nhất một lãnh đạo của cơ quan, không trùng lặp.', en: 'Invalid reviewers: at least one leader of the agency, without repetition.' },
  OFFICE_SECRET_NOT_ELECTRONIC: { vi: 'Văn bản mật không được phát hành qua môi trường điện tử.', en: 'Secret documents are never issued electronically.' },
  OFFICE_DEADLINE_PAST: { vi: 'Hạn xử lý {date} đã qua.', en: 'The deadline {date} is in the past.' },
  OFFICE_HANDLERS_INVALID: { vi: 'Người xử lý không hợp lệ: cần chuyên viên hoặc lãnh đạo đang hoạt động của cơ quan; người chủ trì không đồng thời là người phối hợp.', en: 'Invalid handlers: active specialists or leaders of the agency; the lead handler cannot also be a co-handler.' },
  OFFICE_CONVERTER_MISSING: { vi: 'Máy chủ chưa cài LibreOffice nên chưa nhận được tệp Word; hãy cài gói libreoffice-writer-nogui (Debian) hoặc tải lên tệp PDF.', en: 'LibreOffice is not installed, so Word files cannot be accepted; install libreoffice-writer-nogui (Debian) or upload a PDF.' },
  OFFICE_CONVERSION_UNSUPPORTED: { vi: 'Không chuyển được "{name}" sang PDF: chỉ nhận {allowed}.', en: '"{name}" cannot be converted to PDF: only {allowed} are accepted.' },
  OFFICE_CONVERSION_FAILED: { vi: 'LibreOffice không chuyển được "{name}" sang PDF: {reason}.', en: 'LibreOffice could not convert "{name}" to PDF: {reason}.' },
  OFFICE_FORBIDDEN: {
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  OFFICE_AGENCY_CODE_INVALID: {
    vi: 'Mã định danh "{code}" không hợp lệ: cần dạng 000.00.00.H33 (Thông tư 10/2016/TT-BTTTT) hoặc tối đa 35 ký tự gồm chữ in hoa, chữ số và dấu chấm.',
    en: 'Agency code "{code}" is not valid: expected the form 000.00.00.H33, or at most 35 characters of A-Z, 0-9 and dots.',
  },
  OFFICE_AGENCY_CODE_TAKEN: { vi: 'Mã định danh "{code}" đã được dùng cho cơ quan khác.', en: 'Agency code "{code}" is already taken.' },
  OFFICE_AGENCY_NOT_FOUND: { vi: 'Không tìm thấy cơ quan.', en: 'Agency not found.' },
  OFFICE_AGENCY_LEVEL_INVALID: {
    vi: 'Cấp "{level}" không phù hợp dưới cơ quan cấp "{parentLevel}".',
    en: 'Level "{level}" cannot sit under a "{parentLevel}".',
  },
  OFFICE_USERNAME_INVALID: {
    vi: 'Tên đăng nhập cần 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.',
    en: 'Usernames are 3-64 characters: lower-case letters, digits, dot, dash or underscore.',
  },
  OFFICE_USERNAME_TAKEN: { vi: 'Tên đăng nhập "{username}" đã tồn tại.', en: 'Username "{username}" is taken.' },
  OFFICE_USER_NOT_FOUND: { vi: 'Không tìm thấy người dùng.', en: 'User not found.' },
  OFFICE_ROLE_UNKNOWN: { vi: 'Vai trò "{role}" không tồn tại.', en: 'Unknown role "{role}".' },
  OFFICE_ROLE_NOT_GRANTABLE: {
    vi: 'Chỉ quản trị viên cấp tỉnh được gán vai trò "{role}".',
    en: 'Only a province-level administrator may grant the role "{role}".',
  },
  OFFICE_ROLES_EMPTY: { vi: 'Người dùng cần ít nhất một vai trò.', en: 'A user needs at least one role.' },
  OFFICE_EMAIL_INVALID: { vi: 'Địa chỉ thư điện tử "{email}" không hợp lệ.', en: 'E-mail address "{email}" is not valid.' },
  OFFICE_PASSWORD_TOO_WEAK: {
    vi: 'Mật khẩu cần ít nhất {min} ký tự, có cả chữ và số, và không trùng tên đăng nhập.',
    en: 'Passwords need at least {min} characters, letters and digits, and must differ from the username.',
  },
  OFFICE_PASSWORD_WRONG: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  OFFICE_CANNOT_DEACTIVATE_SELF: { vi: 'Bạn không thể tự khóa tài khoản của mình.', en: 'You cannot deactivate your own account.' },
  OFFICE_AUTH_INVALID_CREDENTIALS: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  OFFICE_AUTH_LOCKED: {
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút.',
    en: 'Account locked after repeated failed sign-ins. Try again in {minutes} minutes.',
  },
  OFFICE_AUTH_INACTIVE: {
    vi: 'Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.',
    en: 'This account is deactivated. Contact your administrator.',
  },
  OFFICE_AUTH_OTP_REQUIRED: { vi: 'Vui lòng nhập mã xác thực 6 số từ ứng dụng.', en: 'Enter the 6-digit code from your authenticator app.' },
  OFFICE_AUTH_OTP_INVALID: { vi: 'Mã xác thực không đúng hoặc đã hết hạn.', en: 'The authentication code is wrong or expired.' },
  OFFICE_AUTH_REQUIRED: { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  OFFICE_AUTH_SESSION_EXPIRED: {
    vi: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
    en: 'Your session has expired. Please sign in again.',
  },
  OFFICE_TOTP_NOT_STARTED: {
    vi: 'Chưa khởi tạo xác thực hai lớp: hãy bấm "Thiết lập" trước.',
    en: 'Two-factor set-up has not been started.',
  },
  OFFICE_SETUP_DONE: { vi: 'Hệ thống đã được thiết lập.', en: 'The system is already set up.' },
  OFFICE_SETUP_TOKEN_INVALID: {
    vi: 'Mã thiết lập không đúng. Mã được in ra màn hình khi khởi động congvan.',
    en: 'Wrong set-up token. It is printed when congvan starts.',
  },
  OFFICE_DEMO_PASSWORD_WEAK: {
    vi: 'CONGVAN_DEMO_PASSWORD quá yếu: cần ít nhất {min} ký tự gồm chữ và số.',
    en: 'CONGVAN_DEMO_PASSWORD is too weak: at least {min} characters with letters and digits.',
  },
  OFFICE_CA_NOT_INITIALISED: { vi: 'Chưa khởi tạo CA. Hãy chạy: congvan ca init', en: 'No CA yet. Run: congvan ca init' },
  OFFICE_CA_EXISTS: { vi: 'CA đã được khởi tạo; không khởi tạo lại.', en: 'The CA already exists; it is not created twice.' },
  OFFICE_CA_NOT_FOUND: { vi: 'Không có CA "{ca}" (có: {known}).', en: 'No CA "{ca}" (known: {known}).' },
  OFFICE_CA_LOCKED: { vi: 'Khóa bí mật của CA chưa được mở: hãy đặt CONGVAN_CA_PASSPHRASE (hoặc CONGVAN_CA_PASSPHRASE_FILE) rồi khởi động lại.', en: 'The CA key is locked: set CONGVAN_CA_PASSPHRASE (or CONGVAN_CA_PASSPHRASE_FILE) and restart.' },
  OFFICE_CA_PASSPHRASE_WEAK: { vi: 'Mật khẩu bảo vệ khóa CA cần ít nhất {min} ký tự.', en: 'The CA passphrase needs at least {min} characters.' },
  OFFICE_CERTIFICATE_NOT_FOUND: { vi: 'Không tìm thấy chứng thư số có số hiệu {serial}.', en: 'No certificate with serial {serial}.' },
  OFFICE_CERTIFICATE_REVOKED: { vi: 'Chứng thư số {serial} đã bị thu hồi; không thể thao tác tiếp.', en: 'Certificate {serial} is revoked; nothing more can be done with it.' },
  OFFICE_CERTIFICATE_NOT_ON_HOLD: { vi: 'Chứng thư số {serial} không ở trạng thái tạm dừng nên không thể khôi phục.', en: 'Certificate {serial} is not on hold, so it cannot be released.' },
  OFFICE_SERIAL_INVALID: { vi: 'Số hiệu chứng thư "{serial}" không hợp lệ (chuỗi hex).', en: 'Certificate serial "{serial}" is not valid (hex).' },
  OFFICE_TOKEN_NOT_FOUND: { vi: 'Không tìm thấy token có số sê-ri {serial}.', en: 'No token with serial {serial}.' },
  OFFICE_TOKEN_SERIAL_INVALID: { vi: 'Số sê-ri token "{serial}" không hợp lệ (4–64 ký tự chữ, số, dấu chấm, gạch).', en: 'Token serial "{serial}" is not valid (4–64 letters, digits, dots, dashes).' },
  OFFICE_TOKEN_EXISTS: { vi: 'Token {serial} đã có trong sổ theo dõi.', en: 'Token {serial} is already registered.' },
  OFFICE_TOKEN_TRANSITION_FORBIDDEN: { vi: 'Không thể chuyển token từ trạng thái "{from}" sang "{to}".', en: 'A token cannot go from "{from}" to "{to}".' },
  OFFICE_TOKEN_HANDOVER_INCOMPLETE: { vi: 'Biên bản bàn giao token cần ghi rõ {missing}.', en: 'The token hand-over record needs {missing}.' },
} as const satisfies Catalog;

export type OfficeErrorCode = keyof typeof OFFICE_MESSAGES;

export class OfficeError extends codedErrorClass('OfficeError', OFFICE_MESSAGES) {}
