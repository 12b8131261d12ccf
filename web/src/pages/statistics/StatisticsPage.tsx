/**
 * Monthly statistics for a leader, the DIC or an administrator: a period of months, charts of the documents, the
 * deadlines and the requests per month, the table of every figure, and the XLSX and PDF the office writes.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Result, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, type Session } from '../../api.ts';
import { dictionary, useLang } from '../../i18n.tsx';
import type { MonthFigures, MonthlyStatistics } from '../../../../src/office/index.ts';
import { MonthChart, type Series } from './MonthChart.tsx';

const VI = {
  title: 'Thống kê hằng tháng', from: 'Từ tháng', to: 'Đến tháng', xlsx: 'Tải Excel (XLSX)', pdf: 'Tải PDF', month: 'Tháng', total: 'Cộng',
  scope: '{agencies} cơ quan, đơn vị thuộc phạm vi quản lý; tháng tính theo giờ Việt Nam; văn bản quá hạn tính đến ngày {asOf}.',
  notAllowed: 'Thống kê hằng tháng dành cho lãnh đạo, cán bộ điều hành Sở TT&TT và quản trị viên.',
  incoming: 'Văn bản đến', registered: 'Đã đăng ký', outgoing: 'Văn bản đi', issued: 'Đã phát hành', signed: 'Có chữ ký số', electronic: 'Gửi điện tử', withPaper: 'Kèm bản giấy',
  units: 'Đến đơn vị trong hệ thống', axis: 'Qua trục liên thông', email: 'Qua thư điện tử',
  deadlines: 'Xử lý văn bản đến theo hạn', onTime: 'Đúng hạn', late: 'Trễ hạn', overdue: 'Quá hạn chưa xong', pending: 'Chưa đến hạn',
  requests: 'Đề nghị hành chính', filed: 'Đã gửi', approved: 'Đã duyệt', done: 'Đã hoàn thành', returned: 'Bị trả lại',
  documentsChart: 'Văn bản đến đã đăng ký và văn bản đi đã phát hành', deadlinesChart: 'Xử lý văn bản đến theo tháng đến hạn', requestsChart: 'Đề nghị hành chính theo tháng',
} as const;
type Word = keyof typeof VI;
const EN: Record<Word, string> = {
  title: 'Monthly statistics', from: 'From', to: 'To', xlsx: 'Download Excel (XLSX)', pdf: 'Download PDF', month: 'Month', total: 'Total',
  scope: '{agencies} agencies you oversee; months in Vietnam time; overdue as of {asOf}.',
  notAllowed: 'Monthly statistics are for leaders, the DIC\'s operators and administrators.',
  incoming: 'Incoming', registered: 'Registered', outgoing: 'Outgoing', issued: 'Issued', signed: 'Digitally signed', electronic: 'Sent electronically', withPaper: 'With a paper copy',
  units: 'To units in the system', axis: 'Over the axis', email: 'By e-mail',
  deadlines: 'Incoming by deadline', onTime: 'On time', late: 'Late', overdue: 'Overdue, open', pending: 'Not yet due',
  requests: 'Administration requests', filed: 'Filed', approved: 'Approved', done: 'Done', returned: 'Returned',
  documentsChart: 'Incoming registered and outgoing issued', deadlinesChart: 'Incoming by the month of their deadline', requestsChart: 'Administration requests per month',
};
const words = dictionary(VI, EN);

/** The table's groups and columns, in the order of the XLSX and PDF */
const GROUPS: readonly { key: Word; columns: readonly (readonly [Word, (f: MonthFigures) => number])[] }[] = [
  { key: 'incoming', columns: [['registered', (f) => f.incoming.registered]] },
  { key: 'outgoing', columns: [['issued', (f) => f.outgoing.issued], ['signed', (f) => f.outgoing.signed], ['electronic', (f) => f.outgoing.electronic], ['units', (f) => f.outgoing.units], ['axis', (f) => f.outgoing.axis], ['email', (f) => f.outgoing.email], ['withPaper', (f) => f.outgoing.withPaper]] },
  { key: 'deadlines', columns: [['onTime', (f) => f.deadlines.onTime], ['late', (f) => f.deadlines.late], ['overdue', (f) => f.deadlines.overdue], ['pending', (f) => f.deadlines.pending]] },
  { key: 'requests', columns: [['filed', (f) => f.requests.filed], ['approved', (f) => f.requests.approved], ['done', (f) => f.requests.done], ['returned', (f) => f.requests.returned]] },
];

const COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1'];
const READERS: readonly string[] = ['leader', 'dic_operator', 'admin'];

/** This month in Hà Nội (UTC+7), and the month `n` before a YYYY-MM */
const thisMonth = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
const monthsBefore = (month: string, n: number) => {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

type Row = MonthFigures & { key: string; label: string };

export function StatisticsPage({ session }: { session: Session }) {
  const w = words(useLang().lang);
  const [to, setTo] = useState(thisMonth);
  const [from, setFrom] = useState(() => monthsBefore(thisMonth(), 11));
  const allowed = session.user.roles.some((role) => READERS.includes(role));
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const stats = useQuery({ queryKey: ['reports', 'monthly', from, to], enabled: allowed, queryFn: () => api<MonthlyStatistics>('GET', `/api/reports/monthly?${query}`) });
  if (!allowed) return <Result status="info" title={w('title')} subTitle={w('notAllowed')} />;
  const s = stats.data;
  const months = (s?.months ?? []).map((m) => ({ short: `${m.month.slice(5, 7)}/${m.month.slice(2, 4)}`, long: `${w('month')} ${m.month.slice(5, 7)}/${m.month.slice(0, 4)}` }));
  const series = (pairs: readonly (readonly [string, (f: MonthFigures) => number])[]): Series[] =>
    pairs.map(([label, pick], i) => ({ label, color: COLORS[i % COLORS.length]!, values: (s?.months ?? []).map(pick) }));
  const named = (group: (typeof GROUPS)[number]) => group.columns.map(([word, pick]) => [w(word), pick] as const);
  const rows: Row[] = s ? [...s.months.map((m, i) => ({ ...m, key: m.month, label: months[i]!.long })), { ...s.total, key: 'total', label: w('total') }] : [];
  const columns: ColumnsType<Row> = [
    { title: w('month'), dataIndex: 'label', fixed: 'left', width: 130, render: (label: string, r) => (r.key === 'total' ? <b>{label}</b> : label) },
    ...GROUPS.map((g) => ({ title: w(g.key), children: g.columns.map(([word, pick]) => ({ title: w(word), key: word, align: 'right' as const, render: (_: unknown, r: Row) => pick(r) })) })),
  ];
  return (
    <>
      <Typography.Title level={3}>{w('title')}</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{w('from')} <Input type="month" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 170 }} data-testid="statistics-from" /></span>
        <span>{w('to')} <Input type="month" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 170 }} data-testid="statistics-to" /></span>
        <Button href={`/api/reports/monthly?${query}&format=xlsx`} data-testid="statistics-xlsx">{w('xlsx')}</Button>
        <Button href={`/api/reports/monthly?${query}&format=pdf`} data-testid="statistics-pdf">{w('pdf')}</Button>
      </Space>
      {stats.error && <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 16 }} data-testid="statistics-error" />}
      {s && (
        <>
          <Typography.Paragraph type="secondary">{fill(w('scope'), { agencies: s.agencies, asOf: s.asOf.split('-').reverse().join('/') })}</Typography.Paragraph>
          <MonthChart title={w('documentsChart')} kind="bars" months={months} testId="chart-documents" series={series([
            [`${w('incoming')}: ${w('registered').toLowerCase()}`, (f) => f.incoming.registered], [`${w('outgoing')}: ${w('issued').toLowerCase()}`, (f) => f.outgoing.issued]])} />
          <MonthChart title={w('deadlinesChart')} kind="bars" months={months} testId="chart-deadlines" series={series(named(GROUPS[2]!))} />
          <MonthChart title={w('requestsChart')} kind="lines" months={months} testId="chart-requests" series={series(named(GROUPS[3]!))} />
          <Table<Row> rowKey="key" size="small" bordered pagination={false} scroll={{ x: 1400 }} dataSource={rows} columns={columns} data-testid="statistics-table" />
        </>
      )}
    </>
  );
}
