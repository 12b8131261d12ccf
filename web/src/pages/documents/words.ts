/** The documents screens' words: Vietnamese first, English on request (the shell's language switch). */
import { dictionary, nameIn, useLang, type Names } from '../../i18n.tsx';

const VI = {
  outgoingTitle: 'Văn bản đi', incomingTitle: 'Văn bản đến', searchTitle: 'Tra cứu văn bản', newDraft: 'Soạn dự thảo', type: 'Loại văn bản', subject: 'Trích yếu',
  urgency: 'Độ khẩn', secrecy: 'Độ mật', file: 'Tệp (PDF hoặc Word)', units: 'Đơn vị nhận trong hệ thống', emails: 'Thư điện tử nhận', agencyCodes: 'Mã định danh cơ quan khác (liên thông)',
  create: 'Tạo', number: 'Số, ký hiệu', date: 'Ngày', status: 'Trạng thái', open: 'Mở', sender: 'Nơi gửi', signer: 'Người ký', due: 'Hạn xử lý',
  submit: 'Trình duyệt', reviewers: 'Lãnh đạo duyệt (theo thứ tự)', approve: 'Duyệt', returnIt: 'Trả lại', comment: 'Ý kiến', reason: 'Lý do',
  sign: 'Ký số', signToken: 'Ký bằng USB token', placeHint: 'Kéo khung xanh đến chỗ ký (đề xuất theo tên người ký trong văn bản).', noPlace: 'Không tìm thấy tên người ký trong văn bản: khung đặt ở cuối trang cuối, hãy kéo đến chỗ ký.',
  numberIt: 'Cấp số', issuer: 'Viết tắt cơ quan ban hành', unit: 'Viết tắt đơn vị soạn thảo (công văn)', seal: 'Ký số cơ quan (đóng dấu)', issue: 'Phát hành',
  paperCopy: 'Gửi kèm bản giấy', paperCopyYes: 'Có (văn bản điện tử kèm văn bản giấy)', paperCopyNo: 'Không — chỉ phát hành điện tử', paperCopyHint: 'Đánh dấu nếu văn bản giấy cũng được gửi đi; để trống là chỉ phát hành điện tử (Phụ lục II, mục 1.10).',
  register: 'Vào sổ', note: 'Ghi chú', returnToSender: 'Trả lại nơi gửi', assign: 'Giao xử lý', lead: 'Người chủ trì', co: 'Người phối hợp', progress: 'Cập nhật tiến độ', complete: 'Hoàn thành', result: 'Kết quả xử lý',
  arrivals: 'Chờ vào sổ', registered: 'Đã vào sổ', mine: 'Tôi xử lý', overdue: 'Quá hạn', trail: 'Vết xử lý', files: 'Các phiên bản tệp', recipients: 'Nơi nhận', deliveries: 'Gửi đi',
  signatures: 'Kiểm tra chữ ký số', signaturesOk: 'Mọi chữ ký số hợp lệ', signaturesBad: 'Có chữ ký số không hợp lệ hoặc chưa xác minh được: vẫn có thể vào sổ, cần ghi chú.',
  receiveScan: 'Nhận bản quét', receiveEmail: 'Nhận từ thư điện tử (.eml)', scanFile: 'Tệp PDF quét', emlFile: 'Tệp thư .eml', notation: 'Số, ký hiệu trên văn bản', documentDate: 'Ngày văn bản',
  electronicOnly: 'chỉ gửi điện tử',
  recall: 'Đề nghị lấy lại (liên thông)', recallAsked: 'Cơ quan gửi đề nghị lấy lại văn bản', recallAccept: 'Đồng ý trả lại', recallRefuse: 'Từ chối trả lại',
  done: 'Đã xong', searchHint: 'Gõ không dấu cũng được: quyet dinh, 296/UBND-VHTT…', results: 'kết quả', none: 'Không có văn bản', back: 'Quay lại',
} as const;

export type Word = keyof typeof VI;
const EN: Record<Word, string> = {
  outgoingTitle: 'Outgoing documents', incomingTitle: 'Incoming documents', searchTitle: 'Search documents', newDraft: 'New draft', type: 'Type', subject: 'Subject',
  urgency: 'Urgency', secrecy: 'Secrecy', file: 'File (PDF or Word)', units: 'Units in this system', emails: 'E-mail recipients', agencyCodes: 'Other agencies (interconnection codes)',
  create: 'Create', number: 'Number', date: 'Date', status: 'Status', open: 'Open', sender: 'Sender', signer: 'Signer', due: 'Deadline',
  submit: 'Submit for review', reviewers: 'Reviewing leaders (in order)', approve: 'Approve', returnIt: 'Return', comment: 'Comment', reason: 'Reason',
  sign: 'Sign', signToken: 'Sign with USB token', placeHint: 'Drag the blue box to where the signature goes (proposed from the signer\'s name).', noPlace: 'The signer\'s name is not in the text: the box is at the foot of the last page; drag it into place.',
  numberIt: 'Number', issuer: 'Issuer abbreviation', unit: 'Drafting unit abbreviation (công văn)', seal: 'Organisation signature (seal)', issue: 'Issue',
  paperCopy: 'A paper copy goes too', paperCopyYes: 'Yes (electronic with a paper copy)', paperCopyNo: 'No — issued electronically only', paperCopyHint: 'Tick if the paper document is also sent; unticked means issued electronically only (annex II, item 1.10).',
  register: 'Register', note: 'Note', returnToSender: 'Return to sender', assign: 'Assign', lead: 'Lead handler', co: 'Co-handlers', progress: 'Record progress', complete: 'Complete', result: 'Result',
  arrivals: 'Waiting to register', registered: 'Registered', mine: 'Mine to handle', overdue: 'Overdue', trail: 'Processing trail', files: 'File versions', recipients: 'Recipients', deliveries: 'Deliveries',
  signatures: 'Signature check', signaturesOk: 'Every signature is valid', signaturesBad: 'A signature failed or could not be checked: it can still be registered, with a note.',
  receiveScan: 'Receive a scan', receiveEmail: 'Receive from e-mail (.eml)', scanFile: 'Scanned PDF', emlFile: '.eml file', notation: 'Number as printed', documentDate: 'Document date',
  electronicOnly: 'electronic only',
  recall: 'Ask for it back (interconnection)', recallAsked: 'The sender asks for this document back', recallAccept: 'Give it back', recallRefuse: 'Refuse',
  done: 'Done', searchHint: 'Diacritics optional: quyet dinh, 296/UBND-VHTT…', results: 'results', none: 'No documents', back: 'Back',
};

export const STATUS_NAMES: Names = {
  draft: { vi: 'Dự thảo', en: 'Draft' }, in_review: { vi: 'Chờ duyệt', en: 'In review' }, returned: { vi: 'Trả lại', en: 'Returned' }, approved: { vi: 'Đã duyệt', en: 'Approved' },
  signed: { vi: 'Đã ký', en: 'Signed' }, numbered: { vi: 'Đã cấp số', en: 'Numbered' }, sealed: { vi: 'Đã đóng dấu', en: 'Sealed' }, issued: { vi: 'Đã phát hành', en: 'Issued' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' }, arrived: { vi: 'Chờ vào sổ', en: 'Arrived' }, registered: { vi: 'Đã vào sổ', en: 'Registered' }, assigned: { vi: 'Đã giao', en: 'Assigned' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' }, completed: { vi: 'Hoàn thành', en: 'Completed' }, withdrawn: { vi: 'Đã trả lại theo đề nghị', en: 'Withdrawn' }, revoked: { vi: 'Đã bị thu hồi', en: 'Revoked' }, replaced: { vi: 'Đã được thay thế', en: 'Replaced' },
};

const words = dictionary(VI, EN);
export function useW() {
  const { lang } = useLang();
  return { w: words(lang), status: (s: string) => nameIn(STATUS_NAMES, s, lang) };
}
