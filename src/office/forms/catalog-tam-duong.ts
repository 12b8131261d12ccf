/**
 * Certificate request sheets annexed to Tam Đường's letter 296/UBND-VHTT (seed 000, and its signed print,
 * seed 001): Mẫu 01 to 05, one sheet per person or certificate, in the order the lines are printed.
 * A field is required unless the seed marks it "(nếu có)" or a footnote limits it to one case. @internal
 */
import {
  atLeastOne, CERTIFICATE_TYPE, dateOrder, idPapers, NOTE_CERTIFICATE_NAME, NOTE_SIM_PKI, NOTE_SUBSCRIBER_EMAIL,
  OLD_CERTIFICATE_RULES, oldCertificate, opt, personOpening, req, requiredIf, together,
} from './catalog-fields.ts';
import type { FormDef } from './form-types.ts';

const both = (number: string) => [{ seed: '000', number }, { seed: '001', number }] as const;
const PERSON_RULES = [dateOrder('birthDate', 'personIdIssuedOn')];

export const PERSONAL_CERTIFICATE: FormDef = {
  id: 'personal-certificate', title: 'ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CÁ NHÂN', family: 'certificate', shape: 'record', sources: both('Mẫu 01'), header: [],
  columns: [
    ...personOpening(),
    req('email', 'Địa chỉ thư điện tử công vụ (1)', 'official-email', { note: 'Địa chỉ hộp thư điện tử của cá nhân được cấp bởi cơ quan nhà nước (không sử dụng các địa chỉ thư điện tử gmail, yahoo, hotmail...).' }),
    req('workplace', 'Cơ quan, tổ chức công tác', 'text'),
    req('address', 'Địa chỉ', 'text'),
    req('position', 'Chức vụ', 'text'),
    req('mobile', 'Số điện thoại di động', 'mobile-phone'),
    opt('simPki', 'SIM PKI (2)', 'sim-pki', { note: NOTE_SIM_PKI }),
    ...oldCertificate(),
  ],
  rules: [...PERSON_RULES, ...OLD_CERTIFICATE_RULES],
  mailboxHolderField: 'email',
};

export const ORGANISATION_CERTIFICATE: FormDef = {
  id: 'organisation-certificate', title: 'ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CƠ QUAN, TỔ CHỨC', family: 'certificate', shape: 'record', sources: both('Mẫu 02'), header: [],
  columns: [
    req('organisationName', 'Tên cơ quan, tổ chức được cấp chứng thư số', 'text'),
    req('address', 'Địa chỉ', 'text'),
    req('taxCode', 'Mã số thuế', 'tax-code', { taxHolder: 'organisation' }),
    req('budgetCode', 'Mã quan hệ ngân sách', 'budget-code'),
    req('province', 'Tỉnh/Thành phố', 'text', { max: 100 }),
    req('email', 'Địa chỉ thư điện tử công vụ (1)', 'official-email', { note: 'Địa chỉ hộp thư điện tử của cơ quan, tổ chức sử dụng chứng thư số được cấp bởi cơ quan nhà nước (không sử dụng các địa chỉ thư điện tử gmail, yahoo, hotmail...).' }),
    ...oldCertificate(),
  ],
  rules: OLD_CERTIFICATE_RULES,
};

export const CERTIFICATE_RENEWAL: FormDef = {
  id: 'certificate-renewal', title: 'ĐỀ NGHỊ GIA HẠN, THAY ĐỔI NỘI DUNG THÔNG TIN CHỨNG THƯ SỐ', family: 'certificate', shape: 'record', sources: both('Mẫu 03'), header: [],
  columns: [
    req('certificateType', 'Loại chứng thư số', 'choice', { options: CERTIFICATE_TYPE }),
    req('certificateName', 'Tên chứng thư số (1)', 'text', { note: NOTE_CERTIFICATE_NAME }),
    opt('simMobile', 'Số điện thoại di động (2)', 'mobile-phone', { note: 'Trường hợp gia hạn, thay đổi nội dung thông tin chứng thư số đối với SIM ký số.' }),
    req('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
    req('certificateIssuedOn', 'Ngày cấp', 'date', { of: 'Số hiệu chứng thư số', notAfterToday: true }),
    req('certificateExpiresOn', 'Ngày hết hạn', 'date', { of: 'Số hiệu chứng thư số' }),
    req('email', 'Địa chỉ thư điện tử công vụ (3)', 'official-email', { note: 'Địa chỉ thư điện tử công vụ thuê bao đã đăng ký trong đề nghị cấp chứng thư số.' }),
    opt('renew', 'Gia hạn chứng thư số', 'checkbox', { note: 'Gia hạn hoặc thay đổi nội dung thông tin hoặc gia hạn và thay đổi nội dung thông tin.' }),
    opt('change', 'Thay đổi nội dung thông tin chứng thư số', 'checkbox'),
    opt('changeFrom', 'Thông tin cần thay đổi', 'text', { multiline: true }),
    opt('changeTo', 'Thông tin mới', 'text', { multiline: true }),
  ],
  rules: [
    atLeastOne('renew', 'change'),
    requiredIf('changeFrom', 'change', true),
    requiredIf('changeTo', 'change', true),
    dateOrder('certificateIssuedOn', 'certificateExpiresOn'),
  ],
};

export const CERTIFICATE_REVOCATION: FormDef = {
  id: 'certificate-revocation', title: 'ĐỀ NGHỊ THU HỒI CHỨNG THƯ SỐ', family: 'certificate', shape: 'record', sources: both('Mẫu 04'), header: [],
  columns: [
    ...personOpening(),
    req('position', 'Chức vụ', 'text'),
    req('workplace', 'Cơ quan, tổ chức công tác', 'text'),
    req('mobile', 'Số điện thoại di động', 'mobile-phone'),
    req('certificateName', 'Tên chứng thư số (1)', 'text', { note: NOTE_CERTIFICATE_NAME }),
    ...idPapers('subject', 'Số CMND/CCCD/Hộ chiếu (2)', false).map((f) => ({ ...f, note: 'Trường hợp thu hồi chứng thư số của cá nhân.' })),
    opt('taxCode', 'Mã số thuế (3)', 'tax-code', { taxHolder: 'organisation', note: 'Trường hợp thu hồi chứng thư số của cơ quan, tổ chức.' }),
    opt('budgetCode', 'Mã quan hệ ngân sách (4)', 'budget-code', { note: 'Trường hợp thu hồi chứng thư số của cơ quan, tổ chức.' }),
    req('email', 'Địa chỉ thư điện tử công vụ (5)', 'official-email', { note: NOTE_SUBSCRIBER_EMAIL }),
    req('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
    opt('tokenSerial', 'Số hiệu Thiết bị lưu khóa bí mật', 'token-serial'),
    opt('simMobile', 'Số điện thoại di động (6)', 'mobile-phone', { note: 'Trường hợp thu hồi chứng thư số đối với SIM ký số.' }),
    req('reason', 'Lý do thu hồi', 'text', { multiline: true, max: 1000 }),
  ],
  rules: [
    ...PERSON_RULES,
    // (2) for a person's certificate, (3)/(4) for an organisation's: one of them identifies it.
    atLeastOne('subjectIdNumber', 'taxCode', 'budgetCode'),
    together('subjectIdNumber', 'subjectIdIssuedOn', 'subjectIdIssuedAt'),
    // The key sits on a token, or on a SIM (6); one of the two says which.
    atLeastOne('tokenSerial', 'simMobile'),
  ],
};

export const TOKEN_RECOVERY: FormDef = {
  id: 'token-recovery', title: 'ĐỀ NGHỊ KHÔI PHỤC THIẾT BỊ LƯU KHÓA BÍ MẬT', subject: '(Khôi phục mật khẩu chữ ký số)', family: 'certificate', shape: 'record', sources: both('Mẫu 05'), header: [],
  columns: [
    ...personOpening(),
    req('workplace', 'Cơ quan, tổ chức công tác', 'text'),
    req('position', 'Chức vụ', 'text'),
    req('mobile', 'Số điện thoại di động', 'mobile-phone'),
    req('tokenSerial', 'Số hiệu Thiết bị lưu khóa bí mật', 'token-serial'),
    req('certificateName', 'Tên chứng thư số (1)', 'text', { note: NOTE_CERTIFICATE_NAME }),
    req('email', 'Địa chỉ thư điện tử công vụ (2)', 'official-email', { note: NOTE_SUBSCRIBER_EMAIL }),
  ],
  rules: PERSON_RULES,
};

export const TAM_DUONG_CERTIFICATE_FORMS: readonly FormDef[] = [PERSONAL_CERTIFICATE, ORGANISATION_CERTIFICATE, CERTIFICATE_RENEWAL, CERTIFICATE_REVOCATION, TOKEN_RECOVERY];
