/** The certificate and token registers' words: Vietnamese first, English on request. */
import { dictionary, useLang, type Names } from '../../i18n.tsx';

const VI = {
  certificates: 'Chứng thư số', tokens: 'Thiết bị lưu khóa (token)', government: 'Chứng thư CA Chính phủ',
  holder: 'Người/đơn vị được cấp', agency: 'Cơ quan', serial: 'Số hiệu', profile: 'Loại', status: 'Tình trạng', validUntil: 'Hiệu lực đến',
  revokedAt: 'Thu hồi lúc', reason: 'Lý do', replaces: 'Thay thế chứng thư', none: 'Chưa có chứng thư số nào', noTokens: 'Chưa có thiết bị nào trong sổ',
  label: 'Tên thiết bị', model: 'Loại thiết bị', state: 'Trạng thái', updatedAt: 'Cập nhật', history: 'Lịch sử', historyOf: 'Lịch sử thiết bị',
  handedBy: 'Người giao', receivedBy: 'Người nhận', note: 'Ghi chú', at: 'Thời điểm', allStates: 'Mọi tình trạng', close: 'Đóng',
} as const;
export type CertificateWord = keyof typeof VI;
const EN: Record<CertificateWord, string> = {
  certificates: 'Certificates', tokens: 'Key tokens', government: 'Government CA certificates',
  holder: 'Holder', agency: 'Agency', serial: 'Serial', profile: 'Kind', status: 'Status', validUntil: 'Valid until',
  revokedAt: 'Revoked at', reason: 'Reason', replaces: 'Replaces', none: 'No certificates yet', noTokens: 'No token on the register yet',
  label: 'Token', model: 'Model', state: 'State', updatedAt: 'Updated', history: 'History', historyOf: 'History of token',
  handedBy: 'Handed by', receivedBy: 'Received by', note: 'Note', at: 'When', allStates: 'Any status', close: 'Close',
};
const words = dictionary(VI, EN);

export const CERTIFICATE_STATUS_NAMES: Names = {
  valid: { vi: 'Còn hiệu lực', en: 'Valid' }, on_hold: { vi: 'Tạm dừng', en: 'On hold' }, revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
};
export const PROFILE_NAMES: Names = {
  individual: { vi: 'Cá nhân', en: 'Person' }, organisation: { vi: 'Cơ quan, tổ chức', en: 'Organisation' }, device: { vi: 'Thiết bị, dịch vụ', en: 'Device or service' },
};
export const TOKEN_STATE_NAMES: Names = {
  new: { vi: 'Mới', en: 'New' }, issued: { vi: 'Đã bàn giao', en: 'Handed over' }, in_use: { vi: 'Đang sử dụng', en: 'In use' }, locked: { vi: 'Bị khóa', en: 'Locked' },
  lost: { vi: 'Bị mất', en: 'Lost' }, damaged: { vi: 'Hỏng', en: 'Damaged' }, returned: { vi: 'Đã thu về', en: 'Returned' }, revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
};

export function useCW() {
  const { lang } = useLang();
  return { c: words(lang), lang };
}
