import type { FormReference } from '../../bpmn/graph';
import type { WorkCalendar } from '../../bpmn/working-days';
/**
 * The interpreter's state, the events it consumes and the effects it asks the workflow to
 * carry out. All plain JSON: the whole state travels through continue-as-new.
 */
import type { CalendarCycle } from './timers';

export type Variables = Record<string, unknown>;

export type InstanceKind =
  /** The process itself or an embedded sub-process: a scope that tokens move in. */
  | 'scope'
  /** A multi-instance body: owns one inner instance per collection item. */
  | 'multiInstance'
  /** A task, call activity or catch event waiting for its trigger. */
  | 'wait'
  /** An event-based gateway waiting for the first of its events. */
  | 'eventGateway'
  /** A compensation throw or end event waiting for the handlers it started (its children). */
  | 'compensation'
  /** A token stopped at an element by an error in the model or its data (see Instance.incident). */
  | 'incident';

/**
 * Why an instance is stopped, and what retrying it does again: enter the element (a token that
 * arrived by `flowId`), choose an inclusive join's outgoing flows, complete it with `result` (output mappings, then on), run its activity again
 * (call the service or the called process), or go on with a multi-instance body.
 */
export interface IncidentMark {
  message: string;
  step: 'enter' | 'fork' | 'complete' | 'run' | 'continue';
  flowId?: string;
  result?: Variables;
}

export interface Instance {
  id: string;
  kind: InstanceKind;
  /** The BPMN element it executes; for the root scope, the process key. */
  elementId: string;
  /** The instance it belongs to: for elements in a scope, the scope; for inner instances, the multi-instance body. */
  parentId?: string;
  /** Variables local to this instance (input mappings, the multi-instance element variable). */
  locals: Variables;
  startedAt: number;
  /** Multi-instance bookkeeping. */
  items?: unknown[];
  nextIndex?: number;
  completedCount?: number;
  outputs?: unknown[];
  /** Index of the item an inner instance works on. */
  loopIndex?: number;
  /** Set while the instance waits for an incident to be retried (only with EngineState.incidents). */
  incident?: IncidentMark;
}

export interface Subscription {
  id: string;
  /** The instance whose trigger this is: the waiting element, the event gateway, or the activity a boundary event is attached to. */
  instanceId: string;
  /** The catching BPMN element: intermediate catch event, receive task, boundary event or event-gateway target. */
  elementId: string;
  kind: 'timer' | 'message' | 'signal';
  messageName?: string;
  /** Signal subscriptions: every broadcast of this name triggers it. */
  signalName?: string;
  /** Only messages with this key reach it (evaluated when the subscription opened). */
  correlationKey?: string;
  fireAt?: number;
  /** Cycle timers: repetitions still to fire after this one (-1 = unbounded) and their interval. */
  remaining?: number;
  intervalMs?: number;
  /** Calendar cycles count their firings from an anchor instead (see timers.ts). */
  cycle?: CalendarCycle;
}

export interface TaskState {
  id: string;
  instanceId: string;
  elementId: string;
  name?: string;
  candidateUnits: string[];
  candidateUsers: string[];
  assignee?: string;
  formKey?: string;
  /** The form the task shows: linked by id or embedded in the diagram (bpmn/graph.ts FormReference). */
  form?: FormReference;
  /** The user task's extension attributes (`duban:*`), expressions among them evaluated when it opened. */
  properties?: Record<string, unknown>;
  dueAt?: number;
  createdAt: number;
  status: 'open' | 'completed' | 'cancelled';
  completedAt?: number;
  completedBy?: string;
  requestId?: string;
}

export interface CompletedElement {
  elementId: string;
  type: string;
  name?: string;
  instanceId: string;
  startedAt: number;
  completedAt: number;
  /** How it ended: left normally, interrupted by a boundary event, or cancelled with its scope. */
  outcome: 'completed' | 'interrupted' | 'cancelled';
}

export type ProcessStatus = 'running' | 'completed' | 'terminated' | 'failed';

export interface EngineState {
  status: ProcessStatus;
  variables: Variables;
  instances: Record<string, Instance>;
  subscriptions: Record<string, Subscription>;
  /** Open tasks, and closed ones until the next projection reports them. */
  tasks: Record<string, TaskState>;
  /** Parallel and inclusive joins: arrivals per (scope instance, gateway), counted per incoming flow. */
  joins: Record<string, Record<string, number>>;
  /** When the first token of each waiting join arrived (joins of matters started before it have none). */
  joinedAt?: Record<string, number>;
  completed: CompletedElement[];
  /**
   * Activities with a compensation handler that completed and are not compensated yet, in the order
   * they completed, by the scope instance they count in (a completed sub-process's pass to its scope).
   * Only diagrams with compensation boundary events have it.
   */
  compensable?: { scopeId: string; elementId: string }[];
  /** Service tasks and call activities in flight, by instance id. */
  pending: Record<string, 'service' | 'child'>;
  failure?: { message: string; elementId?: string };
  /** Variables propagate to the nearest scope holding them (see Engine.start). */
  scopedVariables?: boolean;
  /** Cycle timers step in calendar units and timers act at their due time (see Engine.start). */
  calendarTimers?: boolean;
  /**
   * Calendar units of timers and due dates are counted in this time zone, and a boundary event's
   * output mappings apply when it fires (see Engine.start). Unset: UTC, and no such mappings.
   */
  timeZone?: string;
  /** The working days the process counts on (FEEL's `add working days`, due dates moved off days off). */
  workCalendar?: WorkCalendar;
  /**
   * A run-time error in the model or its data (a FEEL failure, no flow to take, an unknown called
   * process, a bound exceeded) stops the token where it happened as an incident, to be retried,
   * instead of failing the process (see Engine.start).
   */
  incidents?: boolean;
  /**
   * A FEEL script task's result and the output mappings of undefined and manual tasks, start events
   * and none throw events are set as they pass (see Engine.start). Unset: they pass setting nothing.
   */
  passThroughMappings?: boolean;
  /**
   * What an element without output mappings completes with updates its own input variables first,
   * which end with it (see Engine.start). Unset: it goes to the enclosing scopes.
   */
  resultsToOwnScope?: boolean;
  /** Why and by whom the process was terminated from outside. */
  termination?: { reason: string; by: string; at: number };
  nextId: number;
}

export type EngineEvent =
  | { type: 'taskCompleted'; taskId: string; variables: Variables; by: string; requestId?: string }
  /** Claim (assignee set) or unclaim (assignee undefined). */
  | { type: 'taskAssigned'; taskId: string; assignee?: string }
  /** Hand the task to another unit: it leaves the current assignee's and units' inboxes. */
  | { type: 'taskDelegated'; taskId: string; unitId: string }
  | { type: 'serviceCompleted'; instanceId: string; variables: Variables }
  /** errorCode set: a BPMN error thrown by the service; otherwise a technical failure after retries. */
  | { type: 'serviceFailed'; instanceId: string; errorCode?: string; message: string }
  | { type: 'childCompleted'; instanceId: string; variables: Variables }
  | { type: 'childFailed'; instanceId: string; errorCode?: string; message: string }
  | { type: 'timerFired'; subscriptionId: string }
  | { type: 'messageReceived'; subscriptionId: string; variables: Variables }
  /** A signal was broadcast: it triggers every subscription of this name in the process at once. */
  | { type: 'signalReceived'; signalName: string; variables: Variables }
  /** Set process variables from outside (an edited matter): later expressions see them. */
  | { type: 'variablesSet'; variables: Variables }
  /** Run again the step an instance in incident stopped at (after its cause was fixed). */
  | { type: 'incidentRetried'; instanceId: string }
  /** End the process early, cancelling everything in it (an abnormal termination). */
  | { type: 'terminated'; reason: string; by: string };

export type Effect =
  | { type: 'startTimer'; subscriptionId: string; fireAt: number; elementId: string }
  | { type: 'cancelTimer'; subscriptionId: string }
  | { type: 'callService'; instanceId: string; elementId: string; taskType: string; retries: number; variables: Variables; headers?: Record<string, string> }
  | { type: 'startChild'; instanceId: string; elementId: string; processKey: string; variables: Variables }
  | { type: 'cancelPending'; instanceId: string }
  /** An instance stopped in incident: the workflow records it until it is retried or the instance is gone. */
  | { type: 'incident'; instanceId: string; elementId: string; message: string }
  /** A signal thrown by this process: broadcast to every other matter waiting for it (this one has already had it). */
  | { type: 'broadcastSignal'; elementId: string; signalName: string; variables: Variables };
