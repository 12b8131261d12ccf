/** The request screens' words (đề nghị: lists of the seeds' forms, their rows, the desks' inbox): Vietnamese first, English on request. */
import { dictionary, nameIn, useLang, type Names } from '../../i18n.tsx';

const VI = {
  requests: 'Đề nghị', title: 'Đề nghị cấp chứng thư số, tài khoản, hộp thư', mine: 'Danh sách của đơn vị', inbox: 'Danh sách gửi tới', returned: 'Bị trả lại',
  form: 'Biểu mẫu', state: 'Trạng thái', newList: 'Lập danh sách mới', pickForm: 'Chọn biểu mẫu', create: 'Lập danh sách', cancel: 'Hủy', save: 'Lưu',
  none: 'Chưa có danh sách', noEntries: 'Danh sách chưa có đề nghị', noInbox: 'Không có danh sách nào đang chờ', noReturned: 'Không có đề nghị bị trả lại',
  agency: 'Đơn vị lập', level: 'Cấp', createdAt: 'Ngày lập', submittedAt: 'Ngày gửi',
  addEntry: 'Thêm đề nghị', editEntry: 'Sửa đề nghị', correctEntry: 'Sửa và gửi lại', entryState: 'Tình trạng', actions: 'Thao tác', edit: 'Sửa',
  withdraw: 'Rút', withdrawConfirm: 'Rút đề nghị này khỏi danh sách?', submit: 'Gửi danh sách', submitConfirm: 'Gửi danh sách này lên cấp trên? Sau khi gửi không sửa được nữa, trừ khi rút về.',
  sendOn: 'Gửi lên Sở TT&TT', sendToCa: 'Gửi cơ quan chứng thực', recall: 'Rút danh sách về', merge: 'Gộp các danh sách đã chọn',
  returnEntry: 'Trả lại', returnTitle: 'Trả lại đề nghị cho nơi lập', reason: 'Lý do trả lại', reasonHint: 'Nơi lập sẽ thấy lý do này để sửa', approveSelected: 'Duyệt các đề nghị đã chọn',
  done: 'Hoàn thành', doneTitle: 'Đánh dấu đề nghị đã hoàn thành', outcome: 'Kết quả (số hiệu chứng thư, tài khoản…)', timeline: 'Quá trình', timelineTitle: 'Quá trình xử lý đề nghị',
  outcomeMailbox: 'Ghi địa chỉ thư công vụ đã cấp, ví dụ ten.ho@laichau.gov.vn', outcomeMailboxHelp: 'Danh sách cấp hộp thư không có cột địa chỉ: ghi vào kết quả đúng một địa chỉ đã cấp; khi đánh dấu hoàn thành, hộp thư đó được ghi vào sổ hộp thư công vụ.',
  resubmit: 'Gửi lại', back: 'Danh sách đề nghị', sentTo: 'Gửi tới', version: 'Phiên bản',
  problemsTitle: 'Đề nghị chưa hợp lệ: xem dòng chữ đỏ dưới từng ô.', saved: 'Đã lưu', sent: 'Đã gửi', merged: 'Đã gộp', returnedDone: 'Đã trả lại', approvedDone: 'Đã duyệt',
  reasonLabel: 'Lý do', selectHint: 'Chọn các danh sách cùng biểu mẫu để gộp', formHelp: 'Ghi đúng như mẫu in; ô có dấu * là bắt buộc.',
  person: 'Người đề nghị', reasonOf: 'Lý do trả lại',
  carryAgain: 'Thực hiện lại trên CA', carriedAgain: 'Đã thực hiện lại', reportLost: 'Báo mất thiết bị — thu hồi ngay', reportedLost: 'Đã thu hồi chứng thư số, ghi thiết bị bị mất',
  reportLostConfirm: 'Thu hồi ngay chứng thư số trên thiết bị bị mất (lý do: lộ khóa)? Không hoàn tác được.',
  mergedNote: 'Cấp trên đã gộp danh sách này vào danh sách của mình: các đề nghị đang được xử lý ở đó. Đề nghị bị trả lại sẽ hiện ở mục "Bị trả lại".',
  // a list's documents, the requests filed in a merged list, what the own CA did
  letterXlsx: 'Tải danh sách (XLSX)', letterMake: 'Lập công văn gửi kèm (PDF có chữ ký)', letterDownload: 'Tải công văn',
  letterMakeConfirm: 'Lấy số công văn từ sổ văn bản đi, ký số bằng khóa của bạn rồi đóng dấu cơ quan? Việc này mất vài giây.',
  letterMade: 'Đã lập và ký công văn gửi kèm', letter: 'Công văn gửi kèm', letterMaking: 'đang lập…',
  letterFailed: 'lần lập trước không thành, có thể lập lại',
  letterToken: 'Lập và ký bằng USB token', letterAwaitingToken: 'đang chờ ký bằng USB token',
  filedTitle: 'Các đề nghị lập trong danh sách này và nơi đang xử lý', filedPerson: 'Đề nghị', filedHeldIn: 'Đang ở danh sách', filedWithAgency: 'Đang chờ',
  filedNone: 'Không có đề nghị', filedOpen: 'Mở danh sách',
  carryTitle: 'Kết quả thực hiện trên CA nội bộ', carryOk: 'Đã thực hiện', carryFailed: 'Chưa thực hiện được', carrySerial: 'Số hiệu', carrySubject: 'Chủ thể',
  carryPassword: 'Mật khẩu dùng một lần của tệp khóa (PKCS#12)',
  carryPasswordNote: 'Mật khẩu dùng một lần này chỉ hiển thị lần này: ghi lại để cài khóa lên thiết bị khi bàn giao; hệ thống không lưu mật khẩu.',
  carryDownload: 'Tải tệp .p12', carryClose: 'Đã ghi lại, đóng',
  carryRetryNote: 'Đề nghị chưa thực hiện được vẫn ở trạng thái "Đã duyệt"; bấm "Thực hiện lại trên CA" khi đã khắc phục.',
  government: 'Chứng thư CA Chính phủ', govIntro: 'Tải lên tệp chứng thư số CA Chính phủ trả về (PEM, CER/DER hoặc PKCS#7 .p7b): mỗi chứng thư được kiểm tra chuỗi tin cậy, đối chiếu với đề nghị đã duyệt rồi ghi hoàn thành.',
  govOwnCa: 'Hệ thống đang dùng CA nội bộ: chứng thư được cấp ngay khi duyệt, không cần nhận từ CA Chính phủ.',
  govUpload: 'Chọn tệp chứng thư', govImported: 'Đã nhận', govRefused: 'Không nhận', govCaCerts: 'chứng thư của CA (dùng để kiểm tra chuỗi)',
  govHolder: 'Chủ thể', govSerial: 'Số hiệu', govExpires: 'Hết hạn', govImportedAt: 'Ngày nhận', govStatus: 'Tình trạng', govReason: 'Lý do',
  govRegistry: 'Sổ chứng thư số do CA Chính phủ cấp', govNone: 'Chưa nhận chứng thư nào',
} as const;

export type RequestWord = keyof typeof VI;
const EN: Record<RequestWord, string> = {
  requests: 'Requests', title: 'Certificate, account and mailbox requests', mine: 'Our lists', inbox: 'Lists sent to us', returned: 'Returned',
  form: 'Form', state: 'State', newList: 'New list', pickForm: 'Choose a form', create: 'Create', cancel: 'Cancel', save: 'Save',
  none: 'No lists', noEntries: 'The list has no requests', noInbox: 'No list is waiting', noReturned: 'No returned requests',
  agency: 'Filed by', level: 'Level', createdAt: 'Created', submittedAt: 'Sent',
  addEntry: 'Add a request', editEntry: 'Edit request', correctEntry: 'Correct and resend', entryState: 'State', actions: 'Actions', edit: 'Edit',
  withdraw: 'Withdraw', withdrawConfirm: 'Withdraw this request from the list?', submit: 'Send the list', submitConfirm: 'Send this list to the level above? It can no longer be edited unless recalled.',
  sendOn: 'Send on to the DIC', sendToCa: 'Send to the CA', recall: 'Recall the list', merge: 'Merge the selected lists',
  returnEntry: 'Return', returnTitle: 'Return the request to its origin', reason: 'Reason', reasonHint: 'The origin sees this reason to correct it', approveSelected: 'Approve the selected requests',
  done: 'Done', doneTitle: 'Mark the request done', outcome: 'Outcome (certificate serial, account…)', timeline: 'History', timelineTitle: 'Request history',
  outcomeMailbox: 'Write the official address given, e.g. ten.ho@laichau.gov.vn', outcomeMailboxHelp: 'The new-mailbox list has no address column: write exactly one address given in the outcome; marking done records that mailbox in the registry.',
  resubmit: 'Resend', back: 'Requests', sentTo: 'Sent to', version: 'Version',
  problemsTitle: 'The request is not valid: see the red lines under the fields.', saved: 'Saved', sent: 'Sent', merged: 'Merged', returnedDone: 'Returned', approvedDone: 'Approved',
  reasonLabel: 'Reason', selectHint: 'Select lists of one form to merge', formHelp: 'Fill in as the printed form; fields marked * are required.',
  person: 'Requester', reasonOf: 'Why returned',
  carryAgain: 'Carry again on the CA', carriedAgain: 'Carried again', reportLost: 'Report the token lost — revoke now', reportedLost: 'Certificate revoked, token marked lost',
  reportLostConfirm: 'Revoke the certificate on the lost token now (key compromise)? This cannot be undone.',
  mergedNote: 'The level above merged this list into its own: the requests are handled there. A returned request shows under "Returned".',
  // a list's documents, the requests filed in a merged list, what the own CA did
  letterXlsx: 'Download the list (XLSX)', letterMake: 'Make the covering letter (signed PDF)', letterDownload: 'Download the letter',
  letterMakeConfirm: 'Take the letter\'s number from the outgoing register, sign it with your key, then seal it with the agency\'s seal? This takes a few seconds.',
  letterMade: 'The covering letter is made and signed', letter: 'Covering letter', letterMaking: 'being made…',
  letterFailed: 'the last attempt failed; it can be made again',
  letterToken: 'Make and sign with USB token', letterAwaitingToken: 'awaiting a USB token signature',
  filedTitle: 'The requests filed in this list and where they are now', filedPerson: 'Request', filedHeldIn: 'In the list of', filedWithAgency: 'Waiting at',
  filedNone: 'No requests', filedOpen: 'Open the list',
  carryTitle: 'What the own CA did', carryOk: 'Done', carryFailed: 'Not done', carrySerial: 'Serial', carrySubject: 'Subject',
  carryPassword: 'One-time password of the key file (PKCS#12)',
  carryPasswordNote: 'This one-time password is shown this time only: note it to install the key on the token at the hand-over; it is not stored.',
  carryDownload: 'Download the .p12', carryClose: 'Noted, close',
  carryRetryNote: 'A request not carried stays "Approved"; press "Carry again on the CA" once fixed.',
  government: 'Government CA certificates', govIntro: 'Upload the file of certificates the Government CA returned (PEM, CER/DER or PKCS#7 .p7b): each is checked to a trusted root, matched to an approved request and marked done.',
  govOwnCa: 'congvan\'s own CA carries the requests here: certificates are issued on approval, nothing comes from the Government CA.',
  govUpload: 'Choose the file', govImported: 'Taken in', govRefused: 'Not taken', govCaCerts: 'CA certificates (used for the paths)',
  govHolder: 'Subject', govSerial: 'Serial', govExpires: 'Expires', govImportedAt: 'Taken in on', govStatus: 'Status', govReason: 'Reason',
  govRegistry: 'Certificates issued by the Government CA', govNone: 'No certificate taken in yet',
};

export const BATCH_STATE_NAMES: Names = {
  draft: { vi: 'Đang lập', en: 'Draft' }, submitted: { vi: 'Đã gửi', en: 'Sent' }, merged: { vi: 'Đã gộp lên cấp trên', en: 'Merged above' },
};
export const ENTRY_STATE_NAMES: Names = {
  draft: { vi: 'Đang lập', en: 'Draft' }, submitted: { vi: 'Đã gửi', en: 'Sent' }, returned: { vi: 'Bị trả lại', en: 'Returned' },
  approved: { vi: 'Đã duyệt', en: 'Approved' }, done: { vi: 'Hoàn thành', en: 'Done' }, withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
};
export const BATCH_LEVEL_NAMES: Names = {
  unit: { vi: 'Đơn vị', en: 'Unit' }, district: { vi: 'Cấp huyện', en: 'District' }, province: { vi: 'Cấp tỉnh (Sở TT&TT)', en: 'Province (DIC)' },
};
export const ACTION_NAMES: Names = {
  create: { vi: 'Lập danh sách', en: 'List created' }, add: { vi: 'Lập đề nghị', en: 'Filed' }, edit: { vi: 'Sửa đề nghị', en: 'Edited' },
  header: { vi: 'Sửa thông tin chung', en: 'Details changed' }, submit: { vi: 'Gửi lên cấp trên', en: 'Sent up' }, recall: { vi: 'Rút về', en: 'Recalled' },
  merge: { vi: 'Gộp danh sách', en: 'Merged' }, return: { vi: 'Trả lại', en: 'Returned' }, resubmit: { vi: 'Gửi lại', en: 'Resent' },
  withdraw: { vi: 'Rút đề nghị', en: 'Withdrawn' }, approve: { vi: 'Sở TT&TT duyệt', en: 'Approved by the DIC' }, done: { vi: 'Hoàn thành', en: 'Done' },
  'resubmitted-entry': { vi: 'Nhận lại đề nghị đã sửa', en: 'Corrected request received' },
  'ca-failed': { vi: 'CA chưa thực hiện được', en: 'Not carried by the CA' }, 'token-loss-acted': { vi: 'Báo mất thiết bị: đã thu hồi ngay', en: 'Token lost: revoked at once' },
};
export const STATE_COLORS: Readonly<Record<string, string>> = {
  draft: 'default', submitted: 'blue', merged: 'purple', returned: 'orange', approved: 'green', done: 'success', withdrawn: 'default',
};

const requestWords = dictionary(VI, EN);
export function useQW() {
  const { lang } = useLang();
  return { q: requestWords(lang), name: (names: Names, key: string) => nameIn(names, key, lang) };
}
