/**
 * When a BPMN timer fires: ISO 8601 durations, date-times and repeating intervals,
 * evaluated against "now" supplied by the workflow (deterministic under replay).
 */

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Adds an ISO 8601 duration to an instant; years and months move the calendar date, the rest are exact. */
export function addDuration(from: number, iso: string): number {
  const m = DURATION.exec(iso.trim());
  if (!m || iso.trim() === 'P' || iso.trim().endsWith('T')) throw new Error(`"${iso}" is not an ISO 8601 duration`);
  const sign = m[1] ? -1 : 1;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(2).map((v) => (v ? Number(v) : 0));
  const date = new Date(from);
  if (years || months) date.setUTCMonth(date.getUTCMonth() + sign * (years * 12 + months));
  const exactMs = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return date.getTime() + sign * exactMs;
}

export function parseInstant(iso: string): number {
  const t = Date.parse(iso.trim());
  if (Number.isNaN(t)) throw new Error(`"${iso}" is not an ISO 8601 date-time`);
  return t;
}

export interface TimerSchedule {
  fireAt: number;
  /** For cycles: repetitions after the first (-1 = unbounded) and the period. */
  remaining?: number;
  intervalMs?: number;
}

/** R[n]/[start/]duration → first firing and the period. */
export function cycleSchedule(iso: string, now: number): TimerSchedule {
  const parts = iso.trim().split('/');
  const reps = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!reps || parts.length < 2 || parts.length > 3) throw new Error(`"${iso}" is not an ISO 8601 repeating interval`);
  const total = reps[1] === '' ? -1 : Number(reps[1]);
  if (total === 0) throw new Error(`"${iso}" repeats zero times`);
  const duration = parts[parts.length - 1];
  let first: number;
  if (parts.length === 3) {
    first = parseInstant(parts[1]);
    // A start in the past fires at the next period boundary from now, not a burst of missed ones.
    const period = addDuration(first, duration) - first;
    if (first < now && period > 0) first += Math.ceil((now - first) / period) * period;
  } else {
    first = addDuration(now, duration);
  }
  const intervalMs = addDuration(first, duration) - first;
  if (intervalMs <= 0) throw new Error(`"${iso}" has no positive period`);
  return { fireAt: first, remaining: total === -1 ? -1 : total - 1, intervalMs };
}

export function timerSchedule(kind: 'duration' | 'date' | 'cycle', value: string, now: number): TimerSchedule {
  switch (kind) {
    case 'duration':
      return { fireAt: addDuration(now, value) };
    case 'date':
      return { fireAt: parseInstant(value) };
    case 'cycle':
      return cycleSchedule(value, now);
  }
}

/** A due date given as a date-time, a date, or a duration from now. */
export function dueInstant(value: string, now: number): number {
  const v = value.trim();
  return v.startsWith('P') || v.startsWith('-P') ? addDuration(now, v) : parseInstant(v);
}
