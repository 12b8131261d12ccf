/** Every advisory the user has not acknowledged, above whatever page they are on, until they press "Tôi đã đọc". */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { api } from '../../api.ts';
import { useRunner } from '../../runner.ts';
import { useAW } from './words.ts';

export interface AdvisoryView { id: string; title: string; body: string; severity: 'info' | 'warning' | 'critical'; publishedAt: string; withdrawnAt: string | null }

const TYPE = { info: 'info', warning: 'warning', critical: 'error' } as const;

export function AdvisoryBanner() {
  const { a } = useAW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const pending = useQuery({ queryKey: ['advisories', 'pending'], queryFn: () => api<AdvisoryView[]>('GET', '/api/advisories/pending'), refetchInterval: 120_000 });
  const acknowledge = (id: string) => run(async () => {
    await api('POST', `/api/advisories/${id}/ack`);
    await queryClient.invalidateQueries({ queryKey: ['advisories'] });
  });
  if (!pending.data?.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="advisories">
      {pending.data.map((advisory) => (
        <Alert key={advisory.id} type={TYPE[advisory.severity]} showIcon data-testid="advisory"
          title={<b>{a('securityAdvisory')}: {advisory.title}</b>}
          description={<div style={{ whiteSpace: 'pre-wrap' }}>{advisory.body}</div>}
          action={<Button size="small" type="primary" onClick={() => acknowledge(advisory.id)}>{a('acknowledge')}</Button>} />
      ))}
    </Space>
  );
}
