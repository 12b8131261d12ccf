/**
 * The selected unused accounts as a draft Mẫu số 07 (seed 000: revoke document-system accounts). Name, workplace,
 * account and reason come from the accounts on the server; "Chức vụ" is a required column that no account holds,
 * and a draft cannot keep a row without it, so it is typed here for each row, never made up. A row left empty is
 * refused with the form's own message under its field; once made, the draft opens in the request editor.
 */
import { Alert, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { RequestBatch } from '../../../../src/office/index.ts';
import { api, ApiError } from '../../api.ts';
import { dictionary, useLang } from '../../i18n.tsx';

export interface PickedAccount { userId: string; username: string; fullName: string; agencyName: string; reason: string }

const VI = {
  title: 'Lập danh sách Mẫu số 07 (nháp): đề nghị thu hồi tài khoản', ok: 'Tạo danh sách nháp', cancel: 'Hủy',
  hint: 'Họ tên, đơn vị, tài khoản và lý do lấy từ tài khoản. Tài khoản không lưu chức vụ: hãy ghi chức vụ của từng người (cột bắt buộc của mẫu) rồi tạo danh sách; sau đó có thể sửa từng dòng trong danh sách đề nghị trước khi gửi.',
  name: 'Họ và tên', position: 'Chức vụ', workplace: 'Đơn vị công tác', account: 'Tên tài khoản', reason: 'Lý do thu hồi', missing: 'Cần ghi chức vụ',
} as const;
const EN: Record<keyof typeof VI, string> = {
  title: 'Draft form 07: accounts proposed for revocation', ok: 'Create the draft list', cancel: 'Cancel',
  hint: 'Name, unit, account and reason come from the accounts. Accounts hold no position: type each person\'s position (a required column of the form), then create the list; its rows can still be edited in the request list before it is sent.',
  name: 'Full name', position: 'Position', workplace: 'Workplace', account: 'Account', reason: 'Reason', missing: 'Position required',
};
const words = dictionary(VI, EN);

export function RevokeListDialog({ accounts, onClose }: { accounts: readonly PickedAccount[]; onClose: () => void }) {
  const w = words(useLang().lang);
  const navigate = useNavigate();
  const [positions, setPositions] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<number, string[]>>({});
  const [whole, setWhole] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setProblems({});
    setWhole('');
    try {
      const { batch } = await api<{ batch: RequestBatch }>('POST', '/api/users/unused/revoke-list', { accounts: accounts.map((a) => ({ userId: a.userId, position: positions[a.userId] ?? '' })) });
      navigate(`/de-nghi/${batch.id}`);
    } catch (err) {
      const list = err instanceof ApiError ? err.problems : [];
      const byRow: Record<number, string[]> = {};
      // A one-row list's problems carry no row number
      for (const p of list) (byRow[p.row ?? 1] ??= []).push(p.message);
      setProblems(byRow);
      setWhole((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={w('title')} width={1000} onCancel={onClose} onOk={create} okText={w('ok')} cancelText={w('cancel')} confirmLoading={busy} maskClosable={false}
      okButtonProps={{ 'data-testid': 'revoke-list-ok' } as Record<string, string>}>
      <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
      {whole && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={whole} data-testid="revoke-list-error" />}
      <Table<PickedAccount> rowKey="userId" size="small" dataSource={[...accounts]} pagination={false} scroll={{ y: 420 }}
        columns={[
          { title: 'STT', width: 50, render: (_, __, i) => i + 1 },
          { title: w('name'), dataIndex: 'fullName' },
          { title: <span>{w('position')} *</span>, width: 220, render: (_, a, i) => (
            <>
              <Input value={positions[a.userId] ?? ''} placeholder={w('missing')} status={problems[i + 1] || !positions[a.userId]?.trim() ? 'warning' : undefined}
                onChange={(e) => setPositions({ ...positions, [a.userId]: e.target.value })} data-testid={`revoke-position-${a.username}`} />
              {problems[i + 1]?.map((m) => <Typography.Text key={m} type="danger" style={{ display: 'block' }} data-testid={`revoke-problem-${a.username}`}>{m}</Typography.Text>)}
            </>
          ) },
          { title: w('workplace'), dataIndex: 'agencyName' },
          { title: w('account'), dataIndex: 'username' },
          { title: w('reason'), dataIndex: 'reason' },
        ]} />
    </Modal>
  );
}
