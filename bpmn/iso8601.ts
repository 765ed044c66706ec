/**
 * The ISO 8601 forms BPMN timers use: durations (PT5M, P1DT2H, P7D), date-times with an
 * offset (2026-12-01T09:00:00+08:00) and repeating intervals (R3/PT1H, R/P7D,
 * R5/2026-01-01T00:00:00Z/P1D). Pure and deterministic, so the compiler validates with it
 * and the interpreter workflow computes fire times with it.
 *
 * Calendar arithmetic is the Temporal API's (temporal-polyfill): months and days are added on the
 * calendar of a time zone. The forms themselves are matched here by pattern, because the BPMN
 * forms are narrower than what Temporal.Duration.from and Temporal.Instant.from accept (no
 * negative or fractional-hour durations, an offset always required) and repeating intervals have
 * no parser in any library made for them.
 */
import { Temporal } from 'temporal-polyfill';

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
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 18 || Number(offset.replace(':', '').slice(3, 5)) > 59)) return undefined;
  const zone = offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.replace(':', '').slice(3, 5)}`;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  try {
    // Temporal refuses days a month does not have (2026-02-30) rather than rolling over.
    return Temporal.Instant.from(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}.${millis}${zone}`).epochMilliseconds;
  } catch {
    return undefined;
  }
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
 * Adds a duration to an instant on the calendar of `timeZone`: years, months, weeks and days move
 * the wall-clock date (P1M from 31 January lands on the last day of February, as java.time and
 * Camunda do; P1M from local midnight of the 1st is local midnight of the next 1st), hours and
 * smaller units are exact time. Matters recorded before zoned calendars used UTC, the default.
 */
export function addDuration(epochMillis: number, duration: IsoDuration, timeZone = 'UTC'): number {
  const wholeSeconds = Math.floor(duration.seconds);
  return Temporal.Instant.fromEpochMilliseconds(epochMillis)
    .toZonedDateTimeISO(timeZone)
    .add({
      years: duration.years,
      months: duration.months,
      weeks: duration.weeks,
      days: duration.days,
      hours: duration.hours,
      minutes: duration.minutes,
      seconds: wholeSeconds,
      milliseconds: Math.round((duration.seconds - wholeSeconds) * 1000),
    }).epochMilliseconds;
}

function isZero(duration: IsoDuration): boolean {
  return Object.values(duration).every((part) => part === 0);
}
