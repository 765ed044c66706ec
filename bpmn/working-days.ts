/**
 * Working days (工作日), the business calendar of timers, due dates and FEEL's `add working days`:
 * Monday to Friday, less the statutory holidays, plus the make-up working days (调休) the State
 * Council publishes each year. A calendar is plain data — the days that differ from the
 * Monday-to-Friday rule — so a matter carries the calendar it started with and its workflow stays
 * deterministic. Pure; the national days come from the chinese-days package and an office's own
 * from the `calendar_days` table (services/work-calendar.ts).
 */
import { Temporal } from 'temporal-polyfill';

/** A calendar date, `YYYY-MM-DD`. */
type LocalDate = string;

export interface WorkCalendar {
  /** Days on which nobody works though they fall Monday to Friday: holidays and days in lieu. */
  holidays: LocalDate[];
  /** Weekend days that are working days (调休上班). */
  workdays: LocalDate[];
  /** Deadlines and due dates that fall on a day off move to the next working day (the office's setting, off by default). */
  moveDueDates?: boolean;
}

/** A calendar's days as sets, for the lookups below. */
export class WorkingDays {
  private readonly off: Set<LocalDate>;
  private readonly on: Set<LocalDate>;
  readonly moveDueDates: boolean;

  constructor(calendar: WorkCalendar) {
    this.off = new Set(calendar.holidays);
    this.on = new Set(calendar.workdays);
    this.moveDueDates = calendar.moveDueDates ?? false;
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.on.has(date)) return true;
    return Temporal.PlainDate.from(date).dayOfWeek <= 5 && !this.off.has(date);
  }

  /** `date` itself when it is a working day, else the first working day after it. */
  onOrAfter(date: LocalDate): LocalDate {
    let day = Temporal.PlainDate.from(date);
    // Holidays last at most nine days in a row here; a year without a working day is a broken calendar.
    for (let i = 0; i < 366 && !this.isWorkingDay(day.toString()); i++) day = day.add({ days: 1 });
    return day.toString();
  }

  /** An instant moved, whole days at a time, onto a working day in `timeZone` (as it is when it falls on one). */
  onWorkingDay(instant: number, timeZone: string): number {
    const at = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
    const day = at.toPlainDate();
    const days = day.until(Temporal.PlainDate.from(this.onOrAfter(day.toString())), { largestUnit: 'days' }).days;
    return days === 0 ? instant : at.add({ days }).epochMilliseconds;
  }

  /** `n` working days after `date`, or before it for a negative `n`, counting working days only. */
  add(date: LocalDate, n: number): LocalDate {
    const step = n < 0 ? -1 : 1;
    let day = Temporal.PlainDate.from(date);
    for (let left = Math.abs(Math.trunc(n)); left > 0; ) {
      day = day.add({ days: step });
      if (this.isWorkingDay(day.toString())) left -= 1;
    }
    return day.toString();
  }
}

/** The days of `calendar` from `from` to `to`, both included: what a matter of that span needs. */
export function calendarBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): WorkCalendar {
  const within = (d: LocalDate) => d >= from && d <= to;
  return { ...calendar, holidays: calendar.holidays.filter(within), workdays: calendar.workdays.filter(within) };
}
