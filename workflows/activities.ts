/**
 * What the workflows ask of the worker: the activities' inputs and results. The workflows import
 * only this; the worker's activities (activities/) implement it over the application services.
 */
import type { ProcessGraph } from '../bpmn/graph';
import type { DefinitionRef, Incident, Job } from './api';
import type { ActiveElement } from './engine/engine';
import type { CompletedElement, ProcessStatus, TaskState, Variables } from './engine/state';

/** Task types the worker serves itself (activities/service-tasks.ts); a diagram may bind a service task to these. */
export const BUILT_IN_TASK_TYPES = ['notify', 'deadline-timers', 'decision'] as const;
export type BuiltInTaskType = (typeof BUILT_IN_TASK_TYPES)[number];

export interface Projection {
  matterId: string;
  workflowId: string;
  /** A called process projects its tasks only; the matter row is its parent's. */
  child: boolean;
  seq: number;
  status: ProcessStatus;
  variables: Variables;
  activeElements: ActiveElement[];
  /** Elements completed since the previous projection: read back from the event history as the matter's history. */
  completed: CompletedElement[];
  tasks: TaskState[];
  failure?: { message: string; elementId?: string };
  termination?: { reason: string; by: string; at: number };
  /** The workflow's jobs for external workers, sent when they changed: the set replaces the workflow's rows in the jobs table. */
  jobs?: Job[];
  /** With the jobs: the process version they belong to. */
  definition?: DefinitionRef;
  /** The workflow's incidents, written to the incidents table (matters recorded before incidents send none). */
  incidents?: Incident[];
  /**
   * The messages and signals the workflow waits for, sent when they changed since its last projection:
   * they replace its rows in event_subscriptions. Absent: unchanged (or a matter recorded before them).
   */
  subscriptions?: ProjectedSubscription[];
  /**
   * What to do when PostgreSQL refuses this state for good (a data error, not a lost connection):
   * `fail` — throw ProjectionRejected, not retried, so the workflow opens an incident; `sanitize` —
   * write it with what cannot be stored stripped. Without (matters recorded before incidents, whose
   * projection used to retry forever): sanitize, and open an incident for the matter here.
   */
  onReject?: 'fail' | 'sanitize';
}

/** An open message or signal subscription of a workflow: what a published message or a broadcast signal finds. */
export interface ProjectedSubscription {
  /** The engine's subscription id, unique within the workflow. */
  id: string;
  /** The catching element. */
  elementId: string;
  kind: 'message' | 'signal';
  /** The message or signal name. */
  name: string;
  correlationKey?: string;
}

/** A signal thrown by a matter: broadcast to every other workflow waiting for it, and starting the processes that start with it. */
export interface BroadcastSignalInput {
  signalName: string;
  variables: Variables;
  /** The throwing workflow, which has had the signal already. */
  fromWorkflowId: string;
  /** The throwing element, for the record. */
  elementId: string;
}

export interface ServiceTaskInput {
  matterId: string;
  /** Unique within the matter for this execution of the element: the key for idempotent side effects. */
  instanceKey: string;
  elementId: string;
  taskType: string;
  variables: Variables;
  /** The element's zeebe:taskHeaders. */
  headers?: Record<string, string>;
}

/** A superior system's feed taken in: how many matters were new, already known, or refused and why. */
export interface PullResult {
  created: number;
  existing: number;
  rejected: Array<{ externalId?: string; errors: unknown }>;
}

export interface Activities {
  /** Writes a workflow state to the read model. Idempotent, and older states never overwrite newer ones. */
  projectMatter(p: Projection): Promise<void>;
  runServiceTask(input: ServiceTaskInput): Promise<Variables>;
  /** Issues the cards of a month that has closed (idempotent). */
  closeMonth(input: { month: string }): Promise<{ cards: number }>;
  /** Takes in a superior system's feed; the matters start on this worker's task queue. */
  pullSuperiorFeed(input: { systemId: number }): Promise<PullResult>;
  /** The latest deployed version of a process: what a call activity starts. */
  loadDefinition(input: { key: string }): Promise<{ definition: DefinitionRef; graph: ProcessGraph }>;
  /** Broadcasts a signal thrown by a matter (idempotent: retried, it reaches no workflow and starts no matter twice). */
  broadcastSignal(input: BroadcastSignalInput): Promise<{ delivered: number; started: string[] }>;
  /** Starts a matter at a process's timer start event (what its Temporal Schedule runs); `key` makes it idempotent. */
  startTimerInstance(input: { processKey: string; startEventId: string; key: string }): Promise<{ matterId: string }>;
}
