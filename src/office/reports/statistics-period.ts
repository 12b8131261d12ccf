/**
 * The period of the monthly statistics: whole months in Hà Nội, from one YYYY-MM to another, both included, at most
 * three years (a longer table no longer fits a page, and the counts run over every event of the period). Without
 * one, the last 12 months up to the current one. Each month's bounds come from reportPeriod, so a month starts at
 * midnight in Hà Nội exactly as the survey's days do.
 */
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { OfficeError } from '../office.errors.ts';
import { reportPeriod } from './report-period.ts';

export const MAX_STATISTICS_MONTHS = 36;
const DEFAULT_MONTHS = 12;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface StatisticsMonth {
  /** YYYY-MM */
  readonly key: string;
  /** Its first and last Vietnam days, YYYY-MM-DD */
  readonly firstDay: string;
  readonly lastDay: string;
  /** The same as stored timestamps (UTC ISO) compare: `start` <= at <= `end` */
  readonly start: string;
  readonly end: string;
}

export interface StatisticsPeriod {
  readonly from: string;
  readonly to: string;
  /** Every month of the period, oldest first */
  readonly months: readonly StatisticsMonth[];
  readonly start: string;
  readonly end: string;
  readonly firstDay: string;
  readonly lastDay: string;
}

const indexOf = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
const keyOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
const daysIn = (key: string) => new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)), 0)).getUTCDate();

function monthOf(key: string, now: Date): StatisticsMonth {
  const firstDay = `${key}-01`;
  const lastDay = `${key}-${String(daysIn(key)).padStart(2, '0')}`;
  const { start, end } = reportPeriod({ from: firstDay, to: lastDay }, now);
  return { key, firstDay, lastDay, start, end };
}

export function statisticsPeriod(input: { from?: unknown; to?: unknown }, now: Date): StatisticsPeriod {
  const to = input.to ?? vietnamDate(now).slice(0, 7);
  const from = input.from ?? (typeof to === 'string' && MONTH.test(to) ? keyOf(indexOf(to) - (DEFAULT_MONTHS - 1)) : undefined);
  // Years before 1900 are no period an agency's documents fall in; they would also print oddly in ISO form
  const isMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value) && value >= '1900-01';
  if (!isMonth(from) || !isMonth(to) || from > to) {
    throw new OfficeError('OFFICE_STATISTICS_PERIOD_INVALID', { from: String(from).slice(0, 20), to: String(to).slice(0, 20) });
  }
  const count = indexOf(to) - indexOf(from) + 1;
  if (count > MAX_STATISTICS_MONTHS) throw new OfficeError('OFFICE_STATISTICS_PERIOD_TOO_LONG', { months: count, max: MAX_STATISTICS_MONTHS });
  const months = Array.from({ length: count }, (_, i) => monthOf(keyOf(indexOf(from) + i), now));
  const first = months[0]!;
  const last = months[months.length - 1]!;
  return { from, to, months, start: first.start, end: last.end, firstDay: first.firstDay, lastDay: last.lastDay };
}
