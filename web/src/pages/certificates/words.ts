/** The certificate and token registers' words: Vietnamese first, English on request. */
import { dictionary, useLang, type Names } from '../../i18n.tsx';

const VI = {
  certificates: 'Chứng thư số', tokens: 'Thiết bị lưu khóa (token)', government: 'Chứng thư CA Chính phủ',
  holder: 'Người/đơn vị được cấp', agency: 'Cơ quan', serial: 'Số hiệu', profile: 'Loại', status: 'Tình trạng', validUntil: 'Hiệu lực đến',
  revokedAt: 'Thu hồi lúc', reason: 'Lý do', replaces: 'Thay thế chứng thư', none: 'Chưa có chứng thư số nào', noTokens: 'Chưa có thiết bị nào trong sổ',
  label: 'Tên thiết bị', model: 'Loại thiết bị', state: 'Trạng thái', updatedAt: 'Cập nhật', history: 'Lịch sử', historyOf: 'Lịch sử thiết bị',
  handedBy: 'Người giao', receivedBy: 'Người nhận', note: 'Ghi chú', at: 'Thời điểm', allStates: 'Mọi tình trạng', close: 'Đóng',
  token: 'Token', handOver: 'Bàn giao token', handOverTitle: 'Bàn giao token cho chứng thư số', handOverConfirm: 'Xác nhận bàn giao',
  handOverHint: 'Khóa bí mật đã được cài vào token từ tệp PKCS#12. Sau khi bàn giao, tệp PKCS#12 bị xóa khỏi máy chủ: khóa chỉ còn trên token.',
  tokenInStock: 'Token trong kho', tokenRequired: 'Chọn token trong kho', noTokenInStock: 'Không có token nào trong kho: hãy đăng ký token mới vào sổ theo dõi.',
  renewalTokenNotBack: 'Chứng thư gia hạn này cài vào token đang giữ khóa cũ: hãy ghi nhận token đã được thu về (người dùng mang đến) trước khi cài khóa mới và bàn giao lại. Token:',
  witnessedBy: 'Người chứng kiến', authorisation: 'Giấy ủy quyền', authorisationHint: 'Số, ngày giấy ủy quyền (nếu người nhận không phải người được cấp)',
  handedByRequired: 'Ghi rõ người giao', receivedByRequired: 'Ghi rõ người nhận', handedOver: 'Đã bàn giao token',
} as const;
export type CertificateWord = keyof typeof VI;
const EN: Record<CertificateWord, string> = {
  certificates: 'Certificates', tokens: 'Key tokens', government: 'Government CA certificates',
  holder: 'Holder', agency: 'Agency', serial: 'Serial', profile: 'Kind', status: 'Status', validUntil: 'Valid until',
  revokedAt: 'Revoked at', reason: 'Reason', replaces: 'Replaces', none: 'No certificates yet', noTokens: 'No token on the register yet',
  label: 'Token', model: 'Model', state: 'State', updatedAt: 'Updated', history: 'History', historyOf: 'History of token',
  handedBy: 'Handed by', receivedBy: 'Received by', note: 'Note', at: 'When', allStates: 'Any status', close: 'Close',
  token: 'Token', handOver: 'Hand over a token', handOverTitle: 'Hand over a token for certificate', handOverConfirm: 'Confirm hand-over',
  handOverHint: 'The private key was installed on the token from the PKCS#12 file. Once handed over, the PKCS#12 is deleted from the server: the key lives on the token only.',
  tokenInStock: 'Token in stock', tokenRequired: 'Choose a token in stock', noTokenInStock: 'No token in stock: register a new token first.',
  renewalTokenNotBack: 'This renewal goes onto the token holding the old key: record that token as returned (brought in by its holder) before installing the new key and handing it back. Token:',
  witnessedBy: 'Witness', authorisation: 'Letter of authorisation', authorisationHint: 'Number and date of the authorisation (when the receiver is not the holder)',
  handedByRequired: 'Say who hands it over', receivedByRequired: 'Say who receives it', handedOver: 'Handed over token',
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
