/**
 * Dates as the forms are filled in: day/month/year ("12/3/2021", the seeds' own spelling), with dots or
 * dashes too, or ISO yyyy-mm-dd; always stored as ISO. A spreadsheet's Date cell is taken as its UTC day,
 * which is how exceljs hands back a date typed into a cell.
 */
import { accept, refuse, type FieldOutcome } from './outcome.ts';

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days ? `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` : undefined;
}

export function parseFormDate(text: string): string | undefined {
  const dmy = DMY.exec(text);
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const ymd = YMD.exec(text);
  return ymd ? isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3])) : undefined;
}

/** dd/mm/yyyy for messages, as the forms print dates. */
export const formatFormDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function checkDate(text: string, notAfter: string | undefined): FieldOutcome {
  const iso = parseFormDate(text);
  if (!iso) return refuse('FORM_DATE_INVALID');
  if (notAfter !== undefined && iso > notAfter) return refuse('FORM_DATE_FUTURE', { date: formatFormDate(iso) });
  return accept(iso);
}

export function dateCellText(value: Date): string | undefined {
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
}
