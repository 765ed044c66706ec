/** The Temporal Schedules the application relies on, created on start when missing. */
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { CALENDAR_WORKFLOW } from '../workflows/calendar';
import type { DrillClock } from '../workflows/clock';

export const CALENDAR_SCHEDULE_ID = 'supervision-calendar';
export const DRILL_CALENDAR_SCHEDULE_ID = 'supervision-calendar-drill';

/**
 * The supervision calendar runs every night. In a drill it runs once per business day instead, with
 * this start's drill clock: the schedule is made anew on every start.
 */
export async function ensureSchedules(client: Client, taskQueue: string, drill?: DrillClock): Promise<void> {
  if (drill) {
    await client.schedule
      .getHandle(DRILL_CALENDAR_SCHEDULE_ID)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
    await client.schedule.create({
      scheduleId: DRILL_CALENDAR_SCHEDULE_ID,
      spec: { intervals: [{ every: Math.max(1000, Math.round(86_400_000 / drill.factor)) }] },
      action: { type: 'startWorkflow', workflowType: CALENDAR_WORKFLOW, taskQueue, args: [{ drill }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return;
  }
  try {
    await client.schedule.create({
      scheduleId: CALENDAR_SCHEDULE_ID,
      spec: { calendars: [{ hour: 0, minute: 5 }], timezone: DEFAULT_SUPERVISION_CONFIG.timeZone },
      action: { type: 'startWorkflow', workflowType: CALENDAR_WORKFLOW, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
