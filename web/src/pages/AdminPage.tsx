import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Agency, type AuditRecord, type Session, type User } from '../api.ts';
import { LEVEL_NAMES, ROLE_NAMES, useLang, useT } from '../i18n.tsx';
import { useRunner } from '../runner.ts';

export function AdminPage({ session }: { session: Session }) {
  const t = useT();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('GET', '/api/agencies') });
  return (
    <Tabs items={[
      { key: 'users', label: t('users'), children: <UsersTab agencies={agencies.data ?? []} session={session} /> },
      { key: 'agencies', label: t('agencies'), children: <AgenciesTab agencies={agencies.data ?? []} /> },
      { key: 'audit', label: t('audit'), children: <AuditTab /> },
    ]} />
  );
}

function UsersTab({ agencies, session }: { agencies: Agency[]; session: Session }) {
  const t = useT();
  const { lang } = useLang();
  const { modal } = App.useApp();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);
  const users = useQuery({ queryKey: ['users', text], queryFn: () => api<{ items: User[]; total: number }>('GET', `/api/users?limit=500&q=${encodeURIComponent(text)}`) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const act = (user: User, action: string, done: string) => run(() => api('POST', `/api/users/${user.id}/${action}`), done).then(refresh);
  const reset = async (user: User) => {
    try {
      const { temporaryPassword } = await api<{ temporaryPassword: string }>('POST', `/api/users/${user.id}/reset-password`);
      modal.info({ title: t('temporaryPassword'), content: <Typography.Text code copyable>{temporaryPassword}</Typography.Text> });
    } catch (err) {
      modal.error({ title: (err as Error).message });
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search placeholder={t('search')} allowClear onSearch={setText} style={{ width: 320 }} />
        <Button type="primary" onClick={() => setCreating(true)}>{t('newUser')}</Button>
      </Space>
      <Table<User> rowKey="id" size="small" loading={users.isLoading} dataSource={users.data?.items} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('fullName'), dataIndex: 'fullName' },
          { title: t('agency'), dataIndex: 'agencyId', render: (id: string) => agencyName.get(id) ?? id },
          { title: t('roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_NAMES[r]?.[lang] ?? r}</Tag>) },
          { title: t('status'), dataIndex: 'isActive', render: (on: boolean) => <Tag color={on ? 'green' : 'red'}>{on ? t('active') : t('inactive')}</Tag> },
          { title: t('lastSignIn'), dataIndex: 'lastSignInAt', render: (at: string | null) => (at ? new Date(at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') : t('never')) },
          {
            title: t('actions'), key: 'actions', render: (_: unknown, user: User) => user.id === session.user.id ? null : (
              <Space size="small">
                {user.isActive
                  ? <Popconfirm title={t('confirmDeactivate')} onConfirm={() => act(user, 'deactivate', t('saved'))}><Button size="small" danger>{t('deactivate')}</Button></Popconfirm>
                  : <Button size="small" onClick={() => act(user, 'reactivate', t('saved'))}>{t('reactivate')}</Button>}
                <Button size="small" onClick={() => reset(user)}>{t('resetPassword')}</Button>
              </Space>
            ),
          },
        ]} />
      <NewUserModal open={creating} agencies={agencies} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); void refresh(); }} />
    </>
  );
}

function NewUserModal({ open, agencies, onClose, onCreated }: { open: boolean; agencies: Agency[]; onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const run = useRunner();
  const [form] = Form.useForm();
  const req = [{ required: true, message: t('required') }];
  const submit = async (values: Record<string, unknown>) => {
    if (await run(() => api('POST', '/api/users', { ...values, email: values.email || null }), t('created'))) {
      form.resetFields();
      onCreated();
    }
  };
  return (
    <Modal open={open} title={t('newUser')} onCancel={onClose} onOk={() => form.submit()} okText={t('create')} cancelText={t('cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} name="new-user">
        <Form.Item name="agencyId" label={t('agency')} rules={req}>
          <Select showSearch optionFilterProp="label" options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
        <Form.Item name="username" label={t('username')} rules={req}><Input /></Form.Item>
        <Form.Item name="fullName" label={t('fullName')} rules={req}><Input /></Form.Item>
        <Form.Item name="email" label={t('email')}><Input /></Form.Item>
        <Form.Item name="password" label={t('password')} rules={req}><Input.Password /></Form.Item>
        <Form.Item name="roles" label={t('roles')} rules={req}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={Object.entries(ROLE_NAMES).map(([value, names]) => ({ value, label: names[lang] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AgenciesTab({ agencies }: { agencies: Agency[] }) {
  const t = useT();
  const { lang } = useLang();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const req = [{ required: true, message: t('required') }];
  const byParent = new Map<string | null, Agency[]>();
  for (const a of agencies) byParent.set(a.parentId, [...(byParent.get(a.parentId) ?? []), a]);
  const ids = new Set(agencies.map((a) => a.id));
  type Node = Agency & { children?: Node[] };
  const build = (a: Agency): Node => {
    const children = (byParent.get(a.id) ?? []).map(build);
    return children.length > 0 ? { ...a, children } : a;
  };
  const roots = agencies.filter((a) => !a.parentId || !ids.has(a.parentId)).map(build);
  const submit = async (values: Record<string, unknown>) => {
    if (await run(() => api('POST', '/api/agencies', { ...values, email: values.email || null }), t('created'))) {
      form.resetFields();
      setCreating(false);
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    }
  };
  return (
    <>
      <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setCreating(true)}>{t('newAgency')}</Button>
      <Table<Node> rowKey="id" size="small" dataSource={roots} pagination={false} expandable={{ defaultExpandAllRows: true }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('shortName'), dataIndex: 'shortName' },
          { title: t('level'), dataIndex: 'level', render: (l: string) => LEVEL_NAMES[l]?.[lang] ?? l },
          { title: t('email'), dataIndex: 'email' },
        ]} />
      <Modal open={creating} title={t('newAgency')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('create')} cancelText={t('cancel')}>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="parentId" label={t('parent')} rules={req}><Select options={agencies.map((a) => ({ value: a.id, label: a.name }))} /></Form.Item>
          <Form.Item name="code" label={t('code')} rules={req}><Input placeholder="000.00.00.H33" /></Form.Item>
          <Form.Item name="name" label={t('name')} rules={req}><Input /></Form.Item>
          <Form.Item name="shortName" label={t('shortName')} rules={req}><Input /></Form.Item>
          <Form.Item name="level" label={t('level')} rules={req}><Select options={Object.entries(LEVEL_NAMES).map(([value, n]) => ({ value, label: n[lang] }))} /></Form.Item>
          <Form.Item name="email" label={t('email')}><Input /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function AuditTab() {
  const t = useT();
  const { lang } = useLang();
  const audit = useQuery({ queryKey: ['audit'], queryFn: () => api<AuditRecord[]>('GET', '/api/audit?limit=200') });
  return (
    <Table<AuditRecord> rowKey="seq" size="small" loading={audit.isLoading} dataSource={audit.data} pagination={{ pageSize: 50 }}
      columns={[
        { title: '#', dataIndex: 'seq', width: 70 },
        { title: t('when'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') },
        { title: t('action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
        { title: t('target'), key: 'target', render: (_: unknown, r: AuditRecord) => `${r.targetType} ${r.targetId ?? ''}` },
      ]} />
  );
}
