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
/** What a process's timer start event schedule runs: it starts a matter at that start event. */
export const TIMER_START_WORKFLOW = 'timerStartWorkflow';

export interface TimerStartInput {
  processKey: string;
  /** The timer start event. */
  startEventId: string;
}

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
  /** The message, signal or timer start event that started the matter; without, its none start event. */
  startEventId?: string;
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
  carried?: { state: EngineState; seq: number; settledLight?: Light; incidents?: Incident[]; jobs?: Job[] };
}

/**
 * Something the matter could not do by itself and will not retry: a state the read model refused
 * (a projection incident), a service task that failed for good, or a token stopped at an element by
 * an error in the model or its data (an element incident). Kept in the workflow, projected to the
 * incidents table, retried or resolved by an administrator (an element incident is only retried).
 */
export interface Incident {
  id: string;
  kind: 'projection' | 'service' | 'job' | 'element';
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

/**
 * A service task waiting for an external job worker (see process/jobs.ts), as the workflow holds and projects it.
 */
export interface Job {
  instanceId: string;
  elementId: string;
  type: string;
  headers: Record<string, string>;
  /** Retries the job is handed out with. */
  retries: number;
  variables: Variables;
  /** Bumped each time the job is handed out afresh (created, or its incident retried): older answers no longer apply. */
  incarnation: number;
  /** failed: out of retries, an incident waits for someone to retry it. */
  status: 'open' | 'failed';
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

export interface SignalRequest {
  signalName: string;
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
/**
 * Delivers a broadcast signal to this matter: every event waiting for it triggers at once. A matter
 * with nothing waiting for it accepts it all the same and triggers nothing. Refused when the matter
 * is not running. The signal broadcast calls it on every running matter.
 */
export const signalUpdate = defineUpdate<{ triggered: number }, [SignalRequest]>('signal');
/** Tries an open incident again, after setting these variables (to fix what was refused). */
export const retryIncidentUpdate = defineUpdate<Incident, [{ incidentId: string; variables?: Variables; by: string }]>('retryIncident');
/** Closes an open incident as it is: the sanitized state stands (projection) or the service task fails (service); refused for an element incident. */
export const resolveIncidentUpdate = defineUpdate<Incident, [{ incidentId: string; by: string }]>('resolveIncident');

/** A job worker's answer names the job's engine instance and the incarnation it was activated in (see process/jobs.ts). */
export interface JobAnswer {
  instanceId: string;
  incarnation: number;
}
/** A job worker completed the job: the element goes on with these variables. */
export const completeJobUpdate = defineUpdate<void, [JobAnswer & { variables: Variables }]>('completeJob');
/** A job worker failed the job with no retries left: an incident on its element until someone retries it (its variables go with the job). */
export const failJobUpdate = defineUpdate<void, [JobAnswer & { message: string; variables?: Variables }]>('failJob');
/** A job worker threw a BPMN error: caught by the element's error events, or else an error like any uncaught one. */
export const throwJobErrorUpdate = defineUpdate<void, [JobAnswer & { errorCode: string; message: string; variables: Variables }]>('throwJobError');

/** The workflow id of a matter. */
export function matterWorkflowId(matterId: string): string {
  return `matter-${matterId}`;
}
