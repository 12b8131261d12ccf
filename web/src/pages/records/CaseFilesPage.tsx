/** Case files (hồ sơ): the list, a new one with its metadata (Circular 05/2025), one case file with its documents, closing it, its ZIP. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { CaseFile } from '../../../../src/office/index.ts';
import { api, type DocumentRow } from '../../api.ts';
import { ACCESS_NAMES, RELIABILITY_NAMES, useRW } from './words.ts';
import { useLang } from '../../i18n.tsx';

export type { CaseFile };
interface Entry { position: number; pages: number | null; documentId: string; direction: string; typeCode: string; subject: string; notation: string | null; documentDate: string | null; sender: string | null }
interface Detail extends CaseFile { documents: Entry[] }
interface FormValues { title: string; year?: number; retention: number | 'vinh-vien'; accessLevel: string; languages: string[]; keywords?: string[]; informationSign?: string; reliability: string }

const RETENTIONS = ['vinh-vien', 70, 50, 30, 20, 15, 10, 5, 3, 2, 1] as const;

export function CaseFilesPage() {
  const { r, retention } = useRW();
  const [status, setStatus] = useState<'all' | 'open' | 'closed'>('open');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['case-files', status], queryFn: () => api<CaseFile[]>('GET', `/api/case-files${status === 'all' ? '' : `?status=${status}`}`) });
  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{r('caseFilesTitle')}</Typography.Title>
        <Space>
          <Segmented value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ value: 'open', label: r('open') }, { value: 'closed', label: r('closed') }, { value: 'all', label: r('all') }]} />
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-case-file">{r('newCaseFile')}</Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" title={(list.error as Error).message} />}
      <Table<CaseFile> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data} pagination={{ pageSize: 20 }} locale={{ emptyText: r('none') }}
        columns={[
          { title: r('code'), dataIndex: 'code', width: 210 },
          { title: r('title'), render: (_, c) => <Link to={`/ho-so/${c.id}`} data-testid="case-file-link">{c.title}</Link> },
          { title: r('year'), dataIndex: 'year', width: 70 },
          { title: r('retention'), render: (_, c) => retention(c.retention), width: 110 },
          { title: r('documentCount'), dataIndex: 'documentCount', width: 90 },
          { title: r('status'), render: (_, c) => <Tag color={c.status === 'open' ? 'green' : 'default'}>{r(c.status)}</Tag>, width: 100 },
        ]} />
      {creating && <CaseFileForm onClose={() => setCreating(false)} />}
    </>
  );
}

/** The metadata form: a new case file, or the changes to one (no year then) */
function CaseFileForm({ existing, onClose }: { existing?: CaseFile; onClose: () => void }) {
  const { r, retention } = useRW();
  const { lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    const fields = {
      title: v.title.trim(), retention: v.retention, accessLevel: v.accessLevel, languages: v.languages, keywords: v.keywords ?? [],
      informationSign: v.informationSign?.trim() || null, reliability: v.reliability,
    };
    setBusy(true);
    try {
      const saved = existing
        ? await api<CaseFile>('PATCH', `/api/case-files/${existing.id}`, fields)
        : await api<CaseFile>('POST', '/api/case-files', { ...fields, ...(v.year ? { year: v.year } : {}) });
      await queryClient.invalidateQueries({ queryKey: ['case-files'] });
      await queryClient.invalidateQueries({ queryKey: ['case-file', saved.id] });
      onClose();
      if (!existing) navigate(`/ho-so/${saved.id}`);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const initial: Partial<FormValues> = existing
    ? { title: existing.title, retention: existing.retention, accessLevel: existing.accessLevel, languages: existing.languages, keywords: existing.keywords, informationSign: existing.informationSign ?? '', reliability: existing.reliability }
    : { year: new Date().getFullYear(), retention: 'vinh-vien', accessLevel: 'cong-khai', languages: ['vi'], keywords: [], reliability: 'goc-dien-tu' };
  return (
    <Modal open title={existing ? r('editCaseFile') : r('newCaseFile')} onCancel={onClose} onOk={save} okText={existing ? r('save') : r('create')} cancelText={r('cancel')}
      confirmLoading={busy} width={720} okButtonProps={{ 'data-testid': 'case-file-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={initial} name="case-file">
        <Form.Item name="title" label={r('title')} rules={[{ required: true, whitespace: true, max: 1000 }]}><Input.TextArea rows={2} data-testid="case-file-title" /></Form.Item>
        <Space wrap>
          {!existing && <Form.Item name="year" label={r('year')} rules={[{ required: true }]}><InputNumber min={2000} max={2999} style={{ width: 110 }} /></Form.Item>}
          <Form.Item name="retention" label={r('retention')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} showSearch optionFilterProp="label" data-testid="case-file-retention"
              options={[...RETENTIONS, ...Array.from({ length: 100 }, (_, i) => i + 1).filter((n) => !(RETENTIONS as readonly (number | string)[]).includes(n))]
                .map((value) => ({ value, label: retention(value) }))} />
          </Form.Item>
          <Form.Item name="accessLevel" label={r('accessLevel')}>
            <Select style={{ width: 170 }} options={Object.entries(ACCESS_NAMES).map(([value, n]) => ({ value, label: n[lang] }))} data-testid="case-file-access" />
          </Form.Item>
          <Form.Item name="reliability" label={r('reliability')}>
            <Select style={{ width: 190 }} options={Object.entries(RELIABILITY_NAMES).map(([value, n]) => ({ value, label: n[lang] }))} />
          </Form.Item>
        </Space>
        <Form.Item name="keywords" label={r('keywords')} rules={[{ type: 'array', max: 20 }]}>
          <Select mode="tags" tokenSeparators={[',', ';']} open={false} data-testid="case-file-keywords" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="languages" label={r('languages')} rules={[{ required: true, type: 'array', min: 1, max: 5 }]}>
            <Select mode="tags" style={{ width: 240 }} tokenSeparators={[',', ' ']} options={[{ value: 'vi', label: 'vi — Tiếng Việt' }, { value: 'en', label: 'en — English' }, { value: 'fr', label: 'fr — Français' }, { value: 'zh', label: 'zh — 中文' }]} />
          </Form.Item>
          <Form.Item name="informationSign" label={r('informationSign')} rules={[{ max: 50 }]}><Input style={{ width: 200 }} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function CaseFileDetailPage() {
  const { id = '' } = useParams();
  const { r, retention, access, reliability } = useRW();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: ['case-file', id], queryFn: () => api<Detail>('GET', `/api/case-files/${id}`) });
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: ['case-file', id] });
      await queryClient.invalidateQueries({ queryKey: ['case-files'] });
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const c = detail.data;
  if (detail.error) return <Alert type="error" title={(detail.error as Error).message} />;
  if (!c) return null;
  const isOpen = c.status === 'open';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/ho-so">← {r('back')}</Link>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-file-heading">{c.title}</Typography.Title>
        <Space wrap>
          <Button href={`/api/case-files/${id}/zip`} download data-testid="case-file-zip">{r('zip')}</Button>
          {isOpen && <Button onClick={() => setEditing(true)} data-testid="case-file-edit">{r('editCaseFile')}</Button>}
          {isOpen && (
            <Popconfirm title={r('closeConfirm')} onConfirm={() => act(() => api('POST', `/api/case-files/${id}/close`))} okButtonProps={{ 'data-testid': 'case-file-close-ok' } as Record<string, string>}>
              <Button data-testid="case-file-close">{r('close')}</Button>
            </Popconfirm>
          )}
          {isOpen && (
            <Popconfirm title={r('deleteConfirm')} onConfirm={() => act(async () => { await api('DELETE', `/api/case-files/${id}`); navigate('/ho-so'); })}>
              <Button danger data-testid="case-file-delete">{r('delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <Descriptions size="small" bordered column={2} items={[
        { key: 'code', label: r('code'), children: <span data-testid="case-file-code">{c.code}</span> },
        { key: 'status', label: r('status'), children: <Tag color={isOpen ? 'green' : 'default'} data-testid="case-file-status">{r(c.status)}</Tag> },
        { key: 'year', label: r('year'), children: c.year },
        { key: 'retention', label: r('retention'), children: retention(c.retention) },
        { key: 'access', label: r('accessLevel'), children: access(c.accessLevel) },
        { key: 'rel', label: r('reliability'), children: reliability(c.reliability) },
        { key: 'lang', label: r('languages'), children: c.languages.join(', ') },
        { key: 'sign', label: r('informationSign'), children: c.informationSign ?? '—' },
        { key: 'kw', label: r('keywords'), span: 2, children: c.keywords.map((k) => <Tag key={k}>{k}</Tag>) },
        { key: 'count', label: r('documentCount'), children: <span data-testid="case-file-count">{c.documentCount}</span> },
        { key: 'pages', label: r('pages'), children: c.pages },
        { key: 'dates', label: r('startEnd'), span: 2, children: c.startDate ? `${c.startDate} – ${c.endDate ?? ''}` : '—' },
      ]} />
      <Card size="small" title={r('documents')}>
        {isOpen && <AddDocument caseFileId={id} act={act} />}
        <Table<Entry> rowKey="documentId" size="small" dataSource={c.documents} pagination={false} locale={{ emptyText: r('noDocuments') }}
          columns={[
            { title: r('position'), dataIndex: 'position', width: 60 },
            { title: r('notation'), render: (_, d) => d.notation ?? '—', width: 150 },
            { title: r('date'), dataIndex: 'documentDate', width: 110 },
            { title: r('subject'), render: (_, d) => <Link to={`/van-ban/${d.documentId}`} data-testid="case-file-document">{d.subject}</Link> },
            { title: r('pages'), render: (_, d) => d.pages ?? '—', width: 80 },
            ...(isOpen ? [{
              title: '', width: 130, render: (_: unknown, d: Entry) => (
                <Popconfirm title={r('removeConfirm')} onConfirm={() => act(() => api('DELETE', `/api/case-files/${id}/documents/${d.documentId}`))}>
                  <Button size="small" danger data-testid="case-file-remove">{r('remove')}</Button>
                </Popconfirm>
              ),
            }] : []),
          ]} />
      </Card>
      {editing && <CaseFileForm existing={c} onClose={() => setEditing(false)} />}
    </Space>
  );
}

/** A search box over the documents; the one picked goes into the case file */
function AddDocument({ caseFileId, act }: { caseFileId: string; act: (work: () => Promise<unknown>) => Promise<void> }) {
  const { r } = useRW();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string>();
  const found = useQuery({
    queryKey: ['documents', 'for-case-file', q], enabled: q.trim().length > 0,
    queryFn: () => api<{ documents: DocumentRow[] }>('GET', `/api/documents?limit=20&q=${encodeURIComponent(q)}`),
  });
  const add = () => picked && act(async () => { await api('POST', `/api/case-files/${caseFileId}/documents`, { documentId: picked }); setPicked(undefined); setQ(''); });
  return (
    <Space style={{ marginBottom: 12 }} wrap>
      <Select style={{ width: 560 }} showSearch={{ filterOption: false, onSearch: setQ }} value={picked} onChange={setPicked} placeholder={r('findDocument')}
        loading={found.isFetching} data-testid="case-file-find" notFoundContent={null}
        options={(found.data?.documents ?? []).map((d) => ({ value: d.id, label: `${d.notation ?? (d.number ? String(d.number).padStart(2, '0') : '—')} · ${d.subject}` }))} />
      <Button type="primary" disabled={!picked} onClick={add} data-testid="case-file-add">{r('add')}</Button>
    </Space>
  );
}

/** On a document's page: put it into one of the open case files */
export function AddToCaseFile({ documentId }: { documentId: string }) {
  const { r } = useRW();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string>();
  const open = useQuery({ queryKey: ['case-files', 'open'], queryFn: () => api<CaseFile[]>('GET', '/api/case-files?status=open') });
  const add = async () => {
    if (!picked) return;
    try {
      await api('POST', `/api/case-files/${picked}/documents`, { documentId });
      await queryClient.invalidateQueries({ queryKey: ['case-files'] });
      await queryClient.invalidateQueries({ queryKey: ['case-file', picked] });
      message.success(r('added'));
      setPicked(undefined);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  if (!open.data?.length) return null;
  return (
    <Card size="small" title={r('addToCaseFile')}>
      <Space.Compact style={{ width: '100%' }}>
        <Select style={{ width: '100%' }} showSearch optionFilterProp="label" value={picked} onChange={setPicked} placeholder={r('pickCaseFile')} data-testid="add-to-case-file"
          options={open.data.map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))} />
        <Button type="primary" disabled={!picked} onClick={add} data-testid="add-to-case-file-ok">{r('add')}</Button>
      </Space.Compact>
    </Card>
  );
}
