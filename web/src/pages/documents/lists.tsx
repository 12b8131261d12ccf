/** The registers as clerks and specialists see them: outgoing, incoming (arrivals, registered, mine), and search. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, upload, type DocumentRow, type Session } from '../../api.ts';
import { useW } from './words.ts';
import { SavedSearchBar, useSavedResults, type SavedSearch } from '../records/SavedSearches.tsx';

interface DocType { code: string; name: string; abbreviation: string | null; electronicOnly: boolean }
interface Agency { id: string; code: string; name: string }
interface Page { total: number; totalIsExact: boolean; documents: DocumentRow[] }

function DocumentTable({ rows, loading }: { rows?: DocumentRow[]; loading?: boolean }) {
  const { w, status } = useW();
  return (
    <Table<DocumentRow> rowKey="id" size="small" loading={loading} dataSource={rows} pagination={{ pageSize: 20 }} locale={{ emptyText: w('none') }}
      columns={[
        { title: w('number'), render: (_, d) => d.notation ?? (d.number ? String(d.number).padStart(2, '0') : '—'), width: 140 },
        { title: w('date'), dataIndex: 'documentDate', width: 110 },
        { title: w('subject'), render: (_, d) => <Link to={`/van-ban/${d.id}`} data-testid="document-link">{d.subject}</Link> },
        { title: w('sender'), dataIndex: 'sender', width: 200 },
        { title: w('status'), render: (_, d) => <Tag data-testid="document-status">{status(d.status)}</Tag>, width: 130 },
      ]} />
  );
}

export function SearchBox({ direction, withSaved }: { direction?: 'in' | 'out'; withSaved?: boolean }) {
  const { w } = useW();
  const [q, setQ] = useState('');
  const [text, setText] = useState('');
  // A saved search picked from the bar below runs on the server instead of the typed query
  const [running, setRunning] = useState<SavedSearch>();
  const typed = useQuery({ queryKey: ['documents', direction, q], enabled: !running, queryFn: () => api<Page>('GET', `/api/documents?limit=200${direction ? `&direction=${direction}` : ''}&q=${encodeURIComponent(q)}`) });
  const saved = useSavedResults(running);
  const found = running ? saved : typed;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search placeholder={w('searchHint')} allowClear value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => { setRunning(undefined); setQ(v); }} style={{ width: 420 }} data-testid="search-input" />
        <Typography.Text type="secondary" data-testid="search-total">{found.data ? `${found.data.total}${found.data.totalIsExact ? '' : '+'} ${w('results')}` : ''}</Typography.Text>
      </Space>
      {withSaved && <SavedSearchBar query={{ q, ...(direction ? { direction } : {}) }} running={running} onRun={(s) => { setRunning(s); setText(s.query.q ?? ''); }} onClear={() => { setRunning(undefined); setText(q); }} />}
      <DocumentTable rows={found.data?.documents} loading={found.isLoading} />
    </>
  );
}

export function OutgoingPage({ session }: { session: Session }) {
  const { w } = useW();
  const [creating, setCreating] = useState(false);
  const canDraft = session.user.roles.some((r) => r === 'specialist' || r === 'leader');
  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{w('outgoingTitle')}</Typography.Title>
        {canDraft && <Button type="primary" onClick={() => setCreating(true)} data-testid="new-draft">{w('newDraft')}</Button>}
      </Space>
      <SearchBox direction="out" />
      {creating && <NewDraft onClose={() => setCreating(false)} />}
    </>
  );
}

/**
 * A dialog's save that makes documents: busy while it runs, the lists refreshed, the dialog closed and the (first)
 * new document opened; a refusal shown as the server worded it, the dialog left open.
 */
function useCreateThenOpen(onClose: () => void) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const run = async (create: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const id = await create();
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
      onClose();
      if (id) navigate(`/van-ban/${id}`);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

function NewDraft({ onClose }: { onClose: () => void }) {
  const { w } = useW();
  const [form] = Form.useForm();
  const [file, setFile] = useState<File>();
  const { busy, run } = useCreateThenOpen(onClose);
  const types = useQuery({ queryKey: ['document-types'], queryFn: () => api<DocType[]>('GET', '/api/document-types') });
  const directory = useQuery({ queryKey: ['directory'], queryFn: () => api<Agency[]>('GET', '/api/directory') });
  const save = async () => {
    const values = await form.validateFields() as { typeCode: string; subject: string; urgency: string; secrecy: string; units?: string[]; emails?: string[]; codes?: string[] };
    await run(async () => {
      const doc = await api<DocumentRow>('POST', '/api/documents', { typeCode: values.typeCode, subject: values.subject, urgency: values.urgency, secrecy: values.secrecy });
      if (file) await upload(`/api/documents/${doc.id}/file`, file);
      const recipients = [
        ...(values.units ?? []).map((target) => ({ kind: 'unit', target })), ...(values.emails ?? []).map((target) => ({ kind: 'email', target })),
        ...(values.codes ?? []).map((target) => ({ kind: 'agency', target })),
      ];
      if (recipients.length) await api('PUT', `/api/documents/${doc.id}/recipients`, { recipients });
      return doc.id;
    });
  };
  return (
    <Modal open title={w('newDraft')} onCancel={onClose} onOk={save} okText={w('create')} confirmLoading={busy} width={720} okButtonProps={{ 'data-testid': 'draft-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ typeCode: 'cong-van', urgency: 'thuong', secrecy: 'thuong' }}>
        <Form.Item name="typeCode" label={w('type')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(types.data ?? []).map((t) => ({ value: t.code, label: t.electronicOnly ? `${t.name} — ${w('electronicOnly')}` : t.name }))} />
        </Form.Item>
        <Form.Item name="subject" label={w('subject')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={2} data-testid="draft-subject" /></Form.Item>
        <Space>
          <Form.Item name="urgency" label={w('urgency')}><Select style={{ width: 160 }} options={[['thuong', 'Thường'], ['khan', 'Khẩn'], ['thuong-khan', 'Thượng khẩn'], ['hoa-toc', 'Hỏa tốc']].map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="secrecy" label={w('secrecy')}><Select style={{ width: 160 }} options={[['thuong', 'Thường'], ['mat', 'Mật'], ['toi-mat', 'Tối mật'], ['tuyet-mat', 'Tuyệt mật']].map(([value, label]) => ({ value, label }))} /></Form.Item>
        </Space>
        <Form.Item label={w('file')}>
          <Upload beforeUpload={(f) => { setFile(f); return false; }} maxCount={1} accept=".pdf,.doc,.docx,.odt,.fodt,.rtf" onRemove={() => setFile(undefined)}>
            <Button data-testid="draft-file">{w('file')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="units" label={w('units')}>
          <Select mode="multiple" optionFilterProp="label" data-testid="draft-units" options={(directory.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))} />
        </Form.Item>
        <Form.Item name="emails" label={w('emails')}><Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} data-testid="draft-emails" /></Form.Item>
        <Form.Item name="codes" label={w('agencyCodes')}><Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Intake({ kind, onClose }: { kind: 'scan' | 'email'; onClose: () => void }) {
  const { w } = useW();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [file, setFile] = useState<File>();
  const { busy, run } = useCreateThenOpen(onClose);
  const types = useQuery({ queryKey: ['document-types'], queryFn: () => api<DocType[]>('GET', '/api/document-types') });
  const save = async () => {
    const values = await form.validateFields() as Record<string, string | undefined>;
    if (!file) return message.error(kind === 'scan' ? w('scanFile') : w('emlFile'));
    await run(async () => {
      const made = await upload<{ id?: string; ids?: string[] }>(`/api/incoming/${kind}`, file, values);
      return made.id ?? made.ids?.[0];
    });
  };
  return (
    <Modal open title={kind === 'scan' ? w('receiveScan') : w('receiveEmail')} onCancel={onClose} onOk={save} okText={w('create')} confirmLoading={busy} okButtonProps={{ 'data-testid': 'intake-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ typeCode: 'cong-van' }}>
        <Form.Item name="typeCode" label={w('type')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        </Form.Item>
        {kind === 'scan' && <>
          <Form.Item name="subject" label={w('subject')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="sender" label={w('sender')} rules={[{ required: true, max: 255 }]}><Input /></Form.Item>
          <Space><Form.Item name="notation" label={w('notation')}><Input /></Form.Item><Form.Item name="documentDate" label={w('documentDate')}><Input placeholder="YYYY-MM-DD" /></Form.Item></Space>
        </>}
        <Upload beforeUpload={(f) => { setFile(f); return false; }} maxCount={1} accept={kind === 'scan' ? '.pdf' : '.eml'} onRemove={() => setFile(undefined)}>
          <Button data-testid="intake-file">{kind === 'scan' ? w('scanFile') : w('emlFile')}</Button>
        </Upload>
      </Form>
    </Modal>
  );
}

export function IncomingPage({ session }: { session: Session }) {
  const { w } = useW();
  const [intake, setIntake] = useState<'scan' | 'email'>();
  const isClerk = session.user.roles.includes('clerk');
  const arrivals = useQuery({ queryKey: ['documents', 'arrivals'], queryFn: () => api<DocumentRow[]>('GET', '/api/incoming/arrivals') });
  const mine = useQuery({ queryKey: ['documents', 'mine'], queryFn: () => api<DocumentRow[]>('GET', '/api/incoming/mine') });
  const overdue = useQuery({ queryKey: ['documents', 'overdue'], queryFn: () => api<DocumentRow[]>('GET', '/api/incoming/overdue') });
  const snake = (rows?: unknown[]) => (rows as Record<string, unknown>[] | undefined)?.map((r) => ({
    id: r.id, direction: r.direction, typeCode: r.type_code, subject: r.subject, urgency: r.urgency, secrecy: r.secrecy, status: r.status,
    number: r.number, notation: r.notation, documentDate: r.document_date, sender: r.sender, signerName: r.signer_name, fileName: r.file_name, dueDate: r.due_date, createdAt: r.created_at,
  }) as DocumentRow);
  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{w('incomingTitle')}</Typography.Title>
        {isClerk && <Space><Button onClick={() => setIntake('scan')} data-testid="receive-scan">{w('receiveScan')}</Button><Button onClick={() => setIntake('email')} data-testid="receive-email">{w('receiveEmail')}</Button></Space>}
      </Space>
      {intake && <Intake kind={intake} onClose={() => setIntake(undefined)} />}
      <Tabs items={[
        { key: 'arrivals', label: `${w('arrivals')} (${arrivals.data?.length ?? 0})`, children: <DocumentTable rows={snake(arrivals.data)} loading={arrivals.isLoading} /> },
        { key: 'registered', label: w('registered'), children: <SearchBox direction="in" /> },
        { key: 'mine', label: w('mine'), children: <DocumentTable rows={snake(mine.data)} loading={mine.isLoading} /> },
        { key: 'overdue', label: w('overdue'), children: <DocumentTable rows={snake(overdue.data)} loading={overdue.isLoading} /> },
      ]} />
    </>
  );
}
