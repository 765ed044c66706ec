/**
 * Signals broadcast across matters: a signal reaches every workflow waiting for it (the
 * event_subscriptions table) and starts a matter of every process whose diagram starts with it.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { signalUpdate } from '../workflows/api';
import type { Variables } from '../workflows/engine/state';
import type { AppContext } from './context';
import { definitionsStartedBy } from './definitions';
import { startInstance, startOf } from './process-instances';
import { findSubscribers } from './subscriptions';

/** Updates sent at once; a broadcast to many matters goes out in rounds of this many. */
const ROUND = 20;

export interface SignalBroadcast {
  name: string;
  variables: Variables;
  /** The workflow that threw the signal: it has had it already. */
  fromWorkflowId?: string;
  /**
   * Makes the broadcast idempotent: sent again with the same key, it reaches no workflow twice and
   * starts no matter twice. A new key without.
   */
  signalKey?: string;
  /** Who broadcast it (a client of the API); the matters it starts record it. */
  startedBy?: string;
}

/**
 * Broadcasts a signal: every workflow waiting for it hears it (those that no longer wait, or have
 * ended, are passed over), and every process whose latest version has a signal start event of that
 * name starts a matter. `delivered`: how many workflows it triggered something in.
 */
export async function broadcastSignal(
  ctx: Pick<AppContext, 'knex' | 'temporal'>,
  signal: SignalBroadcast,
): Promise<{ signalKey: string; delivered: number; started: string[] }> {
  const signalKey = signal.signalKey ?? randomUUID();
  const subscribers = await findSubscribers(ctx.knex, { kind: 'signal', name: signal.name });
  const workflowIds = [...new Set(subscribers.map((s) => s.workflowId))].filter((id) => id !== signal.fromWorkflowId);
  let delivered = 0;
  for (let i = 0; i < workflowIds.length; i += ROUND) {
    const triggered = await Promise.all(workflowIds.slice(i, i + ROUND).map((workflowId) => deliver(ctx, workflowId, signal, signalKey)));
    delivered += triggered.filter(Boolean).length;
  }
  const started: string[] = [];
  for (const definition of await definitionsStartedBy(ctx.knex, { kind: 'signal', signalName: signal.name })) {
    const instance = await startInstance(ctx, {
      processKey: definition.key,
      version: definition.version,
      variables: signal.variables,
      startEventId: startOf(definition, 'signal', signal.name).id,
      startedBy: signal.startedBy ?? 'signal',
      instanceKey: `signal:${signalKey}:${definition.key}`,
    });
    started.push(instance.matterId);
  }
  return { signalKey, delivered, started };
}

/** Sends the signal to one workflow; false when it no longer waits for it (ended, or refused it). */
async function deliver(ctx: Pick<AppContext, 'temporal'>, workflowId: string, signal: SignalBroadcast, signalKey: string): Promise<boolean> {
  try {
    const { triggered } = await ctx.temporal.client.workflow
      .getHandle(workflowId)
      // The update id is the broadcast's: a retried broadcast is answered with the first delivery's result.
      .executeUpdate(signalUpdate, { args: [{ signalName: signal.name, variables: signal.variables }], updateId: `signal-${signalKey}` });
    return triggered > 0;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return false;
    throw err;
  }
}
