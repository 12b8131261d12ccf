/** The DIC's page: publish an advisory to the province, see how many have acknowledged each and who has not, withdraw one. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Drawer, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useRunner } from '../../runner.ts';
import type { AdvisoryView } from './AdvisoryBanner.tsx';
import { useAW } from './words.ts';

type Row = AdvisoryView & { acknowledged: number; audience: number };
interface Person { userId: string; username: string; fullName: string; agency: string }

export function AdvisoriesPage() {
  const { a } = useAW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ title: string; body: string; severity: string }>();
  const [following, setFollowing] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['advisories', 'all'], queryFn: () => api<Row[]>('GET', '/api/advisories') });
  const status = useQuery({ queryKey: ['advisories', 'status', following], queryFn: () => api<{ notAcknowledged: Person[] }>('GET', `/api/advisories/${following}/status`), enabled: following !== null });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['advisories'] });
  const publish = (values: { title: string; body: string; severity: string }) => run(async () => {
    await api('POST', '/api/advisories', values);
    form.resetFields();
    await refresh();
  }, a('published'));
  const withdraw = (id: string) => run(async () => {
    await api('POST', `/api/advisories/${id}/withdraw`);
    await refresh();
  });
  return (
    <>
      <Typography.Title level={3}>{a('advisories')}</Typography.Title>
      <Card title={a('publish')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{a('hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={publish} initialValues={{ severity: 'warning' }}>
          <Form.Item name="title" label={a('title')} rules={[{ required: true }]}><Input maxLength={200} data-testid="advisory-title" /></Form.Item>
          <Form.Item name="body" label={a('body')} rules={[{ required: true }]}><Input.TextArea rows={4} maxLength={10_000} data-testid="advisory-body" /></Form.Item>
          <Form.Item name="severity" label={a('severity')}>
            <Select options={(['info', 'warning', 'critical'] as const).map((s) => ({ value: s, label: a(s) }))} style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="advisory-publish">{a('publish')}</Button>
        </Form>
      </Card>
      <Table<Row> rowKey="id" loading={list.isLoading} dataSource={list.data ?? []} locale={{ emptyText: a('none') }} pagination={false}
        columns={[
          { title: a('title'), dataIndex: 'title', render: (title: string, row) => <>{title} {row.withdrawnAt && <Tag>{a('withdrawn')}</Tag>}</> },
          { title: a('severity'), dataIndex: 'severity', render: (s: Row['severity']) => <Tag color={s === 'critical' ? 'red' : s === 'warning' ? 'orange' : 'blue'}>{a(s)}</Tag> },
          { title: a('publishedAt'), dataIndex: 'publishedAt', render: (at: string) => new Date(at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) },
          { title: a('acknowledged'), render: (_, row) => <span data-testid="advisory-count">{row.acknowledged} {a('of')} {row.audience}</span> },
          { title: '', render: (_, row) => <>
            <Button size="small" onClick={() => setFollowing(row.id)}>{a('whoNot')}</Button>{' '}
            {!row.withdrawnAt && <Button size="small" danger onClick={() => withdraw(row.id)}>{a('withdraw')}</Button>}
          </> },
        ]} />
      <Drawer open={following !== null} onClose={() => setFollowing(null)} title={a('notAcknowledged')} size="large">
        <Table<Person> rowKey="userId" loading={status.isLoading} dataSource={status.data?.notAcknowledged ?? []} pagination={{ pageSize: 50 }} locale={{ emptyText: a('everyoneRead') }}
          columns={[{ title: a('person'), render: (_, p) => `${p.fullName} (${p.username})` }, { title: a('agency'), dataIndex: 'agency' }]} />
      </Drawer>
    </>
  );
}
