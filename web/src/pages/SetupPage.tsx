import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { LEVEL_NAMES, useLang, useT } from '../i18n.tsx';

interface Fields {
  token: string;
  agency: { code: string; name: string; shortName: string; level: string };
  admin: { username: string; fullName: string; password: string };
}

/** First start without demo data: the root agency and the first administrator. */
export function SetupPage() {
  const t = useT();
  const { lang } = useLang();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const submit = async (fields: Fields) => {
    try {
      await api('POST', '/api/setup', fields);
      await queryClient.invalidateQueries({ queryKey: ['setup'] });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const req = [{ required: true, message: t('required') }];
  return (
    <div style={{ maxWidth: 560, margin: '40px auto' }}>
      <Card title={t('setupTitle')}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Fields> layout="vertical" onFinish={submit} initialValues={{ agency: { level: 'province' } }}>
          <Form.Item name="token" label={t('setupToken')} rules={req}><Input /></Form.Item>
          <Divider>{t('rootAgency')}</Divider>
          <Form.Item name={['agency', 'code']} label={t('code')} rules={req}><Input placeholder="000.00.00.H33" /></Form.Item>
          <Form.Item name={['agency', 'name']} label={t('name')} rules={req}><Input placeholder="Ủy ban nhân dân tỉnh …" /></Form.Item>
          <Form.Item name={['agency', 'shortName']} label={t('shortName')} rules={req}><Input placeholder="UBND" /></Form.Item>
          <Form.Item name={['agency', 'level']} label={t('level')} rules={req}>
            <Select options={Object.entries(LEVEL_NAMES).map(([value, names]) => ({ value, label: names[lang] }))} />
          </Form.Item>
          <Divider>{t('firstAdmin')}</Divider>
          <Form.Item name={['admin', 'username']} label={t('username')} rules={req}><Input /></Form.Item>
          <Form.Item name={['admin', 'fullName']} label={t('fullName')} rules={req}><Input /></Form.Item>
          <Form.Item name={['admin', 'password']} label={t('password')} rules={req}><Input.Password /></Form.Item>
          <Button type="primary" htmlType="submit">{t('save')}</Button>
        </Form>
      </Card>
    </div>
  );
}
