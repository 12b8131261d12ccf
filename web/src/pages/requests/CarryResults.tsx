/**
 * What congvan's own CA did with the approved requests, shown once to the DIC operator who approved: each entry's
 * serial and subject or the reason it failed, and for a key made here the one-time password of its PKCS#12 with the
 * download link. The password lives in this dialog only: it is not kept by the server, and closing the dialog loses it.
 */
import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { CarryReport } from '../../../../src/office/index.ts';
import { dictionary, useLang } from '../../i18n.tsx';

const VI = {
  title: 'Kết quả thực hiện trên CA nội bộ', ok: 'Đã thực hiện', failed: 'Chưa thực hiện được', serial: 'Số hiệu', subject: 'Chủ thể',
  password: 'Mật khẩu dùng một lần của tệp khóa (PKCS#12)', passwordNote: 'Mật khẩu dùng một lần này chỉ hiển thị lần này: ghi lại để cài khóa lên thiết bị khi bàn giao; hệ thống không lưu mật khẩu.',
  download: 'Tải tệp .p12', close: 'Đã ghi lại, đóng', retryNote: 'Đề nghị chưa thực hiện được vẫn ở trạng thái "Đã duyệt"; bấm "Thực hiện lại trên CA" khi đã khắc phục.',
} as const;
const EN: Record<keyof typeof VI, string> = {
  title: 'What the own CA did', ok: 'Done', failed: 'Not done', serial: 'Serial', subject: 'Subject',
  password: 'One-time password of the key file (PKCS#12)', passwordNote: 'This one-time password is shown this time only: note it to install the key on the token at the hand-over; it is not stored.',
  download: 'Download the .p12', close: 'Noted, close', retryNote: 'A request not carried stays "Approved"; press "Carry again on the CA" once fixed.',
};
const words = dictionary(VI, EN);

export function CarryResults({ reports, onClose }: { reports: readonly CarryReport[]; onClose: () => void }) {
  const { lang } = useLang();
  const w = words(lang);
  return (
    <Modal open title={w('title')} onCancel={onClose} maskClosable={false} width={720}
      footer={<Button type="primary" onClick={onClose} data-testid="carry-results-close">{w('close')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="carry-results">
        {reports.map((r) => (
          <Alert key={r.entryId} type={r.ok ? 'success' : 'warning'} showIcon data-testid="carry-report"
            title={r.ok ? `${w('ok')}: ${r.outcome ?? ''}` : `${w('failed')}: ${r.reason ?? ''}`}
            description={r.ok && (
              <Space direction="vertical" size={2}>
                {r.serial && <span>{w('serial')}: <Typography.Text code copyable>{r.serial}</Typography.Text></span>}
                {r.subject && <span>{w('subject')}: {r.subject}</span>}
                {r.oneTimePassword && (
                  <>
                    <span>{w('password')}: <Typography.Text code copyable strong data-testid="one-time-password">{r.oneTimePassword}</Typography.Text></span>
                    <Typography.Text type="danger" data-testid="one-time-note">{w('passwordNote')}</Typography.Text>
                  </>
                )}
                {r.hasKeyBundle && <a href={`/api/request-entries/${r.entryId}/key-bundle`} download data-testid="key-bundle-link">{w('download')}</a>}
              </Space>
            )} />
        ))}
        {reports.some((r) => !r.ok) && <Typography.Text type="secondary">{w('retryNote')}</Typography.Text>}
      </Space>
    </Modal>
  );
}
