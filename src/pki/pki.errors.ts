import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const PKI_MESSAGES = {
  PKI_DER_INVALID: { vi: 'Dữ liệu {what} không hợp lệ (không đọc được DER/PEM).', en: 'The {what} is not valid DER or PEM.' },
  PKI_INPUT_TOO_LARGE: { vi: '{what} quá lớn (tối đa {limit} byte).', en: 'The {what} is too large (at most {limit} bytes).' },
  PKI_KEY_ALGORITHM_UNSUPPORTED: { vi: 'Thuật toán khóa "{algorithm}" không được hỗ trợ (RSA-2048, RSA-3072, ECDSA-P256).', en: 'Key algorithm "{algorithm}" is not supported (RSA-2048, RSA-3072, ECDSA-P256).' },
  PKI_KEY_PASSPHRASE_WRONG: { vi: 'Mật khẩu bảo vệ khóa bí mật không đúng.', en: 'Wrong passphrase for the private key.' },
  PKI_CSR_SIGNATURE_INVALID: { vi: 'Chữ ký trên yêu cầu cấp chứng thư (CSR) không hợp lệ.', en: 'The CSR signature does not verify.' },
  PKI_CSR_SUBJECT_MISMATCH: { vi: 'Thông tin chủ thể trong CSR ({actual}) không khớp với đề nghị đã duyệt ({expected}).', en: 'The CSR subject ({actual}) does not match the approved request ({expected}).' },
  PKI_PROFILE_UNKNOWN: { vi: 'Mẫu chứng thư "{profile}" không tồn tại (individual, organisation, device).', en: 'Unknown certificate profile "{profile}".' },
  PKI_SUBJECT_FIELD_MISSING: { vi: 'Thiếu thông tin "{field}" của chủ thể cho mẫu chứng thư {profile}.', en: 'Subject field "{field}" is missing for profile {profile}.' },
  PKI_SUBJECT_FIELD_INVALID: { vi: 'Thông tin "{field}" không hợp lệ: {reason}.', en: 'Subject field "{field}" is not valid: {reason}.' },
  PKI_VALIDITY_TOO_LONG: { vi: 'Thời hạn {years} năm không hợp lệ: tối đa {max} năm.', en: 'A validity of {years} years is not allowed: at most {max} years.' },
  PKI_ISSUER_NOT_VALID: { vi: 'Chứng thư của CA cấp phát đã hết hạn, chưa có hiệu lực hoặc đã bị thu hồi.', en: 'The issuing CA certificate is expired, not yet valid or revoked.' },
  PKI_REVOCATION_REASON_UNKNOWN: { vi: 'Lý do thu hồi "{reason}" không hợp lệ.', en: 'Unknown revocation reason "{reason}".' },
  PKI_OCSP_REQUEST_INVALID: { vi: 'Yêu cầu OCSP không hợp lệ.', en: 'The OCSP request is not valid.' },
  PKI_TSA_HASH_UNSUPPORTED: { vi: 'Thuật toán băm {oid} không được hỗ trợ trong yêu cầu gắn dấu thời gian.', en: 'Hash algorithm {oid} is not supported in timestamp queries.' },
  PKI_TSA_QUERY_INVALID: { vi: 'Yêu cầu gắn dấu thời gian không hợp lệ: {reason}.', en: 'The timestamp query is not valid: {reason}.' },
  PKI_TSA_POLICY_UNKNOWN: { vi: 'Chính sách gắn dấu thời gian {oid} không được hỗ trợ.', en: 'Timestamp policy {oid} is not supported.' },
  PKI_CHAIN_INCOMPLETE: { vi: 'Không dựng được chuỗi chứng thư đến một gốc tin cậy: thiếu chứng thư của "{issuer}".', en: 'No chain to a trusted root: the certificate of "{issuer}" is missing.' },
  PKI_CHAIN_INVALID: { vi: 'Chuỗi chứng thư không hợp lệ: {reason}.', en: 'The certificate chain is not valid: {reason}.' },
  PKI_CERTIFICATE_REVOKED: { vi: 'Chứng thư số {serial} đã bị thu hồi ({reason}) từ {revokedAt}.', en: 'Certificate {serial} was revoked ({reason}) at {revokedAt}.' },
  PKI_REVOCATION_UNAVAILABLE: { vi: 'Không kiểm tra được tình trạng thu hồi của chứng thư {serial}: {reason}.', en: 'The revocation status of certificate {serial} cannot be checked: {reason}.' },
  PKI_TOKEN_LIBRARY_MISSING: { vi: 'Không tìm thấy thư viện PKCS#11 "{path}". Hãy cài trình điều khiển token (ví dụ: apt-get install softhsm2).', en: 'PKCS#11 library "{path}" not found. Install the token driver (e.g. apt-get install softhsm2).' },
  PKI_TOKEN_NOT_FOUND: { vi: 'Không tìm thấy token {token} (hãy kiểm tra token đã được cắm vào máy).', en: 'Token {token} not found (is it plugged in?).' },
  PKI_TOKEN_PIN_WRONG: { vi: 'Mã PIN của token không đúng.', en: 'Wrong token PIN.' },
  PKI_TOKEN_PIN_LOCKED: { vi: 'Token đã bị khóa do nhập sai mã PIN quá số lần cho phép. Hãy làm đề nghị khôi phục token (Mẫu 05).', en: 'The token is locked after too many wrong PINs. File a token recovery request (form 05).' },
  PKI_TOKEN_KEY_NOT_FOUND: { vi: 'Không tìm thấy khóa "{label}" trên token.', en: 'Key "{label}" not found on the token.' },
  PKI_TOKEN_OPERATION_FAILED: { vi: 'Token từ chối thao tác {operation}: {reason}.', en: 'The token refused {operation}: {reason}.' },
} as const satisfies Catalog;

export type PkiErrorCode = keyof typeof PKI_MESSAGES;

export class PkiError extends codedErrorClass('PkiError', PKI_MESSAGES) {}
