/**
 * A list's documents: the list as XLSX in the seed's columns (any time), and the covering letter — made once the list
 * is sent on, numbered from the agency's outgoing register, signed with the maker's server-held personal key or on
 * their USB token (congvan agent), and sealed with the agency's seal — then downloaded as kept.
 */
import { FileExcelOutlined, FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { BatchLetterInfo, RequestBatch } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { TokenSigning, type TokenSigningCalls } from '../../token-signing.tsx';
import { when } from './catalog.ts';
import { useQW } from './words.ts';

const MAKER_ROLES = ['clerk', 'admin', 'leader', 'dic_operator'];

export function BatchDocuments({ batch, session }: { batch: RequestBatch; session: Session }) {
  const { q } = useQW();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [tokenOpen, setTokenOpen] = useState(false);
  const letter = useQuery({ queryKey: ['request-letter', batch.id], queryFn: () => api<BatchLetterInfo | null>('GET', `/api/request-batches/${batch.id}/letter`) });
  const isMade = letter.data?.state === 'made';
  const canMake = !isMade && batch.state === 'submitted' && batch.agencyId === session.agency.id && session.user.roles.some((r) => MAKER_ROLES.includes(r));
  const make = async () => {
    setBusy(true);
    try {
      await api('POST', `/api/request-batches/${batch.id}/letter`);
      message.success(q('letterMade'));
    } catch (err) {
      message.error((err as Error).message, 8);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['request-letter', batch.id] });
    }
  };
  const tokenCalls: TokenSigningCalls = {
    async prepare(certificate) {
      const prepared = await api<{ digest: string }>('POST', `/api/request-batches/${batch.id}/letter/token/prepare`, { certificate });
      return { digest: prepared.digest, complete: async (signature) => { await api('POST', `/api/request-batches/${batch.id}/letter/token/complete`, { signature }); } };
    },
  };
  const state = letter.data?.state;
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="batch-documents">
      <Button icon={<FileExcelOutlined />} href={`/api/request-batches/${batch.id}/list.xlsx`} download data-testid="batch-xlsx">{q('letterXlsx')}</Button>
      {canMake && (
        <Popconfirm title={q('letterMakeConfirm')} onConfirm={make} okButtonProps={{ 'data-testid': 'make-letter-confirm' } as Record<string, string>}>
          <Button icon={<SafetyCertificateOutlined />} loading={busy} data-testid="make-letter">{q('letterMake')}</Button>
        </Popconfirm>
      )}
      {canMake && <Button icon={<SafetyCertificateOutlined />} onClick={() => setTokenOpen(true)} data-testid="make-letter-token">{q('letterToken')}</Button>}
      {tokenOpen && <TokenSigning calls={tokenCalls} onClose={() => setTokenOpen(false)} onDone={async () => {
        setTokenOpen(false);
        await queryClient.invalidateQueries({ queryKey: ['request-letter', batch.id] });
      }} />}
      {isMade && <Button type="primary" icon={<FilePdfOutlined />} href={`/api/request-batches/${batch.id}/letter.pdf`} download data-testid="letter-pdf">{q('letterDownload')}</Button>}
      {letter.data && (
        <Typography.Text type="secondary" data-testid="letter-info">
          {q('letter')} {letter.data.notation}
          {state === 'made' ? ` · ${when(letter.data.at)}` : state === 'making' ? ` · ${q('letterMaking')}` : state === 'awaiting-token' ? ` · ${q('letterAwaitingToken')}` : ` · ${q('letterFailed')}`}
        </Typography.Text>
      )}
    </Space>
  );
}
