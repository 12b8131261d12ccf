/** The request screens' words (đề nghị: lists of the seeds' forms, their rows, the desks' inbox): Vietnamese first, English on request. */
import { dictionary, nameIn, useLang, type Names } from '../../i18n.tsx';

const VI = {
  requests: 'Đề nghị', title: 'Đề nghị cấp chứng thư số, tài khoản, hộp thư', mine: 'Danh sách của đơn vị', inbox: 'Danh sách gửi tới', returned: 'Bị trả lại',
  form: 'Biểu mẫu', state: 'Trạng thái', all: 'Tất cả', newList: 'Lập danh sách mới', pickForm: 'Chọn biểu mẫu', create: 'Lập danh sách', cancel: 'Hủy', save: 'Lưu',
  none: 'Chưa có danh sách', noEntries: 'Danh sách chưa có đề nghị', noInbox: 'Không có danh sách nào đang chờ', noReturned: 'Không có đề nghị bị trả lại',
  agency: 'Đơn vị lập', level: 'Cấp', createdAt: 'Ngày lập', submittedAt: 'Ngày gửi', updatedAt: 'Cập nhật', entries: 'Các đề nghị', open: 'Mở',
  addEntry: 'Thêm đề nghị', editEntry: 'Sửa đề nghị', correctEntry: 'Sửa và gửi lại', entryState: 'Tình trạng', actions: 'Thao tác', edit: 'Sửa',
  withdraw: 'Rút', withdrawConfirm: 'Rút đề nghị này khỏi danh sách?', submit: 'Gửi danh sách', submitConfirm: 'Gửi danh sách này lên cấp trên? Sau khi gửi không sửa được nữa, trừ khi rút về.',
  sendOn: 'Gửi lên Sở TT&TT', sendToCa: 'Gửi cơ quan chứng thực', recall: 'Rút danh sách về', merge: 'Gộp các danh sách đã chọn', mergeInto: 'Gộp vào danh sách đang lập',
  returnEntry: 'Trả lại', returnTitle: 'Trả lại đề nghị cho nơi lập', reason: 'Lý do trả lại', reasonHint: 'Nơi lập sẽ thấy lý do này để sửa', approve: 'Duyệt', approveSelected: 'Duyệt các đề nghị đã chọn',
  done: 'Hoàn thành', doneTitle: 'Đánh dấu đề nghị đã hoàn thành', outcome: 'Kết quả (số hiệu chứng thư, tài khoản…)', timeline: 'Quá trình', timelineTitle: 'Quá trình xử lý đề nghị',
  resubmit: 'Gửi lại', back: 'Danh sách đề nghị', sentTo: 'Gửi tới', version: 'Phiên bản', header: 'Thông tin chung', saveHeader: 'Lưu thông tin chung',
  problemsTitle: 'Đề nghị chưa hợp lệ: xem dòng chữ đỏ dưới từng ô.', saved: 'Đã lưu', sent: 'Đã gửi', merged: 'Đã gộp', returnedDone: 'Đã trả lại', approvedDone: 'Đã duyệt',
  reasonLabel: 'Lý do', by: 'Người thực hiện', at: 'Thời gian', from: 'từ', selectHint: 'Chọn các danh sách cùng biểu mẫu để gộp', formHelp: 'Ghi đúng như mẫu in; ô có dấu * là bắt buộc.',
  person: 'Người đề nghị', origin: 'Nơi lập', reasonOf: 'Lý do trả lại', selectEntries: 'Chọn các đề nghị để duyệt',
  carryAgain: 'Thực hiện lại trên CA', carriedAgain: 'Đã thực hiện lại', reportLost: 'Báo mất thiết bị — thu hồi ngay', reportedLost: 'Đã thu hồi chứng thư số, ghi thiết bị bị mất',
  reportLostConfirm: 'Thu hồi ngay chứng thư số trên thiết bị bị mất (lý do: lộ khóa)? Không hoàn tác được.',
  mergedNote: 'Cấp trên đã gộp danh sách này vào danh sách của mình: các đề nghị đang được xử lý ở đó. Đề nghị bị trả lại sẽ hiện ở mục "Bị trả lại".',
} as const;

export type RequestWord = keyof typeof VI;
const EN: Record<RequestWord, string> = {
  requests: 'Requests', title: 'Certificate, account and mailbox requests', mine: 'Our lists', inbox: 'Lists sent to us', returned: 'Returned',
  form: 'Form', state: 'State', all: 'All', newList: 'New list', pickForm: 'Choose a form', create: 'Create', cancel: 'Cancel', save: 'Save',
  none: 'No lists', noEntries: 'The list has no requests', noInbox: 'No list is waiting', noReturned: 'No returned requests',
  agency: 'Filed by', level: 'Level', createdAt: 'Created', submittedAt: 'Sent', updatedAt: 'Updated', entries: 'Requests', open: 'Open',
  addEntry: 'Add a request', editEntry: 'Edit request', correctEntry: 'Correct and resend', entryState: 'State', actions: 'Actions', edit: 'Edit',
  withdraw: 'Withdraw', withdrawConfirm: 'Withdraw this request from the list?', submit: 'Send the list', submitConfirm: 'Send this list to the level above? It can no longer be edited unless recalled.',
  sendOn: 'Send on to the DIC', sendToCa: 'Send to the CA', recall: 'Recall the list', merge: 'Merge the selected lists', mergeInto: 'Merge into the open list',
  returnEntry: 'Return', returnTitle: 'Return the request to its origin', reason: 'Reason', reasonHint: 'The origin sees this reason to correct it', approve: 'Approve', approveSelected: 'Approve the selected requests',
  done: 'Done', doneTitle: 'Mark the request done', outcome: 'Outcome (certificate serial, account…)', timeline: 'History', timelineTitle: 'Request history',
  resubmit: 'Resend', back: 'Requests', sentTo: 'Sent to', version: 'Version', header: 'List details', saveHeader: 'Save details',
  problemsTitle: 'The request is not valid: see the red lines under the fields.', saved: 'Saved', sent: 'Sent', merged: 'Merged', returnedDone: 'Returned', approvedDone: 'Approved',
  reasonLabel: 'Reason', by: 'By', at: 'When', from: 'from', selectHint: 'Select lists of one form to merge', formHelp: 'Fill in as the printed form; fields marked * are required.',
  person: 'Requester', origin: 'Origin', reasonOf: 'Why returned', selectEntries: 'Select requests to approve',
  carryAgain: 'Carry again on the CA', carriedAgain: 'Carried again', reportLost: 'Report the token lost — revoke now', reportedLost: 'Certificate revoked, token marked lost',
  reportLostConfirm: 'Revoke the certificate on the lost token now (key compromise)? This cannot be undone.',
  mergedNote: 'The level above merged this list into its own: the requests are handled there. A returned request shows under "Returned".',
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
  return { q: requestWords(lang), lang, name: (names: Names, key: string) => nameIn(names, key, lang) };
}
