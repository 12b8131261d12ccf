/**
 * A list's documents: the list as XLSX in the seed's columns (any time), and the covering letter — made once the list
 * is sent on, numbered from the agency's outgoing register, signed with the maker's server-held personal key and
 * sealed with the agency's seal — then downloaded as kept.
 */
import { FileExcelOutlined, FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { BatchLetterInfo, RequestBatch } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { dictionary } from '../../i18n.tsx';
import { when } from './catalog.ts';
import { useQW } from './words.ts';

const words = dictionary({
  xlsx: 'Tải danh sách (XLSX)', make: 'Lập công văn gửi kèm (PDF có chữ ký)', download: 'Tải công văn',
  makeConfirm: 'Lấy số công văn từ sổ văn bản đi, ký số bằng khóa của bạn rồi đóng dấu cơ quan? Việc này mất vài giây.',
  made: 'Đã lập và ký công văn gửi kèm', letter: 'Công văn gửi kèm', making: 'đang lập…', failed: 'lần lập trước không thành, có thể lập lại',
}, {
  xlsx: 'Download the list (XLSX)', make: 'Make the covering letter (signed PDF)', download: 'Download the letter',
  makeConfirm: 'Take the letter\'s number from the outgoing register, sign it with your key, then seal it with the agency\'s seal? This takes a few seconds.',
  made: 'The covering letter is made and signed', letter: 'Covering letter', making: 'being made…', failed: 'the last attempt failed; it can be made again',
});

const MAKER_ROLES = ['clerk', 'admin', 'leader', 'dic_operator'];

export function BatchDocuments({ batch, session }: { batch: RequestBatch; session: Session }) {
  const { lang } = useQW();
  const w = words(lang);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const letter = useQuery({ queryKey: ['request-letter', batch.id], queryFn: () => api<BatchLetterInfo | null>('GET', `/api/request-batches/${batch.id}/letter`) });
  const isMade = letter.data?.state === 'made';
  const canMake = !isMade && batch.state === 'submitted' && batch.agencyId === session.agency.id && session.user.roles.some((r) => MAKER_ROLES.includes(r));
  const make = async () => {
    setBusy(true);
    try {
      await api('POST', `/api/request-batches/${batch.id}/letter`);
      message.success(w('made'));
    } catch (err) {
      message.error((err as Error).message, 8);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['request-letter', batch.id] });
    }
  };
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="batch-documents">
      <Button icon={<FileExcelOutlined />} href={`/api/request-batches/${batch.id}/list.xlsx`} download data-testid="batch-xlsx">{w('xlsx')}</Button>
      {canMake && (
        <Popconfirm title={w('makeConfirm')} onConfirm={make} okButtonProps={{ 'data-testid': 'make-letter-confirm' } as Record<string, string>}>
          <Button icon={<SafetyCertificateOutlined />} loading={busy} data-testid="make-letter">{w('make')}</Button>
        </Popconfirm>
      )}
      {isMade && <Button type="primary" icon={<FilePdfOutlined />} href={`/api/request-batches/${batch.id}/letter.pdf`} download data-testid="letter-pdf">{w('download')}</Button>}
      {letter.data && (
        <Typography.Text type="secondary" data-testid="letter-info">
          {w('letter')} {letter.data.notation}
          {letter.data.state === 'made' ? ` · ${when(letter.data.at)}` : letter.data.state === 'making' ? ` · ${w('making')}` : ` · ${w('failed')}`}
        </Typography.Text>
      )}
    </Space>
  );
}
