/** Pulls a superior system's feed of matters; started by that system's Temporal Schedule. */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './activities';

const { pullSuperiorFeed } = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry: { maximumAttempts: 3 } });

export async function superiorPullWorkflow({ systemId }: { systemId: number }) {
  return pullSuperiorFeed({ systemId });
}
