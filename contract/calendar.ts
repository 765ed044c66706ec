/** The working-day calendar (工作日历): everyone reads it, admins keep the office's own days. */
import { type Static, Type } from 'typebox';
import { Errors, Items, LocalDate, routes } from './common';

/** A day that is not what Monday to Friday would make it: a national holiday or make-up day, or the office's own. */
export const CalendarDay = Type.Object({ date: LocalDate, working: Type.Boolean(), note: Type.String(), source: Type.Enum(['national', 'local']) });

/** Whether deadlines and due dates on a day off move to the next working day (for matters registered from then on). */
export const CalendarSettings = Type.Object({ dueOnWorkingDays: Type.Boolean() });

const DateParam = Type.Object({ date: Type.String({ format: 'date', pattern: '^(19|20|21)\\d{2}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false });

export const CalendarRoutes = routes('calendar', {
  days: {
    querystring: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2199 }) }, { additionalProperties: false }),
    response: { 200: Items(CalendarDay), ...Errors },
  },
  setDay: {
    params: DateParam,
    body: Type.Object({ working: Type.Boolean(), note: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
    response: { 200: CalendarDay, ...Errors },
  },
  /** Removes the office's own entry: the national calendar applies again. */
  clearDay: { params: DateParam, response: { 200: Type.Object({ date: LocalDate, cleared: Type.Boolean() }), ...Errors } },
  settings: { response: { 200: CalendarSettings, ...Errors } },
  setSettings: {
    body: Type.Object({ dueOnWorkingDays: Type.Boolean() }, { additionalProperties: false }),
    response: { 200: CalendarSettings, ...Errors },
  },
});

export type CalendarDay = Static<typeof CalendarDay>;
export type CalendarSettings = Static<typeof CalendarSettings>;
