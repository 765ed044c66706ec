/**
 * When a BPMN timer fires, from the ISO 8601 forms the compiler accepted (bpmn/iso8601.ts),
 * evaluated against "now" supplied by the workflow (deterministic under replay).
 */
import { Temporal } from 'temporal-polyfill';
import { type IsoDuration, addDuration, parseCycle, parseDateTime, parseDuration } from '../../bpmn/iso8601';

export interface TimerSchedule {
  fireAt: number;
  /** For cycles: repetitions after the first (-1 = unbounded) and the period. */
  remaining?: number;
  intervalMs?: number;
  /** Calendar cycles: firing n is n intervals after the anchor, so a monthly cycle keeps its day of the month. */
  cycle?: CalendarCycle;
}

export interface CalendarCycle {
  anchor: number;
  every: IsoDuration;
  /** The zone whose calendar the units step in; UTC when unset (matters recorded before zones). */
  timeZone?: string;
  /** Which firing fireAt is (0 is the anchor itself). */
  n: number;
}

function times(d: IsoDuration, n: number): IsoDuration {
  return { years: d.years * n, months: d.months * n, weeks: d.weeks * n, days: d.days * n, hours: d.hours * n, minutes: d.minutes * n, seconds: d.seconds * n };
}

/** When firing n of a calendar cycle falls. */
export function cycleFiring(cycle: Omit<CalendarCycle, 'n'>, n: number): number {
  return addDuration(cycle.anchor, times(cycle.every, n), cycle.timeZone);
}

function duration(text: string) {
  const d = parseDuration(text.trim());
  if (!d) throw new Error(`"${text}" is not an ISO 8601 duration`);
  return d;
}

function instant(text: string): number {
  const t = parseDateTime(text.trim());
  if (t === undefined) throw new Error(`"${text}" is not an ISO 8601 date-time with an offset`);
  return t;
}

/**
 * R[n]/[start/]duration → first firing and the period. A start in the past fires at the next
 * period boundary from now, not in a burst of missed ones. With `calendar`, firings are counted
 * from the start in calendar units (31 Jan, 28 Feb, 31 Mar for P1M); without, the first period's
 * length in milliseconds repeats (matters started before calendar cycles keep that).
 */
function cycleSchedule(text: string, now: number, calendar: boolean, timeZone: string | undefined): TimerSchedule {
  const cycle = parseCycle(text.trim());
  if (!cycle) throw new Error(`"${text}" is not an ISO 8601 repeating interval`);
  const remaining = cycle.repetitions === undefined ? -1 : cycle.repetitions - 1;
  if (calendar) {
    const base = { anchor: cycle.start ?? now, every: cycle.interval, ...(timeZone && { timeZone }) };
    const period = cycleFiring(base, 1) - base.anchor;
    let n = cycle.start === undefined ? 1 : Math.max(0, Math.floor((now - base.anchor) / period) - 1);
    while (cycleFiring(base, n) < now) n += 1;
    return { fireAt: cycleFiring(base, n), remaining, cycle: { ...base, n } };
  }
  let first: number;
  if (cycle.start !== undefined) {
    first = cycle.start;
    const period = addDuration(first, cycle.interval) - first;
    if (first < now) first += Math.ceil((now - first) / period) * period;
  } else {
    first = addDuration(now, cycle.interval);
  }
  const intervalMs = addDuration(first, cycle.interval) - first;
  return { fireAt: first, remaining, intervalMs };
}

/** With `timeZone`, calendar units (days, weeks, months, years) step on that zone's calendar; else on UTC's. */
export function timerSchedule(
  kind: 'duration' | 'date' | 'cycle',
  value: string,
  now: number,
  options: { calendarCycles?: boolean; timeZone?: string } = {},
): TimerSchedule {
  switch (kind) {
    case 'duration':
      return { fireAt: addDuration(now, duration(value), options.timeZone) };
    case 'date':
      return { fireAt: instant(value) };
    case 'cycle':
      return cycleSchedule(value, now, options.calendarCycles ?? false, options.timeZone);
  }
}

/**
 * A due date given as a date-time, a duration from now, or a calendar date: due on that day means
 * due until its last moment in the organisation's zone (UTC+8 for matters recorded before zones).
 */
export function dueInstant(value: string, now: number, timeZone?: string): number {
  const v = value.trim();
  if (v.startsWith('P')) return addDuration(now, duration(v), timeZone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (!timeZone) return instant(`${v}T23:59:59.999+08:00`);
    return Temporal.PlainDate.from(v).add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds - 1;
  }
  return instant(v);
}
