/**
 * One list of requests: its rows in a table whose columns are the form's, labelled as the seed prints them. Its unit
 * adds, corrects and withdraws rows and sends the list; the desk holding it returns a row with a reason and sends the
 * list on; the DIC approves rows and marks them done. Every action carries the version on screen.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Modal, Popconfirm, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Approval, BatchView, CarryReport, RequestEntry } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { formName, rowFieldsOf, showValue, useAgencyNames, useForms, when } from './catalog.ts';
import { EntryForm } from './EntryForm.tsx';
import { EntryTimeline } from './EntryTimeline.tsx';
import { BatchDocuments } from './BatchDocuments.tsx';
import { FiledEntries } from './FiledEntries.tsx';
import { CarryResults } from './CarryResults.tsx';
import { BATCH_LEVEL_NAMES, BATCH_STATE_NAMES, ENTRY_STATE_NAMES, useQW } from './words.ts';
import { StateTag } from './StateTag.tsx';
import { useRequestActions } from './actions.ts';

type Editing = { entry?: RequestEntry } | null;
type Asking = { entry: RequestEntry; kind: 'return' | 'done' } | null;

export function BatchPage({ session }: { session: Session }) {
  const { id = '' } = useParams();
  const { q, name } = useQW();
  const { formOf } = useForms();
  const agencyName = useAgencyNames(session);
  const navigate = useNavigate();
  const { act, save } = useRequestActions();
  const [editing, setEditing] = useState<Editing>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [tracking, setTracking] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  /** What the own CA did, with the one-time passwords: held on this screen only, until the dialog is closed */
  const [carried, setCarried] = useState<readonly CarryReport[] | null>(null);
  const detail = useQuery({ queryKey: ['request-batch', id], queryFn: () => api<BatchView>('GET', `/api/request-batches/${id}`) });
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data) return <Alert type="error" title={(detail.error as Error | null)?.message ?? ''} />;
  const batch = detail.data;
  const form = formOf(batch.formId);
  const roles = session.user.roles;
  const isOurs = batch.agencyId === session.agency.id;
  const isDic = roles.includes('dic_operator');
  const isFiler = isOurs && batch.state === 'draft' && batch.level === 'unit' && (roles.includes('clerk') || roles.includes('admin'));
  const isHolder = batch.level !== 'unit' && batch.state === 'draft' && (batch.level === 'province' ? isDic : isOurs && (roles.includes('clerk') || roles.includes('admin')));
  const isSentToUs = batch.state === 'submitted' && batch.targetAgencyId === session.agency.id;
  const canReturn = isHolder || isSentToUs;
  const canApprove = isDic && batch.level === 'province' && batch.state === 'draft';
  const fields = form ? rowFieldsOf(form).filter((f) => f.kind !== 'row-number') : [];
  const send = () => act('sent', () => api('POST', `/api/request-batches/${batch.id}/submit`, { version: batch.version }));
  const merge = () => act('merged', async () => {
    const merged = await api<{ id: string }>('POST', '/api/request-batches/merge', { sources: [{ id: batch.id, version: batch.version }] });
    navigate(`/de-nghi/${merged.id}`);
  });
  const approve = () => act('approvedDone', async () => {
    const approval = await api<Approval>('POST', '/api/request-entries/approve', { entries: batch.entries.filter((e) => selected.includes(e.id)).map((e) => ({ id: e.id, version: e.version })) });
    setSelected([]);
    if (approval.carried.length > 0) setCarried(approval.carried);
  });
  const carryAgain = () => act('carriedAgain', async () => setCarried(await api<CarryReport[]>('POST', '/api/request-entries/carry-pending')));
  const canReportLost = ['admin', 'dic_operator', 'ca_operator'].some((role) => roles.includes(role as (typeof roles)[number]));
  const sendLabel = batch.level === 'unit' ? q('submit') : batch.level === 'district' ? q('sendOn') : q('sendToCa');
  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <Space direction="vertical" size={0}>
          <Link to="/de-nghi">← {q('back')}</Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="batch-title">{formName(form, batch.formId)}</Typography.Title>
        </Space>
        <Space wrap>
          {isFiler && <Button onClick={() => setEditing({})} data-testid="add-entry">{q('addEntry')}</Button>}
          {(isFiler || isHolder) && (
            <Popconfirm title={q('submitConfirm')} onConfirm={send} okButtonProps={{ 'data-testid': 'submit-confirm' } as Record<string, string>}>
              <Button type="primary" disabled={batch.entries.length === 0} data-testid="submit-batch">{sendLabel}</Button>
            </Popconfirm>
          )}
          {isOurs && batch.state === 'submitted' && batch.targetAgencyId && (
            <Button onClick={() => act('saved', () => api('POST', `/api/request-batches/${batch.id}/recall`, { version: batch.version }))} data-testid="recall-batch">{q('recall')}</Button>
          )}
          {isSentToUs && <Button type="primary" onClick={merge} data-testid="merge-batch">{q('merge')}</Button>}
          {canApprove && <Button type="primary" disabled={selected.length === 0} onClick={approve} data-testid="approve-selected">{q('approveSelected')}</Button>}
          {canApprove && batch.entries.some((e) => e.state === 'approved') && <Button onClick={carryAgain} data-testid="carry-pending">{q('carryAgain')}</Button>}
        </Space>
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }} items={[
        { key: 'agency', label: q('agency'), children: agencyName(batch.agencyId) },
        { key: 'level', label: q('level'), children: name(BATCH_LEVEL_NAMES, batch.level) },
        { key: 'state', label: q('state'), children: <StateTag names={BATCH_STATE_NAMES} state={batch.state} testId="batch-state" /> },
        { key: 'target', label: q('sentTo'), children: agencyName(batch.targetAgencyId) },
        { key: 'submitted', label: q('submittedAt'), children: when(batch.submittedAt) },
        { key: 'version', label: q('version'), children: batch.version },
      ]} />
      <BatchDocuments batch={batch} session={session} />
      {batch.state === 'merged' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={q('mergedNote')} />}
      {batch.state === 'merged' && batch.level === 'unit' && <FiledEntries batchId={batch.id} session={session} />}
      <Table<RequestEntry> rowKey="id" size="small" dataSource={batch.entries} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: q('noEntries') }} data-testid="entries"
        rowSelection={canApprove ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (e) => ({ disabled: e.state !== 'submitted' }) } : undefined}
        columns={[
          { title: 'STT', width: 50, render: (_, __, i) => i + 1 },
          ...fields.map((f) => ({ title: f.label, key: f.key, render: (_: unknown, e: RequestEntry) => showValue(f, e.values[f.key]) })),
          { title: q('entryState'), fixed: 'right' as const, render: (_, e) => (
            <Space direction="vertical" size={0}>
              <StateTag names={ENTRY_STATE_NAMES} state={e.state} testId="entry-state" />
              {(e.state === 'returned' || e.state === 'approved') && e.reason && <Typography.Text type="warning" data-testid="entry-reason">{e.reason}</Typography.Text>}
            </Space>
          ) },
          { title: q('actions'), fixed: 'right' as const, render: (_, e) => (
            <Space wrap>
              {isFiler && e.state === 'draft' && <Button size="small" onClick={() => setEditing({ entry: e })} data-testid="edit-entry">{q('edit')}</Button>}
              {isFiler && e.state === 'draft' && (
                <Popconfirm title={q('withdrawConfirm')} onConfirm={() => act('saved', () => api('POST', `/api/request-entries/${e.id}/withdraw`, { version: e.version }))}>
                  <Button size="small" danger>{q('withdraw')}</Button>
                </Popconfirm>
              )}
              {canReturn && e.state === 'submitted' && <Button size="small" onClick={() => setAsking({ entry: e, kind: 'return' })} data-testid="return-entry">{q('returnEntry')}</Button>}
              {canApprove && e.state === 'approved' && <Button size="small" onClick={() => setAsking({ entry: e, kind: 'done' })} data-testid="done-entry">{q('done')}</Button>}
              {canReportLost && e.formId === 'token-loss-report' && e.state !== 'withdrawn' && e.state !== 'returned' && (
                <Popconfirm title={q('reportLostConfirm')} onConfirm={() => act('reportedLost', () => api('POST', `/api/request-entries/${e.id}/report-lost`))} okButtonProps={{ 'data-testid': 'report-lost-confirm' } as Record<string, string>}>
                  <Button size="small" danger data-testid="report-lost">{q('reportLost')}</Button>
                </Popconfirm>
              )}
              <Button size="small" type="link" onClick={() => setTracking(e.id)} data-testid="entry-timeline">{q('timeline')}</Button>
            </Space>
          ) },
        ]} />
      {editing && form && (
        <EntryForm form={form} initial={editing.entry?.values} title={editing.entry ? q('editEntry') : q('addEntry')} okText={q('save')} onClose={() => setEditing(null)}
          onSubmit={(values) => save('saved', () => (editing.entry
            ? api('PATCH', `/api/request-entries/${editing.entry.id}`, { version: editing.entry.version, values })
            : api('POST', `/api/request-batches/${batch.id}/entries`, { version: batch.version, rows: [values] })))} />
      )}
      {asking && <AskText asking={asking} onClose={() => setAsking(null)} onDone={(text) => act(asking.kind === 'return' ? 'returnedDone' : 'saved', () => asking.kind === 'return'
        ? api('POST', `/api/request-entries/${asking.entry.id}/return`, { version: asking.entry.version, reason: text })
        : api('POST', `/api/request-entries/${asking.entry.id}/done`, { version: asking.entry.version, ...(text ? { outcome: text } : {}) }))} />}
      {carried && <CarryResults reports={carried} onClose={() => setCarried(null)} />}
      {tracking && <EntryTimeline entryId={tracking} session={session} onClose={() => setTracking(null)} />}
    </>
  );
}

/**
 * The new-mailbox lists (seed 000/001): their columns carry no address, so the DIC writes the one given in the
 * outcome, which marking done records in the registry (src/office/mailboxes/mailbox-requests.ts refuses it otherwise)
 */
const NEW_MAILBOX_FORMS: ReadonlySet<string> = new Set(['mailboxes-new-persons', 'mailboxes-new-units']);

/** The reason a request is returned for (required), or what the CA brought when it is done (optional, but the address for a new mailbox) */
function AskText({ asking, onClose, onDone }: { asking: NonNullable<Asking>; onClose: () => void; onDone: (text: string) => Promise<boolean> }) {
  const { q } = useQW();
  const [text, setText] = useState('');
  const isReturn = asking.kind === 'return';
  const namesMailbox = !isReturn && NEW_MAILBOX_FORMS.has(asking.entry.formId);
  const hint = isReturn ? q('reasonHint') : namesMailbox ? q('outcomeMailboxHelp') : q('outcome');
  const placeholder = isReturn ? q('reason') : namesMailbox ? q('outcomeMailbox') : q('outcome');
  return (
    <Modal open title={isReturn ? q('returnTitle') : q('doneTitle')} onCancel={onClose} cancelText={q('cancel')} okText={isReturn ? q('returnEntry') : q('done')}
      okButtonProps={{ disabled: isReturn && text.trim() === '', ...({ 'data-testid': 'ask-ok' } as Record<string, string>) }}
      // A refusal keeps the dialog and what was typed, to be corrected
      onOk={async () => { if (await onDone(text.trim())) onClose(); }}>
      <Typography.Paragraph type="secondary" data-testid="ask-hint">{hint}</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={isReturn ? 1000 : 500} value={text} onChange={(e) => setText(e.target.value)} data-testid="ask-text" placeholder={placeholder} />
    </Modal>
  );
}
