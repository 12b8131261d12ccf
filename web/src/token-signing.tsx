/**
 * Signing on the user's USB token through congvan agent (a small program on their PC that holds the PKCS#11
 * session): the agent opens the token with the PIN and gives its certificate, the server prepares the PDF for it and
 * returns the digest, the agent signs the digest, the server completes. Used for outgoing documents and for the
 * request lists' covering letters; each passes its own two server calls.
 */
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { dictionary, useLang } from './i18n.tsx';

const VI = {
  title: 'Ký bằng USB token', agentUrl: 'Địa chỉ trình ký số (congvan agent) trên máy này', done: 'Đã ký',
  agentMissing: 'Không kết nối được trình ký số: hãy chạy "congvan agent" trên máy này, tại',
} as const;
const EN: Record<keyof typeof VI, string> = {
  title: 'Sign with USB token', agentUrl: 'Signing agent (congvan agent) on this PC', done: 'Signed',
  agentMissing: 'The signing agent does not answer: run "congvan agent" on this PC, at',
};
const words = dictionary(VI, EN);

const AGENT_KEY = 'congvan.agent';
const pem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** The server's half: prepare for the token's certificate (PEM), then complete with the agent's value (base64) */
export interface TokenSigningCalls {
  prepare(certificatePem: string): Promise<{ digest: string; complete: (signature: string) => Promise<void> }>;
}

export function TokenSigning({ calls, onClose, onDone }: { calls: TokenSigningCalls; onClose: () => void; onDone: () => Promise<void> }) {
  const w = words(useLang().lang);
  const { message } = App.useApp();
  const [agent, setAgent] = useState(() => localStorage.getItem(AGENT_KEY) ?? 'http://127.0.0.1:8765');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const sign = async () => {
    setBusy(true);
    let session: string | undefined;
    const call = async <T,>(url: string, method: string, body?: unknown): Promise<T> => {
      const res = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const data = await res.json().catch(() => ({ error: res.statusText }));
      if (!res.ok) throw new Error(data.error ?? data.message ?? res.statusText);
      return data as T;
    };
    try {
      localStorage.setItem(AGENT_KEY, agent);
      const opened = await call<{ session: string; certificate: string }>(`${agent}/sessions`, 'POST', { pin }).catch((err: Error) => {
        throw new Error(err.message === 'Failed to fetch' ? `${w('agentMissing')} ${agent}` : err.message);
      });
      session = opened.session;
      const prepared = await calls.prepare(pem(opened.certificate));
      const value = await call<{ signature: string }>(`${agent}/sessions/${session}/sign`, 'POST', { digest: prepared.digest });
      await prepared.complete(value.signature);
      message.success(w('done'));
      await onDone();
    } catch (err) {
      message.error((err as Error).message, 8);
    } finally {
      if (session) await fetch(`${agent}/sessions/${session}`, { method: 'DELETE' }).catch(() => undefined);
      setPin('');
      setBusy(false);
    }
  };
  return (
    <Modal open title={w('title')} onCancel={onClose} onOk={sign} confirmLoading={busy} okButtonProps={{ 'data-testid': 'token-sign' } as Record<string, string>}>
      <Form layout="vertical">
        <Form.Item label={w('agentUrl')}><Input value={agent} onChange={(e) => setAgent(e.target.value)} data-testid="agent-url" /></Form.Item>
        <Form.Item label="PIN"><Input.Password value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" data-testid="token-pin" /></Form.Item>
      </Form>
    </Modal>
  );
}
