/**
 * The supervision calendar, run by a Temporal Schedule every night just after midnight in the
 * organisation's zone (every business day of a drill): in the first nights of a month it closes the
 * month before, issuing its cards. Closing again adds none twice, so the nights after the 1st make up
 * for a night missed (a server down, a drill's schedule stepping over the 1st).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './activities';
import { addDays, localDateOf } from '../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { type DrillClock, businessTime } from './clock';

const { closeMonth } = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry: { maximumInterval: '5 minutes' } });

export const CALENDAR_WORKFLOW = 'supervisionCalendarWorkflow';
/** The nights at the start of a month on which the calendar closes the month before. */
const CLOSING_NIGHTS = 3;

export async function supervisionCalendarWorkflow(options: { drill?: DrillClock } = {}): Promise<{ closedMonth?: string; cards?: number }> {
  const today = localDateOf(businessTime(options.drill, Date.now()), DEFAULT_SUPERVISION_CONFIG.timeZone);
  if (Number(today.slice(8)) > CLOSING_NIGHTS) return {};
  const month = addDays(`${today.slice(0, 8)}01`, -1).slice(0, 7);
  const { cards } = await closeMonth({ month });
  return { closedMonth: month, cards };
}
