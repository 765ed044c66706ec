/**
 * The interpreter workflow's contract, imported by the workflow and by its callers:
 * input, the state query, and the updates that complete tasks and deliver messages.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ProcessGraph } from '../bpmn/graph';
import type { WorkCalendar } from '../bpmn/working-days';
import type { Light } from '../supervision/lights';
import type { ActiveElement } from './engine/engine';
import type { CompletedElement, EngineState, ProcessStatus, TaskState, Variables } from './engine/state';
import type { DrillClock } from './clock';
import type { Actor } from './engine/tasks';

export const PROCESS_WORKFLOW = 'processWorkflow';

export interface DefinitionRef {
  id: number;
  key: string;
  version: number;
}

export interface ProcessInput {
  matterId: string;
  definition: DefinitionRef;
  /** The compiled graph of that version: a matter runs the version it started with. */
  graph: ProcessGraph;
  variables: Variables;
  /** A called process (call activity): it adds tasks to the matter but leaves the matter's row alone. */
  child?: boolean;
  /** Prefix of task ids; defaults to the matter id. */
  taskIdPrefix?: string;
  /** Continue as new after this many events (tests exercise continue-as-new with it). */
  continueAsNewAfterEvents?: number;
  /** Business time runs on this drill clock instead of real time (rehearsals and the year-long test). */
  drill?: DrillClock;
  /** The IANA zone whose calendar timers and due dates count days and months in; UTC when unset. */
  timeZone?: string;
  /** The working days of the matter's span, as the organisation's calendar had them when it started. */
  workCalendar?: WorkCalendar;
  /** State carried over by continue-as-new. */
  carried?: { state: EngineState; seq: number; settledLight?: Light; incidents?: Incident[] };
}

/**
 * Something the matter could not do by itself and will not retry: a state the read model refused
 * (a projection incident), a service task that failed for good, or a token stopped at an element by
 * an error in the model or its data (an element incident). Kept in the workflow, projected to the
 * incidents table, retried or resolved by an administrator (an element incident is only retried).
 */
export interface Incident {
  id: string;
  kind: 'projection' | 'service' | 'element';
  /** Element incidents: the interpreter's instance stopped in incident, which a retry runs again. */
  instanceId?: string;
  /** The element whose change could not be carried out; none when it concerns the matter as a whole. */
  elementId?: string;
  message: string;
  /** When it was opened (workflow time, ms). */
  at: number;
  status: 'open' | 'resolved';
  /** How many times it was retried. */
  retries: number;
  resolvedAt?: number;
  resolvedBy?: string;
  /** How it was resolved: a retry that went through, an administrator accepting it as it is, or its element gone. */
  resolution?: 'retried' | 'accepted' | 'cancelled';
}

/** The error type projectMatter throws when PostgreSQL refuses a state for good: the workflow opens an incident. */
export const PROJECTION_REJECTED = 'ProjectionRejected';

/** Why the workflow refused to complete or claim a task: the error type, and who got there first. */
export const TASK_REFUSED = 'TaskRefused';
export interface TaskRefusal {
  taskId: string;
  /** completed: someone completed it (or is completing it); claimed: someone else holds it; closed: it is no longer open. */
  reason: 'completed' | 'claimed' | 'closed' | 'not-yours';
  by?: string;
  /** The Idempotency-Key of the completion that was applied. */
  requestId?: string;
}

export interface ProcessResult {
  status: ProcessStatus;
  variables: Variables;
  failure?: { message: string; elementId?: string };
}

export interface MatterSnapshot {
  status: ProcessStatus;
  definition: DefinitionRef;
  variables: Variables;
  activeElements: ActiveElement[];
  completedElements: CompletedElement[];
  openTasks: TaskState[];
  failure?: { message: string; elementId?: string };
  termination?: { reason: string; by: string; at: number };
  /** Increases with every state change the workflow projects. */
  seq: number;
  /** Incidents of this run (matters recorded before incidents have none). */
  incidents?: Incident[];
}

export interface CompleteTaskRequest {
  taskId: string;
  variables: Variables;
  actor: Actor;
  requestId?: string;
}

export interface CompleteTaskResult {
  taskId: string;
  /** Tasks opened by this completion (the next units' work). */
  openedTasks: TaskState[];
  status: ProcessStatus;
}

export type ChangeTaskRequest =
  | { taskId: string; action: 'claim' | 'unclaim'; actor: Actor }
  | { taskId: string; action: 'delegate'; unitId: string; actor: Actor };

export interface MessageRequest {
  name: string;
  /** Picks among events waiting for the same message, e.g. the unit a reminder is for. */
  correlationKey?: string;
  variables: Variables;
}

export const stateQuery = defineQuery<MatterSnapshot>('state');
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskRequest]>('completeTask');
export const setVariablesUpdate = defineUpdate<void, [{ variables: Variables }]>('setVariables');
export const terminateUpdate = defineUpdate<void, [{ reason: string; by: string }]>('terminate');
export const changeTaskUpdate = defineUpdate<TaskState, [ChangeTaskRequest]>('changeTask');
/** Resolves once every earlier change is in the read model; returns the projected seq. */
export const syncUpdate = defineUpdate<number>('sync');
export const messageUpdate = defineUpdate<{ elementId: string }, [MessageRequest]>('message');
/** Tries an open incident again, after setting these variables (to fix what was refused). */
export const retryIncidentUpdate = defineUpdate<Incident, [{ incidentId: string; variables?: Variables; by: string }]>('retryIncident');
/** Closes an open incident as it is: the sanitized state stands (projection) or the service task fails (service); refused for an element incident. */
export const resolveIncidentUpdate = defineUpdate<Incident, [{ incidentId: string; by: string }]>('resolveIncident');

/** The workflow id of a matter. */
export function matterWorkflowId(matterId: string): string {
  return `matter-${matterId}`;
}
