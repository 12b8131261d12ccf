import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, setCsrfToken, type Session } from '../api.ts';
import { useLang, useT } from '../i18n.tsx';

interface Fields { username: string; password: string; otp?: string }

export function SignInPage() {
  const t = useT();
  const { lang, setLang } = useLang();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [needsOtp, setNeedsOtp] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (fields: Fields) => {
    setBusy(true);
    setError(undefined);
    try {
      const session = await api<Session>('POST', '/api/auth/sign-in', fields.otp ? fields : { username: fields.username, password: fields.password });
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(['session'], session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'OFFICE_AUTH_OTP_REQUIRED') setNeedsOtp(true);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f0e8' }}>
      <Card style={{ width: 400 }} extra={<Button type="link" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{t('language')}</Button>}
        title={<span>congvan</span>}>
        <Typography.Paragraph type="secondary">{t('appName')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input autoComplete="username" autoFocus id="username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password autoComplete="current-password" id="password" />
          </Form.Item>
          {needsOtp && (
            <Form.Item name="otp" label={t('otp')} rules={[{ required: true, message: t('required') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" id="otp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>{t('signIn')}</Button>
        </Form>
      </Card>
    </div>
  );
}
