/**
 * A province's existing mailboxes loaded from an XLSX or CSV at once: recording its first mailbox switches seed 000's
 * rule there onto the registry, so they must all arrive together. The server takes the whole file or none of it;
 * a refusal names every bad row, so it stays in the dialog (not a passing toast) for the file to be corrected.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { MailboxImportSummary } from '../../../../src/office/index.ts';
import { sendFile } from '../../api.ts';
import { dictionary, useLang } from '../../i18n.tsx';

const VI = {
  open: 'Nhập từ tệp', title: 'Nhập danh sách hộp thư công vụ từ tệp',
  intro: 'Tệp Excel (.xlsx) hoặc CSV, mỗi dòng một hộp thư, các cột: Địa chỉ thư, Họ và tên / Đơn vị, Cơ quan (mã định danh), Trạng thái (và Loại nếu là hộp thư của đơn vị). Nếu có dòng chưa hợp lệ, cả tệp không được nhập và từng dòng được chỉ rõ lý do.',
  firstNote: 'Khi tỉnh ghi hộp thư đầu tiên, điều kiện "đã được cấp thư công vụ" của đề nghị cấp chứng thư số cá nhân chuyển sang xét theo sổ: hãy nhập đủ các hộp thư hiện có của tỉnh trong một lần.',
  template: 'Tải tệp mẫu', choose: 'Chọn tệp và nhập', working: 'Đang kiểm tra và ghi vào sổ…', close: 'Đóng',
  done: 'Đã ghi {n} hộp thư vào sổ ({active} đang dùng, {suspended} tạm khóa, {revoked} đã thu hồi) của {agencies} cơ quan.',
  started: 'Từ nay, đề nghị cấp chứng thư số cá nhân của tỉnh được xét theo sổ hộp thư công vụ.',
} as const;
const EN: Record<keyof typeof VI, string> = {
  open: 'Import from a file', title: 'Import official mailboxes from a file',
  intro: 'An Excel (.xlsx) or CSV file, one mailbox a row, with the columns Địa chỉ thư, Họ và tên / Đơn vị, Cơ quan (mã định danh), Trạng thái (and Loại for a unit\'s mailbox). If any row is invalid the whole file is refused, each row with its reason.',
  firstNote: 'Once a province records its first mailbox, the personal-certificate requests there are judged by the registry: import all the province\'s existing mailboxes at once.',
  template: 'Download the template', choose: 'Choose a file and import', working: 'Checking and recording…', close: 'Close',
  done: '{n} mailboxes recorded ({active} active, {suspended} suspended, {revoked} revoked) in {agencies} agencies.',
  started: 'From now on, the province\'s personal-certificate requests are judged by the mailbox registry.',
};
const importWords = dictionary(VI, EN);

const filled = (text: string, values: Record<string, number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

export function MailboxImportButton() {
  const { lang } = useLang();
  const w = importWords(lang);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="mailbox-import">{w('open')}</Button>
      {open && <ImportDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ImportDialog({ onClose }: { onClose: () => void }) {
  const { lang } = useLang();
  const w = importWords(lang);
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<MailboxImportSummary | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const take = async (file: File) => {
    setBusy(true);
    setSummary(null);
    setRefusal(null);
    try {
      setSummary(await sendFile<MailboxImportSummary>('/api/mailboxes/import', file));
      await queryClient.invalidateQueries({ queryKey: ['mailboxes'] });
    } catch (err) {
      setRefusal((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={760} title={w('title')} onCancel={onClose} footer={<Button onClick={onClose}>{w('close')}</Button>}>
      <Typography.Paragraph>{w('intro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{w('firstNote')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button href="/api/mailboxes/import-template" download data-testid="mailbox-import-template">{w('template')}</Button>
        <Upload beforeUpload={(file) => { void take(file); return false; }} showUploadList={false} accept=".xlsx,.csv" disabled={busy}>
          <Button type="primary" loading={busy} data-testid="mailbox-import-file">{w('choose')}</Button>
        </Upload>
      </Space>
      {busy && <div data-testid="mailbox-import-working"><Spin size="small" /> {w('working')}</div>}
      {summary && (
        <Alert type="success" showIcon data-testid="mailbox-import-done" title={filled(w('done'), { n: summary.imported, agencies: summary.agencies, ...summary.byState })}
          description={summary.registryStarted ? w('started') : undefined} />
      )}
      {refusal && <Alert type="error" showIcon data-testid="mailbox-import-refused" title={<span style={{ whiteSpace: 'pre-line' }}>{refusal}</span>} />}
    </Modal>
  );
}
