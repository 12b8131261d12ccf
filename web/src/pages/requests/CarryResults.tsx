/**
 * What congvan's own CA did with the approved requests, shown once to the DIC operator who approved: each entry's
 * serial and subject or the reason it failed, and for a key made here the one-time password of its PKCS#12 with the
 * download link. The password lives in this dialog only: it is not kept by the server, and closing the dialog loses it.
 */
import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { CarryReport } from '../../../../src/office/index.ts';
import { useQW } from './words.ts';

export function CarryResults({ reports, onClose }: { reports: readonly CarryReport[]; onClose: () => void }) {
  const { q } = useQW();
  return (
    <Modal open title={q('carryTitle')} onCancel={onClose} maskClosable={false} width={720}
      footer={<Button type="primary" onClick={onClose} data-testid="carry-results-close">{q('carryClose')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="carry-results">
        {reports.map((r) => (
          <Alert key={r.entryId} type={r.ok ? 'success' : 'warning'} showIcon data-testid="carry-report"
            title={r.ok ? `${q('carryOk')}: ${r.outcome ?? ''}` : `${q('carryFailed')}: ${r.reason ?? ''}`}
            description={r.ok && (
              <Space direction="vertical" size={2}>
                {r.serial && <span>{q('carrySerial')}: <Typography.Text code copyable>{r.serial}</Typography.Text></span>}
                {r.subject && <span>{q('carrySubject')}: {r.subject}</span>}
                {r.oneTimePassword && (
                  <>
                    <span>{q('carryPassword')}: <Typography.Text code copyable strong data-testid="one-time-password">{r.oneTimePassword}</Typography.Text></span>
                    <Typography.Text type="danger" data-testid="one-time-note">{q('carryPasswordNote')}</Typography.Text>
                  </>
                )}
                {r.hasKeyBundle && <a href={`/api/request-entries/${r.entryId}/key-bundle`} download data-testid="key-bundle-link">{q('carryDownload')}</a>}
              </Space>
            )} />
        ))}
        {reports.some((r) => !r.ok) && <Typography.Text type="secondary">{q('carryRetryNote')}</Typography.Text>}
      </Space>
    </Modal>
  );
}
