/** The Temporal Schedules the application relies on, created on start when missing. */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { CALENDAR_WORKFLOW } from '../workflows/calendar';

export const CALENDAR_SCHEDULE_ID = 'supervision-calendar';

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
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
