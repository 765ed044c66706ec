/**
 * Messages published from outside (Camunda's publish and correlate): a message reaches every
 * matter with an event waiting for its name and correlation key, and starts a matter of every
 * process whose latest version has a message start event of its name.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { messageUpdate } from '../workflows/api';
import type { Variables } from '../workflows/engine/state';
import type { AppContext } from './context';
import { DomainError } from './errors';
import { nextEngineKey } from './jobs';
import { instanceKeysOf } from './matters';
import { startByMessage } from './process-instances';
import { findSubscribers } from './subscriptions';

export interface PublishedMessage {
  name: string;
  correlationKey?: string;
  variables: Variables;
  /** The client that published it: the matters it starts record it. */
  startedBy: string;
}

export interface Correlation {
  messageKey: string;
  /** The matters it reached or started, first reached first; and their instance keys. */
  matterIds: string[];
  processInstanceKeys: string[];
}

/** Publishes a message: it reaches every waiting matter (one event each) and starts the processes it starts. */
export async function publishMessage(ctx: Pick<AppContext, 'knex' | 'temporal'>, message: PublishedMessage): Promise<Correlation> {
  const messageKey = await nextEngineKey(ctx.knex);
  const subscribers = await findSubscribers(ctx.knex, { kind: 'message', name: message.name, correlationKey: message.correlationKey });
  const reached: string[] = [];
  for (const workflowId of new Set(subscribers.map((s) => s.workflowId))) {
    const matterId = subscribers.find((s) => s.workflowId === workflowId)!.matterId;
    if (await deliver(ctx, workflowId, message, messageKey)) reached.push(matterId);
  }
  const started = await startByMessage(ctx, message);
  const matterIds = [...new Set([...reached, ...started])];
  const keys = await instanceKeysOf(ctx.knex, matterIds);
  return { messageKey, matterIds, processInstanceKeys: matterIds.map((id) => keys.get(id)!).filter(Boolean) };
}

/** Publishes a message that must reach or start at least one matter; nothing waiting for it is a 404. */
export async function correlateMessage(ctx: Pick<AppContext, 'knex' | 'temporal'>, message: PublishedMessage): Promise<Correlation> {
  const correlation = await publishMessage(ctx, message);
  if (correlation.matterIds.length === 0) {
    const key = message.correlationKey === undefined ? '' : ` with correlation key "${message.correlationKey}"`;
    throw new DomainError('not-found', `no matter waits for message "${message.name}"${key} and no process starts with it`);
  }
  return correlation;
}

/** One workflow's waiting event takes the message; false when it no longer waits for it. */
async function deliver(ctx: Pick<AppContext, 'temporal'>, workflowId: string, message: PublishedMessage, messageKey: string): Promise<boolean> {
  try {
    await ctx.temporal.client.workflow
      .getHandle(workflowId)
      .executeUpdate(messageUpdate, { args: [{ name: message.name, correlationKey: message.correlationKey, variables: message.variables }], updateId: `message-${messageKey}` });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return false;
    throw err;
  }
}
