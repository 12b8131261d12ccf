/** One document: its PDF, where it stands, its trail, and the step the signed-in person can take now. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, List, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { api, type DocumentRow, type Session } from '../../api.ts';
import { PdfView, type Placement } from './PdfView.tsx';
import { useW } from './words.ts';
import { AddToCaseFile } from '../records/CaseFilesPage.tsx';
import { TokenSigning, type TokenSigningCalls } from '../../token-signing.tsx';

interface Detail extends DocumentRow {
  createdBy: string | null; leadHandlerId: string | null; arrivalNote: string | null;
  trail: { seq: number; action: string; from: string; to: string; at: string; comment: string | null }[];
  files: { version: number; name: string; kind: string; createdAt: string }[];
  recipients: { kind: string; target: string; name: string }[];
  deliveries: { kind: string; target: string; status: string }[];
  senderRequests: { code: string; description: string | null; at: string }[];
  axis: { agency: string; state: string; attempts: number; lastError: string | null; status: string | null; timeline: { code: string; description: string | null; at: string }[] }[];
  arrivalReport: { passed: boolean; signatures: { signer: string; indication: string; subIndication?: string; reason: string; time?: string; level: string }[]; problems: string[] } | null;
}
interface Person { id: string; fullName: string }

export function DocumentPage({ session }: { session: Session }) {
  const { id = '' } = useParams();
  const { w, status } = useW();
  const doc = useQuery({ queryKey: ['document', id], queryFn: () => api<Detail>('GET', `/api/documents/${id}`) });
  const [placement, setPlacement] = useState<Placement>();
  const d = doc.data;
  if (doc.error) return <Alert type="error" title={(doc.error as Error).message} />;
  if (!d) return null;
  const version = d.files.at(-1)?.version;
  return (
    <Row gutter={16}>
      <Col span={14}>
        {version ? <PdfView url={`/api/documents/${id}/file?version=${version}`} placement={placement} onPlace={setPlacement} /> : <Alert type="info" title={w('file')} />}
      </Col>
      <Col span={10}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="document-subject">{d.subject}</Typography.Title>
          <Descriptions size="small" column={1} bordered items={[
            { key: 's', label: w('status'), children: <Tag color="blue" data-testid="document-status">{status(d.status)}</Tag> },
            { key: 'n', label: w('number'), children: <span data-testid="document-notation">{d.notation ?? (d.number ? String(d.number).padStart(2, '0') : '—')}</span> },
            ...(d.direction === 'in' && d.number ? [{ key: 'in', label: w('register'), children: <span data-testid="incoming-number">{String(d.number).padStart(2, '0')}</span> }] : []),
            { key: 'd', label: w('date'), children: d.documentDate ?? '—' },
            ...(d.sender ? [{ key: 'f', label: w('sender'), children: d.sender }] : []),
            ...(d.signerName ? [{ key: 'g', label: w('signer'), children: d.signerName }] : []),
            ...(d.dueDate ? [{ key: 'h', label: w('due'), children: d.dueDate }] : []),
            ...(d.status === 'issued' && typeof d.paperCopy === 'boolean' ? [{ key: 'p', label: w('paperCopy'), children: <span data-testid="document-paper-copy">{d.paperCopy ? w('paperCopyYes') : w('paperCopyNo')}</span> }] : []),
          ]} />
          <Actions detail={d} session={session} placement={placement} setPlacement={setPlacement} />
          {d.arrivalReport && <SignatureReport report={d.arrivalReport} />}
          {d.recipients.length > 0 && (
            <Card size="small" title={w('recipients')}>
              {d.recipients.map((r) => {
                const axis = d.axis?.find((a) => a.agency === r.target);
                return (
                  <div key={`${r.kind}${r.target}`} data-testid="recipient">
                    {r.name} {d.deliveries.filter((x) => x.target === r.target).map((x) => <Tag key={x.status}>{deliveryName(x.status)}</Tag>)}
                    {axis && <AxisLine axis={axis} />}
                  </div>
                );
              })}
            </Card>
          )}
          <Card size="small" title={w('trail')}>
            <Timeline items={d.trail.map((e) => ({ children: <span data-testid="trail-step">{new Date(e.at).toLocaleString('vi-VN')} — {e.action}: {status(e.from)} → {status(e.to)}{e.comment ? ` (${e.comment})` : ''}</span> }))} />
          </Card>
          <Card size="small" title={w('files')}>
            {d.files.map((f) => <div key={f.version}><a href={`/api/documents/${id}/file?version=${f.version}`} target="_blank" rel="noreferrer">v{f.version} · {f.kind} · {f.name}</a></div>)}
          </Card>
          <AddToCaseFile documentId={d.id} />
        </Space>
      </Col>
    </Row>
  );
}

function SignatureReport({ report }: { report: NonNullable<Detail['arrivalReport']> }) {
  const { w } = useW();
  return (
    <Card size="small" title={w('signatures')} data-testid="signature-report">
      <Alert type={report.passed ? 'success' : 'error'} showIcon title={report.passed ? w('signaturesOk') : w('signaturesBad')} style={{ marginBottom: 8 }} />
      <List size="small" dataSource={report.signatures} renderItem={(s) => (
        <List.Item><Typography.Text type={s.indication === 'TOTAL_PASSED' ? 'success' : 'danger'}>{s.signer} — {s.indication}{s.subIndication ? `/${s.subIndication}` : ''} · {s.level} · {s.reason}</Typography.Text></List.Item>
      )} />
    </Card>
  );
}

function Actions({ detail: d, session, placement, setPlacement }: { detail: Detail; session: Session; placement?: Placement; setPlacement: (p?: Placement) => void }) {
  const { w } = useW();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [tokenOpen, setTokenOpen] = useState(false);
  const roles = session.user.roles;
  const me = session.user.id;
  const leaders = useQuery({ queryKey: ['colleagues', 'leader'], queryFn: () => api<Person[]>('GET', '/api/colleagues?role=leader') });
  const specialists = useQuery({ queryKey: ['colleagues', 'specialist'], queryFn: () => api<Person[]>('GET', '/api/colleagues?role=specialist') });
  const canSign = d.direction === 'out' && d.status === 'approved' && roles.includes('leader');
  const proposed = useQuery({ queryKey: ['place', d.id, d.files.length], enabled: canSign, queryFn: () => api<{ page: number | null; rect?: number[]; serverKey: boolean }>('GET', `/api/documents/${d.id}/sign/place`) });
  useEffect(() => {
    if (!canSign || !proposed.data) return setPlacement(undefined);
    const p = proposed.data;
    setPlacement(p.page !== null && p.rect ? { page: p.page, rect: p.rect as Placement['rect'] } : { page: 0, rect: [380, 60, 530, 120] });
  }, [canSign, proposed.data, setPlacement]);

  const step = async (path: string, body: unknown = {}) => {
    setBusy(true);
    try {
      await api('POST', `/api/documents/${d.id}/${path}`, body);
      message.success(w('done'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['document', d.id] });
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const button = (label: string, onClick: () => void, testId: string, danger = false): ReactNode =>
    <Button type={danger ? 'default' : 'primary'} danger={danger} loading={busy} onClick={onClick} data-testid={testId}>{label}</Button>;

  const out = d.direction === 'out';
  const recallAsked = !out && d.senderRequests?.some((r) => r.code === '13') && !['withdrawn', 'returned'].includes(d.status) && (roles.includes('clerk') || roles.includes('leader'));
  if (recallAsked) {
    const reason = d.senderRequests.filter((r) => r.code === '13').at(-1)?.description;
    return (
      <Card size="small" data-testid="actions">
        <Alert type="warning" showIcon title={`${w('recallAsked')}${reason ? `: ${reason}` : ''}`} style={{ marginBottom: 8 }} />
        <Form form={form} layout="vertical">
          <Form.Item name="comment" label={w('comment')}><Input.TextArea rows={2} /></Form.Item>
          <Space>{button(w('recallAccept'), () => step('recall-answer', { accept: true, comment: form.getFieldValue('comment') ?? '' }), 'recall-accept')}{button(w('recallRefuse'), () => step('recall-answer', { accept: false, comment: form.getFieldValue('comment') ?? '' }), 'recall-refuse', true)}</Space>
        </Form>
      </Card>
    );
  }
  let body: ReactNode = null;
  if (out && ['draft', 'returned'].includes(d.status) && d.createdBy === me) {
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="reviewerIds" label={w('reviewers')}><Select mode="multiple" optionFilterProp="label" data-testid="reviewers" options={(leaders.data ?? []).map((p) => ({ value: p.id, label: p.fullName }))} /></Form.Item>
        {button(w('submit'), () => step('submit', { reviewerIds: form.getFieldValue('reviewerIds') ?? [] }), 'submit')}
      </Form>
    );
  } else if (out && d.status === 'in_review' && roles.includes('leader')) {
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label={w('comment')}><Input.TextArea rows={2} /></Form.Item>
        <Space>{button(w('approve'), () => step('approve', { comment: form.getFieldValue('comment') ?? '' }), 'approve')}{button(w('returnIt'), () => step('return', { comment: form.getFieldValue('comment') ?? '' }), 'return', true)}</Space>
      </Form>
    );
  } else if (canSign) {
    const place = placement ? { place: { page: placement.page, rect: placement.rect.map((n) => Math.round(n * 100) / 100) } } : {};
    body = (
      <Space direction="vertical">
        <Typography.Text type="secondary">{proposed.data?.page === null ? w('noPlace') : w('placeHint')}</Typography.Text>
        <Space>
          {proposed.data?.serverKey && button(w('sign'), () => step('sign', place), 'sign')}
          <Button onClick={() => setTokenOpen(true)} data-testid="sign-token">{w('signToken')}</Button>
        </Space>
        {tokenOpen && <TokenSigning calls={documentTokenCalls(d.id, place)} onClose={() => setTokenOpen(false)} onDone={async () => {
          setTokenOpen(false);
          await queryClient.invalidateQueries({ queryKey: ['document', d.id] });
        }} />}
      </Space>
    );
  } else if (out && d.status === 'signed' && roles.includes('clerk')) {
    body = (
      <Form form={form} layout="vertical" initialValues={{ issuer: session.agency.shortName }}>
        <Space><Form.Item name="issuer" label={w('issuer')}><Input style={{ width: 140 }} /></Form.Item><Form.Item name="unit" label={w('unit')}><Input style={{ width: 140 }} data-testid="number-unit" /></Form.Item></Space>
        {button(w('numberIt'), () => step('number', { issuer: form.getFieldValue('issuer') || undefined, unit: form.getFieldValue('unit') || undefined }), 'number')}
      </Form>
    );
  } else if (out && d.status === 'numbered' && roles.includes('clerk')) {
    body = button(w('seal'), () => step('seal'), 'seal');
  } else if (out && d.status === 'sealed' && roles.includes('clerk')) {
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="paperCopy" valuePropName="checked" initialValue={false} extra={w('paperCopyHint')}><Checkbox data-testid="paper-copy">{w('paperCopy')}</Checkbox></Form.Item>
        {button(w('issue'), () => step('issue', { paperCopy: form.getFieldValue('paperCopy') === true }), 'issue')}
      </Form>
    );
  } else if (out && d.status === 'issued' && d.axis?.some((a) => a.state === 'sent') && (roles.includes('clerk') || roles.includes('leader'))) {
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={w('reason')}><Input.TextArea rows={2} data-testid="recall-reason" /></Form.Item>
        {button(w('recall'), () => step('recall', { reason: form.getFieldValue('reason') ?? '' }), 'recall', true)}
      </Form>
    );
  } else if (!out && d.status === 'arrived' && roles.includes('clerk')) {
    body = (
      <Form form={form} layout="vertical">
        <Space>
          <Form.Item name="notation" label={w('notation')} initialValue={d.notation ?? ''}><Input data-testid="register-notation" /></Form.Item>
          <Form.Item name="documentDate" label={w('documentDate')} initialValue={d.documentDate ?? ''}><Input placeholder="YYYY-MM-DD" style={{ width: 130 }} /></Form.Item>
        </Space>
        <Form.Item name="note" label={w('note')}><Input.TextArea rows={2} data-testid="register-note" /></Form.Item>
        <Space>{button(w('register'), () => step('register', { note: form.getFieldValue('note') ?? '', notation: form.getFieldValue('notation') ?? '', documentDate: form.getFieldValue('documentDate') ?? '' }), 'register')}{button(w('returnToSender'), () => step('return-to-sender', { reason: form.getFieldValue('note') ?? '' }), 'return-to-sender', true)}</Space>
      </Form>
    );
  } else if (!out && ['registered', 'assigned', 'in_progress'].includes(d.status) && roles.includes('leader')) {
    const people = [...(specialists.data ?? []), ...(leaders.data ?? [])];
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="leadId" label={w('lead')}><Select showSearch optionFilterProp="label" data-testid="assign-lead" options={people.map((p) => ({ value: p.id, label: p.fullName }))} /></Form.Item>
        <Form.Item name="coHandlerIds" label={w('co')}><Select mode="multiple" optionFilterProp="label" options={people.map((p) => ({ value: p.id, label: p.fullName }))} /></Form.Item>
        <Form.Item name="dueDate" label={w('due')}><DatePicker format="YYYY-MM-DD" data-testid="assign-due" /></Form.Item>
        {button(w('assign'), () => step('assign', { leadId: form.getFieldValue('leadId'), coHandlerIds: form.getFieldValue('coHandlerIds') ?? [], dueDate: form.getFieldValue('dueDate')?.format('YYYY-MM-DD') ?? '' }), 'assign')}
      </Form>
    );
  } else if (!out && ['assigned', 'in_progress'].includes(d.status) && d.leadHandlerId === me) {
    body = (
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={w('result')}><Input.TextArea rows={2} data-testid="handling-text" /></Form.Item>
        <Space>{button(w('progress'), () => step('progress', { note: form.getFieldValue('text') ?? '' }), 'progress', true)}{button(w('complete'), () => step('complete', { result: form.getFieldValue('text') ?? '' }), 'complete')}</Space>
      </Form>
    );
  }
  return body ? <Card size="small" data-testid="actions">{body}</Card> : null;
}

/** The signing agent on this PC (`congvan agent`): where it listens, remembered per browser */
/** The document's two halves of a token signature, at the place the leader chose */
const documentTokenCalls = (documentId: string, place: object): TokenSigningCalls => ({
  async prepare(certificate) {
    const prepared = await api<{ sessionId: string; digest: string }>('POST', `/api/documents/${documentId}/sign/prepare`, { certificate, ...place });
    return { digest: prepared.digest, complete: async (signature) => { await api('POST', `/api/signing-sessions/${prepared.sessionId}/complete`, { signature }); } };
  },
});

/** Transport states of a delivery, in words */
const DELIVERY_NAMES: Record<string, string> = { delivered: 'đã chuyển', queued: 'chờ gửi', sent: 'đã gửi lên trục', failed: 'gửi lỗi', registered: 'đã vào sổ', returned: 'bị trả lại' };
const deliveryName = (status: string) => DELIVERY_NAMES[status] ?? status;

/** Business statuses of QCVN 102 (specs.md §3) */
const AXIS_STATUS_NAMES: Record<string, string> = {
  '01': 'đã đến', '02': 'từ chối', '03': 'đã tiếp nhận', '04': 'đã phân công', '05': 'đang xử lý', '06': 'hoàn thành', '13': 'đề nghị lấy lại', '15': 'đồng ý lấy lại', '16': 'từ chối lấy lại',
};

function AxisLine({ axis }: { axis: Detail['axis'][number] }) {
  return (
    <div style={{ marginLeft: 12, fontSize: 12 }} data-testid="axis-line">
      {axis.state === 'queued' && axis.attempts > 0 && <Typography.Text type="warning">Đang thử gửi lại ({axis.attempts} lần){axis.lastError ? `: ${axis.lastError}` : ''}. </Typography.Text>}
      {axis.timeline.map((s) => <Tag key={`${s.code}${s.at}`} color={s.code === '02' || s.code === '16' ? 'red' : s.code === '06' ? 'green' : 'blue'} data-testid="axis-status">{s.code} {AXIS_STATUS_NAMES[s.code] ?? ''}{s.description ? `: ${s.description}` : ''}</Tag>)}
    </div>
  );
}
