/**
 * When a BPMN timer fires, from the ISO 8601 forms the compiler accepted (bpmn/iso8601.ts),
 * evaluated against "now" supplied by the workflow (deterministic under replay).
 */
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../../bpmn/iso8601';

export interface TimerSchedule {
  fireAt: number;
  /** For cycles: repetitions after the first (-1 = unbounded) and the period. */
  remaining?: number;
  intervalMs?: number;
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

/** R[n]/[start/]duration → first firing and the period. */
function cycleSchedule(text: string, now: number): TimerSchedule {
  const cycle = parseCycle(text.trim());
  if (!cycle) throw new Error(`"${text}" is not an ISO 8601 repeating interval`);
  let first: number;
  if (cycle.start !== undefined) {
    first = cycle.start;
    // A start in the past fires at the next period boundary from now, not in a burst of missed ones.
    const period = addDuration(first, cycle.interval) - first;
    if (first < now) first += Math.ceil((now - first) / period) * period;
  } else {
    first = addDuration(now, cycle.interval);
  }
  const intervalMs = addDuration(first, cycle.interval) - first;
  return { fireAt: first, remaining: cycle.repetitions === undefined ? -1 : cycle.repetitions - 1, intervalMs };
}

export function timerSchedule(kind: 'duration' | 'date' | 'cycle', value: string, now: number): TimerSchedule {
  switch (kind) {
    case 'duration':
      return { fireAt: addDuration(now, duration(value)) };
    case 'date':
      return { fireAt: instant(value) };
    case 'cycle':
      return cycleSchedule(value, now);
  }
}

/**
 * A due date given as a date-time, a duration from now, or a calendar date: due on that day means
 * due until its last moment (in the organisation's zone, UTC+8 by default).
 */
export function dueInstant(value: string, now: number, zoneOffset = '+08:00'): number {
  const v = value.trim();
  if (v.startsWith('P')) return addDuration(now, duration(v));
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return instant(`${v}T23:59:59.999${zoneOffset}`);
  return instant(v);
}
