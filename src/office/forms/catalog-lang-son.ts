/**
 * Lạng Sơn DIC's letter (seed 003): the same requests as batch letters to the DIC, each a contact block
 * ("Thông tin người tiếp nhận …") and a table, plus Mẫu 06, the lost-token report, a single record.
 * Mẫu 05 and 07 print the same recovery table (see TOKEN_RECOVERY_LIST). @internal
 */
import {
  atLeastOne, dateOrder, group, idPapers, NOTE_CERTIFICATE_NAME, NOTE_SUBSCRIBER_EMAIL, opt, req, requiredIf, rowNumber, together,
} from './catalog-fields.ts';
import type { FieldDef, FormDef } from './form-types.ts';

const seed003 = (number: string) => [{ seed: '003', number }] as const;

/** "1. Thông tin người tiếp nhận chứng thư số …" and "2. Số lượng và danh sách …". */
function contactBlock(addressLabel: string, countLabel: string): FieldDef[] {
  return [
    req('contactName', 'Họ và tên', 'person-name'),
    ...idPapers('contact'),
    req('contactPosition', 'Chức vụ', 'text'),
    req('contactMobile', 'Số điện thoại di động', 'mobile-phone'),
    req('contactEmail', 'Địa chỉ thư điện tử công vụ', 'official-email'),
    req('contactAddress', addressLabel, 'text'),
    req('count', countLabel, 'count'),
  ];
}
// Seed 003 words its SIM PKI note a little differently from seed 000 ("thì điện thoại nhà mạng").
const SIM_NOTE = 'Nếu Thuê bao muốn đăng ký sử dụng SIM PKI thì điện thoại nhà mạng viễn thông (Viettel, Vinaphone, Mobifone); Thuê bao muốn chuyển số đang sử dụng sang SIM PKI thì ghi thêm ký hiệu “cs” (Ví dụ: Viettel/cs).';
const EMAIL_NOTE = 'Địa chỉ hộp thư điện tử công vụ do Sở Thông tin và Truyền thông cấp (không sử dụng các địa chỉ thư điện tử gmail, yahoo, hotmail...)';

export const PERSONAL_CERTIFICATE_LIST: FormDef = {
  id: 'personal-certificate-list', title: 'Văn bản đề nghị cấp chứng thư số của cá nhân', subject: 'V/v đề nghị cấp chứng thư số cho cá nhân',
  family: 'certificate', shape: 'list', sources: seed003('Mẫu 01'), header: contactBlock('Địa chỉ tiếp nhận', 'Số lượng và danh sách đăng ký'), countKey: 'count',
  columns: [
    rowNumber('TT'),
    req('fullName', 'Họ và tên', 'person-name'),
    req('birthDate', 'Ngày sinh', 'date', { notAfterToday: true }),
    group('Số CMND/ CCCD/Hộ chiếu; Ngày cấp, nơi cấp', 'joined', idPapers('person')),
    req('email', 'Địa chỉ thư điện tử công vụ (1)', 'official-email', { note: EMAIL_NOTE }),
    req('workplace', 'Tên cơ quan, tổ chức công tác', 'text'),
    req('province', 'Tỉnh/Thành phố (2)', 'text', { max: 100, note: 'Tỉnh/Thành phố của cơ quan, tổ chức công tác.' }),
    req('position', 'Chức vụ', 'text'),
    req('mobile', 'Số điện thoại di động', 'mobile-phone'),
    opt('oldCertificateSerial', 'Số hiệu chứng thư số cũ (nếu có)', 'certificate-serial'),
    opt('simPki', 'SIM PKI (3)', 'sim-pki', { note: SIM_NOTE }),
  ],
  rules: [dateOrder('birthDate', 'personIdIssuedOn')],
  mailboxHolderField: 'email',
};

export const ORGANISATION_CERTIFICATE_LIST: FormDef = {
  id: 'organisation-certificate-list', title: 'Văn bản đề nghị cấp chứng thư số cho cơ quan, tổ chức', subject: 'V/v đề nghị cấp chứng thư số cho cơ quan, tổ chức',
  family: 'certificate', shape: 'list', sources: seed003('Mẫu 02'), header: contactBlock('Địa chỉ tiếp nhận', 'Số lượng và danh sách đăng ký'), countKey: 'count',
  columns: [
    rowNumber('TT'),
    req('organisationName', 'Tên cơ quan, tổ chức', 'text'),
    req('address', 'Địa chỉ', 'text'),
    req('taxCode', 'Mã số thuế', 'tax-code', { taxHolder: 'organisation' }),
    req('budgetCode', 'Mã quan hệ ngân sách', 'budget-code'),
    req('province', 'Tỉnh/Thành phố (1)', 'text', { max: 100, note: 'Tỉnh/Thành phố của cơ quan, tổ chức.' }),
    req('email', 'Địa chỉ thư điện tử công vụ (2)', 'official-email', { note: 'Địa chỉ hộp thư điện tử công vụ của cơ quan, tổ chức do Sở Thông tin và Truyền thông cấp (không sử dụng các địa chỉ thư điện tử gmail, yahoo, hotmail...).' }),
    opt('oldCertificateSerial', 'Số hiệu chứng thư số cũ (nếu có)', 'certificate-serial'),
  ],
  rules: [],
};

export const CERTIFICATE_RENEWAL_LIST: FormDef = {
  id: 'certificate-renewal-list', title: 'Văn bản đề nghị gia hạn, thay đổi nội dung thông tin chứng thư số', subject: 'V/v đề nghị gia hạn, thay đổi nội dung thông tin chứng thư số',
  family: 'certificate', shape: 'list', sources: seed003('Mẫu 03'), header: contactBlock('Địa chỉ tiếp nhận', 'Số lượng và danh sách đăng ký'), countKey: 'count',
  columns: [
    rowNumber('TT'),
    req('certificateName', 'Tên chứng thư số (1)', 'text', { note: NOTE_CERTIFICATE_NAME }),
    req('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
    req('email', 'Địa chỉ thư điện tử công vụ', 'official-email'),
    opt('simMobile', 'Số điện thoại di động (2)', 'mobile-phone', { note: 'Trường hợp gia hạn, thay đổi nội dung thông tin chứng thư số đối với SIM PKI.' }),
    opt('changeFrom', 'Thông tin cần thay đổi (3)', 'text', { multiline: true, note: 'Trường hợp đăng ký thay đổi nội dung thông tin chứng thư số.' }),
    opt('changeTo', 'Thông tin mới (4)', 'text', { multiline: true, note: 'Trường hợp đăng ký thay đổi nội dung thông tin chứng thư số.' }),
    group('Dịch vụ yêu cầu (5)', 'split', [opt('renew', 'Gia hạn (6)', 'checkbox'), opt('change', 'Thay đổi thông tin (7)', 'checkbox')]),
  ],
  rules: [atLeastOne('renew', 'change'), requiredIf('changeFrom', 'change', true), requiredIf('changeTo', 'change', true)],
};

export const CERTIFICATE_REVOCATION_LIST: FormDef = {
  id: 'certificate-revocation-list', title: 'Văn bản đề nghị thu hồi chứng thư số', subject: 'V/v đề nghị thu hồi chứng thư số',
  family: 'certificate', shape: 'list', sources: seed003('Mẫu 04'), header: contactBlock('Địa chỉ thu hồi', 'Số lượng và danh sách thu hồi'), countKey: 'count',
  columns: [
    rowNumber('TT'),
    req('certificateName', 'Tên chứng thư số', 'text'),
    group('Số CMND/CCCD/ Hộ chiếu; Ngày cấp, nơi cấp (1)', 'joined', idPapers('subject', 'Số CMND/CCCD/Hộ chiếu', false)),
    opt('taxCode', 'Mã số thuế (2)', 'tax-code', { taxHolder: 'organisation', note: 'Trường hợp thu hồi chứng thư số của cơ quan, tổ chức.' }),
    opt('budgetCode', 'Mã quan hệ ngân sách (3)', 'budget-code', { note: 'Trường hợp thu hồi chứng thư số của cơ quan, tổ chức.' }),
    req('email', 'Địa chỉ thư điện tử công vụ (4)', 'official-email', { note: NOTE_SUBSCRIBER_EMAIL }),
    req('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
    opt('tokenSerial', 'Số hiệu thiết bị lưu khóa bí mật', 'token-serial'),
    opt('simMobile', 'Số điện thoại di động (5)', 'mobile-phone', { note: 'Trường hợp thu hồi chứng thư số đối với SIM PKI.' }),
    req('reason', 'Lý do thu hồi', 'text', { max: 1000 }),
  ],
  rules: [
    atLeastOne('subjectIdNumber', 'taxCode', 'budgetCode'),
    together('subjectIdNumber', 'subjectIdIssuedOn', 'subjectIdIssuedAt'),
    atLeastOne('tokenSerial', 'simMobile'),
  ],
};

export const TOKEN_LOSS_REPORT: FormDef = {
  id: 'token-loss-report', title: 'BIÊN BẢN XÁC NHẬN THẤT LẠC THIẾT BỊ LƯU KHÓA BÍ MẬT', family: 'certificate', shape: 'record', sources: seed003('Mẫu 06'), header: [],
  columns: [
    req('reportDate', 'Hôm nay, ngày', 'date', { notAfterToday: true }),
    req('reportPlace', 'Tại', 'text'),
    req('representativeName', 'Họ và tên', 'person-name', { of: 'Đại diện cơ quan, tổ chức' }),
    req('representativePosition', 'Chức vụ', 'text', { of: 'Đại diện cơ quan, tổ chức' }),
    req('representativeWorkplace', 'Cơ quan, tổ chức công tác', 'text', { of: 'Đại diện cơ quan, tổ chức' }),
    req('representativeAddress', 'Địa chỉ', 'text', { of: 'Đại diện cơ quan, tổ chức' }),
    req('keeperName', 'Họ và tên', 'person-name', { of: 'Người quản lý Thiết bị lưu khóa bí mật' }),
    req('keeperBirthDate', 'Ngày sinh', 'date', { of: 'Người quản lý Thiết bị lưu khóa bí mật', notAfterToday: true }),
    ...idPapers('keeper'),
    req('keeperWorkplace', 'Cơ quan, tổ chức công tác', 'text', { of: 'Người quản lý Thiết bị lưu khóa bí mật' }),
    req('keeperMobile', 'Số điện thoại di động', 'mobile-phone', { of: 'Người quản lý Thiết bị lưu khóa bí mật' }),
    req('loserName', 'Ông (bà)', 'person-name'),
    req('certificateName', 'Tên chứng thư số (1)', 'text'),
    req('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
    req('tokenSerial', 'Số hiệu Thiết bị lưu khóa bí mật', 'token-serial'),
    req('email', 'Địa chỉ thư điện tử công vụ (2)', 'official-email'),
    req('lossReason', 'Lý do thất lạc', 'text', { multiline: true, max: 1000 }),
  ],
  rules: [dateOrder('keeperBirthDate', 'keeperIdIssuedOn')],
};

/** The appendix lists Mẫu 05 and 07 for recovery and the text prints the same table twice; the body calls Mẫu 5 token revocation. */
export const TOKEN_RECOVERY_LIST: FormDef = {
  id: 'token-recovery-list', title: 'Văn bản đề nghị khôi phục thiết bị lưu khóa bí mật', subject: 'V/v đề nghị khôi phục Thiết bị lưu khóa bí mật',
  family: 'certificate', shape: 'list', sources: [{ seed: '003', number: 'Mẫu 07' }, { seed: '003', number: 'Mẫu 05' }],
  header: [
    req('helperName', 'Họ và tên', 'person-name'),
    ...idPapers('helper'),
    req('helperWorkplace', 'Cơ quan, tổ chức công tác', 'text'),
    req('helperMobile', 'Số điện thoại di động', 'mobile-phone'),
    req('helperOfficePhone', 'Số điện thoại cơ quan', 'phone'),
  ],
  columns: [
    rowNumber('TT'),
    req('tokenSerial', 'Số hiệu Thiết bị lưu khóa bí mật', 'token-serial'),
    group('Thông tin của thuê bao', 'split', [
      req('certificateName', 'Tên chứng thư số (1)', 'text', { note: NOTE_CERTIFICATE_NAME }),
      req('workplace', 'Cơ quan, tổ chức công tác', 'text'),
      req('email', 'Địa chỉ thư điện tử công vụ', 'official-email'),
    ]),
  ],
  rules: [],
};

export const LANG_SON_FORMS: readonly FormDef[] = [
  PERSONAL_CERTIFICATE_LIST, ORGANISATION_CERTIFICATE_LIST, CERTIFICATE_RENEWAL_LIST, CERTIFICATE_REVOCATION_LIST, TOKEN_LOSS_REPORT, TOKEN_RECOVERY_LIST,
];
