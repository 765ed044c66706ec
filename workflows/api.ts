/**
 * The interpreter workflow's contract, imported by the workflow and by its callers:
 * input, the state query, and the updates that complete tasks and deliver messages.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ProcessGraph } from '../bpmn/graph';
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
  /** State carried over by continue-as-new. */
  carried?: { state: EngineState; seq: number; settledLight?: Light };
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

/** The workflow id of a matter. */
export function matterWorkflowId(matterId: string): string {
  return `matter-${matterId}`;
}
