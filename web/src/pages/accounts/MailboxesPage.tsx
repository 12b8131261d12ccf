/**
 * The official mailbox registry (sổ hộp thư công vụ): the mailboxes of the agencies the admin or the DIC oversees,
 * filtered by state and agency; a mailbox recorded by hand or a province's loaded from a file, revoked, suspended or
 * resumed with a reason, and its history.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Mailbox, MailboxEvent } from '../../../../src/office/index.ts';
import { api, type Agency, type Session } from '../../api.ts';
import { useRunner } from '../../runner.ts';
import { MailboxImportButton } from './MailboxImport.tsx';
import { HOLDER_KIND_NAMES, MAILBOX_STATE_NAMES, REGISTRY_STATE_COLORS, shownAt, useRegW } from './words.ts';

type Change = 'revoke' | 'suspend' | 'resume';
interface MailboxPage { items: Mailbox[]; total: number }
interface MailboxHistory { mailbox: Mailbox; events: MailboxEvent[] }

export function RegistryStateTag({ names, state, testId }: { names: typeof MAILBOX_STATE_NAMES; state: string; testId?: string }) {
  const { name } = useRegW();
  return <Tag color={REGISTRY_STATE_COLORS[state]} data-testid={testId}>{name(names, state)}</Tag>;
}

export function MailboxesPage({ session }: { session: Session }) {
  const { w, name, lang } = useRegW();
  const [state, setState] = useState<string>();
  const [agencyId, setAgencyId] = useState<string>();
  const [recording, setRecording] = useState(false);
  const [changing, setChanging] = useState<{ mailbox: Mailbox; change: Change }>();
  const [historyOf, setHistoryOf] = useState<Mailbox>();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('GET', '/api/agencies') });
  const params = new URLSearchParams({ limit: '1000', ...(state ? { state } : {}), ...(agencyId ? { agencyId } : {}) });
  const list = useQuery({ queryKey: ['mailboxes', state, agencyId], queryFn: () => api<MailboxPage>('GET', `/api/mailboxes?${params}`) });
  const agencyOptions = (agencies.data ?? [session.agency]).map((a) => ({ value: a.id, label: a.name }));
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select allowClear placeholder={w('allStates')} style={{ width: 180 }} value={state} onChange={setState} data-testid="mailbox-state-filter"
          options={Object.keys(MAILBOX_STATE_NAMES).map((s) => ({ value: s, label: name(MAILBOX_STATE_NAMES, s) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={w('allAgencies')} style={{ width: 320 }} value={agencyId} onChange={setAgencyId}
          options={agencyOptions} data-testid="mailbox-agency-filter" />
        <Button type="primary" onClick={() => setRecording(true)} data-testid="mailbox-record">{w('record')}</Button>
        <MailboxImportButton />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Mailbox> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 50 }} data-testid="mailbox-table"
        columns={[
          { title: w('address'), dataIndex: 'address' },
          { title: w('agency'), dataIndex: 'agencyName' },
          { title: w('holder'), render: (_, m) => `${m.holderName} (${name(HOLDER_KIND_NAMES, m.holderKind)}${m.holderUsername ? `, ${m.holderUsername}` : ''})` },
          { title: w('state'), render: (_, m) => <RegistryStateTag names={MAILBOX_STATE_NAMES} state={m.state} testId={`mailbox-state-${m.address}`} /> },
          { title: w('updated'), render: (_, m) => shownAt(m.updatedAt, lang) },
          {
            title: w('actions'), render: (_, m) => (
              <Space size="small">
                {m.state === 'suspended' && <Button size="small" onClick={() => setChanging({ mailbox: m, change: 'resume' })}>{w('resume')}</Button>}
                {m.state === 'active' && <Button size="small" onClick={() => setChanging({ mailbox: m, change: 'suspend' })}>{w('suspend')}</Button>}
                {m.state !== 'revoked' && <Button size="small" danger onClick={() => setChanging({ mailbox: m, change: 'revoke' })}>{w('revoke')}</Button>}
                <Button size="small" onClick={() => setHistoryOf(m)}>{w('history')}</Button>
              </Space>
            ),
          },
        ]} />
      {recording && <RecordDialog agencyOptions={agencyOptions} defaultAgency={session.agency.id} onClose={() => setRecording(false)} />}
      {changing && <ChangeDialog {...changing} onClose={() => setChanging(undefined)} />}
      {historyOf && <HistoryDialog mailbox={historyOf} onClose={() => setHistoryOf(undefined)} />}
    </>
  );
}

function RecordDialog({ agencyOptions, defaultAgency, onClose }: { agencyOptions: { value: string; label: string }[]; defaultAgency: string; onClose: () => void }) {
  const { w, name } = useRegW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ address: string; agencyId: string; holderKind: string; holderName: string }>();
  const submit = async (values: { address: string; agencyId: string; holderKind: string; holderName: string }) => {
    if (await run(() => api('POST', '/api/mailboxes', values), w('recorded'))) {
      await queryClient.invalidateQueries({ queryKey: ['mailboxes'] });
      onClose();
    }
  };
  return (
    <Modal open title={w('recordTitle')} okText={w('record')} cancelText={w('cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ 'data-testid': 'mailbox-record-ok' } as { disabled?: boolean }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ agencyId: defaultAgency, holderKind: 'unit' }}>
        <Form.Item name="address" label={w('address')} rules={[{ required: true, message: w('required') }]}><Input data-testid="mailbox-address" /></Form.Item>
        <Form.Item name="agencyId" label={w('agency')} rules={[{ required: true, message: w('required') }]}>
          <Select showSearch optionFilterProp="label" options={agencyOptions} data-testid="mailbox-agency" />
        </Form.Item>
        <Form.Item name="holderKind" label={w('holderKind')}>
          <Select options={Object.keys(HOLDER_KIND_NAMES).map((k) => ({ value: k, label: name(HOLDER_KIND_NAMES, k) }))} data-testid="mailbox-holder-kind" />
        </Form.Item>
        <Form.Item name="holderName" label={w('holder')} rules={[{ required: true, message: w('required') }]}><Input data-testid="mailbox-holder" /></Form.Item>
      </Form>
    </Modal>
  );
}

function ChangeDialog({ mailbox, change, onClose }: { mailbox: Mailbox; change: Change; onClose: () => void }) {
  const { w } = useRegW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const confirm = async () => {
    if (await run(() => api('POST', `/api/mailboxes/${mailbox.id}/${change}`, { reason }), w('changed'))) {
      await queryClient.invalidateQueries({ queryKey: ['mailboxes'] });
      onClose();
    }
  };
  return (
    <Modal open title={`${w(change)}: ${mailbox.address}`} okText={w('ok')} cancelText={w('cancel')} onOk={confirm} onCancel={onClose}
      okButtonProps={{ danger: change === 'revoke', 'data-testid': 'mailbox-change-ok' } as { danger: boolean }}>
      <Typography.Text>{change === 'resume' ? w('reasonOptional') : w('reason')}</Typography.Text>
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="mailbox-reason" />
    </Modal>
  );
}

function HistoryDialog({ mailbox, onClose }: { mailbox: Mailbox; onClose: () => void }) {
  const { w, name, lang } = useRegW();
  const history = useQuery({ queryKey: ['mailboxes', mailbox.id, 'history'], queryFn: () => api<MailboxHistory>('GET', `/api/mailboxes/${mailbox.id}/history`) });
  const stateName = (s: string | null) => (s ? name(MAILBOX_STATE_NAMES, s) : w('recordedEvent'));
  return (
    <Modal open width={900} title={`${w('historyTitle')}: ${mailbox.address}`} footer={null} onCancel={onClose}>
      {history.error && <Alert type="error" showIcon title={history.error.message} />}
      <Table<MailboxEvent> rowKey="version" size="small" pagination={false} loading={history.isLoading} dataSource={history.data?.events ?? []} data-testid="mailbox-history"
        locale={{ emptyText: w('noEvents') }}
        columns={[
          { title: w('when'), render: (_, e) => shownAt(e.at, lang) },
          { title: w('who'), render: (_, e) => e.actorName ?? w('system') },
          { title: w('change'), render: (_, e) => (e.from ? `${stateName(e.from)} → ${stateName(e.to)}` : `${w('recordedEvent')} → ${stateName(e.to)}`) },
          { title: w('reason'), render: (_, e) => e.reason ?? '' },
          { title: w('entry'), render: (_, e) => (e.entry?.batchId ? <Link to={`/de-nghi/${e.entry.batchId}`}>{w('openEntry')}</Link> : '') },
        ]} />
    </Modal>
  );
}
