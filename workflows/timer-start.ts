/**
 * A timer start event firing: run by the process's Temporal Schedule (services/start-schedules.ts),
 * it starts a matter at that start event. Its workflow id, one per firing, makes the start idempotent.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from './activities';
import type { TimerStartInput } from './api';

const { startTimerInstance } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

export async function timerStartWorkflow(input: TimerStartInput): Promise<{ matterId: string }> {
  return startTimerInstance({ ...input, key: workflowInfo().workflowId });
}
