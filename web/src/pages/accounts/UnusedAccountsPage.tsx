/**
 * Accounts nobody uses (seed 000: about 20,000 VND a year each): the admin or the DIC picks how many idle days count,
 * sees the accounts with their agency, last sign-in and the reason for the revoke list, and the yearly cost; the
 * unit's administrator ticks the accounts (all shown, unless changed) and makes them a draft Mẫu số 07.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, InputNumber, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { dictionary, useLang } from '../../i18n.tsx';
import { RevokeListDialog } from './RevokeListDialog.tsx';

interface UnusedAccount { userId: string; username: string; fullName: string; agencyName: string; lastSignInAt: string | null; idleDays: number; reason: string }
interface Report { days: number; accounts: UnusedAccount[]; yearlyCostVnd: number }

const VI = {
  title: 'Tài khoản không sử dụng', idle: 'Không đăng nhập từ', days: 'ngày', count: 'Số tài khoản đề xuất thu hồi', cost: 'Chi phí duy trì mỗi năm (đồng)', person: 'Người dùng',
  agency: 'Cơ quan, đơn vị', last: 'Đăng nhập lần cuối', never: 'Chưa từng', reason: 'Lý do thu hồi',
  hint: 'Mỗi tài khoản trên hệ thống tốn khoảng 20.000 đồng mỗi năm; danh sách này là đề xuất thu hồi (Mẫu số 07).',
  makeList: 'Tạo danh sách Mẫu 07', selected: 'Đã chọn {n} tài khoản',
} as const;
const EN: Record<keyof typeof VI, string> = {
  title: 'Unused accounts', idle: 'No sign-in for', days: 'days', count: 'Accounts proposed for revocation', cost: 'Yearly cost (VND)', person: 'User',
  agency: 'Agency', last: 'Last sign-in', never: 'Never', reason: 'Reason',
  hint: 'Each account costs about 20,000 VND a year; this is the proposed revoke list (form 07).',
  makeList: 'Create a form 07 list', selected: '{n} accounts selected',
};
const words = dictionary(VI, EN);

/** `mayDraft`: the unit's administrator, whose own list the Mẫu 07 draft is (the DIC sees the finder only) */
export function UnusedAccountsPage({ mayDraft }: { mayDraft: boolean }) {
  const w = words(useLang().lang);
  const [days, setDays] = useState(90);
  const report = useQuery({ queryKey: ['users', 'unused', days], queryFn: () => api<Report>('GET', `/api/users/unused?days=${days}`) });
  const shown = report.data?.accounts ?? [];
  // null: every account shown, the default, also when another number of days brings others
  const [picked, setPicked] = useState<string[] | null>(null);
  const [drafting, setDrafting] = useState(false);
  const selected = picked === null ? shown : shown.filter((a) => picked.includes(a.userId));
  const changeDays = (v: number | null) => { if (v) { setDays(Math.trunc(v)); setPicked(null); } };
  return (
    <>
      <Typography.Title level={3}>{w('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
      <Space size="large" style={{ marginBottom: 16 }}>
        <span>{w('idle')} <InputNumber min={1} max={3650} value={days} onChange={changeDays} data-testid="unused-days" /> {w('days')}</span>
        <Statistic title={w('count')} value={report.data?.accounts.length ?? 0} />
        <Statistic title={w('cost')} value={report.data?.yearlyCostVnd ?? 0} groupSeparator="." data-testid="unused-cost" />
      </Space>
      {mayDraft && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" disabled={selected.length === 0} onClick={() => setDrafting(true)} data-testid="unused-revoke-list">{w('makeList')}</Button>
          <Typography.Text type="secondary" data-testid="unused-selected">{w('selected').replace('{n}', String(selected.length))}</Typography.Text>
        </Space>
      )}
      {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }} />}
      <Table<UnusedAccount> rowKey="userId" loading={report.isLoading} dataSource={shown} pagination={{ pageSize: 50 }} data-testid="unused-accounts"
        {...(mayDraft ? { rowSelection: { selectedRowKeys: selected.map((a) => a.userId), onChange: (keys) => setPicked(keys as string[]) } } : {})}
        columns={[
          { title: w('person'), render: (_, a) => `${a.fullName} (${a.username})` },
          { title: w('agency'), dataIndex: 'agencyName' },
          { title: w('last'), dataIndex: 'lastSignInAt', render: (at: string | null) => (at ? new Date(at).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : w('never')) },
          { title: w('reason'), dataIndex: 'reason' },
        ]} />
      {drafting && <RevokeListDialog accounts={selected} onClose={() => setDrafting(false)} />}
    </>
  );
}
