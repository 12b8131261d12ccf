/**
 * "Đề nghị": the lists our agency filed (by form, by state) and a new one for a chosen form; the lists sent to us
 * (a district desk, the DIC) to merge; the requests that came back to us with a reason, to correct and resend.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { RequestBatch, RequestEntry } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { entryTitle, formName, useAgencyNames, useForms, when } from './catalog.ts';
import { EntryForm } from './EntryForm.tsx';
import { EntryTimeline } from './EntryTimeline.tsx';
import { BATCH_LEVEL_NAMES, BATCH_STATE_NAMES, useQW } from './words.ts';
import { StateTag } from './StateTag.tsx';
import { useRequestActions } from './actions.ts';
import { GovernmentCa } from './GovernmentCa.tsx';

export function RequestsPage({ session }: { session: Session }) {
  const { q } = useQW();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'mine';
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{q('title')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={[
        { key: 'mine', label: <span data-testid="tab-mine">{q('mine')}</span>, children: <MyLists /> },
        { key: 'inbox', label: <span data-testid="tab-inbox">{q('inbox')}</span>, children: <Inbox session={session} /> },
        { key: 'returned', label: <span data-testid="tab-returned">{q('returned')}</span>, children: <Returned session={session} /> },
        ...(session.user.roles.includes('dic_operator') ? [{ key: 'government', label: <span data-testid="tab-government">{q('government')}</span>, children: <GovernmentCa /> }] : []),
      ]} />
    </>
  );
}

function MyLists() {
  const { q, name } = useQW();
  const { forms, formOf } = useForms();
  const [formId, setFormId] = useState<string | undefined>();
  const [state, setState] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const query = new URLSearchParams({ ...(formId ? { formId } : {}), ...(state ? { state } : {}) }).toString();
  const list = useQuery({ queryKey: ['request-batches', formId, state], queryFn: () => api<RequestBatch[]>('GET', `/api/request-batches${query ? `?${query}` : ''}`) });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder={q('form')} style={{ width: 420 }} value={formId} onChange={setFormId} data-testid="filter-form"
          options={forms.map((f) => ({ value: f.id, label: formName(f) }))} showSearch optionFilterProp="label" />
        <Select allowClear placeholder={q('state')} style={{ width: 200 }} value={state} onChange={setState} data-testid="filter-state"
          options={Object.keys(BATCH_STATE_NAMES).map((value) => ({ value, label: name(BATCH_STATE_NAMES, value) }))} />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="new-request-list">{q('newList')}</Button>
      </Space>
      {list.error && <Alert type="error" title={(list.error as Error).message} />}
      <Table<RequestBatch> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data} pagination={{ pageSize: 20 }} locale={{ emptyText: q('none') }}
        columns={[
          { title: q('form'), render: (_, b) => <Link to={`/de-nghi/${b.id}`} data-testid="request-list-link">{formName(formOf(b.formId), b.formId)}</Link> },
          { title: q('level'), render: (_, b) => name(BATCH_LEVEL_NAMES, b.level), width: 150 },
          { title: q('state'), render: (_, b) => <StateTag names={BATCH_STATE_NAMES} state={b.state} />, width: 170 },
          { title: q('createdAt'), render: (_, b) => when(b.createdAt), width: 160 },
          { title: q('submittedAt'), render: (_, b) => when(b.submittedAt), width: 160 },
        ]} />
      {creating && <NewList onClose={() => setCreating(false)} />}
    </>
  );
}

function NewList({ onClose }: { onClose: () => void }) {
  const { q } = useQW();
  const { forms } = useForms();
  const navigate = useNavigate();
  const { act, busy } = useRequestActions();
  const [formId, setFormId] = useState<string | undefined>();
  const create = () => formId && act(null, async () => {
    const batch = await api<RequestBatch>('POST', '/api/request-batches', { formId });
    onClose();
    navigate(`/de-nghi/${batch.id}`);
  });
  return (
    <Modal open title={q('newList')} onCancel={onClose} onOk={create} okText={q('create')} cancelText={q('cancel')} confirmLoading={busy}
      okButtonProps={{ disabled: !formId, ...({ 'data-testid': 'new-list-create' } as Record<string, string>) }} width={640}>
      <Typography.Paragraph>{q('pickForm')}</Typography.Paragraph>
      <Select style={{ width: '100%' }} value={formId} onChange={setFormId} showSearch optionFilterProp="label" data-testid="new-list-form"
        options={forms.map((f) => ({ value: f.id, label: formName(f) }))} />
    </Modal>
  );
}

/** Lists sent to our agency (as a district desk or the DIC): open one, or merge the selected into a list of ours */
function Inbox({ session }: { session: Session }) {
  const { q, name } = useQW();
  const { formOf } = useForms();
  const agencyName = useAgencyNames(session);
  const navigate = useNavigate();
  const { act, busy } = useRequestActions();
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const inbox = useQuery({ queryKey: ['request-inbox'], queryFn: () => api<RequestBatch[]>('GET', '/api/request-batches/inbox') });
  // The selected rows as last loaded: after a refusal reloads the inbox, another try sends the new versions
  const selected = (inbox.data ?? []).filter((b) => selectedIds.includes(b.id));
  const merge = () => act('merged', async () => {
    const merged = await api<RequestBatch>('POST', '/api/request-batches/merge', { sources: selected.map((b) => ({ id: b.id, version: b.version })) });
    navigate(`/de-nghi/${merged.id}`);
  });
  const oneForm = new Set(selected.map((b) => b.formId)).size === 1;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" disabled={!oneForm} loading={busy} onClick={merge} data-testid="merge-selected">{q('merge')}</Button>
        <Typography.Text type="secondary">{q('selectHint')}</Typography.Text>
      </Space>
      {inbox.error && <Alert type="error" title={(inbox.error as Error).message} />}
      <Table<RequestBatch> rowKey="id" size="small" loading={inbox.isLoading} dataSource={inbox.data} pagination={{ pageSize: 20 }} locale={{ emptyText: q('noInbox') }}
        rowSelection={{ selectedRowKeys: selectedIds, onChange: (keys) => setSelectedIds(keys as string[]) }}
        columns={[
          { title: q('agency'), render: (_, b) => <span data-testid="inbox-agency">{agencyName(b.agencyId)}</span> },
          { title: q('form'), render: (_, b) => <Link to={`/de-nghi/${b.id}`}>{formName(formOf(b.formId), b.formId)}</Link> },
          { title: q('level'), render: (_, b) => name(BATCH_LEVEL_NAMES, b.level), width: 150 },
          { title: q('submittedAt'), render: (_, b) => when(b.submittedAt), width: 160 },
        ]} />
    </>
  );
}

/** Our requests returned with a reason: corrected and resent to the level that returned them, or looked up */
function Returned({ session }: { session: Session }) {
  const { q } = useQW();
  const { formOf } = useForms();
  const agencyName = useAgencyNames(session);
  const { save } = useRequestActions();
  const [correcting, setCorrecting] = useState<RequestEntry | null>(null);
  const [tracking, setTracking] = useState<string | null>(null);
  const returned = useQuery({ queryKey: ['request-returned'], queryFn: () => api<RequestEntry[]>('GET', '/api/request-entries/returned') });
  const form = correcting ? formOf(correcting.formId) : undefined;
  return (
    <>
      {returned.error && <Alert type="error" title={(returned.error as Error).message} />}
      <Table<RequestEntry> rowKey="id" size="small" loading={returned.isLoading} dataSource={returned.data} pagination={{ pageSize: 20 }} locale={{ emptyText: q('noReturned') }}
        columns={[
          { title: q('person'), render: (_, e) => entryTitle(e.values) },
          { title: q('form'), render: (_, e) => formName(formOf(e.formId), e.formId) },
          { title: q('reasonOf'), render: (_, e) => <Typography.Text type="warning" data-testid="returned-reason">{e.reason}</Typography.Text> },
          { title: q('sentTo'), render: (_, e) => agencyName(e.returnedByAgencyId) },
          { title: q('actions'), width: 220, render: (_, e) => (
            <Space>
              <Button size="small" type="primary" onClick={() => setCorrecting(e)} data-testid="correct-entry">{q('correctEntry')}</Button>
              <Button size="small" onClick={() => setTracking(e.id)}>{q('timeline')}</Button>
            </Space>
          ) },
        ]} />
      {correcting && form && (
        <EntryForm form={form} initial={correcting.values} title={q('correctEntry')} okText={q('resubmit')} onClose={() => setCorrecting(null)}
          onSubmit={(values) => save('sent', () => api('POST', `/api/request-entries/${correcting.id}/resubmit`, { version: correcting.version, values }))} />
      )}
      {tracking && <EntryTimeline entryId={tracking} session={session} onClose={() => setTracking(null)} />}
    </>
  );
}
