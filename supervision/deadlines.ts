/**
 * When a deadline's timers fire: the warning before it (临近提醒) and the escalation once it has
 * passed (逾期), as ISO instants the flow's timer events use. Pure, like the other rules.
 */
import type { WorkingDays } from '../bpmn/working-days';
import { addDays, startOfDay, startOfNextDay, type LocalDate } from './calendar';

/** Warnings go out at this hour of the local working day. */
const WARNING_HOUR = 9;

export interface DeadlineTimers {
  /** The first working hour `warnDays` days (working days, given a calendar) before the deadline; at once if that has passed. */
  warnAt: string;
  /** The first moment of the day after the deadline: from then the node is overdue (red). */
  overdueAt: string;
}

export function deadlineTimers(deadline: LocalDate, warnDays: number, timeZone: string, workingDays?: WorkingDays): DeadlineTimers {
  const days = Math.max(0, Math.floor(warnDays));
  const warnDay = workingDays ? workingDays.add(deadline, -days) : addDays(deadline, -days);
  return {
    warnAt: new Date(startOfDay(warnDay, timeZone) + WARNING_HOUR * 3_600_000).toISOString(),
    overdueAt: new Date(startOfNextDay(deadline, timeZone)).toISOString(),
  };
}
