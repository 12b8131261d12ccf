/**
 * The hand-over of a token carrying a certificate's key (Mẫu bàn giao), for the DIC's or the CA's operator: a token in
 * stock from the register, who hands it over and who receives it (the holder unless said otherwise), the witness and
 * the written authorisation when there are. The server then deletes the PKCS#12 the key was installed from.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import type { CertificateRecord, TokenRecord } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { useRunner } from '../../runner.ts';
import { useCW } from './words.ts';

/** Never handed out, or returned since (as the server's hand-over takes them) */
const IN_STOCK = ['new', 'returned'];

interface HandOverForm { tokenSerial: string; handedBy: string; receivedBy: string; witnessedBy?: string; authorisation?: string }

export function HandOverDialog({ certificate, session, onClose }: { certificate: CertificateRecord; session: Session; onClose: () => void }) {
  const { c } = useCW();
  const run = useRunner();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<HandOverForm>();
  const tokens = useQuery({ queryKey: ['token-register'], queryFn: () => api<TokenRecord[]>('GET', '/api/pki/tokens') });
  // A renewal's new key goes onto the token it names, once the holder has brought it back
  const inStock = (tokens.data ?? []).filter((t) => IN_STOCK.includes(t.state) && (!certificate.tokenSerial || t.serial === certificate.tokenSerial));

  const submit = (values: HandOverForm) => run(async () => {
    const optional = (text?: string) => (text?.trim() ? text.trim() : undefined);
    await api('POST', `/api/pki/certificates/${encodeURIComponent(certificate.serial)}/hand-over`, {
      tokenSerial: values.tokenSerial, handedBy: values.handedBy.trim(), receivedBy: values.receivedBy.trim(),
      witnessedBy: optional(values.witnessedBy), authorisation: optional(values.authorisation),
    });
    await queryClient.invalidateQueries({ queryKey: ['certificate-registry'] });
    await queryClient.invalidateQueries({ queryKey: ['token-register'] });
    await queryClient.invalidateQueries({ queryKey: ['token-history'] });
    onClose();
  }, `${c('handedOver')} ${values.tokenSerial}`);

  return (
    <Modal open title={`${c('handOverTitle')} ${certificate.serial}`} okText={c('handOverConfirm')} cancelText={c('close')} onCancel={onClose} onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'handover-confirm' } as Record<string, string>} destroyOnHidden>
      <Typography.Paragraph type="secondary">{c('handOverHint')}</Typography.Paragraph>
      {tokens.error && <Alert type="error" title={(tokens.error as Error).message} />}
      {tokens.isSuccess && inStock.length === 0 && <Alert type="warning" data-testid="handover-no-stock"
        title={certificate.tokenSerial ? `${c('renewalTokenNotBack')} ${certificate.tokenSerial}` : c('noTokenInStock')} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="handover-form"
        initialValues={{ handedBy: session.user.fullName, receivedBy: certificate.holderName }}>
        <Form.Item name="tokenSerial" label={c('tokenInStock')} rules={[{ required: true, message: c('tokenRequired') }]}>
          <Select data-testid="handover-token" loading={tokens.isLoading} showSearch optionFilterProp="label"
            options={inStock.map((t) => ({ value: t.serial, label: `${t.serial} · ${t.label}` }))} />
        </Form.Item>
        <Form.Item name="handedBy" label={c('handedBy')} rules={[{ required: true, whitespace: true, message: c('handedByRequired') }]}>
          <Input maxLength={200} data-testid="handover-handed-by" />
        </Form.Item>
        <Form.Item name="receivedBy" label={c('receivedBy')} rules={[{ required: true, whitespace: true, message: c('receivedByRequired') }]}>
          <Input maxLength={200} data-testid="handover-received-by" />
        </Form.Item>
        <Form.Item name="witnessedBy" label={c('witnessedBy')}><Input maxLength={200} data-testid="handover-witnessed-by" /></Form.Item>
        <Form.Item name="authorisation" label={c('authorisation')}><Input maxLength={300} data-testid="handover-authorisation" placeholder={c('authorisationHint')} /></Form.Item>
      </Form>
    </Modal>
  );
}
