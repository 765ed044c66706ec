/** The working-day calendar (工作日历): statutory days, the office's own days, and whether deadlines move off days off. */
import { request } from './client';
import type { CalendarDay, CalendarSettings, Items } from './types';
import { useApi } from './useApi';

const dayPath = (date: string) => `/api/calendar/days/${date}`;

/** The year's days that are not as the weekday suggests. */
export const useCalendarDays = (year: number) => useApi<Items<CalendarDay>>(`/api/calendar/days?year=${year}`);

/** Sets the office's own day (YYYY-MM-DD), over the national calendar. */
export const setCalendarDay = (date: string, day: { working: boolean; note: string }) => request(dayPath(date), { method: 'PUT', body: day });

/** Removes the office's own day: the national calendar holds again. */
export const clearCalendarDay = (date: string) => request(dayPath(date), { method: 'DELETE' });

export const useCalendarSettings = () => useApi<CalendarSettings>('/api/calendar/settings');

export const changeCalendarSettings = (settings: CalendarSettings) => request('/api/calendar/settings', { method: 'PUT', body: settings });
