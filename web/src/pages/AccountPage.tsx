import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Session } from '../api.ts';
import { useT } from '../i18n.tsx';

export function AccountPage({ session }: { session: Session }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [totp, setTotp] = useState<{ secret: string; uri: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['session'] });
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('saved'));
      await refresh();
      return true;
    } catch (err) {
      message.error((err as Error).message);
      return false;
    }
  };
  const [passwordForm] = Form.useForm();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('myAccount')}>
        <Descriptions column={1} items={[
          { key: 'u', label: t('username'), children: session.user.username },
          { key: 'n', label: t('fullName'), children: session.user.fullName },
          { key: 'a', label: t('agency'), children: `${session.agency.name} (${session.agency.code})` },
          { key: 'l', label: t('lastSignIn'), children: session.user.lastSignInAt ?? t('never') },
        ]} />
      </Card>
      <Card title={t('changePassword')}>
        <Form form={passwordForm} layout="vertical" style={{ maxWidth: 360 }}
          onFinish={(v: { currentPassword: string; newPassword: string }) => run(() => api('POST', '/api/me/password', v)).then((ok) => ok && passwordForm.resetFields())}>
          <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true, message: t('required') }]}><Input.Password /></Form.Item>
          <Form.Item name="newPassword" label={t('newPassword')} rules={[{ required: true, message: t('required') }]}><Input.Password /></Form.Item>
          <Button htmlType="submit" type="primary">{t('save')}</Button>
        </Form>
      </Card>
      <Card title={<Space>{t('totp')} <Tag color={session.user.totpEnabled ? 'green' : 'default'}>{session.user.totpEnabled ? t('totpOn') : t('totpOff')}</Tag></Space>}>
        {session.user.totpEnabled ? (
          <Form layout="inline" onFinish={(v: { password: string }) => run(() => api('POST', '/api/me/totp/disable', v))}>
            <Form.Item name="password" rules={[{ required: true, message: t('required') }]}><Input.Password placeholder={t('password')} /></Form.Item>
            <Button htmlType="submit" danger>{t('totpDisable')}</Button>
          </Form>
        ) : totp ? (
          <Space direction="vertical">
            <Typography.Text>{t('totpSecret')}: <Typography.Text code copyable>{totp.secret}</Typography.Text></Typography.Text>
            <Typography.Text type="secondary" copyable>{totp.uri}</Typography.Text>
            <Form layout="inline" onFinish={(v: { code: string }) => run(() => api('POST', '/api/me/totp/enable', v)).then((ok) => ok && setTotp(undefined))}>
              <Form.Item name="code" rules={[{ required: true, message: t('required') }]}><Input placeholder={t('otp')} maxLength={6} /></Form.Item>
              <Button htmlType="submit" type="primary">{t('totpEnable')}</Button>
            </Form>
          </Space>
        ) : (
          <Button onClick={async () => setTotp(await api('POST', '/api/me/totp/setup'))}>{t('totpSetup')}</Button>
        )}
      </Card>
    </Space>
  );
}
