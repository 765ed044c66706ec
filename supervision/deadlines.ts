/**
 * When a deadline's timers fire: the warning before it (临近提醒) and the escalation once it has
 * passed (逾期), as ISO instants the flow's timer events use. Pure, like the other rules.
 */
import { addDays, startOfDay, startOfNextDay, type LocalDate } from './calendar';

/** Warnings go out at this hour of the local working day. */
const WARNING_HOUR = 9;

export interface DeadlineTimers {
  /** The first working hour `warnDays` days before the deadline (or now-ish if that has passed: the timer fires at once). */
  warnAt: string;
  /** The first moment of the day after the deadline: from then the node is overdue (red). */
  overdueAt: string;
}

export function deadlineTimers(deadline: LocalDate, warnDays: number, timeZone: string): DeadlineTimers {
  const warnDay = addDays(deadline, -Math.max(0, Math.floor(warnDays)));
  return {
    warnAt: new Date(startOfDay(warnDay, timeZone) + WARNING_HOUR * 3_600_000).toISOString(),
    overdueAt: new Date(startOfNextDay(deadline, timeZone)).toISOString(),
  };
}
