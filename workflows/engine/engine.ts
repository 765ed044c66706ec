/**
 * The BPMN interpreter: a deterministic, token-based state machine over a compiled process
 * graph. It knows BPMN, not supervision and not Temporal: the workflow feeds it events
 * (a task completed, a timer fired, a message arrived…) with the time, and carries out the
 * effects it asks for (start a timer, call a service, start a child process).
 *
 * Tokens never rest in the state: they move synchronously through gateways and events until
 * they reach something that waits, which becomes an Instance. A scope (the process or an
 * embedded sub-process) completes when nothing in it is left.
 */
import type {
  BoundaryEvent,
  EventSubProcess,
  EventTrigger,
  Expression,
  GraphElement,
  Mapping,
  ProcessGraph,
  Scope,
  SequenceFlow,
  ThrownEvent,
  UserTask,
  ValueSource,
} from '../../bpmn/graph';
import { type FeelClock, evaluateCondition, evaluateFeel } from '../../bpmn/feel';
import { type WorkCalendar, WorkingDays } from '../../bpmn/working-days';
import type {
  CompletedElement,
  Effect,
  EngineEvent,
  EngineState,
  IncidentMark,
  Instance,
  Subscription,
  TaskState,
  Variables,
} from './state';
import { MAX_MULTI_INSTANCE_BYTES, MAX_MULTI_INSTANCE_ITEMS, kb, jsonSize, variablesTooLarge } from './limits';
import { cycleFiring, dueInstant, timerSchedule } from './timers';

/**
 * An error in the model or its data at run time (a FEEL failure, no matching flow…): the token
 * stops in incident where it happened (EngineState.incidents), or else the matter fails with it.
 */
export class ProcessError extends Error {
  constructor(
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
  }
}

const ROOT = 'root';
/** A loop of gateways with no wait state in it would never yield. */
const MAX_STEPS_PER_EVENT = 10_000;
/** What enter() had added when it failed, to take back before the token stops in incident. */
interface Mark {
  nextId: number;
  completed: number;
  effects: number;
  queue: number;
}

interface Work {
  elementId: string;
  scopeId: string;
  flowId?: string;
}

export interface ActiveElement {
  elementId: string;
  name?: string;
  type: string;
  /** The waiting instance; for a join, `${scope instance}/${gateway id}`. */
  instanceId: string;
  startedAt: number;
  /** The message of the incident it is stopped in. */
  incident?: string;
  /** A parallel or inclusive join waiting: how many of its incoming flows a token arrived on… */
  arrived?: number;
  /** …out of how many it waits for (every incoming flow; for an inclusive join, those a token can still come by). */
  expected?: number;
}

export class Engine {
  readonly state: EngineState;
  private readonly elements = new Map<string, GraphElement>();
  private readonly flows = new Map<string, SequenceFlow>();
  private readonly reach = new Map<string, Set<string>>();
  /** Event sub-processes by the id of their start event, the element their subscriptions name. */
  private readonly eventSubProcessOfStart = new Map<string, EventSubProcess>();
  private queue: Work[] = [];
  private effects: Effect[] = [];
  private now = 0;

  constructor(
    private readonly graph: ProcessGraph,
    /** Prefix that makes task ids unique across matters. */
    private readonly idPrefix: string,
    state?: EngineState,
  ) {
    this.index(graph);
    this.state = state ?? {
      status: 'running',
      variables: {},
      instances: {},
      subscriptions: {},
      tasks: {},
      joins: {},
      completed: [],
      pending: {},
      nextId: 1,
    };
  }

  // ---- public API ----------------------------------------------------------------------

  /**
   * Starts the process. With `scopedVariables`, variables set by completing an element update the
   * nearest enclosing scope that already has them (a multi-instance item, a sub-process's input)
   * before falling back to process variables, as Camunda 8 does; without it every such variable is
   * a process variable (matters started before this rule keep that). With `calendarTimers`, a
   * cycle timer's firings step in calendar units from its start (R/2026-01-01T00:00+08:00/P1M fires
   * on the first of every month), and what a timer sets off happens at the time it was due, however
   * late the worker saw it fire: a report opened by the period timer of the 1st is due on the 25th
   * even if the worker was down on the 1st. Without, the first period's length repeats and a timer
   * acts when it is handled. With `timeZone`, timers and due dates count days, weeks, months and
   * years on that zone's calendar (P1M from local midnight of the 1st is local midnight of the next
   * 1st), and a boundary event's output mappings apply when it fires (a period timer can start the
   * new period's report afresh); without, they count on UTC's and such mappings are ignored.
   * `startEventId` names the message, signal or timer start event that started the process; without,
   * it starts at its none start event.
   * With `incidents`, a run-time error stops the token in incident instead of failing the process
   * (see ProcessError); retried by an `incidentRetried` event.
   * With `passThroughMappings`, a FEEL script task (zeebe:script) sets its result variable, and an
   * undefined or manual task, a start event and a none throw event apply their output mappings as
   * they pass, as Camunda 8 does; without, they pass setting nothing (matters started before keep that). With `resultsToOwnScope`, what an
   * element without output mappings completes with (a task's variables, a called process's) updates
   * the element's own input variables before the enclosing scopes', as Camunda 8 merges it from the
   * element's scope: an input `=null` to `opinion` keeps each multi-instance item's opinion to itself;
   * without, such a variable goes to the enclosing scopes.
   */
  start(
    variables: Variables,
    now: number,
    options: {
      scopedVariables?: boolean;
      calendarTimers?: boolean;
      timeZone?: string;
      workCalendar?: WorkCalendar;
      startEventId?: string;
      incidents?: boolean;
      passThroughMappings?: boolean;
      resultsToOwnScope?: boolean;
    } = {},
  ): void {
    this.now = now;
    if (options.incidents) this.state.incidents = true;
    if (options.passThroughMappings) this.state.passThroughMappings = true;
    if (options.resultsToOwnScope) this.state.resultsToOwnScope = true;
    if (options.scopedVariables) this.state.scopedVariables = true;
    if (options.calendarTimers) this.state.calendarTimers = true;
    if (options.timeZone) this.state.timeZone = options.timeZone;
    if (options.timeZone && options.workCalendar) this.state.workCalendar = options.workCalendar;
    this.state.variables = { ...variables };
    this.state.instances[ROOT] = { id: ROOT, kind: 'scope', elementId: this.graph.key, locals: {}, startedAt: now };
    const startId = options.startEventId ?? this.graph.startId;
    // A process with no start event starts at every element without incoming flows (graph.implicitStarts).
    const implicit = options.startEventId === undefined && this.graph.implicitStarts !== undefined;
    const known = implicit || (startId !== undefined && (startId === this.graph.startId || this.graph.starts?.some((s) => s.id === startId)));
    if (!known) {
      this.fail(
        startId === undefined ? `process ${this.graph.key} has no none start event: a message, signal or timer starts it` : `${startId} is not a start event of process ${this.graph.key}`,
        startId,
      );
      return;
    }
    this.openEventSubProcesses(this.state.instances[ROOT]);
    if (options.startEventId !== undefined) this.queue.push({ elementId: options.startEventId, scopeId: ROOT });
    else this.enterScope(this.graph, ROOT);
    this.drain();
  }

  /** Applies one event. Returns false when it no longer applies (task already done, timer cancelled…). */
  handle(event: EngineEvent, now: number): boolean {
    if (this.state.status !== 'running') return false;
    this.now = now;
    const applied = this.guard(() => this.apply(event));
    if (applied) this.drain();
    return applied;
  }

  takeEffects(): Effect[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }

  /** Effects needed to resume after continue-as-new: the timers and calls that were in flight. */
  resumeEffects(): Effect[] {
    const effects: Effect[] = [];
    for (const sub of Object.values(this.state.subscriptions)) {
      if (sub.kind === 'timer' && sub.fireAt !== undefined) {
        effects.push({ type: 'startTimer', subscriptionId: sub.id, fireAt: sub.fireAt, elementId: sub.elementId });
      }
    }
    return effects;
  }

  openTasks(): TaskState[] {
    return Object.values(this.state.tasks).filter((t) => t.status === 'open');
  }

  activeElements(): ActiveElement[] {
    const waiting = Object.values(this.state.instances)
      .filter((i) => i.id !== ROOT && (i.loopIndex === undefined || i.incident))
      .map((i): ActiveElement => {
        const el = this.element(i.elementId);
        return {
          elementId: i.elementId,
          name: el.name,
          type: el.type,
          instanceId: i.id,
          startedAt: i.startedAt,
          ...(i.incident && { incident: i.incident.message }),
        };
      });
    return [...waiting, ...this.waitingJoins()];
  }

  /** Joins a token waits at for the others: shown as active, with how many of their inputs arrived. */
  private waitingJoins(): ActiveElement[] {
    const joins: ActiveElement[] = [];
    for (const [key, arrivals] of Object.entries(this.state.joins)) {
      const [scopeId, gatewayId] = key.split('/');
      const el = this.elements.get(gatewayId);
      const scope = this.state.instances[scopeId];
      if (!el || !scope) continue;
      const arrived = el.incoming.filter((f) => (arrivals[f] ?? 0) > 0);
      if (arrived.length === 0) continue;
      const expected =
        el.type === 'inclusiveGateway'
          ? arrived.length + el.incoming.filter((f) => !arrived.includes(f) && this.canStillArrive(scopeId, this.flow(f).source)).length
          : el.incoming.length;
      joins.push({
        elementId: el.id,
        name: el.name,
        type: el.type,
        instanceId: key,
        startedAt: this.state.joinedAt?.[key] ?? scope.startedAt,
        arrived: arrived.length,
        expected,
      });
    }
    return joins;
  }

  /** Whether a token of the scope stands at `source` or can still get there. */
  private canStillArrive(scopeId: string, source: string): boolean {
    return this.livePositions(scopeId).some((pos) => pos === source || this.reachable(pos).has(source));
  }

  /** Instances stopped in incident, by id. */
  incidentInstances(): Instance[] {
    return Object.values(this.state.instances).filter((i) => i.incident);
  }

  /** The subscription a message would be delivered to: the oldest waiting one with its name and, if it has one, its key. */
  messageSubscription(name: string, correlationKey?: string): Subscription | undefined {
    return Object.values(this.state.subscriptions).find(
      (s) => s.kind === 'message' && s.messageName === name && (s.correlationKey === undefined || s.correlationKey === correlationKey),
    );
  }

  /** The subscriptions a broadcast of this signal would trigger. */
  signalSubscriptions(name: string): Subscription[] {
    return Object.values(this.state.subscriptions).filter((s) => s.kind === 'signal' && s.signalName === name);
  }

  /** Keeps only the latest completed elements once the projection has recorded them: the history reads them there. */
  forgetCompleted(keep: number): void {
    const { completed } = this.state;
    if (completed.length > keep) completed.splice(0, completed.length - keep);
  }

  /** Drops closed tasks once the projection has recorded them. */
  forgetClosedTasks(ids: string[]): void {
    for (const id of ids) if (this.state.tasks[id]?.status !== 'open') delete this.state.tasks[id];
  }

  // ---- events --------------------------------------------------------------------------

  private apply(event: EngineEvent): boolean {
    const s = this.state;
    switch (event.type) {
      case 'taskCompleted': {
        const task = s.tasks[event.taskId];
        if (!task || task.status !== 'open') return false;
        Object.assign(task, { status: 'completed', completedAt: this.now, completedBy: event.by, requestId: event.requestId });
        this.completeWait(s.instances[task.instanceId], event.variables);
        return true;
      }
      case 'taskAssigned':
      case 'taskDelegated': {
        const task = s.tasks[event.taskId];
        if (!task || task.status !== 'open') return false;
        if (event.type === 'taskAssigned') task.assignee = event.assignee;
        else Object.assign(task, { candidateUnits: [event.unitId], candidateUsers: [], assignee: undefined });
        return true;
      }
      case 'serviceCompleted':
      case 'childCompleted': {
        if (!s.pending[event.instanceId]) return false;
        delete s.pending[event.instanceId];
        const inst = s.instances[event.instanceId];
        const tooLarge = s.incidents ? variablesTooLarge(event.variables, s.variables) : undefined;
        if (tooLarge) {
          // Retried, the service or the called process runs again.
          const what = event.type === 'serviceCompleted' ? 'the service' : 'the called process';
          this.stop(inst, { step: 'run' }, new ProcessError(`${what} returned too much: ${tooLarge}`, inst.elementId));
        } else {
          this.completeWait(inst, event.variables);
        }
        return true;
      }
      case 'serviceFailed':
      case 'childFailed': {
        if (!s.pending[event.instanceId]) return false;
        delete s.pending[event.instanceId];
        const inst = s.instances[event.instanceId];
        // Retried, the service or the called process runs again.
        if (event.errorCode === undefined) this.stop(inst, { step: 'run' }, new ProcessError(event.message, inst.elementId));
        else {
          const code = event.errorCode;
          const error = this.attempt(() => this.throwError(code, inst, inst.elementId));
          if (error) this.stop(inst, { step: 'run' }, error);
        }
        return true;
      }
      case 'incidentRetried': {
        const inst = s.instances[event.instanceId];
        if (!inst?.incident) return false;
        this.retry(inst);
        return true;
      }
      case 'variablesSet':
        Object.assign(s.variables, event.variables);
        return true;
      case 'terminated':
        this.terminateScope(s.instances[ROOT]);
        s.termination = { reason: event.reason, by: event.by, at: this.now };
        return true;
      case 'timerFired':
      case 'messageReceived': {
        const sub = s.subscriptions[event.subscriptionId];
        if (!sub) return false;
        if (event.type === 'timerFired' && s.calendarTimers && sub.fireAt !== undefined) this.now = Math.min(this.now, sub.fireAt);
        this.trigger(sub, event.type === 'messageReceived' ? event.variables : {});
        return true;
      }
      case 'signalReceived':
        return this.deliverSignal(event.signalName, event.variables);
    }
  }

  private trigger(sub: Subscription, variables: Variables): void {
    const s = this.state;
    const owner = s.instances[sub.instanceId];
    const eventSubProcess = this.eventSubProcessOfStart.get(sub.elementId);
    if (eventSubProcess) {
      // Non-interrupting, it waits on for the next message, signal or firing of its cycle, as in Camunda 8.
      if (eventSubProcess.interrupting || (sub.kind !== 'message' && !this.rearm(sub))) delete s.subscriptions[sub.id];
      this.startEventSubProcess(eventSubProcess, owner, variables);
      return;
    }
    const event = this.element(sub.elementId);
    let failure: ProcessError | undefined;
    if (event.type === 'boundaryEvent' && event.outputs?.length && s.timeZone) {
      const mapped: Variables = {};
      const outputs = event.outputs;
      failure = this.attempt(() => this.applyMappings(outputs, { ...this.variablesOf(owner.parentId!), ...variables }, mapped));
      if (!failure) this.propagate(owner.parentId!, mapped);
    } else {
      this.propagate(owner.parentId!, variables);
    }

    if (event.type === 'boundaryEvent') {
      if (event.cancelActivity) {
        this.cancelInstance(owner, 'interrupted');
      } else if (!this.rearm(sub)) {
        delete s.subscriptions[sub.id];
      }
      // Its output mappings failed: the token stops at the boundary event, to complete it on retry.
      if (failure) return this.stopToken({ elementId: event.id, scopeId: owner.parentId! }, { step: 'complete', result: variables }, failure);
      this.record(event, sub.id, this.now, 'completed');
      this.leave(event, owner.parentId!);
      return;
    }

    if (owner.kind === 'eventGateway') {
      // The first event wins; the others are withdrawn with the gateway's instance.
      this.finishInstance(owner, 'completed');
      this.record(event, sub.id, this.now, 'completed');
      this.leave(event, owner.parentId!);
      return;
    }

    delete s.subscriptions[sub.id];
    this.completeWait(owner, variables);
  }

  /**
   * A non-interrupting event that stays armed after it triggered: a timer cycle re-arms itself while
   * its activity stays open (the reminders of a long task), and a signal catches every broadcast of its
   * name, as in Camunda 8. False when the subscription is spent.
   */
  private rearm(sub: Subscription): boolean {
    if (sub.kind === 'signal') return true;
    if (sub.kind !== 'timer' || sub.remaining === undefined || sub.remaining === 0 || !(sub.intervalMs || sub.cycle)) return false;
    if (sub.cycle) {
      sub.cycle = { ...sub.cycle, n: sub.cycle.n + 1 };
      sub.fireAt = cycleFiring(sub.cycle, sub.cycle.n);
    } else {
      sub.fireAt = sub.fireAt! + sub.intervalMs!;
    }
    sub.remaining = sub.remaining > 0 ? sub.remaining - 1 : -1;
    this.effects.push({ type: 'startTimer', subscriptionId: sub.id, fireAt: sub.fireAt, elementId: sub.elementId });
    return true;
  }

  // ---- event sub-processes ----------------------------------------------------------------

  /** The compiled scope a scope instance runs: the process, a sub-process or an event sub-process. */
  private scopeOf(inst: Instance): Omit<Scope, 'startId'> {
    if (inst.id === ROOT) return this.graph;
    const el = this.element(inst.elementId);
    if (el.type !== 'subProcess' && el.type !== 'eventSubProcess') throw new ProcessError(`${el.type} is not a scope`, el.id);
    return el.scope;
  }

  /** A scope became active: its event sub-processes with a timer, message or signal start wait for their trigger. */
  private openEventSubProcesses(scope: Instance): void {
    for (const id of this.scopeOf(scope).eventSubProcesses ?? []) {
      const esp = this.element(id) as EventSubProcess;
      this.subscribe(scope, esp.scope.startId, esp.trigger);
    }
  }

  /**
   * Starts an event sub-process in its scope. Interrupting, it first cancels everything else in the
   * scope (its other event sub-processes no longer wait either) and the scope goes on in it;
   * non-interrupting, it runs beside what is there.
   */
  private startEventSubProcess(esp: EventSubProcess, scope: Instance, variables: Variables): void {
    const s = this.state;
    if (esp.interrupting) {
      for (const child of this.children(scope.id)) this.cancelInstance(child, 'cancelled');
      for (const key of Object.keys(s.joins)) if (key.startsWith(`${scope.id}/`)) delete s.joins[key];
      this.queue = this.queue.filter((w) => w.scopeId !== scope.id);
      for (const sub of Object.values(s.subscriptions)) {
        if (sub.instanceId === scope.id && this.eventSubProcessOfStart.has(sub.elementId)) this.closeSubscription(sub);
      }
    }
    this.propagate(scope.id, variables);
    const inst = this.newInstance('scope', esp.id, scope.id, {});
    this.applyMappings(esp.inputs, this.variablesOf(inst.id), inst.locals);
    this.openEventSubProcesses(inst);
    this.queue.push({ elementId: esp.scope.startId, scopeId: inst.id });
  }

  /** The event sub-process of this scope that catches an error or escalation code: one for that code before a catch-all. */
  private eventSubProcessCatching(scope: Instance, kind: 'error' | 'escalation', code: string): EventSubProcess | undefined {
    const catchers = (this.scopeOf(scope).eventSubProcesses ?? [])
      .map((id) => this.element(id) as EventSubProcess)
      .filter((esp) => catches(esp.trigger, kind, code));
    return catchers.find((esp) => catches(esp.trigger, kind, code, true)) ?? catchers[0];
  }

  // ---- token movement ------------------------------------------------------------------

  private drain(): void {
    this.guard(() => {
      let steps = 0;
      for (;;) {
        while (this.queue.length > 0) {
          if (++steps > MAX_STEPS_PER_EVENT) {
            const loops = (elementId: string) => new ProcessError('the process loops without reaching a wait state', elementId);
            if (!this.state.incidents) throw loops(this.queue[0].elementId);
            // Every token still moving stops where it is; a retry lets it go round again.
            for (const work of this.queue.splice(0)) {
              if (this.state.instances[work.scopeId]) this.stopToken(work, { step: 'enter', flowId: work.flowId }, loops(work.elementId));
            }
            break;
          }
          const work = this.queue.shift()!;
          if (this.state.status !== 'running' || !this.state.instances[work.scopeId]) continue;
          const error = this.attempt(() => this.enter(work));
          if (error) this.stopToken(work, { step: 'enter', flowId: work.flowId }, error);
        }
        if (this.state.status !== 'running') return;
        if (this.fireInclusiveJoin()) continue;
        if (this.completeEmptyScope()) continue;
        return;
      }
    });
  }

  private enter({ elementId, scopeId, flowId }: Work): void {
    const el = this.element(elementId);
    switch (el.type) {
      case 'task':
      case 'manualTask':
        if (this.state.passThroughMappings) this.mapPassing(el, scopeId);
        this.record(el, scopeId, this.now, 'completed');
        this.leave(el, scopeId);
        return;
      case 'startEvent':
        if (this.state.passThroughMappings) this.mapPassing(el, scopeId);
        this.record(el, scopeId, this.now, 'completed');
        this.leave(el, scopeId);
        return;
      case 'linkCatchEvent':
        this.record(el, scopeId, this.now, 'completed');
        this.leave(el, scopeId);
        return;
      case 'intermediateThrowEvent':
        // A compensation throw waits for its handlers: it is recorded when they are done.
        if (el.throws?.kind === 'compensation') return this.compensate(el, el.throws.activity, scopeId);
        // A none throw event with output mappings is Camunda 8's way to set variables on the way.
        if (this.state.passThroughMappings && !el.throws && el.linkTarget === undefined) this.mapPassing(el, scopeId);
        this.record(el, scopeId, this.now, 'completed');
        // A link throw event goes on at its link catch event; a none throw event along its flows.
        if (el.linkTarget !== undefined) this.queue.push({ elementId: el.linkTarget, scopeId });
        else if (!el.throws) this.leave(el, scopeId);
        else this.throwEvent(el, el.throws, scopeId, true);
        return;
      case 'endEvent':
        if (el.throws?.kind === 'compensation') return this.compensate(el, el.throws.activity, scopeId);
        this.record(el, scopeId, this.now, 'completed');
        if (el.result === 'terminate') this.terminateScope(this.state.instances[scopeId]);
        else if (el.result === 'error') this.throwError(el.errorCode ?? '', this.state.instances[scopeId], el.id);
        else if (el.throws) this.throwEvent(el, el.throws, scopeId, false);
        return;
      case 'exclusiveGateway':
        this.record(el, scopeId, this.now, 'completed');
        this.take([this.chooseExclusive(el, scopeId)], scopeId);
        return;
      case 'parallelGateway':
        if (el.incoming.length > 1 && !this.arrive(el, scopeId, flowId!)) return;
        this.record(el, scopeId, this.now, 'completed');
        this.take(el.outgoing, scopeId);
        return;
      case 'inclusiveGateway':
        if (el.incoming.length > 1) {
          this.joinKey(scopeId, el.id, flowId!);
          return; // fired by fireInclusiveJoin once no other token can still arrive
        }
        this.fork(el, scopeId);
        return;
      case 'eventBasedGateway': {
        const gw = this.newInstance('eventGateway', el.id, scopeId, {});
        for (const flowId of el.outgoing) {
          const target = this.element(this.flow(flowId).target);
          if (target.type === 'intermediateCatchEvent') this.subscribe(gw, target.id, target.trigger);
          else if (target.type === 'receiveTask') this.subscribe(gw, target.id, { kind: 'message', messageName: target.messageName, correlationKey: target.correlationKey });
        }
        return;
      }
      case 'intermediateCatchEvent': {
        const wait = this.newInstance('wait', el.id, scopeId, {});
        this.subscribe(wait, el.id, el.trigger);
        return;
      }
      case 'boundaryEvent':
        throw new ProcessError('a sequence flow cannot lead to a boundary event', el.id);
      case 'eventSubProcess':
        throw new ProcessError('a sequence flow cannot lead to an event sub-process', el.id);
      case 'userTask':
      case 'serviceTask':
      case 'receiveTask':
      case 'subProcess':
      case 'callActivity':
        if (el.multiInstance) this.startMultiInstance(el, scopeId);
        else this.activate(el, scopeId, {});
        return;
    }
  }

  /** A task or event that does not wait: its inputs are its own, its outputs (a script's result first) go to its scope. */
  private mapPassing(el: GraphElement, scopeId: string): void {
    if (!el.outputs?.length) return;
    const locals: Variables = {};
    this.applyMappings(el.inputs, this.variablesOf(scopeId), locals);
    const mapped: Variables = {};
    this.applyMappings(el.outputs, { ...this.variablesOf(scopeId), ...locals }, mapped);
    this.propagate(scopeId, mapped);
  }

  /** A scope starts at its start event, or at every element of its implicit start. */
  private enterScope(scope: Pick<Scope, 'implicitStarts'> & { startId?: string }, scopeId: string): void {
    for (const elementId of scope.implicitStarts ?? [scope.startId!]) this.queue.push({ elementId, scopeId });
  }

  /** Takes the outgoing flows of a non-gateway element: unconditional ones and those whose condition holds. */
  private leave(el: GraphElement, scopeId: string): void {
    const context = this.variablesOf(scopeId);
    const flows = el.outgoing.filter((id) => {
      const flow = this.flow(id);
      return flow.condition === undefined || this.condition(flow.condition, context, flow.id);
    });
    this.take(flows, scopeId);
  }

  /** An inclusive gateway takes the flows whose conditions hold; with incidents, the token stops there when none does. */
  private fork(el: GraphElement, scopeId: string): void {
    const error = this.attempt(() => {
      this.record(el, scopeId, this.now, 'completed');
      this.take(this.chooseInclusive(el, scopeId), scopeId);
    });
    if (error) this.stopToken({ elementId: el.id, scopeId }, { step: 'fork' }, error);
  }

  private take(flowIds: string[], scopeId: string): void {
    for (const id of flowIds) this.queue.push({ elementId: this.flow(id).target, scopeId, flowId: id });
  }

  private chooseExclusive(el: GraphElement & { default?: string }, scopeId: string): string {
    const context = this.variablesOf(scopeId);
    const chosen = el.outgoing.find((id) => {
      const flow = this.flow(id);
      return id !== el.default && (flow.condition === undefined || this.condition(flow.condition, context, id));
    });
    if (chosen) return chosen;
    if (el.default) return el.default;
    throw new ProcessError('no outgoing flow condition holds and there is no default flow', el.id);
  }

  private chooseInclusive(el: GraphElement & { default?: string }, scopeId: string): string[] {
    const context = this.variablesOf(scopeId);
    const chosen = el.outgoing.filter((id) => {
      const flow = this.flow(id);
      return id !== el.default && (flow.condition === undefined || this.condition(flow.condition, context, id));
    });
    if (chosen.length > 0) return chosen;
    if (el.default) return [el.default];
    throw new ProcessError('no outgoing flow condition holds and there is no default flow', el.id);
  }

  /** Records a token arriving at a parallel join; true when every incoming flow has one (consumed). */
  private arrive(el: GraphElement, scopeId: string, flowId: string): boolean {
    const arrivals = this.joinKey(scopeId, el.id, flowId);
    if (!el.incoming.every((f) => (arrivals[f] ?? 0) > 0)) return false;
    for (const f of el.incoming) arrivals[f] -= 1;
    this.dropEmptyJoin(scopeId, el.id);
    return true;
  }

  private joinKey(scopeId: string, gatewayId: string, flowId: string): Record<string, number> {
    const key = `${scopeId}/${gatewayId}`;
    if (!this.state.joins[key]) (this.state.joinedAt ??= {})[key] = this.now;
    const arrivals = (this.state.joins[key] ??= {});
    arrivals[flowId] = (arrivals[flowId] ?? 0) + 1;
    return arrivals;
  }

  private dropEmptyJoin(scopeId: string, gatewayId: string): void {
    const key = `${scopeId}/${gatewayId}`;
    if (Object.values(this.state.joins[key] ?? {}).every((n) => n <= 0)) this.dropJoin(key);
  }

  private dropJoin(key: string): void {
    delete this.state.joins[key];
    if (this.state.joinedAt) delete this.state.joinedAt[key];
  }

  /** An inclusive join fires when tokens wait at it and no other token in its scope can still reach it. */
  private fireInclusiveJoin(): boolean {
    for (const key of Object.keys(this.state.joins)) {
      const [scopeId, gatewayId] = key.split('/');
      const el = this.element(gatewayId);
      if (el.type !== 'inclusiveGateway') continue;
      const blocked = this.livePositions(scopeId).some((pos) => pos !== gatewayId && this.reachable(pos).has(gatewayId));
      if (blocked) continue;
      this.dropJoin(key);
      if (el.outgoing.length > 1) this.fork(el, scopeId);
      else {
        this.record(el, scopeId, this.now, 'completed');
        this.take(el.outgoing, scopeId);
      }
      return true;
    }
    return false;
  }

  /** Elements where tokens of a scope currently are: its waiting children and its join arrivals. */
  private livePositions(scopeId: string): string[] {
    const positions = this.children(scopeId).map((i) => i.elementId);
    for (const [key, arrivals] of Object.entries(this.state.joins)) {
      const [s, gatewayId] = key.split('/');
      if (s === scopeId && Object.values(arrivals).some((n) => n > 0)) positions.push(gatewayId);
    }
    return positions;
  }

  private completeEmptyScope(): boolean {
    for (const scope of Object.values(this.state.instances)) {
      // A sub-process stopped in incident (its output mappings failed) waits for the retry.
      if ((scope.kind !== 'scope' && scope.kind !== 'compensation') || scope.incident || this.children(scope.id).length > 0) continue;
      if (this.livePositions(scope.id).length > 0) continue;
      if (scope.id === ROOT) {
        this.closeSubscriptions(scope);
        delete this.state.instances[ROOT];
        this.state.status = 'completed';
      } else {
        this.completeWait(scope, {});
      }
      return true;
    }
    return false;
  }

  // ---- activities ----------------------------------------------------------------------

  private activate(el: GraphElement, parentId: string, locals: Variables, loopIndex?: number): Instance {
    const inst = this.newInstance(el.type === 'subProcess' ? 'scope' : 'wait', el.id, parentId, locals);
    if (loopIndex !== undefined) inst.loopIndex = loopIndex;
    this.applyMappings(el.inputs, this.variablesOf(inst.id), inst.locals);
    // Boundary events belong to the activity as a whole: on a multi-instance body, not on each inner instance.
    if (loopIndex === undefined) this.attachBoundaries(el, inst);
    this.runActivity(el, inst);
    return inst;
  }

  /** What an activity does once its instance is there: open the task, call the service or process, wait… */
  private runActivity(el: GraphElement, inst: Instance): void {
    const context = this.variablesOf(inst.id);
    switch (el.type) {
      case 'userTask':
        this.createTask(el, inst, context);
        break;
      case 'serviceTask':
        this.state.pending[inst.id] = 'service';
        this.effects.push({
          type: 'callService',
          instanceId: inst.id,
          elementId: el.id,
          taskType: el.taskType,
          retries: el.retries,
          variables: context,
          ...(el.headers && { headers: el.headers }),
        });
        break;
      case 'receiveTask':
        this.subscribe(inst, el.id, { kind: 'message', messageName: el.messageName, correlationKey: el.correlationKey });
        break;
      case 'subProcess':
        this.openEventSubProcesses(inst);
        this.enterScope(el.scope, inst.id);
        break;
      case 'callActivity':
        this.state.pending[inst.id] = 'child';
        this.effects.push({
          type: 'startChild',
          instanceId: inst.id,
          elementId: el.id,
          processKey: el.calledElement,
          variables:
            el.inheritVariables !== undefined
              ? el.inheritVariables
                ? context
                : { ...inst.locals }
              : el.propagateAllVariables || !el.inputs?.length
                ? context
                : { ...inst.locals },
        });
        break;
      default:
        throw new ProcessError(`${el.type} is not an activity`, el.id);
    }
  }

  private createTask(el: UserTask, inst: Instance, context: Variables): void {
    const id = `${this.idPrefix}-${this.state.nextId++}`;
    const due = el.dueDate && this.resolve(el.dueDate, context, el.id);
    this.state.tasks[id] = {
      id,
      instanceId: inst.id,
      elementId: el.id,
      name: el.name,
      candidateUnits: el.candidateGroups ? toList(this.resolve(el.candidateGroups, context, el.id)) : [],
      candidateUsers: el.candidateUsers ? toList(this.resolve(el.candidateUsers, context, el.id)) : [],
      assignee: el.assignee ? optionalString(this.resolve(el.assignee, context, el.id)) : undefined,
      formKey: el.formKey,
      ...(el.form && { form: el.form }),
      ...(el.attributes && { properties: this.properties(el.attributes, context, el.id) }),
      dueAt: due ? this.dueAt(String(due), el.id) : undefined,
      createdAt: this.now,
      status: 'open',
    };
  }

  /** Extension attributes as task properties: `=expr` values are evaluated, others kept as written. */
  private properties(attributes: Record<string, string>, context: Variables, elementId: string): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [name, value.startsWith('=') ? this.evaluate(value.slice(1), context, elementId) : value]),
    );
  }

  /** An activity, catch event or sub-process is done: map its outputs and move on. */
  private completeWait(inst: Instance, result: Variables): void {
    const el = this.element(inst.elementId);
    const context = { ...this.variablesOf(inst.id), ...result };
    const parent = this.state.instances[inst.parentId!];
    const mi = parent.kind === 'multiInstance' ? el.multiInstance : undefined;
    let mapped: Variables = result;
    let output: unknown;
    // Everything that can fail first: with incidents, the instance then stops as it is, to complete on retry.
    const error = this.attempt(() => {
      if (el.outputs?.length) {
        mapped = {};
        this.applyMappings(el.outputs, context, mapped);
      } else if (el.type === 'callActivity' && el.inheritVariables !== undefined && !el.propagateAllVariables) {
        // Camunda 8's propagateAllChildVariables="false" without output mappings: nothing comes back.
        mapped = {};
      }
      output = mi?.outputElement ? this.evaluate(mi.outputElement, context, el.id) : undefined;
    });
    if (error) return this.stop(inst, { step: 'complete', result }, error);
    this.propagate(this.state.resultsToOwnScope && !el.outputs?.length ? inst.id : inst.parentId!, mapped);
    this.finishInstance(inst, 'completed');
    if (parent.kind === 'multiInstance') this.innerDone(parent, inst.loopIndex!, output);
    else {
      this.compensable(el, parent.id);
      this.leave(el, parent.id);
    }
  }

  /** An activity with a compensation handler completed in this scope: a compensation throw there can undo it. */
  private compensable(el: GraphElement, scopeId: string): void {
    if (el.compensationHandler !== undefined) (this.state.compensable ??= []).push({ scopeId, elementId: el.id });
  }

  private startMultiInstance(el: GraphElement, scopeId: string): void {
    const mi = el.multiInstance!;
    const items = this.evaluate(mi.collection, this.variablesOf(scopeId), el.id);
    if (!Array.isArray(items)) throw new ProcessError(`multi-instance collection "${mi.collection}" is not a list`, el.id);
    if (this.state.incidents) {
      const size = items.length > MAX_MULTI_INSTANCE_ITEMS ? 0 : jsonSize(items);
      if (items.length > MAX_MULTI_INSTANCE_ITEMS || size > MAX_MULTI_INSTANCE_BYTES) {
        const found = items.length > MAX_MULTI_INSTANCE_ITEMS ? `${items.length} items` : `${kb(size)} of items`;
        const bound = `${MAX_MULTI_INSTANCE_ITEMS} items or ${kb(MAX_MULTI_INSTANCE_BYTES)}`;
        throw new ProcessError(`multi-instance collection "${mi.collection}" has ${found}, more than the ${bound} one activity may run`, el.id);
      }
    }
    const body = this.newInstance('multiInstance', el.id, scopeId, {});
    Object.assign(body, { items, nextIndex: 0, completedCount: 0, outputs: items.map(() => null) });
    this.attachBoundaries(el, body);
    if (items.length === 0) return this.finishMultiInstance(body);
    const first = mi.isSequential ? 1 : items.length;
    for (let i = 0; i < first; i++) this.startInner(el, body);
  }

  private startInner(el: GraphElement, body: Instance): void {
    const mi = el.multiInstance!;
    const index = body.nextIndex!;
    const locals: Variables = { loopCounter: index + 1 };
    if (mi.elementVariable) locals[mi.elementVariable] = body.items![index];
    this.activate(el, body.id, locals, index);
    // Counted once it started: an inner instance that failed to start is started again on retry.
    body.nextIndex = index + 1;
  }

  private innerDone(body: Instance, index: number, output: unknown): void {
    body.outputs![index] = output ?? null;
    body.completedCount! += 1;
    const error = this.attempt(() => this.continueMultiInstance(body));
    if (error) this.stop(body, { step: 'continue' }, error);
  }

  /** After an inner instance: the body completes (all done, or its completion condition holds) or starts the next item. */
  private continueMultiInstance(body: Instance): void {
    const el = this.element(body.elementId);
    const mi = el.multiInstance!;
    const active = this.children(body.id).length;
    const total = body.items!.length;
    const done =
      (mi.completionCondition !== undefined &&
        this.condition(
          mi.completionCondition,
          {
            ...this.variablesOf(body.id),
            // Camunda 8 and Camunda 7 names for the same counters.
            numberOfInstances: total,
            numberOfCompletedInstances: body.completedCount,
            numberOfActiveInstances: active,
            nrOfInstances: total,
            nrOfCompletedInstances: body.completedCount,
            nrOfActiveInstances: active,
          },
          el.id,
        )) ||
      (active === 0 && body.nextIndex! >= total);
    if (done) {
      for (const inner of this.children(body.id)) this.cancelInstance(inner, 'cancelled');
      this.finishMultiInstance(body);
    } else if (mi.isSequential && active === 0) {
      this.startInner(el, body);
    }
  }

  private finishMultiInstance(body: Instance): void {
    const el = this.element(body.elementId);
    const collection = el.multiInstance!.outputCollection;
    if (collection) this.state.variables[collection] = body.outputs;
    this.finishInstance(body, 'completed');
    this.compensable(el, body.parentId!);
    this.leave(el, body.parentId!);
  }

  // ---- events on activities -------------------------------------------------------------

  private attachBoundaries(el: GraphElement, inst: Instance): void {
    for (const id of el.boundaryEvents ?? []) {
      const boundary = this.element(id) as BoundaryEvent;
      if (boundary.trigger.kind !== 'compensation') this.subscribe(inst, boundary.id, boundary.trigger);
    }
  }

  /** Opens the subscription of a catching event; errors and escalations are thrown to their catchers instead. */
  private subscribe(inst: Instance, elementId: string, trigger: EventTrigger): void {
    if (trigger.kind === 'error' || trigger.kind === 'escalation') return;
    const id = `s${this.state.nextId++}`;
    if (trigger.kind === 'signal') {
      this.state.subscriptions[id] = { id, instanceId: inst.id, elementId, kind: 'signal', signalName: trigger.signalName };
      return;
    }
    if (trigger.kind === 'message') {
      const key = trigger.correlationKey === undefined ? undefined : this.evaluate(trigger.correlationKey, this.variablesOf(inst.id), elementId);
      this.state.subscriptions[id] = {
        id,
        instanceId: inst.id,
        elementId,
        kind: 'message',
        messageName: trigger.messageName,
        ...(key === undefined || key === null ? {} : { correlationKey: String(key) }),
      };
      return;
    }
    const value = String(this.resolve(trigger.timer.value, this.variablesOf(inst.id), elementId));
    let schedule;
    try {
      schedule = timerSchedule(trigger.timer.kind, value, this.now, { calendarCycles: this.state.calendarTimers, timeZone: this.state.timeZone });
    } catch (err) {
      throw new ProcessError((err as Error).message, elementId);
    }
    this.state.subscriptions[id] = { id, instanceId: inst.id, elementId, kind: 'timer', ...schedule };
    this.effects.push({ type: 'startTimer', subscriptionId: id, fireAt: schedule.fireAt, elementId });
  }

  /**
   * A compensation throw or end event: the handlers of the activities completed in its scope (or of
   * `activity` only) start at once, the last completed first, each activity compensated once; the event
   * waits for them all (Camunda 8's waitForCompletion) and then goes on. With nothing to compensate it
   * goes on at once.
   */
  private compensate(el: GraphElement, activity: string | undefined, scopeId: string): void {
    const s = this.state;
    const due = (s.compensable ?? []).filter((c) => c.scopeId === scopeId && (activity === undefined || c.elementId === activity));
    s.compensable = (s.compensable ?? []).filter((c) => !due.includes(c));
    const inst = this.newInstance('compensation', el.id, scopeId, {});
    for (const done of due.reverse()) {
      const handler = this.element(this.element(done.elementId).compensationHandler!);
      // A task that does nothing by itself (or a FEEL script) is done as it starts.
      if (handler.type === 'task' || handler.type === 'manualTask') this.completeWait(this.newInstance('wait', handler.id, inst.id, {}), {});
      else this.activate(handler, inst.id, {});
    }
    // Completed by completeEmptyScope once its handlers are done, at once when there are none.
  }

  /** A signal or escalation throw or end event; an intermediate one goes on along its flows unless its throw cut it off. */
  private throwEvent(el: GraphElement, thrown: ThrownEvent, scopeId: string, goesOn: boolean): void {
    if (thrown.kind === 'escalation') {
      if (this.throwEscalation(thrown.escalationCode, this.state.instances[scopeId]) && goesOn) this.leave(el, scopeId);
      return;
    }
    if (thrown.kind === 'compensation') throw new ProcessError('a compensation throw is handled on entry', el.id);
    // The signal's variables are the throw event's input mappings, as in Camunda 8.
    const variables: Variables = {};
    this.applyMappings(el.inputs, this.variablesOf(scopeId), variables);
    if (goesOn) this.leave(el, scopeId);
    this.effects.push({ type: 'broadcastSignal', elementId: el.id, signalName: thrown.signalName, variables });
    // A broadcast reaches every matter, this one included: its own waiting events have it at once.
    this.deliverSignal(thrown.signalName, variables);
  }

  /** Triggers every subscription to the signal; false when none waits for it. */
  private deliverSignal(signalName: string, variables: Variables): boolean {
    const subs = this.signalSubscriptions(signalName);
    // Each in turn: one may withdraw another (an interrupting event cancels the activity it is on).
    for (const sub of subs) if (this.state.subscriptions[sub.id]) this.trigger(sub, variables);
    return subs.length > 0;
  }

  /**
   * Raises an escalation from a scope outwards: in each scope its escalation event sub-processes, then
   * the boundary events of the sub-process, as for errors. Escalations are not critical: uncaught, or
   * caught by a non-interrupting event, the thrower goes on (true); an interrupting catch cuts it off.
   */
  private throwEscalation(code: string, from: Instance): boolean {
    for (let cur: Instance | undefined = from; cur; cur = this.state.instances[cur.parentId!]) {
      const esp = cur.kind === 'scope' ? this.eventSubProcessCatching(cur, 'escalation', code) : undefined;
      if (esp) {
        this.startEventSubProcess(esp, cur, {});
        return !esp.interrupting;
      }
      if (cur.id === ROOT) break;
      if (cur.loopIndex !== undefined) continue;
      const catchers = (this.element(cur.elementId).boundaryEvents ?? [])
        .map((id) => this.element(id) as BoundaryEvent)
        .filter((b) => b.trigger.kind !== 'compensation' && catches(b.trigger, 'escalation', code));
      const boundary = catchers.find((b) => b.trigger.kind !== 'compensation' && catches(b.trigger, 'escalation', code, true)) ?? catchers[0];
      if (!boundary) continue;
      const scopeId = cur.parentId!;
      if (boundary.cancelActivity) this.cancelInstance(cur, 'interrupted');
      this.record(boundary, cur.id, this.now, 'completed');
      this.leave(boundary, scopeId);
      return !boundary.cancelActivity;
    }
    return true;
  }

  /**
   * Finds the nearest catcher of error `code` from `from` outwards, as Camunda 8 does: in each scope its
   * error event sub-processes, then the boundary events of the activity, and so on out to the process.
   */
  private throwError(code: string, from: Instance, elementId: string): void {
    for (let cur: Instance | undefined = from; cur; cur = this.state.instances[cur.parentId!]) {
      const esp = cur.kind === 'scope' ? this.eventSubProcessCatching(cur, 'error', code) : undefined;
      if (esp) return this.startEventSubProcess(esp, cur, {});
      if (cur.id === ROOT) break;
      if (cur.loopIndex !== undefined) continue; // inner instance: the body carries the boundary events
      const el = this.element(cur.elementId);
      const catchers = (el.boundaryEvents ?? [])
        .map((id) => this.element(id) as BoundaryEvent)
        .filter((b) => b.trigger.kind === 'error' && (b.trigger.errorCode === undefined || b.trigger.errorCode === code));
      const boundary = catchers.find((b) => b.trigger.kind === 'error' && b.trigger.errorCode === code) ?? catchers[0];
      if (!boundary) continue;
      const scopeId = cur.parentId!;
      this.cancelInstance(cur, 'interrupted');
      this.record(boundary, cur.id, this.now, 'completed');
      this.leave(boundary, scopeId);
      return;
    }
    throw new ProcessError(`error "${code}" was thrown and no boundary event catches it`, elementId);
  }

  private terminateScope(scope: Instance): void {
    for (const child of this.children(scope.id)) this.cancelInstance(child, 'cancelled');
    for (const key of Object.keys(this.state.joins)) if (key.startsWith(`${scope.id}/`)) this.dropJoin(key);
    this.queue = this.queue.filter((w) => w.scopeId !== scope.id);
    if (scope.id === ROOT) {
      this.closeSubscriptions(scope);
      delete this.state.instances[ROOT];
      this.state.status = 'terminated';
    }
    // A sub-process whose scope is now empty completes normally in completeEmptyScope.
  }

  // ---- instances -----------------------------------------------------------------------

  private newInstance(kind: Instance['kind'], elementId: string, parentId: string, locals: Variables): Instance {
    const id = `i${this.state.nextId++}`;
    const inst: Instance = { id, kind, elementId, parentId, locals, startedAt: this.now };
    this.state.instances[id] = inst;
    return inst;
  }

  private children(parentId: string): Instance[] {
    return Object.values(this.state.instances).filter((i) => i.parentId === parentId);
  }

  private cancelInstance(inst: Instance, outcome: CompletedElement['outcome']): void {
    for (const child of this.children(inst.id)) this.cancelInstance(child, 'cancelled');
    for (const key of Object.keys(this.state.joins)) if (key.startsWith(`${inst.id}/`)) this.dropJoin(key);
    this.queue = this.queue.filter((w) => w.scopeId !== inst.id);
    this.finishInstance(inst, outcome);
  }

  /** Removes an instance with its subscriptions, open task and call in flight, and records it. */
  private finishInstance(inst: Instance, outcome: CompletedElement['outcome']): void {
    const s = this.state;
    this.closeSubscriptions(inst);
    if (s.compensable && inst.kind === 'scope') {
      // A completed sub-process hands what can be compensated in it to its own scope; a cancelled one drops it.
      let outer = s.instances[inst.parentId!];
      while (outer && outer.kind !== 'scope') outer = s.instances[outer.parentId!];
      s.compensable = s.compensable.flatMap((c) => (c.scopeId !== inst.id ? [c] : outcome === 'completed' && outer ? [{ ...c, scopeId: outer.id }] : []));
    }
    for (const task of Object.values(s.tasks)) {
      if (task.instanceId === inst.id && task.status === 'open') Object.assign(task, { status: 'cancelled', completedAt: this.now });
    }
    if (s.pending[inst.id]) {
      delete s.pending[inst.id];
      this.effects.push({ type: 'cancelPending', instanceId: inst.id });
    }
    delete s.instances[inst.id];
    if (inst.loopIndex === undefined && inst.id !== ROOT) this.record(this.element(inst.elementId), inst.id, inst.startedAt, outcome);
  }

  /** Withdraws the subscriptions an instance holds (its boundary events, its event sub-processes' starts). */
  private closeSubscriptions(inst: Instance): void {
    for (const sub of Object.values(this.state.subscriptions)) if (sub.instanceId === inst.id) this.closeSubscription(sub);
  }

  private closeSubscription(sub: Subscription): void {
    if (sub.kind === 'timer') this.effects.push({ type: 'cancelTimer', subscriptionId: sub.id });
    delete this.state.subscriptions[sub.id];
  }

  private record(el: GraphElement, instanceId: string, startedAt: number, outcome: CompletedElement['outcome']): void {
    this.state.completed.push({ elementId: el.id, type: el.type, name: el.name, instanceId, startedAt, completedAt: this.now, outcome });
  }

  // ---- variables and expressions --------------------------------------------------------

  /** Process variables overlaid with the locals of every instance from the root down to this one. */
  private variablesOf(instanceId: string): Variables {
    const chain: Instance[] = [];
    for (let cur = this.state.instances[instanceId]; cur; cur = this.state.instances[cur.parentId!]) chain.unshift(cur);
    return Object.assign({}, this.state.variables, ...chain.map((i) => i.locals));
  }

  /** Writes variables produced in a scope: to the nearest instance upwards that holds each one, else to the process. */
  private propagate(scopeId: string, variables: Variables): void {
    for (const [name, value] of Object.entries(variables)) {
      let target = this.state.variables;
      if (this.state.scopedVariables) {
        for (let cur = this.state.instances[scopeId]; cur; cur = this.state.instances[cur.parentId!]) {
          if (name in cur.locals) {
            target = cur.locals;
            break;
          }
        }
      }
      target[name] = value;
    }
  }

  private applyMappings(mappings: Mapping[] | undefined, context: Variables, target: Variables): void {
    for (const m of mappings ?? []) target[m.target] = this.evaluate(m.source, context, undefined);
  }

  /** The working days of the process's calendar, built once from its data. */
  private get workingDays(): WorkingDays | undefined {
    const calendar = this.state.workCalendar;
    if (calendar && this.workingDaysOf?.calendar !== calendar) this.workingDaysOf = { calendar, days: new WorkingDays(calendar) };
    return this.workingDaysOf?.days;
  }

  private workingDaysOf?: { calendar: WorkCalendar; days: WorkingDays };

  /** A task's due instant; on a day off it moves to the next working day where the calendar says so. */
  private dueAt(value: string, elementId: string): number {
    const { timeZone, workCalendar } = this.state;
    let due: number;
    try {
      due = dueInstant(value, this.now, timeZone);
    } catch (err) {
      throw new ProcessError(`due date: ${(err as Error).message}`, elementId);
    }
    return timeZone && workCalendar?.moveDueDates ? this.workingDays!.onWorkingDay(due, timeZone) : due;
  }

  /** FEEL's now(), today() and add working days(): the engine's (business) time in the process's zone, under the zoned rules. */
  private get clock(): FeelClock | undefined {
    return this.state.timeZone ? { now: this.now, timeZone: this.state.timeZone, workingDays: this.workingDays } : undefined;
  }

  private evaluate(expression: Expression, context: Variables, elementId: string | undefined): unknown {
    try {
      return evaluateFeel(expression, context, this.clock);
    } catch (err) {
      throw new ProcessError(`cannot evaluate "${expression}": ${(err as Error).message}`, elementId);
    }
  }

  private condition(expression: Expression, context: Variables, elementId: string): boolean {
    try {
      return evaluateCondition(expression, context, this.clock);
    } catch (err) {
      throw new ProcessError(`cannot evaluate "${expression}": ${(err as Error).message}`, elementId);
    }
  }

  private resolve(source: ValueSource, context: Variables, elementId: string): unknown {
    return 'literal' in source ? source.literal : this.evaluate(source.expression, context, elementId);
  }

  // ---- incidents ------------------------------------------------------------------------

  /**
   * Runs a step that can fail on the model or its data. With incidents, a ProcessError takes back
   * what the step added (instances, subscriptions, tasks, calls, records, queued tokens: a step that
   * can fail only adds before it fails) and is returned for the caller to stop the token; without,
   * it propagates and the matter fails.
   */
  private attempt(fn: () => void): ProcessError | undefined {
    if (!this.state.incidents) {
      fn();
      return undefined;
    }
    const s = this.state;
    const mark: Mark = { nextId: s.nextId, completed: s.completed.length, effects: this.effects.length, queue: this.queue.length };
    try {
      fn();
      return undefined;
    } catch (err) {
      if (!(err instanceof ProcessError)) throw err;
      this.undo(mark);
      return err;
    }
  }

  private undo(mark: Mark): void {
    const s = this.state;
    const added = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? -1) >= mark.nextId;
    for (const id of Object.keys(s.instances)) {
      if (id === ROOT || !added(id)) continue;
      delete s.instances[id];
      delete s.pending[id];
    }
    for (const id of Object.keys(s.subscriptions)) if (added(id)) delete s.subscriptions[id];
    for (const id of Object.keys(s.tasks)) if (added(id)) delete s.tasks[id];
    s.completed.length = mark.completed;
    this.effects.length = mark.effects;
    this.queue.length = Math.min(this.queue.length, mark.queue);
    s.nextId = mark.nextId;
  }

  /** An instance stops in incident as it is (with incidents; without, the error fails the matter). */
  private stop(inst: Instance, mark: Omit<IncidentMark, 'message'>, error: ProcessError): void {
    if (!this.state.incidents) throw error;
    const el = this.element(inst.elementId);
    const at = error.elementId && error.elementId !== el.id ? ` (at ${error.elementId})` : '';
    inst.incident = { ...mark, message: `${error.message}${at}` };
    this.effects.push({ type: 'incident', instanceId: inst.id, elementId: el.id, message: inst.incident.message });
  }

  /** A token stops in incident at an element it was entering or leaving: it waits there as an instance of its own. */
  private stopToken(work: Work, mark: Omit<IncidentMark, 'message'>, error: ProcessError): void {
    if (!this.state.incidents) throw error;
    this.stop(this.newInstance('incident', work.elementId, work.scopeId, {}), mark, error);
  }

  /** Runs again the step an instance stopped at; it may stop again, with the error of now. */
  private retry(inst: Instance): void {
    const { step, flowId, result } = inst.incident!;
    delete inst.incident;
    const el = this.element(inst.elementId);
    const scopeId = inst.parentId!;
    // A token's own instance goes: the token moves on from where it stopped, or stops anew.
    if (inst.kind === 'incident' && step !== 'complete') delete this.state.instances[inst.id];
    switch (step) {
      case 'enter':
        this.queue.unshift({ elementId: el.id, scopeId, flowId });
        return;
      case 'fork':
        return this.fork(el, scopeId);
      case 'complete':
        return this.completeWait(inst, result ?? {});
      case 'run': {
        const error = this.attempt(() => this.runActivity(el, inst));
        if (error) this.stop(inst, { step: 'run' }, error);
        return;
      }
      case 'continue': {
        const error = this.attempt(() => this.continueMultiInstance(inst));
        if (error) this.stop(inst, { step: 'continue' }, error);
        return;
      }
    }
  }

  /** A run-time error in the model or its data fails the matter, with the element at fault. */
  private guard<T>(fn: () => T): T | false {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ProcessError)) throw err;
      this.fail(err.message, err.elementId);
      return false;
    }
  }

  private fail(message: string, elementId?: string): void {
    const root = this.state.instances[ROOT];
    if (root) this.cancelInstance(root, 'cancelled');
    this.queue = [];
    this.state.status = 'failed';
    this.state.failure = { message, elementId };
  }

  // ---- graph index ---------------------------------------------------------------------

  private index(scope: Pick<Scope, 'elements' | 'flows'>): void {
    for (const el of Object.values(scope.elements)) {
      this.elements.set(el.id, el);
      if (el.type === 'subProcess' || el.type === 'eventSubProcess') this.index(el.scope);
      if (el.type === 'eventSubProcess') this.eventSubProcessOfStart.set(el.scope.startId, el);
    }
    for (const flow of Object.values(scope.flows)) this.flows.set(flow.id, flow);
  }

  private element(id: string): GraphElement {
    const el = this.elements.get(id);
    if (!el) throw new ProcessError(`unknown element ${id}`, id);
    return el;
  }

  private flow(id: string): SequenceFlow {
    const flow = this.flows.get(id);
    if (!flow) throw new ProcessError(`unknown sequence flow ${id}`, id);
    return flow;
  }

  /** Elements a token at `from` can still reach in its scope, through flows and boundary events. */
  private reachable(from: string): Set<string> {
    let seen = this.reach.get(from);
    if (seen) return seen;
    seen = new Set();
    const stack = [from];
    while (stack.length > 0) {
      const el = this.element(stack.pop()!);
      const next = [...el.outgoing.map((f) => this.flow(f).target), ...(el.boundaryEvents ?? [])];
      for (const id of next) {
        if (seen.has(id)) continue;
        seen.add(id);
        stack.push(id);
      }
    }
    this.reach.set(from, seen);
    return seen;
  }
}

/** Whether a catch event's trigger catches a thrown error or escalation; `exactly`: only by its code, not as a catch-all. */
function catches(trigger: EventTrigger, kind: 'error' | 'escalation', code: string, exactly = false): boolean {
  if (trigger.kind !== kind) return false;
  const caught = trigger.kind === 'error' ? trigger.errorCode : trigger.kind === 'escalation' ? trigger.escalationCode : undefined;
  return caught === undefined ? !exactly : caught === code;
}

function toList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : String(value);
}
