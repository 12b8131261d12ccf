/**
 * Time as Vietnam reads it (UTC+7, no daylight saving): the day a number belongs to, the year registers turn
 * over, the time a signature shows. One place, so that every part of congvan agrees on midnight in Hà Nội.
 */
const OFFSET_MS = 7 * 3_600_000;
const shifted = (at: Date) => new Date(at.getTime() + OFFSET_MS);

/** 2021-03-22T09:15:30+07:00 */
export const vietnamIso = (at: Date): string => `${shifted(at).toISOString().slice(0, 19)}+07:00`;
/** YYYY-MM-DD in Vietnam */
export const vietnamDate = (at: Date): string => shifted(at).toISOString().slice(0, 10);
export const vietnamYear = (at: Date): number => shifted(at).getUTCFullYear();

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one) */
export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value;

export const DAY_MS = 86_400_000;
/** Calendar arithmetic on YYYY-MM-DD days (no time zone enters: a day is a day) */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/** 2026-03-22 as Vietnamese letters write it: 22/03/2026 */
export const displayDate = (date: string): string => date.split('-').reverse().join('/');
