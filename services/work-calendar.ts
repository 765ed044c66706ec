/**
 * The organisation's working-day calendar: China's statutory holidays and make-up working days from
 * the chinese-days package, with the office's own days (the `calendar_days` table) on top. Matters
 * take the part of it their span needs when they start, so their workflows stay deterministic;
 * a day changed later applies to matters started after.
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { type WorkCalendar, WorkingDays } from '../bpmn/working-days';

interface NationalDays {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const national = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as NationalDays;
/** The package's own name of each day: "Spring Festival,春节,4" → 春节. */
const holidayName = (entry: string) => entry.split(',')[1] ?? entry;

export interface CalendarDay {
  date: string;
  working: boolean;
  /** What the day is: the national holiday's name, or the office's note. */
  note: string;
  source: 'national' | 'local';
}

interface CalendarDayRow {
  date: string;
  working: boolean;
  note: string;
}

/** The whole calendar: national days, then the office's own overriding them, and the office's setting. */
export async function workCalendar(knex: Knex): Promise<WorkCalendar> {
  const holidays = new Set(Object.keys(national.holidays));
  const workdays = new Set(Object.keys(national.workdays));
  const [rows, settings] = await Promise.all([knex<CalendarDayRow>('calendar_days').select('date', 'working'), calendarSettings(knex)]);
  for (const row of rows) {
    (row.working ? workdays : holidays).add(row.date);
    (row.working ? holidays : workdays).delete(row.date);
  }
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort(), moveDueDates: settings.dueOnWorkingDays };
}

export interface CalendarSettings {
  /** Deadlines and due dates that fall on a day off move to the next working day. */
  dueOnWorkingDays: boolean;
}

const SETTINGS_KEY = 'calendar';

export async function calendarSettings(knex: Knex): Promise<CalendarSettings> {
  const row = await knex('office_settings').where({ key: SETTINGS_KEY }).first('value');
  return { dueOnWorkingDays: row?.value?.dueOnWorkingDays === true };
}

export async function setCalendarSettings(knex: Knex, settings: CalendarSettings, by: string): Promise<void> {
  await knex('office_settings')
    .insert({ key: SETTINGS_KEY, value: JSON.stringify(settings), updated_by: by, updated_at: knex.fn.now() })
    .onConflict('key')
    .merge();
}

export async function workingDays(knex: Knex): Promise<WorkingDays> {
  return new WorkingDays(await workCalendar(knex));
}

/** The days of a year that are not what Monday to Friday would make them, national and local. */
export async function calendarDays(knex: Knex, year: number): Promise<CalendarDay[]> {
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const days = new Map<string, CalendarDay>();
  for (const [date, entry] of Object.entries(national.holidays)) if (inYear(date)) days.set(date, { date, working: false, note: holidayName(entry), source: 'national' });
  for (const [date, entry] of Object.entries(national.workdays)) if (inYear(date)) days.set(date, { date, working: true, note: `${holidayName(entry)}调休上班`, source: 'national' });
  const local = await knex<CalendarDayRow>('calendar_days').whereBetween('date', [`${year}-01-01`, `${year}-12-31`]).select('date', 'working', 'note');
  for (const row of local) days.set(row.date, { date: row.date, working: row.working, note: row.note, source: 'local' });
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export async function setCalendarDay(knex: Knex, day: { date: string; working: boolean; note: string }, by: string): Promise<void> {
  await knex('calendar_days')
    .insert({ ...day, updated_by: by, updated_at: knex.fn.now() })
    .onConflict('date')
    .merge();
}

/** Removes the office's own entry for a day: the national calendar applies again. Whether there was one. */
export async function clearCalendarDay(knex: Knex, date: string): Promise<boolean> {
  return (await knex('calendar_days').where({ date }).delete()) > 0;
}
