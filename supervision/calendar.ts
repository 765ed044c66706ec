/**
 * Calendar days in the organisation's time zone. The supervision rules count days, not hours: a
 * task due on 31 March is on time until the last moment of 31 March in Shanghai, wherever the
 * server runs. Instants are epoch milliseconds (as in the workflow state); calendar dates are
 * `YYYY-MM-DD` strings, which compare correctly as strings. Uses only `Intl`, so workflow code can
 * import it.
 */

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

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Midnight UTC of a calendar date: calendar arithmetic without any zone. */
function utcMidnight(date: LocalDate): number {
  const match = DATE.exec(date);
  if (match) {
    const [, year, month, day] = match.map(Number);
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 2026-02-30 over to 2 March; a real date survives the round trip.
    if (formatUtcDate(ms) === date) return ms;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function formatUtcDate(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isLocalDate(text: string): boolean {
  try {
    utcMidnight(text);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading at `instant` in `timeZone`, as if that reading were UTC, whole seconds. */
function wallClock(instant: Instant, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: Instant, timeZone: string): number {
  return wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

/** The calendar date `instant` falls on in `timeZone`. */
export function localDateOf(instant: Instant, timeZone: string): LocalDate {
  return formatUtcDate(wallClock(instant, timeZone));
}

/** A due date given either way: a calendar date as is, an instant as the date it falls on. */
export function toLocalDate(value: LocalDate | Instant, timeZone: string): LocalDate {
  if (typeof value === 'number') return localDateOf(value, timeZone);
  utcMidnight(value);
  return value;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatUtcDate(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(utcMidnight(a) - utcMidnight(b));
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: LocalDate): number {
  return ((new Date(utcMidnight(date)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight; where a daylight-saving jump
 * skips midnight the day starts when the clock jumps, and where midnight happens twice it starts
 * at the first one.
 */
export function startOfDay(date: LocalDate, timeZone: string): Instant {
  const wall = utcMidnight(date);
  // Real zones change offset at most once within a day either side of any date.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const exact = [wall - before, wall - after].filter((instant) => wallClock(instant, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Midnight was skipped: search the gap for the first instant that reads `date`.
  let low = wall - after;
  let high = wall - before;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDateOf(middle, timeZone) >= date) high = middle;
    else low = middle;
  }
  return high;
}

/** The first instant of the day after `date`: when a node due on `date` turns red if still open. */
export function startOfNextDay(date: LocalDate, timeZone: string): Instant {
  return startOfDay(addDays(date, 1), timeZone);
}

export function monthOf(date: LocalDate): Month {
  utcMidnight(date);
  return date.slice(0, 7);
}

export function monthPeriod(month: Month): Period {
  const match = MONTH.exec(month);
  const start = `${month}-01`;
  if (!match || !isLocalDate(start)) throw new RangeError(`not a calendar month (YYYY-MM): ${JSON.stringify(month)}`);
  const [, year, monthNumber] = match.map(Number);
  return { kind: 'month', start, end: formatUtcDate(Date.UTC(year, monthNumber, 0)) };
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
