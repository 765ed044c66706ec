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
  Expression,
  GraphElement,
  Mapping,
  ProcessGraph,
  Scope,
  SequenceFlow,
  TimerDefinition,
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
  Instance,
  Subscription,
  TaskState,
  Variables,
} from './state';
import { cycleFiring, dueInstant, timerSchedule } from './timers';

/** An error in the model or its data at run time (a FEEL failure, no matching flow…): the matter fails with it. */
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
   */
  start(
    variables: Variables,
    now: number,
    options: { scopedVariables?: boolean; calendarTimers?: boolean; timeZone?: string; workCalendar?: WorkCalendar } = {},
  ): void {
    this.now = now;
    if (options.scopedVariables) this.state.scopedVariables = true;
    if (options.calendarTimers) this.state.calendarTimers = true;
    if (options.timeZone) this.state.timeZone = options.timeZone;
    if (options.timeZone && options.workCalendar) this.state.workCalendar = options.workCalendar;
    this.state.variables = { ...variables };
    this.state.instances[ROOT] = { id: ROOT, kind: 'scope', elementId: this.graph.key, locals: {}, startedAt: now };
    this.enterScope(this.graph, ROOT);
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
      .filter((i) => i.id !== ROOT && i.loopIndex === undefined)
      .map((i): ActiveElement => {
        const el = this.element(i.elementId);
        return { elementId: i.elementId, name: el.name, type: el.type, instanceId: i.id, startedAt: i.startedAt };
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

  /** The subscription a message would be delivered to: the oldest waiting one with its name and, if it has one, its key. */
  messageSubscription(name: string, correlationKey?: string): Subscription | undefined {
    return Object.values(this.state.subscriptions).find(
      (s) => s.kind === 'message' && s.messageName === name && (s.correlationKey === undefined || s.correlationKey === correlationKey),
    );
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
        this.completeWait(s.instances[event.instanceId], event.variables);
        return true;
      }
      case 'serviceFailed':
      case 'childFailed': {
        if (!s.pending[event.instanceId]) return false;
        delete s.pending[event.instanceId];
        const inst = s.instances[event.instanceId];
        if (event.errorCode === undefined) throw new ProcessError(event.message, inst.elementId);
        this.throwError(event.errorCode, inst, inst.elementId);
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
      case 'signalReceived': {
        const subs = Object.values(s.subscriptions).filter((sub) => sub.kind === 'signal' && sub.signalName === event.signalName);
        // Each in turn: one may withdraw another (an interrupting event cancels the activity it is on).
        for (const sub of subs) if (s.subscriptions[sub.id]) this.trigger(sub, event.variables);
        return subs.length > 0;
      }
    }
  }

  private trigger(sub: Subscription, variables: Variables): void {
    const s = this.state;
    const owner = s.instances[sub.instanceId];
    const event = this.element(sub.elementId);
    if (event.type === 'boundaryEvent' && event.outputs?.length && s.timeZone) {
      const mapped: Variables = {};
      this.applyMappings(event.outputs, { ...this.variablesOf(owner.parentId!), ...variables }, mapped);
      this.propagate(owner.parentId!, mapped);
    } else {
      this.propagate(owner.parentId!, variables);
    }

    if (event.type === 'boundaryEvent') {
      if (event.cancelActivity) {
        this.cancelInstance(owner, 'interrupted');
      } else if (sub.kind === 'timer' && sub.remaining !== undefined && sub.remaining !== 0 && (sub.intervalMs || sub.cycle)) {
        // A cycle re-arms itself while the activity stays open: the reminders of a long task.
        if (sub.cycle) {
          sub.cycle = { ...sub.cycle, n: sub.cycle.n + 1 };
          sub.fireAt = cycleFiring(sub.cycle, sub.cycle.n);
        } else {
          sub.fireAt = sub.fireAt! + sub.intervalMs!;
        }
        sub.remaining = sub.remaining > 0 ? sub.remaining - 1 : -1;
        this.effects.push({ type: 'startTimer', subscriptionId: sub.id, fireAt: sub.fireAt, elementId: sub.elementId });
      } else {
        delete s.subscriptions[sub.id];
      }
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

  // ---- token movement ------------------------------------------------------------------

  private drain(): void {
    this.guard(() => {
      let steps = 0;
      for (;;) {
        while (this.queue.length > 0) {
          if (++steps > MAX_STEPS_PER_EVENT) {
            throw new ProcessError('the process loops without reaching a wait state', this.queue[0].elementId);
          }
          const work = this.queue.shift()!;
          if (this.state.status !== 'running' || !this.state.instances[work.scopeId]) continue;
          this.enter(work);
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
      case 'startEvent':
      case 'task':
      case 'manualTask':
      case 'linkCatchEvent':
        this.record(el, scopeId, this.now, 'completed');
        this.leave(el, scopeId);
        return;
      case 'intermediateThrowEvent':
        this.record(el, scopeId, this.now, 'completed');
        // A link throw event goes on at its link catch event; a none throw event along its flows.
        if (el.linkTarget !== undefined) this.queue.push({ elementId: el.linkTarget, scopeId });
        else this.leave(el, scopeId);
        return;
      case 'endEvent':
        this.record(el, scopeId, this.now, 'completed');
        if (el.result === 'terminate') this.terminateScope(this.state.instances[scopeId]);
        else if (el.result === 'error') this.throwError(el.errorCode ?? '', this.state.instances[scopeId], el.id);
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
        this.record(el, scopeId, this.now, 'completed');
        this.take(this.chooseInclusive(el, scopeId), scopeId);
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

  /** A scope starts at its start event, or at every element of its implicit start. */
  private enterScope(scope: Scope, scopeId: string): void {
    for (const elementId of scope.implicitStarts ?? [scope.startId]) this.queue.push({ elementId, scopeId });
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
      this.record(el, scopeId, this.now, 'completed');
      this.take(el.outgoing.length > 1 ? this.chooseInclusive(el, scopeId) : el.outgoing, scopeId);
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
      if (scope.kind !== 'scope' || this.children(scope.id).length > 0) continue;
      if (this.livePositions(scope.id).length > 0) continue;
      if (scope.id === ROOT) {
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
        this.enterScope(el.scope, inst.id);
        break;
      case 'callActivity':
        this.state.pending[inst.id] = 'child';
        this.effects.push({
          type: 'startChild',
          instanceId: inst.id,
          elementId: el.id,
          processKey: el.calledElement,
          variables: el.propagateAllVariables || !el.inputs?.length ? context : { ...inst.locals },
        });
        break;
      default:
        throw new ProcessError(`${el.type} is not an activity`, el.id);
    }
    return inst;
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
      ...(el.attributes && { properties: this.properties(el.attributes, context, el.id) }),
      dueAt: due ? this.dueAt(String(due)) : undefined,
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
    if (el.outputs?.length) {
      const mapped: Variables = {};
      this.applyMappings(el.outputs, context, mapped);
      this.propagate(inst.parentId!, mapped);
    } else {
      this.propagate(inst.parentId!, result);
    }

    const parent = this.state.instances[inst.parentId!];
    const mi = parent.kind === 'multiInstance' ? el.multiInstance : undefined;
    const output = mi?.outputElement ? this.evaluate(mi.outputElement, context, el.id) : undefined;
    this.finishInstance(inst, 'completed');
    if (parent.kind === 'multiInstance') this.innerDone(parent, inst.loopIndex!, output);
    else this.leave(el, parent.id);
  }

  private startMultiInstance(el: GraphElement, scopeId: string): void {
    const mi = el.multiInstance!;
    const items = this.evaluate(mi.collection, this.variablesOf(scopeId), el.id);
    if (!Array.isArray(items)) throw new ProcessError(`multi-instance collection "${mi.collection}" is not a list`, el.id);
    const body = this.newInstance('multiInstance', el.id, scopeId, {});
    Object.assign(body, { items, nextIndex: 0, completedCount: 0, outputs: items.map(() => null) });
    this.attachBoundaries(el, body);
    if (items.length === 0) return this.finishMultiInstance(body);
    const first = mi.isSequential ? 1 : items.length;
    for (let i = 0; i < first; i++) this.startInner(el, body);
  }

  private startInner(el: GraphElement, body: Instance): void {
    const mi = el.multiInstance!;
    const index = body.nextIndex!++;
    const locals: Variables = { loopCounter: index + 1 };
    if (mi.elementVariable) locals[mi.elementVariable] = body.items![index];
    this.activate(el, body.id, locals, index);
  }

  private innerDone(body: Instance, index: number, output: unknown): void {
    const el = this.element(body.elementId);
    const mi = el.multiInstance!;
    body.outputs![index] = output ?? null;
    body.completedCount! += 1;
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
    this.leave(el, body.parentId!);
  }

  // ---- events on activities -------------------------------------------------------------

  private attachBoundaries(el: GraphElement, inst: Instance): void {
    for (const id of el.boundaryEvents ?? []) {
      const boundary = this.element(id) as BoundaryEvent;
      if (boundary.trigger.kind !== 'error') this.subscribe(inst, boundary.id, boundary.trigger);
    }
  }

  private subscribe(
    inst: Instance,
    elementId: string,
    trigger: { kind: 'timer'; timer: TimerDefinition } | { kind: 'message'; messageName: string; correlationKey?: Expression } | { kind: 'error' },
  ): void {
    if (trigger.kind === 'error') return;
    const id = `s${this.state.nextId++}`;
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

  /** Finds the nearest activity with an error boundary event that catches `code`, from `from` outwards. */
  private throwError(code: string, from: Instance, elementId: string): void {
    for (let cur: Instance | undefined = from; cur && cur.id !== ROOT; cur = this.state.instances[cur.parentId!]) {
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
    for (const sub of Object.values(s.subscriptions)) {
      if (sub.instanceId !== inst.id) continue;
      if (sub.kind === 'timer') this.effects.push({ type: 'cancelTimer', subscriptionId: sub.id });
      delete s.subscriptions[sub.id];
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
  private dueAt(value: string): number {
    const { timeZone, workCalendar } = this.state;
    const due = dueInstant(value, this.now, timeZone);
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

  private index(scope: Scope): void {
    for (const el of Object.values(scope.elements)) {
      this.elements.set(el.id, el);
      if (el.type === 'subProcess') this.index(el.scope);
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
