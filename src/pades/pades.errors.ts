import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const PADES_MESSAGES = {
  PADES_PDF_INVALID: { vi: 'Tệp PDF không đọc được: {reason}.', en: 'The PDF cannot be read: {reason}.' },
  PADES_PLACEHOLDER_NOT_FOUND: { vi: 'Không đặt được chỗ cho chữ ký trong tệp PDF (cấu trúc tệp không được hỗ trợ).', en: 'No room could be made for the signature in the PDF (unsupported file structure).' },
  PADES_SIGNATURE_VALUE_INVALID: { vi: 'Giá trị chữ ký nhận được không khớp khóa công khai của chứng thư "{subject}"; văn bản không bị thay đổi.', en: 'The signature value does not match the key of certificate "{subject}"; the document was not changed.' },
  PADES_PDF_ENCRYPTED: { vi: 'Tệp PDF được mã hóa; hãy gỡ mật khẩu rồi gửi lại.', en: 'The PDF is encrypted; remove the password and send it again.' },
  PADES_PAGE_NOT_FOUND: { vi: 'Tài liệu không có trang {page}.', en: 'The document has no page {page}.' },
  PADES_TIMESTAMP_FAILED: { vi: 'Không lấy được dấu thời gian: {reason}.', en: 'No timestamp could be obtained: {reason}.' },
  PADES_LEVEL_NEEDS: { vi: 'Mức {level} cần {what}.', en: 'Level {level} needs {what}.' },
  PADES_FONT_MISSING: { vi: 'Không có phông chữ {path} để viết chữ có dấu trên chữ ký; hãy cài gói fonts-liberation2.', en: 'Font {path} is missing for the signature text; install the fonts-liberation2 package.' },
  PADES_IMAGE_INVALID: { vi: 'Ảnh chữ ký hoặc con dấu không dùng được (cần PNG nền trong suốt): {reason}.', en: 'The signature or seal image cannot be used (a PNG with a transparent background is needed): {reason}.' },
  PADES_ANCHOR_NOT_FOUND: { vi: 'Không tìm thấy "{text}" trong văn bản để đặt chữ ký.', en: '"{text}" was not found in the document to place the signature.' },
  PADES_SIGNER_MISSING: { vi: 'Chưa có khóa để ký.', en: 'No signing key was given.' },
  PADES_P12_INVALID: { vi: 'Không mở được tệp PKCS#12: {reason}.', en: 'The PKCS#12 file cannot be opened: {reason}.' },
  PADES_SEAL_NEEDS_PERSONAL_SIGNATURE: { vi: 'Chỉ đóng dấu (chữ ký số của cơ quan) lên văn bản đã có chữ ký số hợp lệ của người có thẩm quyền, trừ bản sao và bản số hóa: {reason}.', en: 'The organisation seal only goes on a document already validly signed by an authorised person, except copies and digitised documents: {reason}.' },
  PADES_TOKEN_NO_CERTIFICATE: { vi: 'Token "{token}" không có chứng thư số còn hiệu lực.', en: 'Token "{token}" holds no valid certificate.' },
  PADES_SIGNATURE_TOO_LARGE: { vi: 'Chữ ký ({size} byte) lớn hơn chỗ dành sẵn ({reserved} byte).', en: 'The signature ({size} bytes) is larger than the space reserved ({reserved} bytes).' },
  PADES_NUMBER_FIELD_MISSING: { vi: 'Văn bản không có ô số, ký hiệu "{field}"; ô này phải được thêm vào dự thảo trước khi người có thẩm quyền ký.', en: 'The document has no number field "{field}"; it must be added to the draft before the authorised person signs.' },
  PADES_NUMBER_FIELD_FILLED: { vi: 'Ô số, ký hiệu của văn bản đã được điền ("{value}"); không ghi số lần thứ hai.', en: 'The document\'s number field is already filled ("{value}"); a number is not written twice.' },
} as const satisfies Catalog;

export type PadesErrorCode = keyof typeof PADES_MESSAGES;

export class PadesError extends codedErrorClass('PadesError', PADES_MESSAGES) {}
