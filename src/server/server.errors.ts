import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const SRV_MESSAGES = {
  SRV_INTERNAL: { vi: 'Lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị viên kèm mã yêu cầu.', en: 'Internal error. Try again; if it persists, give the request id to your administrator.' },
  SRV_VALIDATION: { vi: 'Dữ liệu gửi lên không hợp lệ: {problem}', en: 'Invalid request: {problem}' },
  SRV_INVALID_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  SRV_BODY_TOO_LARGE: { vi: 'Nội dung gửi lên quá lớn (tối đa {limit}).', en: 'The request body is too large (at most {limit}).' },
  SRV_UNSUPPORTED_MEDIA_TYPE: { vi: 'Kiểu nội dung "{type}" không được hỗ trợ; hãy gửi application/json.', en: 'Content type "{type}" is not supported; send application/json.' },
  SRV_BAD_URL: { vi: 'Địa chỉ yêu cầu có ký tự mã hóa không hợp lệ (ví dụ %E0%A4 bị cắt dở).', en: 'The request address holds an invalid percent-encoding.' },
  SRV_NOT_FOUND: { vi: 'Không tìm thấy địa chỉ {method} {url}.', en: 'No route for {method} {url}.' },
  SRV_CSRF_INVALID: { vi: 'Phiên làm việc không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang.', en: 'Missing or wrong CSRF token. Reload the page.' },
  SRV_ORIGIN_FORBIDDEN: { vi: 'Yêu cầu từ trang web khác bị từ chối.', en: 'Cross-site request refused.' },
  SRV_RATE_LIMITED: { vi: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau {seconds} giây.', en: 'Too many requests. Try again in {seconds} seconds.' },
  SRV_CONFIG_INVALID: { vi: 'Cấu hình không hợp lệ: {problems}', en: 'Invalid configuration: {problems}' },
  SRV_DASHBOARD_TOKEN_REQUIRED: { vi: 'Bảng theo dõi của trục chỉ dành cho người vận hành: cần mã truy cập (Authorization: Bearer … hoặc ?token=…).', en: 'The hub dashboard is for its operators: an access token is required (Authorization: Bearer … or ?token=…).' },
  SRV_DASHBOARD_TOKEN_INVALID: { vi: 'Mã truy cập bảng theo dõi của trục không đúng.', en: 'Wrong access token for the hub dashboard.' },
  SRV_DASHBOARD_LOCAL_ONLY: { vi: 'Bảng theo dõi của trục chỉ mở trên chính máy chủ của trục (127.0.0.1, ::1); để xem từ máy khác, đặt CONGVAN_HUB_DASHBOARD_TOKEN.', en: 'The hub dashboard is served on the hub\'s own machine only (127.0.0.1, ::1); set CONGVAN_HUB_DASHBOARD_TOKEN to view it from elsewhere.' },
  SRV_WEB_BUILD_FAILED: { vi: 'Không dựng được giao diện web: {reason}', en: 'Could not build the web UI: {reason}' },
} as const satisfies Catalog;

export type ServerErrorCode = keyof typeof SRV_MESSAGES;

export class ServerError extends codedErrorClass('ServerError', SRV_MESSAGES) {}
