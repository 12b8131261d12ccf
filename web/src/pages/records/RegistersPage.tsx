/** The registers (sổ văn bản): pick the year, incoming or outgoing, the series, and download the register as XLSX or PDF. */
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, Form, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Session } from '../../api.ts';
import { useRW } from './words.ts';

const SERIES = /^[a-z0-9-]{1,40}$/;

export function RegistersPage({ session }: { session: Session }) {
  const { r } = useRW();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [series, setSeries] = useState('chung');
  const mayExport = session.user.roles.some((role) => role === 'clerk' || role === 'leader');
  const seriesOk = SERIES.test(series);
  const url = (format: 'xlsx' | 'pdf') => `/api/registers/export?${new URLSearchParams({ year: String(year), direction, series, format })}`;
  return (
    <>
      <Typography.Title level={4}>{r('registersTitle')}</Typography.Title>
      <Card style={{ maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">{r('registersHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Space wrap size="large">
            <Form.Item label={r('year')}>
              <Select style={{ width: 120 }} value={year} onChange={setYear} data-testid="register-year"
                options={Array.from({ length: 12 }, (_, i) => thisYear + 1 - i).map((y) => ({ value: y, label: String(y) }))} />
            </Form.Item>
            <Form.Item label={r('direction')}>
              <Radio.Group value={direction} onChange={(e) => setDirection(e.target.value as 'in' | 'out')} data-testid="register-direction"
                options={[{ value: 'in', label: r('directionIn') }, { value: 'out', label: r('directionOut') }]} optionType="button" />
            </Form.Item>
            <Form.Item label={r('series')} validateStatus={seriesOk ? undefined : 'error'}>
              <AutoComplete style={{ width: 200 }} value={series} onChange={(v: string) => setSeries(v.trim().toLowerCase())} data-testid="register-series"
                options={[{ value: 'chung', label: `chung — ${r('seriesGeneral')}` }, { value: 'mat', label: `mat — ${r('seriesSecret')}` }]} />
            </Form.Item>
          </Space>
        </Form>
        {mayExport ? (
          <Space>
            <Button type="primary" icon={<FileExcelOutlined />} href={url('xlsx')} download disabled={!seriesOk} data-testid="register-xlsx">{r('downloadXlsx')}</Button>
            <Button icon={<FilePdfOutlined />} href={url('pdf')} download disabled={!seriesOk} data-testid="register-pdf">{r('downloadPdf')}</Button>
          </Space>
        ) : <Alert type="info" showIcon title={r('registersForbidden')} />}
      </Card>
    </>
  );
}
