/** The security advisories' words: Vietnamese first, English on request. */
import { dictionary, useLang } from '../../i18n.tsx';

const VI = {
  advisories: 'Cảnh báo an toàn thông tin', securityAdvisory: 'Cảnh báo an toàn thông tin', acknowledge: 'Tôi đã đọc', publish: 'Phát hành cảnh báo',
  title: 'Tiêu đề', body: 'Nội dung', severity: 'Mức độ', info: 'Thông tin', warning: 'Cảnh báo', critical: 'Khẩn cấp', publishedAt: 'Phát hành lúc',
  acknowledged: 'Đã xác nhận', of: 'trên', notAcknowledged: 'Chưa xác nhận đã đọc', whoNot: 'Ai chưa đọc', withdraw: 'Thu hồi', withdrawn: 'Đã thu hồi',
  published: 'Đã phát hành cảnh báo tới toàn tỉnh', none: 'Chưa phát hành cảnh báo nào', everyoneRead: 'Mọi người đã xác nhận', agency: 'Cơ quan', person: 'Người dùng',
  hint: 'Cảnh báo hiện với mọi người dùng trong tỉnh cho tới khi họ bấm "Tôi đã đọc".',
} as const;
export type AdvisoryWord = keyof typeof VI;
const EN: Record<AdvisoryWord, string> = {
  advisories: 'Security advisories', securityAdvisory: 'Security advisory', acknowledge: 'I have read it', publish: 'Publish an advisory',
  title: 'Title', body: 'Text', severity: 'Severity', info: 'Information', warning: 'Warning', critical: 'Critical', publishedAt: 'Published',
  acknowledged: 'Acknowledged', of: 'of', notAcknowledged: 'Not acknowledged yet', whoNot: 'Who has not', withdraw: 'Withdraw', withdrawn: 'Withdrawn',
  published: 'Advisory published to the whole province', none: 'No advisories yet', everyoneRead: 'Everyone has acknowledged', agency: 'Agency', person: 'User',
  hint: 'An advisory shows to every user of the province until they press "I have read it".',
};
const words = dictionary(VI, EN);
export function useAW() {
  const { lang } = useLang();
  return { a: words(lang) };
}
