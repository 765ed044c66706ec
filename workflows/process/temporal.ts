/**
 * The ports of the effect runner and the projector over Temporal's workflow SDK: activities with
 * their timeouts and retries, timers on the matter's business clock, cancellation scopes, the
 * called process's child workflow, search attributes and patches.
 */
import {
  CancellationScope,
  executeChild,
  patched,
  proxyActivities,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PROCESS_WORKFLOW, type ProcessInput, type ProcessResult } from '../api';
import { businessTime, realDelay } from '../clock';
import type { EffectPort } from './effects';
import type { ProjectionPort } from './projector';

const { projectMatter, loadDefinition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// A broadcast reaches every waiting matter and starts matters: retried until it goes through.
const { broadcastSignal } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The ports of a matter whose business time runs on `input.drill` (real time without one). */
export function temporalPorts(input: ProcessInput): EffectPort & ProjectionPort {
  /** Business time: the workflow's clock, or the drill clock's reading of it. */
  const now = () => businessTime(input.drill, Date.now());
  return {
    now,
    sleepUntil: (at) => sleep(realDelay(input.drill, at - now())),
    newScope: () => new CancellationScope(),
    runServiceTask: (serviceTask, retries) => {
      const { runServiceTask } = proxyActivities<Activities>({
        startToCloseTimeout: '5 minutes',
        retry: { maximumAttempts: Math.max(1, retries), nonRetryableErrorTypes: ['BpmnError'] },
      });
      return runServiceTask(serviceTask);
    },
    loadDefinition: (key) => loadDefinition({ key }),
    executeChild: (workflowId, child) => executeChild<(input: ProcessInput) => Promise<ProcessResult>>(PROCESS_WORKFLOW, { workflowId, args: [child] }),
    broadcastSignal: (signal) => broadcastSignal(signal),
    projectMatter: (projection) => projectMatter(projection),
    upsertSearchAttributes: (attributes) => upsertSearchAttributes(attributes),
    patched: (patchId) => patched(patchId),
  };
}
