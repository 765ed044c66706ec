/**
 * Calendar days in the organisation's time zone. The supervision rules count days, not hours: a
 * task due on 31 March is on time until the last moment of 31 March in Shanghai, wherever the
 * server runs. Instants are epoch milliseconds (as in the workflow state); calendar dates are
 * `YYYY-MM-DD` strings, which compare correctly as strings. The arithmetic is the Temporal API's
 * (temporal-polyfill, pure JavaScript over Intl), so workflow code can import it.
 */
import { Temporal } from 'temporal-polyfill';

/** Epoch milliseconds. */
export type Instant = number;
/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A calendar month, `YYYY-MM`. */
export type Month = string;

export type PeriodKind = 'week' | 'month' | 'year';

/** A run of whole calendar days, both ends included. Weeks start on Monday. */
export interface Period {
  kind: PeriodKind;
  start: LocalDate;
  end: LocalDate;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

function plainDate(date: LocalDate): Temporal.PlainDate {
  // Temporal refuses 2026-02-30 rather than rolling it over to 2 March.
  if (typeof date === 'string' && DATE.test(date)) {
    try {
      return Temporal.PlainDate.from(date, { overflow: 'reject' });
    } catch {
      // not a real date: refused below
    }
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

export function isLocalDate(text: string): boolean {
  try {
    plainDate(text);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date `instant` falls on in `timeZone`. */
export function localDateOf(instant: Instant, timeZone: string): LocalDate {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** A due date given either way: a calendar date as is, an instant as the date it falls on. */
export function toLocalDate(value: LocalDate | Instant, timeZone: string): LocalDate {
  if (typeof value === 'number') return localDateOf(value, timeZone);
  plainDate(value);
  return value;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return plainDate(date).add({ days }).toString();
}

/** Whole days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return plainDate(from).until(plainDate(to), { largestUnit: 'days' }).days;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Temporal.PlainDate.compare(plainDate(a), plainDate(b));
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: LocalDate): number {
  return plainDate(date).dayOfWeek;
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight; where a daylight-saving jump
 * skips midnight the day starts when the clock jumps, and where midnight happens twice it starts
 * at the first one.
 */
export function startOfDay(date: LocalDate, timeZone: string): Instant {
  return plainDate(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** The first instant of the day after `date`: when a node due on `date` turns red if still open. */
export function startOfNextDay(date: LocalDate, timeZone: string): Instant {
  return startOfDay(addDays(date, 1), timeZone);
}

export function monthOf(date: LocalDate): Month {
  plainDate(date);
  return date.slice(0, 7);
}

export function monthPeriod(month: Month): Period {
  let first: Temporal.PlainDate | undefined;
  try {
    if (MONTH.test(month)) first = plainDate(`${month}-01`);
  } catch {
    // refused below
  }
  if (!first) throw new RangeError(`not a calendar month (YYYY-MM): ${JSON.stringify(month)}`);
  return { kind: 'month', start: first.toString(), end: first.with({ day: first.daysInMonth }).toString() };
}

/** The week (Monday to Sunday), month or year that contains `date`. */
export function periodContaining(kind: PeriodKind, date: LocalDate): Period {
  switch (kind) {
    case 'week': {
      const start = addDays(date, 1 - dayOfWeek(date));
      return { kind, start, end: addDays(start, 6) };
    }
    case 'month':
      return monthPeriod(monthOf(date));
    case 'year': {
      const year = monthOf(date).slice(0, 4);
      return { kind, start: `${year}-01-01`, end: `${year}-12-31` };
    }
  }
}

export function isWithin(date: LocalDate, period: Period): boolean {
  return compareDates(period.start, date) <= 0 && compareDates(date, period.end) <= 0;
}

/** The period as instants, start included and end excluded. */
export function periodInstants(period: Period, timeZone: string): { start: Instant; end: Instant } {
  return { start: startOfDay(period.start, timeZone), end: startOfNextDay(period.end, timeZone) };
}
