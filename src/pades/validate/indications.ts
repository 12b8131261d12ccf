/** The indications and sub-indications of ETSI EN 319 102-1 §5.1.3, with what they mean for a clerk. */
import type { Catalog } from '../../shared/coded-error.ts';

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

export const SUB_INDICATIONS = {
  FORMAT_FAILURE: { vi: 'Cấu trúc chữ ký sai.', en: 'The signature is not well formed.' },
  HASH_FAILURE: { vi: 'Nội dung đã bị thay đổi sau khi ký: giá trị băm không khớp.', en: 'The signed content was changed: the digest does not match.' },
  SIG_CRYPTO_FAILURE: { vi: 'Giá trị chữ ký không khớp khóa công khai của người ký.', en: 'The signature value does not verify with the signer\'s public key.' },
  SIG_CONSTRAINTS_FAILURE: { vi: 'Chữ ký không đáp ứng ràng buộc kiểm tra.', en: 'The signature does not meet the validation constraints (changes after signing that are not allowed).' },
  REVOKED: { vi: 'Chứng thư đã bị thu hồi trước thời điểm ký.', en: 'The certificate was revoked before the signing time.' },
  REVOKED_NO_POE: { vi: 'Chứng thư đã bị thu hồi; không chứng minh được chữ ký có trước thời điểm thu hồi.', en: 'The certificate is revoked and there is no proof the signature existed before.' },
  NO_SIGNING_CERTIFICATE_FOUND: { vi: 'Không xác định được chứng thư của người ký.', en: 'The signing certificate could not be identified.' },
  NO_CERTIFICATE_CHAIN_FOUND: { vi: 'Không dựng được chuỗi chứng thư tới một gốc tin cậy.', en: 'No certificate chain to a trusted root was found.' },
  CERTIFICATE_CHAIN_GENERAL_FAILURE: { vi: 'Chuỗi chứng thư không hợp lệ.', en: 'The certificate chain is not valid.' },
  CHAIN_CONSTRAINTS_FAILURE: { vi: 'Chuỗi chứng thư vi phạm ràng buộc.', en: 'The certificate chain breaks a constraint.' },
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: { vi: 'Thuật toán dùng để ký không còn được chấp nhận.', en: 'The algorithms used are no longer accepted and there is no earlier proof of existence.' },
  OUT_OF_BOUNDS_NO_POE: { vi: 'Chứng thư đã hết hạn và không có dấu thời gian chứng minh chữ ký có từ khi chứng thư còn hiệu lực.', en: 'The certificate has expired and there is no proof the signature existed while it was valid.' },
  OUT_OF_BOUNDS_NOT_REVOKED: { vi: 'Chứng thư đã hết hạn tại thời điểm có bằng chứng.', en: 'The certificate was expired at the proven time.' },
  NOT_YET_VALID: { vi: 'Chứng thư chưa có hiệu lực tại thời điểm ký.', en: 'The certificate was not yet valid at the signing time.' },
  TRY_LATER: { vi: 'Chưa lấy được thông tin thu hồi; hãy kiểm tra lại sau.', en: 'Revocation information is not available yet; try later.' },
} as const satisfies Catalog;

export type SubIndication = keyof typeof SUB_INDICATIONS;
