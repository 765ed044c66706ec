/**
 * A sandbox run of the diagram being drawn: the project's own compiler and token engine, run in the
 * browser on a drill clock, with nothing sent to the server. The designer completes tasks, answers
 * jobs, correlates messages, broadcasts signals and moves the clock; timers fire as the clock passes
 * them, and the built-in task types are served as the worker serves them (as far as the browser can).
 * Pure apart from the decision source it is given: testable without a browser.
 */
import { compileProcesses } from '../../../../../bpmn/compile';
import { DecisionEvaluationError, evaluateDecision, type DecisionRequirements } from '../../../../../bpmn/dmn';
import type { CompileError, ProcessGraph } from '../../../../../bpmn/graph';
import { deadlineTimers } from '../../../../../supervision/deadlines';
import { DEFAULT_SUPERVISION_CONFIG } from '../../../../../supervision/config';
import { Engine } from '../../../../../workflows/engine/engine';
import type { Effect, EngineEvent, TaskState, Variables } from '../../../../../workflows/engine/state';

/** The rules a matter starts with today (as the server starts one): see Engine.start. */
export const PLAY_RULES = {
  scopedVariables: true,
  calendarTimers: true,
  timeZone: DEFAULT_SUPERVISION_CONFIG.timeZone,
  incidents: true,
  passThroughMappings: true,
  resultsToOwnScope: true,
} as const;

/** Firings one clock move may set off: a cycle of a minute passed over a week stops there. */
export const MAX_FIRINGS_PER_MOVE = 500;

/** The latest deployed version of a decision, by its id; undefined when none is deployed. */
export type DecisionSource = (decisionId: string) => Promise<DecisionRequirements | undefined>;

/** What the designer answers by hand: a job for an external worker, a called process, or a built-in that cannot run here. */
export interface PlayJob {
  instanceId: string;
  elementId: string;
  name?: string;
  kind: 'service' | 'child';
  /** The job type, or the called process's key. */
  type: string;
  variables: Variables;
  /** Why a built-in task type waits for the designer (a decision that is not deployed). */
  note?: string;
}

export interface PlayWaiting {
  tasks: TaskState[];
  jobs: PlayJob[];
  messages: { subscriptionId: string; elementId: string; name?: string; messageName: string; correlationKey?: string }[];
  signals: { signalName: string; elementIds: string[] }[];
  timers: { subscriptionId: string; elementId: string; name?: string; fireAt: number }[];
  incidents: { instanceId: string; elementId: string; name?: string; message: string }[];
}

export type PlayLogKind =
  | 'started'
  | 'passed'
  | 'interrupted'
  | 'taskCompleted'
  | 'jobCompleted'
  | 'jobError'
  | 'jobFailed'
  | 'messageCorrelated'
  | 'signalBroadcast'
  | 'signalThrown'
  | 'timerFired'
  | 'notified'
  | 'deadlineTimers'
  | 'decision'
  | 'jobWaits'
  | 'incident'
  | 'incidentRetried'
  | 'clockMoved'
  | 'firingsCapped'
  | 'ended';

export interface PlayLogEntry {
  /** Business time on the drill clock. */
  at: number;
  kind: PlayLogKind;
  elementId?: string;
  name?: string;
  /** What happened, as data: variables given, a message, a status. */
  detail?: string;
}

/** What the canvas shows: tokens by element, elements passed, sequence flows taken, incidents. */
export interface PlayMarks {
  active: Map<string, number>;
  done: Set<string>;
  flows: Set<string>;
  incidents: Map<string, string>;
}

export type OpenResult = { ok: true; session: PlaySession } | { ok: false; errors: CompileError[] };

const BUILT_IN = new Set(['notify', 'deadline-timers', 'decision']);

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : String(value ?? '').split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** A BPMN error a built-in task type throws, as the worker's bpmnError(). */
class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class PlaySession {
  private readonly engine: Engine;
  private readonly jobs = new Map<string, PlayJob>();
  private readonly names = new Map<string, string | undefined>();
  private readonly flowsOf = new Map<string, { id: string; source: string; target: string }>();
  private readonly logged: PlayLogEntry[] = [];
  private recorded = 0;
  private now: number;

  private constructor(
    readonly graph: ProcessGraph,
    /** The compiler's warnings: the play runs, and the designer sees them. */
    readonly warnings: CompileError[],
    start: number,
    private readonly decisions?: DecisionSource,
  ) {
    this.engine = new Engine(graph, 'play');
    this.now = start;
    this.index(graph);
  }

  /** Compiles the diagram's first executable process, as deploying it does; a diagram the compiler refuses cannot be played. */
  static async open(xml: string, options: { now: number; decisions?: DecisionSource }): Promise<OpenResult> {
    const compiled = await compileProcesses(xml);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const [first] = compiled.processes;
    return { ok: true, session: new PlaySession(first.graph, first.warnings, options.now, options.decisions) };
  }

  /** Starts the process at its none start event (or `startEventId`) with the designer's variables. */
  async start(variables: Variables, startEventId?: string): Promise<void> {
    this.note('started', { detail: JSON.stringify(variables) });
    this.engine.start(variables, this.now, { ...PLAY_RULES, ...(startEventId && { startEventId }) });
    await this.settle();
  }

  get clock(): number {
    return this.now;
  }

  get status() {
    return this.engine.state.status;
  }

  get failure() {
    return this.engine.state.failure;
  }

  get variables(): Variables {
    return this.engine.state.variables;
  }

  get log(): readonly PlayLogEntry[] {
    return this.logged;
  }

  /** The elements passed, in order: the token's path so far. */
  get path(): string[] {
    return this.engine.state.completed.filter((c) => c.outcome !== 'cancelled').map((c) => c.elementId);
  }

  /** The event starts the designer may start the process at, besides its none start event. */
  get eventStarts(): string[] {
    return (this.graph.starts ?? []).map((s) => s.id);
  }

  waiting(): PlayWaiting {
    const s = this.engine.state;
    const subscriptions = Object.values(s.subscriptions);
    const signals = new Map<string, string[]>();
    for (const sub of subscriptions) if (sub.kind === 'signal') signals.set(sub.signalName!, [...(signals.get(sub.signalName!) ?? []), sub.elementId]);
    return {
      tasks: this.engine.openTasks(),
      jobs: [...this.jobs.values()].filter((job) => s.pending[job.instanceId]),
      messages: subscriptions
        .filter((sub) => sub.kind === 'message')
        .map((sub) => ({ subscriptionId: sub.id, elementId: sub.elementId, name: this.names.get(sub.elementId), messageName: sub.messageName!, correlationKey: sub.correlationKey })),
      signals: [...signals].map(([signalName, elementIds]) => ({ signalName, elementIds })),
      timers: subscriptions
        .filter((sub) => sub.kind === 'timer' && sub.fireAt !== undefined)
        .map((sub) => ({ subscriptionId: sub.id, elementId: sub.elementId, name: this.names.get(sub.elementId), fireAt: sub.fireAt! }))
        .sort((a, b) => a.fireAt - b.fireAt),
      incidents: this.engine
        .incidentInstances()
        .map((i) => ({ instanceId: i.id, elementId: i.elementId, name: this.names.get(i.elementId), message: i.incident!.message })),
    };
  }

  /** When the next timer fires; undefined when none waits. */
  get nextTimer(): number | undefined {
    return this.waiting().timers[0]?.fireAt;
  }

  marks(): PlayMarks {
    const s = this.engine.state;
    const active = new Map<string, number>();
    const bodies = new Set<string>();
    for (const inst of Object.values(s.instances)) {
      if (inst.parentId === undefined) continue; // the process itself
      if (inst.kind === 'multiInstance') bodies.add(inst.elementId);
      else active.set(inst.elementId, (active.get(inst.elementId) ?? 0) + 1);
    }
    for (const id of bodies) if (!active.has(id)) active.set(id, 1);
    for (const join of this.engine.activeElements()) if (join.arrived !== undefined) active.set(join.elementId, join.arrived);
    const done = new Set(s.completed.filter((c) => c.outcome !== 'cancelled').map((c) => c.elementId));
    const reached = new Set([...done, ...active.keys()]);
    // A flow was taken when its source was passed and its target reached (the engine keeps elements, not flows).
    const flows = new Set([...this.flowsOf.values()].filter((f) => done.has(f.source) && reached.has(f.target)).map((f) => f.id));
    const incidents = new Map(this.engine.incidentInstances().map((i) => [i.elementId, i.incident!.message]));
    return { active, done, flows, incidents };
  }

  // ---- the designer's moves ---------------------------------------------------------------

  completeTask(taskId: string, variables: Variables): Promise<boolean> {
    const task = this.engine.state.tasks[taskId];
    return this.apply({ type: 'taskCompleted', taskId, variables, by: 'designer' }, 'taskCompleted', task?.elementId, variables);
  }

  completeJob(instanceId: string, variables: Variables): Promise<boolean> {
    const job = this.jobs.get(instanceId);
    const event: EngineEvent = job?.kind === 'child' ? { type: 'childCompleted', instanceId, variables } : { type: 'serviceCompleted', instanceId, variables };
    return this.apply(event, 'jobCompleted', job?.elementId, variables);
  }

  /** The job throws a BPMN error: an error boundary event or event sub-process with its code catches it. */
  throwJobError(instanceId: string, errorCode: string): Promise<boolean> {
    const job = this.jobs.get(instanceId);
    const message = `BPMN error ${errorCode}`;
    const event: EngineEvent = job?.kind === 'child' ? { type: 'childFailed', instanceId, errorCode, message } : { type: 'serviceFailed', instanceId, errorCode, message };
    return this.apply(event, 'jobError', job?.elementId, undefined, errorCode);
  }

  /** The job fails for good (its retries spent): an incident on the task, to be retried. */
  failJob(instanceId: string, message: string): Promise<boolean> {
    const job = this.jobs.get(instanceId);
    const event: EngineEvent = job?.kind === 'child' ? { type: 'childFailed', instanceId, message } : { type: 'serviceFailed', instanceId, message };
    return this.apply(event, 'jobFailed', job?.elementId, undefined, message);
  }

  correlate(subscriptionId: string, variables: Variables): Promise<boolean> {
    const sub = this.engine.state.subscriptions[subscriptionId];
    return this.apply({ type: 'messageReceived', subscriptionId, variables }, 'messageCorrelated', sub?.elementId, variables, sub?.messageName);
  }

  broadcast(signalName: string, variables: Variables): Promise<boolean> {
    return this.apply({ type: 'signalReceived', signalName, variables }, 'signalBroadcast', undefined, variables, signalName);
  }

  retryIncident(instanceId: string): Promise<boolean> {
    const inst = this.engine.state.instances[instanceId];
    return this.apply({ type: 'incidentRetried', instanceId }, 'incidentRetried', inst?.elementId);
  }

  /** Moves the drill clock on by `ms`, firing every timer it passes at its due time. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.now + ms);
  }

  /** Moves the clock to the next timer and fires it (with any others due then). */
  async advanceToNextTimer(): Promise<void> {
    const next = this.nextTimer;
    if (next !== undefined) await this.advanceTo(Math.max(next, this.now));
  }

  async advanceTo(target: number): Promise<void> {
    if (target < this.now) return;
    const from = this.now;
    const fired = await this.fireDue(target);
    this.now = fired.capped ? this.now : target;
    this.note('clockMoved', { detail: String(this.now - from) });
  }

  // ---- running the engine -------------------------------------------------------------------

  private async apply(event: EngineEvent, kind: PlayLogKind, elementId?: string, variables?: Variables, detail?: string): Promise<boolean> {
    if (this.engine.state.status !== 'running') return false;
    const applied = this.engine.handle(event, this.now);
    if (!applied) return false;
    this.note(kind, { elementId, detail: detail ?? (variables && Object.keys(variables).length > 0 ? JSON.stringify(variables) : undefined) });
    await this.settle();
    return true;
  }

  /** Fires the timers due by `until`, earliest first, each at its due time. */
  private async fireDue(until: number): Promise<{ capped: boolean }> {
    for (let firings = 0; ; firings++) {
      if (this.engine.state.status !== 'running') return { capped: false };
      const due = this.waiting().timers.find((timer) => timer.fireAt <= until);
      if (!due) return { capped: false };
      if (firings >= MAX_FIRINGS_PER_MOVE) {
        this.note('firingsCapped', { detail: String(MAX_FIRINGS_PER_MOVE) });
        return { capped: true };
      }
      this.now = Math.max(this.now, due.fireAt);
      if (this.engine.handle({ type: 'timerFired', subscriptionId: due.subscriptionId }, this.now)) this.note('timerFired', { elementId: due.elementId });
      await this.carryOut();
    }
  }

  /** After a move: the effects carried out, the elements passed logged, the timers already due fired. */
  private async settle(): Promise<void> {
    await this.carryOut();
    await this.fireDue(this.now);
  }

  /** Carries out the engine's effects until it asks for nothing more, serving the built-in task types. */
  private async carryOut(): Promise<void> {
    for (;;) {
      const effects = this.engine.takeEffects();
      this.logPassed();
      if (effects.length === 0) break;
      for (const effect of effects) await this.carry(effect);
    }
    if (this.engine.state.status !== 'running' && !this.logged.some((e) => e.kind === 'ended')) {
      this.note('ended', { detail: this.engine.state.failure ? `${this.engine.state.status}: ${this.engine.state.failure.message}` : this.engine.state.status });
    }
  }

  private async carry(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'callService':
        if (BUILT_IN.has(effect.taskType)) return this.serve(effect);
        this.jobs.set(effect.instanceId, { instanceId: effect.instanceId, elementId: effect.elementId, name: this.names.get(effect.elementId), kind: 'service', type: effect.taskType, variables: effect.variables });
        this.note('jobWaits', { elementId: effect.elementId, detail: effect.taskType });
        return;
      case 'startChild':
        // The called process is not run here: the designer answers for it.
        this.jobs.set(effect.instanceId, { instanceId: effect.instanceId, elementId: effect.elementId, name: this.names.get(effect.elementId), kind: 'child', type: effect.processKey, variables: effect.variables });
        this.note('jobWaits', { elementId: effect.elementId, detail: effect.processKey });
        return;
      case 'cancelPending':
        this.jobs.delete(effect.instanceId);
        return;
      case 'incident':
        this.note('incident', { elementId: effect.elementId, detail: effect.message });
        return;
      case 'broadcastSignal':
        // Only this run hears it: the engine has delivered it already.
        this.note('signalThrown', { elementId: effect.elementId, detail: effect.signalName });
        return;
      case 'startTimer':
      case 'cancelTimer':
        // Timers are read from the state: the clock fires them.
        return;
    }
  }

  /** A built-in task type, as the worker serves it (activities/service-tasks.ts), without writing anything. */
  private async serve(effect: Extract<Effect, { type: 'callService' }>): Promise<void> {
    const { instanceId, elementId, taskType, variables, headers } = effect;
    let event: EngineEvent;
    try {
      if (taskType === 'notify') {
        const units = list(variables.notifyUnits);
        const users = list(variables.notifyUsers);
        if (units.length + users.length === 0) throw new BpmnError('NO_RECIPIENTS', 'notifyUnits and notifyUsers name nobody');
        const message = String(variables.notifyMessage ?? elementId);
        this.note('notified', { elementId, detail: `${[...units, ...users].join(', ')}: ${message}` });
        event = { type: 'serviceCompleted', instanceId, variables: { notifiedUnits: units, notifiedUsers: users } };
      } else if (taskType === 'deadline-timers') {
        const deadline = String(variables.deadline ?? '');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw new BpmnError('BAD_DEADLINE', `deadline "${deadline}" is not a date YYYY-MM-DD`);
        const timers = deadlineTimers(deadline, Number(variables.warnDays ?? 3), DEFAULT_SUPERVISION_CONFIG.timeZone);
        this.note('deadlineTimers', { elementId, detail: JSON.stringify(timers) });
        event = { type: 'serviceCompleted', instanceId, variables: { ...timers } };
      } else {
        const decisionId = headers?.decisionId;
        const resultVariable = headers?.resultVariable;
        if (!decisionId || !resultVariable) throw new Error('the business rule task names no decisionId and resultVariable');
        const requirements = await this.decisions?.(decisionId).catch(() => undefined);
        if (!requirements) {
          // Not deployed (or not reachable): the designer gives the decision's result instead.
          const note = `decision "${decisionId}" is not deployed: complete the task with ${resultVariable}`;
          this.jobs.set(instanceId, { instanceId, elementId, name: this.names.get(elementId), kind: 'service', type: taskType, variables, note });
          this.note('jobWaits', { elementId, detail: note });
          return;
        }
        const result = evaluateDecision(requirements, decisionId, variables);
        this.note('decision', { elementId, detail: `${resultVariable} = ${JSON.stringify(result)}` });
        event = { type: 'serviceCompleted', instanceId, variables: { [resultVariable]: result } };
      }
    } catch (err) {
      if (err instanceof BpmnError) event = { type: 'serviceFailed', instanceId, errorCode: err.code, message: err.message };
      else if (err instanceof DecisionEvaluationError || err instanceof Error) event = { type: 'serviceFailed', instanceId, message: err.message };
      else throw err;
    }
    this.engine.handle(event, this.now);
  }

  private logPassed(): void {
    const completed = this.engine.state.completed;
    for (const c of completed.slice(this.recorded)) {
      if (c.outcome === 'cancelled') continue;
      this.logged.push({ at: c.completedAt, kind: c.outcome === 'interrupted' ? 'interrupted' : 'passed', elementId: c.elementId, name: c.name });
    }
    this.recorded = completed.length;
  }

  private note(kind: PlayLogKind, entry: Omit<PlayLogEntry, 'at' | 'kind'> = {}): void {
    const name = entry.elementId ? this.names.get(entry.elementId) : undefined;
    this.logged.push({ at: this.now, kind, ...entry, ...(name && { name }) });
  }

  private index(scope: Pick<ProcessGraph, 'elements' | 'flows'>): void {
    for (const el of Object.values(scope.elements)) {
      this.names.set(el.id, el.name);
      if (el.type === 'subProcess' || el.type === 'eventSubProcess') this.index(el.scope);
    }
    for (const flow of Object.values(scope.flows)) this.flowsOf.set(flow.id, flow);
  }
}

/**
 * The designer's variables: a JSON object, or `name=value` pairs one a line or comma-separated,
 * each value read as JSON when it is (approved=false, units=["a","b"]) and as text otherwise.
 * Throws a SyntaxError naming what it could not read.
 */
export function parseVariables(text: string): Variables {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('variables must be a JSON object');
    return parsed as Variables;
  }
  const variables: Variables = {};
  for (const pair of splitPairs(trimmed)) {
    const at = pair.indexOf('=');
    const name = at < 0 ? '' : pair.slice(0, at).trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new SyntaxError(`"${pair}" is not name=value`);
    const raw = pair.slice(at + 1).trim();
    try {
      variables[name] = JSON.parse(raw);
    } catch {
      variables[name] = raw;
    }
  }
  return variables;
}

/** Splits on new lines, and on commas outside brackets and quotes. */
function splitPairs(text: string): string[] {
  const pairs: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '[' || ch === '{')) depth++;
    else if (!quoted && (ch === ']' || ch === '}')) depth--;
    if (ch === '\n' || (ch === ',' && depth === 0 && !quoted)) {
      if (current.trim()) pairs.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) pairs.push(current.trim());
  return pairs;
}
