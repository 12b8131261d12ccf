/** Seed 004's annex II survey from live data, for the DIC or an administrator: a period, the figures, the XLSX to send on. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { dictionary, useLang } from '../../i18n.tsx';

interface Share { signed: number; total: number }
interface Survey {
  from: string; to: string; months: number;
  units: { total: number; usingSystem: number; exchangingOverAxis: number; signingDigitally: number };
  agencyCodes: { total: number; inQcvnForm: number };
  issued: { total: number; perMonth: number; electronicOnly: number; electronicOnlyPerMonth: number; withPaper: number; paperOnly: number; notRecorded: number; signed: number };
  certificates: { units: number; persons: number };
  signedShare: { internal: Share; external: Share };
  statusFeedback: { sent: number; received: number };
}

const VI = {
  title: 'Báo cáo tình hình gửi nhận văn bản điện tử (Phụ lục II)', from: 'Từ ngày', to: 'Đến ngày', download: 'Tải tệp Excel (XLSX)',
  using: 'Đơn vị đang sử dụng hệ thống', axis: 'Đơn vị đã liên thông qua trục', signing: 'Đơn vị đã ký số', codes: 'Mã định danh đúng dạng',
  issued: 'Văn bản phát hành, cả giấy và điện tử (trung bình/tháng)', signedDocs: 'trong đó có chữ ký số', paperOnly: 'văn bản mật chỉ bản giấy',
  electronicOnly: 'Văn bản phát hành điện tử không kèm bản giấy (trung bình/tháng)', withPaper: 'kèm bản giấy', notRecorded: 'chưa ghi nhận', unitsCert: 'Đơn vị có chứng thư số', personsCert: 'Cán bộ có chứng thư số',
  internal: 'Có ký số / tổng số, trong nội bộ', external: 'Có ký số / tổng số, với cơ quan bên ngoài', status: 'Gói tin trạng thái đã phản hồi / đã nhận',
  hint: 'Số liệu đếm từ dữ liệu hệ thống trong kỳ; các câu hỏi về hạ tầng, quy chế trong phụ lục do người lập báo cáo điền.',
} as const;
type Word = keyof typeof VI;
const EN: Record<Word, string> = {
  title: 'Electronic document exchange (annex II)', from: 'From', to: 'To', download: 'Download Excel (XLSX)',
  using: 'Units using the system', axis: 'Units exchanging over the axis', signing: 'Units signing digitally', codes: 'Agency codes in QCVN form',
  issued: 'Documents issued, paper and electronic (average per month)', signedDocs: 'of which signed', paperOnly: 'secret, on paper only',
  electronicOnly: 'Issued electronically without a paper copy (average per month)', withPaper: 'with a paper copy', notRecorded: 'not recorded', unitsCert: 'Units with certificates', personsCert: 'People with certificates',
  internal: 'Signed / total, inside', external: 'Signed / total, outside', status: 'Status packages sent / received',
  hint: 'Counted from the system\'s data over the period; the annex\'s questions on infrastructure and regulations are for the person filling it in.',
};
const words = dictionary(VI, EN);

const of = (part: number, whole: number) => `${part} / ${whole}`;

/** The figures in the annex's order: its question number, what it asks, and the answer from the survey */
const FIGURES: readonly (readonly [string, Word, (s: Survey, w: (key: Word) => string) => string | number])[] = [
  ['1.1', 'using', (s) => of(s.units.usingSystem, s.units.total)],
  ['1.1', 'axis', (s) => of(s.units.exchangingOverAxis, s.units.total)],
  ['1.1', 'signing', (s) => of(s.units.signingDigitally, s.units.total)],
  ['1.3', 'codes', (s) => of(s.agencyCodes.inQcvnForm, s.agencyCodes.total)],
  ['1.10', 'issued', (s, w) => `${s.issued.perMonth} (${s.issued.total}; ${w('signedDocs')} ${s.issued.signed}; ${w('paperOnly')} ${s.issued.paperOnly})`],
  ['1.10', 'electronicOnly', (s, w) => `${s.issued.electronicOnlyPerMonth} (${s.issued.electronicOnly}; ${w('withPaper')} ${s.issued.withPaper}${s.issued.notRecorded ? `; ${w('notRecorded')} ${s.issued.notRecorded}` : ''})`],
  ['1.11a', 'unitsCert', (s) => s.certificates.units],
  ['1.11a', 'personsCert', (s) => s.certificates.persons],
  ['1.11b', 'internal', (s) => of(s.signedShare.internal.signed, s.signedShare.internal.total)],
  ['1.11b', 'external', (s) => of(s.signedShare.external.signed, s.signedShare.external.total)],
  ['2.5', 'status', (s) => of(s.statusFeedback.sent, s.statusFeedback.received)],
];

/** Today in Hà Nội (UTC+7), as the server reads the period: UTC's date is still yesterday before 07:00, and last year on 1 January */
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export function ReportsPage() {
  const w = words(useLang().lang);
  const [from, setFrom] = useState(() => `${today().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const survey = useQuery({ queryKey: ['reports', 'survey', from, to], queryFn: () => api<Survey>('GET', `/api/reports/interconnection-survey?${query}`) });
  const s = survey.data;
  return (
    <>
      <Typography.Title level={3}>{w('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{w('hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{w('from')} <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 170 }} data-testid="report-from" /></span>
        <span>{w('to')} <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 170 }} data-testid="report-to" /></span>
        <Button href={`/api/reports/interconnection-survey?${query}&format=xlsx`} data-testid="report-xlsx">{w('download')}</Button>
      </Space>
      {survey.error && <Alert type="error" showIcon title={survey.error.message} style={{ marginBottom: 16 }} />}
      {s && (
        <Descriptions bordered column={1} size="small" data-testid="report-figures"
          items={FIGURES.map(([number, word, answer]) => ({ key: word, label: `${number} ${w(word)}`, children: answer(s, w) }))} />
      )}
    </>
  );
}
