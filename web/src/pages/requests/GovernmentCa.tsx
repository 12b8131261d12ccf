/**
 * The DIC's page for the Government CA: the file of certificates it returned uploaded as it came, what was taken in
 * and what not (with the reason), and the registry of its certificates. With congvan's own CA there is nothing to take.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { GovernmentCertificate, ImportReport } from '../../../../src/office/index.ts';
import { api, sendFile } from '../../api.ts';
import { useRunner } from '../../runner.ts';
import { when } from './catalog.ts';
import { useQW } from './words.ts';

const STATUS_COLOR: Record<GovernmentCertificate['status'], string> = { valid: 'green', expired: 'default', replaced: 'orange' };
const STATUS_NAMES = { valid: { vi: 'Còn hiệu lực', en: 'Valid' }, expired: { vi: 'Hết hạn', en: 'Expired' }, replaced: { vi: 'Đã được thay thế', en: 'Replaced' } };

export function GovernmentCa() {
  const { q, name } = useQW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const registry = useQuery({ queryKey: ['government-certificates'], queryFn: () => api<{ kind: 'own' | 'government'; certificates: GovernmentCertificate[] }>('GET', '/api/government-ca/certificates') });
  const take = async (file: File) => {
    setBusy(true);
    await run(async () => setReport(await sendFile<ImportReport>('/api/government-ca/certificates', file)));
    setBusy(false);
    await Promise.all(['government-certificates', 'request-batch', 'request-batches', 'request-inbox'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
  };
  if (registry.error) return <Alert type="error" title={(registry.error as Error).message} />;
  if (registry.data?.kind === 'own') return <Alert type="info" title={q('govOwnCa')} data-testid="government-own-ca" />;
  return (
    <>
      <Typography.Paragraph>{q('govIntro')}</Typography.Paragraph>
      <Upload beforeUpload={(file) => { void take(file); return false; }} showUploadList={false} accept=".pem,.crt,.cer,.der,.p7b,.p7c">
        <Button type="primary" loading={busy} data-testid="government-upload">{q('govUpload')}</Button>
      </Upload>
      {report && (
        <div data-testid="government-report" style={{ marginTop: 12 }}>
          <Typography.Text strong>{q('govImported')}: {report.imported.length}</Typography.Text>
          {report.caCertificates > 0 && <Typography.Text type="secondary"> · {report.caCertificates} {q('govCaCerts')}</Typography.Text>}
          {report.refused.length > 0 && (
            <Table size="small" rowKey="serial" pagination={false} style={{ marginTop: 8 }} dataSource={report.refused} data-testid="government-refused"
              title={() => <Typography.Text type="danger">{q('govRefused')}: {report.refused.length}</Typography.Text>}
              columns={[{ title: q('govSerial'), dataIndex: 'serial', width: 260 }, { title: q('govReason'), dataIndex: 'reason' }]} />
          )}
        </div>
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>{q('govRegistry')}</Typography.Title>
      <Table<GovernmentCertificate> rowKey="fingerprint" size="small" loading={registry.isLoading} dataSource={registry.data?.certificates} locale={{ emptyText: q('govNone') }}
        data-testid="government-registry" pagination={{ pageSize: 20 }} columns={[
          { title: q('govHolder'), dataIndex: 'holderName' },
          { title: q('govSerial'), dataIndex: 'serial', width: 260 },
          { title: q('govExpires'), render: (_, c) => when(c.notAfter), width: 160 },
          { title: q('govImportedAt'), render: (_, c) => when(c.importedAt), width: 160 },
          { title: q('govStatus'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{name(STATUS_NAMES, c.status)}</Tag>, width: 150 },
        ]} />
    </>
  );
}
