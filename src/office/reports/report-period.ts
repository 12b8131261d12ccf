/**
 * A report's period as the person asking means it: whole days in Hà Nội (a sign-in at 06:00 on 1 January is
 * January's, though UTC still says 31 December), from 1 January of the last day's year to today unless told.
 */
import { isIsoDate, vietnamDate } from '../../shared/vietnam-time.ts';
import { OfficeError } from '../office.errors.ts';

export interface ReportPeriod {
  /** YYYY-MM-DD, Vietnam days, both included */
  readonly from: string;
  readonly to: string;
  /** Calendar months the period touches, for averages per month */
  readonly months: number;
  /** The same bounds as stored timestamps (UTC ISO) compare: `start` <= at <= `end` */
  readonly start: string;
  readonly end: string;
}

export function reportPeriod(input: { from?: unknown; to?: unknown }, now: Date): ReportPeriod {
  const to = input.to ?? vietnamDate(now);
  const from = input.from ?? (typeof to === 'string' ? `${to.slice(0, 4)}-01-01` : undefined);
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) {
    throw new OfficeError('OFFICE_REPORT_PERIOD_INVALID', { from: String(from).slice(0, 20), to: String(to).slice(0, 20) });
  }
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7))) + 1;
  const start = new Date(`${from}T00:00:00.000+07:00`).toISOString();
  const end = new Date(`${to}T23:59:59.999+07:00`).toISOString();
  return { from, to, months, start, end };
}
