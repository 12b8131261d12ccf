import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const EDXML_MESSAGES = {
  EDXML_INPUT_TOO_LARGE: { vi: '{what} quá lớn ({size} byte, tối đa {limit} byte).', en: 'The {what} is too large ({size} bytes, at most {limit} bytes).' },
  EDXML_XML_MALFORMED: { vi: 'Gói edXML không phải XML hợp lệ: {reason}.', en: 'The edXML package is not well-formed XML: {reason}.' },
  EDXML_DOCTYPE_FORBIDDEN: { vi: 'Gói edXML chứa khai báo DOCTYPE hoặc thực thể (ENTITY); không được phép vì có thể dùng để tấn công.', en: 'The edXML package carries a DOCTYPE or ENTITY declaration, which is refused.' },
  EDXML_NESTING_TOO_DEEP: { vi: 'Gói edXML lồng phần tử quá sâu (hơn {limit} tầng).', en: 'The edXML package nests elements too deeply (more than {limit} levels).' },
  EDXML_NAMESPACE_INVALID: { vi: 'Phần tử "{element}" phải thuộc không gian tên {namespace} với tiền tố "{prefix}".', en: 'Element "{element}" must be in namespace {namespace} with prefix "{prefix}".' },
  EDXML_ELEMENT_MISSING: { vi: 'Thiếu phần tử bắt buộc "{path}".', en: 'Required element "{path}" is missing.' },
  EDXML_ELEMENT_DUPLICATE: { vi: 'Phần tử "{path}" chỉ được xuất hiện một lần.', en: 'Element "{path}" may appear only once.' },
  EDXML_ELEMENT_UNEXPECTED: { vi: 'Phần tử "{element}" không được phép trong "{path}".', en: 'Element "{element}" is not allowed in "{path}".' },
  EDXML_FIELD_INVALID: { vi: 'Giá trị của "{path}" không hợp lệ: {reason}.', en: 'The value of "{path}" is not valid: {reason}.' },
  EDXML_ATTACHMENT_TOO_LARGE: { vi: 'Tệp đính kèm "{name}" quá lớn ({size} byte, tối đa {limit} byte).', en: 'Attachment "{name}" is too large ({size} bytes, at most {limit} bytes).' },
  EDXML_ATTACHMENT_MISMATCH: { vi: 'Danh mục tệp đính kèm không khớp với các tệp gửi kèm: {reason}.', en: 'The manifest does not match the attachments: {reason}.' },
  EDXML_SIGNATURE_MISSING: { vi: 'Gói edXML không có chữ ký số XML.', en: 'The edXML package carries no XML signature.' },
  EDXML_SIGNATURE_PRESENT: { vi: 'Gói edXML đã có chữ ký số; không ký lần thứ hai.', en: 'The edXML package is already signed; it is not signed twice.' },
  EDXML_SIGNATURE_WRAPPED: { vi: 'Chữ ký số XML không đúng cấu trúc cho phép (có thể là tấn công bọc chữ ký): {reason}.', en: 'The XML signature does not have the allowed structure (possible signature wrapping): {reason}.' },
  EDXML_SIGNATURE_ALGORITHM_UNSUPPORTED: { vi: 'Thuật toán "{algorithm}" của chữ ký XML không được chấp nhận.', en: 'XML signature algorithm "{algorithm}" is not accepted.' },
  EDXML_SIGNATURE_INVALID: { vi: 'Chữ ký số XML không hợp lệ: {reason}.', en: 'The XML signature is not valid: {reason}.' },
  EDXML_CONTENT_TAMPERED: { vi: 'Nội dung gói edXML (tiêu đề, danh mục hoặc tệp đính kèm) đã bị thay đổi sau khi ký.', en: 'The edXML package content (header, manifest or an attachment) was changed after signing.' },
  EDXML_CERTIFICATE_INVALID: { vi: 'Chứng thư số trong chữ ký XML không dùng được: {reason}.', en: 'The certificate in the XML signature cannot be used: {reason}.' },
  EDXML_CERTIFICATE_UNTRUSTED: { vi: 'Chứng thư số của bên gửi không dẫn đến gốc tin cậy: {reason}.', en: 'The sender certificate does not chain to a trusted root: {reason}.' },
  EDXML_CERTIFICATE_REVOKED: { vi: 'Chứng thư số của bên gửi đã bị thu hồi: {reason}.', en: 'The sender certificate is revoked: {reason}.' },
  EDXML_REVOCATION_UNAVAILABLE: { vi: 'Không kiểm tra được tình trạng thu hồi chứng thư của bên gửi: {reason}.', en: 'The revocation status of the sender certificate could not be checked: {reason}.' },
  EDXML_SENDER_MISMATCH: { vi: 'Chứng thư số "{subject}" không phải của cơ quan gửi "{organId}".', en: 'Certificate "{subject}" does not belong to the sending agency "{organId}".' },
  EDXML_KEY_INVALID: { vi: 'Không dùng được khóa để ký gói edXML: {reason}.', en: 'The key cannot sign the edXML package: {reason}.' },
} as const satisfies Catalog;

export type EdxmlErrorCode = keyof typeof EDXML_MESSAGES;

export class EdxmlError extends codedErrorClass('EdxmlError', EDXML_MESSAGES) {}
