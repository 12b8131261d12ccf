/**
 * Decree 30/2020 Annex III: the types of administrative documents and their abbreviations, and the forms of
 * copies (specs.md §2). A công văn has no abbreviation of its own: its notation names the drafting unit.
 */
export interface DocumentType {
  readonly code: string;
  readonly name: string;
  /** Empty for công văn */
  readonly abbreviation: string;
  /**
   * Sent and received only as signed electronic documents, no paper (seed 004, Annex I, Lai Châu's list), except
   * individual decisions on staff (pay rises, appointments, rewards, discipline) which the author marks as such
   */
  readonly electronicOnly: boolean;
}

/** Seed 004 Annex I, part II (administrative documents; part I, the legal normative ones, are Nghị quyết and Quyết định) */
const ELECTRONIC_ONLY = new Set(['nghi-quyet', 'quyet-dinh', 'chi-thi', 'quy-che', 'quy-dinh', 'thong-bao', 'huong-dan', 'ke-hoach', 'de-an', 'du-an', 'bao-cao', 'to-trinh', 'cong-van', 'cong-dien', 'giay-moi', 'phieu-gui', 'phieu-chuyen']);

const TYPES: readonly [string, string, string][] = [
  ['nghi-quyet', 'Nghị quyết', 'NQ'], ['quyet-dinh', 'Quyết định', 'QĐ'], ['chi-thi', 'Chỉ thị', 'CT'], ['quy-che', 'Quy chế', 'QC'],
  ['quy-dinh', 'Quy định', 'QyĐ'], ['thong-cao', 'Thông cáo', 'TC'], ['thong-bao', 'Thông báo', 'TB'], ['huong-dan', 'Hướng dẫn', 'HD'],
  ['chuong-trinh', 'Chương trình', 'CTr'], ['ke-hoach', 'Kế hoạch', 'KH'], ['phuong-an', 'Phương án', 'PA'], ['de-an', 'Đề án', 'ĐA'],
  ['du-an', 'Dự án', 'DA'], ['bao-cao', 'Báo cáo', 'BC'], ['bien-ban', 'Biên bản', 'BB'], ['to-trinh', 'Tờ trình', 'TTr'],
  ['hop-dong', 'Hợp đồng', 'HĐ'], ['cong-dien', 'Công điện', 'CĐ'], ['ban-ghi-nho', 'Bản ghi nhớ', 'BGN'], ['ban-thoa-thuan', 'Bản thỏa thuận', 'BTT'],
  ['giay-uy-quyen', 'Giấy ủy quyền', 'GUQ'], ['giay-moi', 'Giấy mời', 'GM'], ['giay-gioi-thieu', 'Giấy giới thiệu', 'GGT'], ['giay-nghi-phep', 'Giấy nghỉ phép', 'GNP'],
  ['phieu-gui', 'Phiếu gửi', 'PG'], ['phieu-chuyen', 'Phiếu chuyển', 'PC'], ['phieu-bao', 'Phiếu báo', 'PB'],
  ['ban-sao-y', 'Bản sao y', 'SY'], ['ban-trich-sao', 'Bản trích sao', 'TrS'], ['ban-sao-luc', 'Bản sao lục', 'SL'],
  ['cong-van', 'Công văn', ''],
];

export const DOCUMENT_TYPES: readonly DocumentType[] = TYPES.map(([code, name, abbreviation]) => ({ code, name, abbreviation, electronicOnly: ELECTRONIC_ONLY.has(code) }));

export function documentType(code: string): DocumentType | undefined {
  return DOCUMENT_TYPES.find((t) => t.code === code);
}
