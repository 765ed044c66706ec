/**
 * The supervision calendar, run by a Temporal Schedule every night just after midnight in the
 * organisation's zone: on the first day of a month it closes the month before, issuing its cards.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addDays, localDateOf } from '../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';

const { closeMonth } = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry: { maximumInterval: '5 minutes' } });

export const CALENDAR_WORKFLOW = 'supervisionCalendarWorkflow';

export async function supervisionCalendarWorkflow(): Promise<{ closedMonth?: string; cards?: number }> {
  const today = localDateOf(Date.now(), DEFAULT_SUPERVISION_CONFIG.timeZone);
  if (!today.endsWith('-01')) return {};
  const month = addDays(today, -1).slice(0, 7);
  const { cards } = await closeMonth({ month });
  return { closedMonth: month, cards };
}
