/**
 * A matter's history, read from its workflow's event history across every run (continue-as-new):
 * who started it, each element as the interpreter completed it, each task completion and message
 * with who sent it.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { Projection } from '../workflows/activities';
import type { ChangeTaskRequest, CompleteTaskRequest, MessageRequest, ProcessInput } from '../workflows/api';
import type { CompletedElement } from '../workflows/engine/state';
import { matterWorkflowId } from '../workflows/api';
import { matterInstructions } from './instructions';
import type { MatterRow } from './matters';
import { taskNamesOf } from './tasks';

/** What a called process did carries its call path: the call activities from the matter's process down to it. */
type Called = { callPath?: string[] };

export type HistoryEntry = Called &
  (
    | { at: string; kind: 'started'; processKey: string; processVersion: number; variables: Record<string, unknown> }
    | { at: string; kind: 'element'; elementId: string; name?: string; type: string; outcome: CompletedElement['outcome']; startedAt: string }
    | { at: string; kind: 'taskCompleted'; taskId: string; by: string; unitId: string; variables: Record<string, unknown> }
    | { at: string; kind: 'taskChanged'; taskId: string; action: ChangeTaskRequest['action']; by: string; unitId?: string }
    | { at: string; kind: 'message'; name: string; variables: Record<string, unknown> }
    | { at: string; kind: 'ended'; status: string }
  );

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const decode = <T>(payloads: Payloads, index = 0): T => defaultPayloadConverter.fromPayload<T>(payloads!.payloads![index]);
const iso = (ms: number) => new Date(ms).toISOString();

/** Called processes nested deeper than this are left out of the history (a call activity calling its own process). */
const MAX_CALL_DEPTH = 8;

/** A matter's history with what its called processes did, each of their entries with its call path. */
export async function matterHistory(client: Client, matterId: string, firstRunId: string | undefined): Promise<HistoryEntry[]> {
  return workflowHistory(client, matterWorkflowId(matterId), firstRunId, []);
}

async function workflowHistory(client: Client, workflowId: string, firstRunId: string | undefined, callPath: string[]): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  /** The call activity each instance is, by instance id: what names a called process's place. */
  const elementOf = new Map<string, string>();
  const called: { workflowId: string; runId?: string }[] = [];
  let runId: string | undefined = firstRunId;
  let first = true;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = undefined;
    // A change the workflow accepted but then refused (its task closed before it applied) did not happen.
    const refused = new Set(
      (history.events ?? []).flatMap((e) => (e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure ? [e.workflowExecutionUpdateCompletedEventAttributes.meta?.updateId] : [])),
    );
    for (const event of history.events ?? []) {
      const at = iso(tsToMs(event.eventTime));
      if (event.workflowExecutionStartedEventAttributes && first) {
        const input = decode<ProcessInput>(event.workflowExecutionStartedEventAttributes.input);
        entries.push({ at, kind: 'started', processKey: input.definition.key, processVersion: input.definition.version, variables: input.variables });
      } else if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'projectMatter') {
        const projection = decode<Projection>(event.activityTaskScheduledEventAttributes.input);
        for (const a of projection.activeElements ?? []) elementOf.set(a.instanceId, a.elementId);
        for (const c of projection.completed ?? []) {
          elementOf.set(c.instanceId, c.elementId);
          entries.push({ at: iso(c.completedAt), kind: 'element', elementId: c.elementId, name: c.name, type: c.type, outcome: c.outcome, startedAt: iso(c.startedAt) });
        }
      } else if (event.workflowExecutionUpdateAcceptedEventAttributes && !refused.has(event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.meta?.updateId)) {
        const request = event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
        if (request?.name === 'completeTask') {
          const r = decode<CompleteTaskRequest>(request.args);
          entries.push({ at, kind: 'taskCompleted', taskId: r.taskId, by: r.actor.username, unitId: r.actor.unitId, variables: r.variables });
        } else if (request?.name === 'changeTask') {
          const r = decode<ChangeTaskRequest>(request.args);
          entries.push({ at, kind: 'taskChanged', taskId: r.taskId, action: r.action, by: r.actor.username, unitId: r.action === 'delegate' ? r.unitId : undefined });
        } else if (request?.name === 'message') {
          const r = decode<MessageRequest>(request.args);
          entries.push({ at, kind: 'message', name: r.name, variables: r.variables });
        }
      } else if (event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId) {
        const child = event.childWorkflowExecutionStartedEventAttributes.workflowExecution;
        called.push({ workflowId: child.workflowId!, runId: child.runId ?? undefined });
      } else if (event.workflowExecutionContinuedAsNewEventAttributes) {
        runId = event.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? undefined;
      } else if (event.workflowExecutionCompletedEventAttributes) {
        const result = decode<{ status: string }>(event.workflowExecutionCompletedEventAttributes.result);
        entries.push({ at, kind: 'ended', status: result.status });
      }
    }
    first = false;
  } while (runId);
  const own = callPath.length === 0 ? entries : entries.map((e) => ({ ...e, callPath }));
  if (callPath.length >= MAX_CALL_DEPTH) return own;
  // A called process's workflow id is its caller's and the call activity's instance id.
  const calls = await Promise.all(
    called.map(({ workflowId: childId, runId: childRun }) => {
      const instanceId = childId.slice(workflowId.length + 1);
      return workflowHistory(client, childId, childRun, [...callPath, elementOf.get(instanceId) ?? instanceId]);
    }),
  );
  return calls.reduce<HistoryEntry[]>((merged, call) => mergeByTime(merged, call), own);
}

/** A matter's timeline: its workflow's history, each task named by its step, with leaders' instructions among them by time. */
export async function matterTimeline(knex: Knex, client: Client, matter: Pick<MatterRow, 'id' | 'first_run_id'>) {
  const [events, instructions, taskNames] = await Promise.all([
    matter.first_run_id ? matterHistory(client, matter.id, matter.first_run_id) : [],
    matterInstructions(knex, matter.id),
    taskNamesOf(knex, matter.id),
  ]);
  const named = events.map((e) => ('taskId' in e ? { ...e, ...taskNames.get(e.taskId) } : e));
  const notes = instructions.map((i) => ({ at: i.created_at.toISOString(), kind: 'instruction' as const, by: i.by, text: i.text, elementId: i.element_id ?? undefined }));
  return mergeByTime(named, notes);
}

/** Inserts b's entries among a's by time, keeping each list's own order (a is the workflow's event order). */
function mergeByTime<A extends { at: string }, B extends { at: string }>(a: A[], b: B[]): Array<A | B> {
  const merged: Array<A | B> = [];
  let j = 0;
  for (const entry of a) {
    while (j < b.length && b[j].at < entry.at) merged.push(b[j++]);
    merged.push(entry);
  }
  return merged.concat(b.slice(j));
}
