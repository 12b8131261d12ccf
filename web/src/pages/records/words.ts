/** The records screens' words (registers, case files, saved searches, notifications): Vietnamese first, English on request. */
import { dictionary, nameIn, useLang, type Names } from '../../i18n.tsx';

const VI = {
  registers: 'Sổ văn bản', caseFiles: 'Hồ sơ', registersTitle: 'Xuất sổ đăng ký văn bản', year: 'Năm', direction: 'Sổ', directionIn: 'Sổ văn bản đến', directionOut: 'Sổ văn bản đi',
  series: 'Loại sổ', seriesGeneral: 'Sổ chung', seriesSecret: 'Sổ văn bản mật', downloadXlsx: 'Tải tệp Excel (XLSX)', downloadPdf: 'Tải tệp PDF',
  registersHint: 'Sổ theo mẫu Nghị định 30/2020/NĐ-CP: mỗi văn bản một dòng, theo số thứ tự trong năm.', registersForbidden: 'Chỉ văn thư và lãnh đạo được xuất sổ văn bản.',
  caseFilesTitle: 'Hồ sơ công việc', newCaseFile: 'Lập hồ sơ', editCaseFile: 'Sửa thông tin hồ sơ', code: 'Mã hồ sơ', title: 'Tiêu đề hồ sơ', retention: 'Thời hạn bảo quản',
  permanent: 'Vĩnh viễn', yearsN: 'năm', accessLevel: 'Chế độ sử dụng', languages: 'Ngôn ngữ', keywords: 'Từ khóa', informationSign: 'Ký hiệu thông tin', reliability: 'Mức độ tin cậy',
  status: 'Trạng thái', open: 'Đang mở', closed: 'Đã đóng', documents: 'Văn bản trong hồ sơ', documentCount: 'Số văn bản', pages: 'Số trang', startEnd: 'Thời gian bắt đầu – kết thúc',
  create: 'Lập hồ sơ', save: 'Lưu', cancel: 'Hủy', all: 'Tất cả', none: 'Chưa có hồ sơ', noDocuments: 'Hồ sơ chưa có văn bản', back: 'Danh sách hồ sơ',
  addDocument: 'Thêm văn bản vào hồ sơ', findDocument: 'Tìm văn bản (số, ký hiệu, trích yếu; không dấu cũng được)', add: 'Thêm', remove: 'Rút khỏi hồ sơ', removeConfirm: 'Rút văn bản này khỏi hồ sơ?',
  close: 'Đóng hồ sơ', closeConfirm: 'Đóng hồ sơ? Hồ sơ đã đóng không thêm, rút văn bản được nữa.', zip: 'Tải hồ sơ (ZIP)', delete: 'Xóa hồ sơ', deleteConfirm: 'Xóa hồ sơ này? Các văn bản vẫn còn.',
  position: 'STT', notation: 'Số, ký hiệu', date: 'Ngày', subject: 'Trích yếu', added: 'Đã thêm vào hồ sơ', addToCaseFile: 'Đưa vào hồ sơ', pickCaseFile: 'Chọn hồ sơ đang mở',
  saveSearch: 'Lưu tìm kiếm', searchName: 'Tên tìm kiếm', savedSearches: 'Tìm kiếm đã lưu', noSaved: 'Chưa lưu tìm kiếm nào', deleteSaved: 'Xóa tìm kiếm đã lưu', savedDone: 'Đã lưu tìm kiếm',
  running: 'Đang xem kết quả của', clearSaved: 'Bỏ', notifications: 'Thông báo', noNotifications: 'Không có thông báo', markAllRead: 'Đánh dấu tất cả đã đọc', unread: 'chưa đọc',
} as const;

export type RecordWord = keyof typeof VI;
const EN: Record<RecordWord, string> = {
  registers: 'Registers', caseFiles: 'Case files', registersTitle: 'Export a document register', year: 'Year', direction: 'Register', directionIn: 'Incoming register', directionOut: 'Outgoing register',
  series: 'Series', seriesGeneral: 'General', seriesSecret: 'Secret documents', downloadXlsx: 'Download Excel (XLSX)', downloadPdf: 'Download PDF',
  registersHint: 'The register as Decree 30/2020 lays it out: one row per document, by its number in the year.', registersForbidden: 'Only clerks and leaders may export registers.',
  caseFilesTitle: 'Case files', newCaseFile: 'New case file', editCaseFile: 'Edit case file', code: 'Code', title: 'Title', retention: 'Retention',
  permanent: 'Permanent', yearsN: 'years', accessLevel: 'Access', languages: 'Languages', keywords: 'Keywords', informationSign: 'Information sign', reliability: 'Reliability',
  status: 'Status', open: 'Open', closed: 'Closed', documents: 'Documents in the case file', documentCount: 'Documents', pages: 'Pages', startEnd: 'From – to',
  create: 'Create', save: 'Save', cancel: 'Cancel', all: 'All', none: 'No case files', noDocuments: 'No documents yet', back: 'Case files',
  addDocument: 'Add a document', findDocument: 'Find a document (number, notation, subject; diacritics optional)', add: 'Add', remove: 'Remove', removeConfirm: 'Remove this document from the case file?',
  close: 'Close', closeConfirm: 'Close the case file? Documents can no longer be added or removed.', zip: 'Download (ZIP)', delete: 'Delete', deleteConfirm: 'Delete this case file? Its documents stay.',
  position: 'No.', notation: 'Number', date: 'Date', subject: 'Subject', added: 'Added to the case file', addToCaseFile: 'Add to case file', pickCaseFile: 'Pick an open case file',
  saveSearch: 'Save search', searchName: 'Name', savedSearches: 'Saved searches', noSaved: 'No saved searches', deleteSaved: 'Delete saved search', savedDone: 'Search saved',
  running: 'Showing results of', clearSaved: 'Clear', notifications: 'Notifications', noNotifications: 'No notifications', markAllRead: 'Mark all read', unread: 'unread',
};

export const ACCESS_NAMES: Names = {
  'cong-khai': { vi: 'Công khai', en: 'Public' }, 'han-che': { vi: 'Hạn chế sử dụng', en: 'Restricted' }, mat: { vi: 'Mật', en: 'Secret' },
};
export const RELIABILITY_NAMES: Names = {
  'goc-dien-tu': { vi: 'Bản gốc điện tử', en: 'Born digital' }, 'so-hoa': { vi: 'Số hóa từ bản giấy', en: 'Digitised from paper' }, 'hon-hop': { vi: 'Hỗn hợp', en: 'Mixed' },
};

const words = dictionary(VI, EN);
export function useRW() {
  const { lang } = useLang();
  const r = words(lang);
  return {
    r,
    access: (key: string) => nameIn(ACCESS_NAMES, key, lang),
    reliability: (key: string) => nameIn(RELIABILITY_NAMES, key, lang),
    retention: (value: number | string) => (value === 'vinh-vien' ? r('permanent') : `${value} ${r('yearsN')}`),
  };
}
