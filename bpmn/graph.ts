/**
 * The compiled process graph: what the compiler produces from BPMN XML and what the
 * interpreter workflow runs. Plain JSON, so it travels in workflow inputs and is stored
 * with each deployed definition version. It knows BPMN, nothing about supervision.
 *
 * Expressions are FEEL source text without the leading `=` (see bpmn/feel.ts).
 */

export const GRAPH_FORMAT = 1;

/** A FEEL expression, e.g. `amount > 10` or `"unit-a"`. */
export type Expression = string;

/** Either a literal string or a FEEL expression evaluated against the variables. */
export type ValueSource = { literal: string } | { expression: Expression };

export interface Mapping {
  /** FEEL expression evaluated against the variables in scope. */
  source: Expression;
  /** Variable name written. */
  target: string;
}

export type TimerDefinition =
  /** ISO 8601 duration, e.g. PT5M, P1D (or an expression yielding one). */
  | { kind: 'duration'; value: ValueSource }
  /** ISO 8601 date-time, e.g. 2026-12-01T09:00:00+08:00. */
  | { kind: 'date'; value: ValueSource }
  /** ISO 8601 repeating interval, e.g. R3/PT1H or R/P7D (unbounded). */
  | { kind: 'cycle'; value: ValueSource };

export type EventTrigger =
  | { kind: 'timer'; timer: TimerDefinition }
  /** correlationKey: FEEL evaluated when the event starts waiting; a message must carry the same key to reach it. */
  | { kind: 'message'; messageName: string; correlationKey?: Expression }
  /** errorCode undefined on a catch: catches any error. */
  | { kind: 'error'; errorCode?: string }
  /** Every broadcast of this name triggers it, from this matter or another. */
  | { kind: 'signal'; signalName: string }
  /** escalationCode undefined on a catch: catches any escalation. */
  | { kind: 'escalation'; escalationCode?: string };

/** What a throw or end event throws, besides a token along its flows. */
export type ThrownEvent =
  /** Broadcast to every subscription of the name: this matter's first, then every other matter's. */
  | { kind: 'signal'; signalName: string }
  /** Raised to the enclosing scopes, innermost first; non-critical: uncaught, the path goes on. */
  | { kind: 'escalation'; escalationCode: string }
  /**
   * Runs the compensation handlers of the activities completed in the thrower's scope (and in the
   * sub-processes completed in it), or of `activity` only, and waits for them before going on.
   */
  | { kind: 'compensation'; activity?: string };

export interface MultiInstance {
  isSequential: boolean;
  /** FEEL expression yielding a list; one instance per item. */
  collection: Expression;
  /** Local variable holding the item in each instance. */
  elementVariable?: string;
  /** FEEL, evaluated after each instance completes; true ends the loop early. */
  completionCondition?: Expression;
  /** Collects `outputElement` of every instance into this variable. */
  outputCollection?: string;
  outputElement?: Expression;
}

interface ElementBase {
  id: string;
  name?: string;
  /** Ids of incoming and outgoing sequence flows. */
  incoming: string[];
  outgoing: string[];
  inputs?: Mapping[];
  outputs?: Mapping[];
  multiInstance?: MultiInstance;
  /** Ids of boundary events attached to this activity. */
  boundaryEvents?: string[];
  /** The activity (isForCompensation) that undoes this one once it completed: linked by its compensation boundary event. */
  compensationHandler?: string;
  /** A compensation handler: outside the flow, started only by a compensation throw. */
  forCompensation?: boolean;
  /** Project extension attributes (namespace `duban`), opaque to the interpreter. */
  attributes?: Record<string, string>;
}

export interface StartEvent extends ElementBase { type: 'startEvent' }

export interface EndEvent extends ElementBase {
  type: 'endEvent';
  result: 'none' | 'terminate' | 'error';
  errorCode?: string;
  /** A signal or escalation end event (result 'none'): what it throws as the path ends. */
  throws?: ThrownEvent;
}

export interface UserTask extends ElementBase {
  type: 'userTask';
  /**
   * Who may work on the task. Units are candidate groups; users are assignee / candidate users.
   * A literal lists them comma-separated (`"office, housing"`); an expression may yield a list or such a string.
   */
  assignee?: ValueSource;
  candidateGroups?: ValueSource;
  candidateUsers?: ValueSource;
  /** ISO date-time or duration from task creation. */
  dueDate?: ValueSource;
  formKey?: string;
  /** The form-js form the task shows, when the diagram links or embeds one. */
  form?: FormReference;
}

/**
 * A user task's form: a deployed `.form` linked by its id (the latest version when the task opens,
 * as Camunda 8 binds it), or a form-js schema embedded in the diagram (zeebe:userTaskForm), as JSON text.
 */
export type FormReference = { formId: string } | { embedded: string };

export interface ServiceTask extends ElementBase {
  type: 'serviceTask';
  /** The job type: a built-in worker serves some (notify…), an external job worker any other. */
  taskType: string;
  retries: number;
  /** zeebe:taskHeaders, handed to the worker with each job. */
  headers?: Record<string, string>;
}

export interface ReceiveTask extends ElementBase { type: 'receiveTask'; messageName: string; correlationKey?: Expression }

/** task, manualTask: pass-through. */
export interface PassThroughTask extends ElementBase { type: 'task' | 'manualTask' }

export interface Gateway extends ElementBase {
  type: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway' | 'eventBasedGateway';
  /** Default flow id (exclusive and inclusive). */
  default?: string;
}

export interface IntermediateCatchEvent extends ElementBase {
  type: 'intermediateCatchEvent';
  trigger: Extract<EventTrigger, { kind: 'timer' | 'message' | 'signal' }>;
}

export interface IntermediateThrowEvent extends ElementBase {
  type: 'intermediateThrowEvent';
  /** A link throw event: the link catch event of the same name, in the same scope, where the path goes on. */
  linkTarget?: string;
  /** A signal or escalation throw event: what it throws before the path goes on. */
  throws?: ThrownEvent;
}

/** A link catch event: where the path of the link throw events of its name goes on. */
export interface LinkCatchEvent extends ElementBase {
  type: 'linkCatchEvent';
  link: string;
}

export interface BoundaryEvent extends ElementBase {
  type: 'boundaryEvent';
  attachedTo: string;
  cancelActivity: boolean;
  /** compensation: it only links its activity to its handler (the activity's compensationHandler); it never triggers. */
  trigger: EventTrigger | { kind: 'compensation' };
}

export interface SubProcess extends ElementBase {
  type: 'subProcess';
  scope: Scope;
}

/**
 * An event sub-process (`triggeredByEvent`): no flows lead to it; its start event's trigger starts
 * it while its enclosing scope is active. Interrupting, it cancels everything else in that scope,
 * which then goes on in it; non-interrupting, it runs beside (once per trigger). `scope.startId` is
 * its start event, the one with the trigger.
 */
export interface EventSubProcess extends ElementBase {
  type: 'eventSubProcess';
  trigger: EventTrigger;
  interrupting: boolean;
  scope: Scope;
}

export interface CallActivity extends ElementBase {
  type: 'callActivity';
  /** Process key of the called definition (its latest version at call time). */
  calledElement: string;
  /**
   * Pass all variables in and out when no mappings are given. With `inheritVariables` (Camunda 8):
   * pass all the called process's variables out when it has no output mappings, none otherwise.
   */
  propagateAllVariables: boolean;
  /**
   * Camunda 8's propagateAllParentVariables: the called process starts with every variable of the
   * call activity's scope and its inputs, or (false) with its inputs only. Absent in Camunda 7
   * diagrams and in graphs compiled before it, where propagateAllVariables decides both ways.
   */
  inheritVariables?: boolean;
}

export type GraphElement =
  | StartEvent
  | EndEvent
  | UserTask
  | ServiceTask
  | ReceiveTask
  | PassThroughTask
  | Gateway
  | IntermediateCatchEvent
  | IntermediateThrowEvent
  | LinkCatchEvent
  | BoundaryEvent
  | SubProcess
  | EventSubProcess
  | CallActivity;

export type ElementType = GraphElement['type'];

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  /** FEEL condition; absent means unconditional. */
  condition?: Expression;
}

/** A process or an embedded sub-process: its own start event, elements and flows. */
export interface Scope {
  /** The none start event (an event sub-process: its start event); with no start event, the first of implicitStarts. */
  startId: string;
  /**
   * A scope without a start event starts, as BPMN says, with every element that has no incoming
   * sequence flow: these, in document order. Absent when the scope has a start event.
   */
  implicitStarts?: string[];
  elements: Record<string, GraphElement>;
  flows: Record<string, SequenceFlow>;
  /** Ids of the event sub-processes in `elements`, started by their triggers while the scope is active. */
  eventSubProcesses?: string[];
}

/** What starts a process at an event start event: a published message, a broadcast signal, a timer (a Temporal Schedule). */
export type StartTrigger =
  | { kind: 'message'; messageName: string }
  | { kind: 'signal'; signalName: string }
  | { kind: 'timer'; timer: TimerDefinition };

export interface EventStart {
  /** The start event's id: the element the process starts at when this trigger starts it. */
  id: string;
  trigger: StartTrigger;
}

export interface ProcessGraph extends Omit<Scope, 'startId'> {
  format: typeof GRAPH_FORMAT;
  /** The BPMN process id: the definition's key. */
  key: string;
  name?: string;
  /** The none start event, where a process started without a trigger begins; absent when only events start it. */
  startId?: string;
  /** The process's message, signal and timer start events; absent when it has none. */
  starts?: EventStart[];
}

/** An error the compiler reports; elementId names the BPMN element at fault when there is one. */
export interface CompileError {
  elementId?: string;
  message: string;
}

export type CompileResult =
  | { ok: true; graph: ProcessGraph; warnings: CompileError[] }
  | { ok: false; errors: CompileError[] };

/** Every executable process of one diagram, in document order. */
export type ProcessesCompileResult =
  | { ok: true; processes: { graph: ProcessGraph; warnings: CompileError[] }[] }
  | { ok: false; errors: CompileError[] };
