/**
 * A chart of a few series over at most 36 months: grouped bars or lines, drawn as SVG here. The maintained chart
 * libraries weighed for it were each more than the page: chart.js (canvas, so neither screen readers nor the
 * browser test can read a bar, plus a React wrapper), recharts (redux toolkit, immer and d3 through victory-vendor)
 * and @ant-design/plots (G2, megabytes). Every bar and point here carries its month, series and value as a
 * <title>, so hovering shows it and assistive tools read it.
 */
import { Typography } from 'antd';

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

interface Props {
  readonly title: string;
  readonly kind: 'bars' | 'lines';
  /** One label per month, short (03/26), and the long one for the titles (Tháng 03/2026) */
  readonly months: readonly { readonly short: string; readonly long: string }[];
  readonly series: readonly Series[];
  readonly testId: string;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 40, right: 8, top: 10, bottom: 28 };
const PLOT = { width: WIDTH - PAD.left - PAD.right, height: HEIGHT - PAD.top - PAD.bottom };

/** The top of the scale: a round number at or above the largest value, so the ticks are whole */
function scaleTop(max: number): number {
  if (max <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(max / 4));
  return Math.ceil(max / 4 / step) * step * 4;
}

export function MonthChart({ title, kind, months, series, testId }: Props) {
  const top = scaleTop(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (v: number) => PAD.top + PLOT.height - (v / top) * PLOT.height;
  const slot = PLOT.width / Math.max(1, months.length);
  const centre = (i: number) => PAD.left + slot * (i + 0.5);
  const barWidth = (slot * 0.8) / Math.max(1, series.length);
  const every = Math.ceil(months.length / 12); // at most 12 month labels under the axis
  return (
    <figure style={{ margin: '0 0 24px' }} data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title} style={{ maxWidth: WIDTH, display: 'block' }}>
        {[0, 1, 2, 3, 4].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y((top * t) / 4)} y2={y((top * t) / 4)} stroke="#f0f0f0" />
            <text x={PAD.left - 6} y={y((top * t) / 4) + 4} fontSize={11} textAnchor="end" fill="#8c8c8c">{(top * t) / 4}</text>
          </g>
        ))}
        {months.map((m, i) => (i % every === 0 ? <text key={m.long} x={centre(i)} y={HEIGHT - 8} fontSize={11} textAnchor="middle" fill="#595959">{m.short}</text> : null))}
        {kind === 'bars'
          ? series.map((s, j) => s.values.map((v, i) => (
            <rect key={`${j}-${i}`} x={centre(i) - (slot * 0.8) / 2 + j * barWidth} y={y(v)} width={Math.max(1, barWidth - 1)} height={PLOT.height + PAD.top - y(v)} fill={s.color} data-series={s.label}>
              <title>{`${months[i]?.long}: ${s.label} ${v}`}</title>
            </rect>
          )))
          : series.map((s) => (
            <g key={s.label} data-series={s.label}>
              <polyline points={s.values.map((v, i) => `${centre(i)},${y(v)}`).join(' ')} fill="none" stroke={s.color} strokeWidth={2} />
              {s.values.map((v, i) => <circle key={i} cx={centre(i)} cy={y(v)} r={3.5} fill={s.color}><title>{`${months[i]?.long}: ${s.label} ${v}`}</title></circle>)}
            </g>
          ))}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#bfbfbf" />
      </svg>
      <figcaption style={{ display: 'flex', gap: 16, flexWrap: 'wrap', fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.label}><span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />{s.label}</span>
        ))}
      </figcaption>
    </figure>
  );
}
