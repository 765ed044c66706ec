/**
 * The ISO 8601 forms BPMN timers use: durations (PT5M, P1DT2H, P7D), date-times with an
 * offset (2026-12-01T09:00:00+08:00) and repeating intervals (R3/PT1H, R/P7D,
 * R5/2026-01-01T00:00:00Z/P1D). Pure and deterministic, so the compiler validates with it
 * and the interpreter workflow computes fire times with it.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export interface IsoCycle {
  /** Undefined for `R/…`: repeats without end. */
  repetitions?: number;
  /** Epoch milliseconds of the first interval's start; undefined means "when the timer is created". */
  start?: number;
  interval: IsoDuration;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration; undefined when the text is not one. */
export function parseDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  const hasDate = years ?? months ?? weeks ?? days;
  const hasTime = hours ?? minutes ?? seconds;
  // `P` alone and a `T` with nothing after it are not durations.
  if (hasDate === undefined && hasTime === undefined) return undefined;
  if (text.includes('T') && hasTime === undefined) return undefined;
  const count = (digits: string | undefined) => (digits === undefined ? 0 : Number(digits.replace(',', '.')));
  return {
    years: count(years),
    months: count(months),
    weeks: count(weeks),
    days: count(days),
    hours: count(hours),
    minutes: count(minutes),
    seconds: count(seconds),
  };
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO 8601 date-time to epoch milliseconds; undefined when the text is not one.
 * The offset is required: a timer date without one would depend on the server's zone.
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const digits = offset.replace(':', '');
    const offsetHours = Number(digits.slice(1, 3));
    const offsetMins = Number(digits.slice(3, 5));
    if (offsetHours > 18 || offsetMins > 59) return undefined;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  return utcMillis(year, month - 1, day, ((hour * 60 + minute) * 60 + second) * 1000 + millis) - offsetMinutes * 60_000;
}

/** Parses an ISO 8601 repeating interval `R[n]/[start/]duration`; undefined when the text is not one. */
export function parseCycle(text: string): IsoCycle | undefined {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const repeat = /^R(\d*)$/.exec(parts[0]);
  if (!repeat) return undefined;
  const repetitions = repeat[1] === '' ? undefined : Number(repeat[1]);
  if (repetitions === 0) return undefined;
  const start = parts.length === 3 ? parseDateTime(parts[1]) : undefined;
  if (parts.length === 3 && start === undefined) return undefined;
  const interval = parseDuration(parts[parts.length - 1]);
  if (!interval || isZero(interval)) return undefined;
  return { repetitions, start, interval };
}

/**
 * Adds a duration to an instant, calendar-aware in UTC: P1M from 31 January lands on the
 * last day of February, as java.time does (Camunda's behaviour).
 */
export function addDuration(epochMillis: number, duration: IsoDuration): number {
  const date = new Date(epochMillis);
  const totalMonths = date.getUTCMonth() + duration.years * 12 + duration.months;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = totalMonths % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month + 1));
  const shifted = utcMillis(year, month, day, epochMillis - Math.floor(epochMillis / 86_400_000) * 86_400_000);
  const fixedMillis =
    ((duration.weeks * 7 + duration.days) * 86_400 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) *
    1000;
  return shifted + Math.round(fixedMillis);
}

function isZero(duration: IsoDuration): boolean {
  return Object.values(duration).every((part) => part === 0);
}

/** Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not. */
function utcMillis(year: number, monthIndex: number, day: number, millisOfDay: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime() + millisOfDay;
}

/** month is 1–12. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
