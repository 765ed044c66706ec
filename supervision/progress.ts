/**
 * The provincial platform's mark on a quantified target: ahead 提前完成, on schedule 序时推进,
 * lagging 滞后. Progress is measured against a straight line from nothing on the start date to
 * the whole target at the end of the deadline.
 */
import { compareDates, daysBetween, localDateOf, toLocalDate, type Instant, type LocalDate } from './calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from './config';

export type ProgressMark = 'ahead' | 'onSchedule' | 'lagging';

export interface QuantifiedTarget {
  /** The amount to reach by the deadline, greater than zero. */
  target: number;
  /** The amount reached so far. */
  actual: number;
  /** The first day of the plan. */
  startDate: LocalDate | Instant;
  /** The last day of the plan. */
  deadline: LocalDate | Instant;
}

export interface Progress {
  mark: ProgressMark;
  /** What should have been reached by now: target × elapsedDays ÷ plannedDays. */
  expected: number;
  /** Whole days of the plan that are over: none on the start date, plannedDays after the deadline. */
  elapsedDays: number;
  /** Days from the start date to the deadline, both included: 1 when they are the same day. */
  plannedDays: number;
}

export function measureProgress(
  quantified: QuantifiedTarget,
  now: Instant,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Progress {
  const { target, actual } = quantified;
  if (!(target > 0) || !Number.isFinite(target)) throw new RangeError(`target must be a positive number, got ${target}`);
  const start = toLocalDate(quantified.startDate, config.timeZone);
  const deadline = toLocalDate(quantified.deadline, config.timeZone);
  const plannedDays = daysBetween(start, deadline) + 1;
  if (plannedDays < 1) throw new RangeError(`deadline ${deadline} is before the start date ${start}`);
  // Today is not over yet, so it does not count: on the deadline itself the last day is still to go.
  const today = localDateOf(now, config.timeZone);
  const elapsedDays = Math.min(Math.max(daysBetween(start, today), 0), plannedDays);
  const expected = (target * elapsedDays) / plannedDays;
  const metBeforeDeadline = actual >= target && compareDates(today, deadline) < 0;
  // Nothing done is never ahead, even before the plan starts when nothing is expected.
  const ahead = actual > 0 && (atLeast(actual, config.aheadFactor * expected) || metBeforeDeadline);
  const mark = ahead ? 'ahead' : atLeast(actual, expected) ? 'onSchedule' : 'lagging';
  return { mark, expected, elapsedDays, plannedDays };
}

/** a ≥ b to nine significant digits: 1.1 × 10 is 11.000000000000002 in floating point, and 11 should reach it. */
function atLeast(a: number, b: number): boolean {
  return a >= b - Math.abs(b) * 1e-9;
}
