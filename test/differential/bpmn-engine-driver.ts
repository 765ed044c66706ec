/**
 * Runs an element scenario in bpmn-engine (paed01/bpmn-engine on bpmn-elements), a BPMN 2.0
 * engine written independently of ours, so that the differential test can hold the two
 * side by side. The driver does what the scenario's people and clock do and writes down what
 * bpmn-engine reports: the elements that completed, those cut off, and how the process ended.
 *
 * bpmn-engine knows BPMN, not Zeebe. The driver fills the gaps the Zeebe flavour of our
 * diagrams leaves, each where BPMN or Zeebe says what must happen:
 * - FEEL: an expression with a leading `=` is evaluated by our FEEL module; anything else is a
 *   literal, as in Zeebe. bpmn-elements takes a condition's value by JavaScript truthiness,
 *   which agrees with FEEL for booleans and null, the only values the scenarios' conditions yield.
 * - Variables: bpmn-engine leaves merging a task's result into the process to its host, so the
 *   driver keeps the process variables the way Zeebe does: the start variables, merged with
 *   the variables of each completed task and delivered message.
 * - Multi-instance: `zeebe:loopCharacteristics` gives bpmn-elements its collection and element
 *   variable; a completion condition sees `numberOfInstances` and `numberOfCompletedInstances`.
 * - Manual tasks: bpmn-elements waits for a signal as for a user task. BPMN says no engine
 *   executes a manual task and Zeebe passes through it, so the driver signals it at once.
 * - Timers never run on the wall clock: each waits until a step fires it, except one already
 *   due when set (a date in the past), which fires at once in both engines.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { evaluateFeel } from '../../bpmn/feel';
import type { Scenario } from '../scenarios/elements';
import type { ProcessStatus, Variables } from '../../workflows/engine/state';

const zeebeModdle = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');

/** Exported by bpmn-elements (it backs `multiInstanceLoopCharacteristics`) but missing from its types. */
const { MultiInstanceLoopCharacteristics } = Elements as unknown as {
  MultiInstanceLoopCharacteristics: new (activity: unknown, loopCharacteristics: unknown) => object;
};

export interface BpmnEngineRun {
  status: ProcessStatus;
  /** Elements that completed, with repeats: one entry per `activity.end`, and per thrown error. */
  reached: string[];
  /** Elements that started working and were cut off before completing. */
  interrupted: string[];
}

/** bpmn-elements' timers interface, with nothing firing until `fire` is called. */
class ManualTimers {
  private readonly pending = new Set<PendingTimer>();
  private count = 0;

  get executing(): PendingTimer[] {
    return [...this.pending];
  }

  register = (owner: { id?: string }) => ({
    setTimeout: (callback: CallableFunction, delay: number, ...args: unknown[]) => this.add(owner, callback, delay, args),
    clearTimeout: this.clearTimeout,
  });

  setTimeout = (callback: CallableFunction, delay: number, ...args: unknown[]) => this.add(undefined, callback, delay, args);

  clearTimeout = (timer: PendingTimer) => {
    this.pending.delete(timer);
  };

  /** Fires the oldest timer of the element; false when none is set. */
  fire(elementId: string): boolean {
    const timer = this.executing.find((t) => t.owner?.id === elementId);
    if (!timer) return false;
    this.pending.delete(timer);
    Reflect.apply(timer.callback, undefined, timer.args);
    return true;
  }

  private add(owner: { id?: string } | undefined, callback: CallableFunction, delay: number, args: unknown[]): PendingTimer {
    const timer = { owner, callback, delay, args, timerId: `timer_${this.count++}`, timerRef: null };
    this.pending.add(timer);
    return timer;
  }
}

interface PendingTimer {
  owner?: { id?: string };
  callback: CallableFunction;
  delay: number;
  args: unknown[];
  timerId: string;
  timerRef: null;
}

/** Multi-instance loop characteristics that read the collection and element variable from `zeebe:loopCharacteristics`. */
class ZeebeLoopCharacteristics extends MultiInstanceLoopCharacteristics {
  constructor(activity: unknown, loopCharacteristics: { behaviour?: Record<string, any> }) {
    const behaviour = loopCharacteristics.behaviour ?? {};
    const zeebe = behaviour.extensionElements?.values?.find((v: { $type: string }) => v.$type === 'zeebe:LoopCharacteristics');
    super(activity, {
      ...loopCharacteristics,
      behaviour: zeebe ? { ...behaviour, collection: zeebe.inputCollection, elementVariable: zeebe.inputElement } : behaviour,
    });
  }
}

/** What bpmn-engine hands its listener: the element's API. */
interface ElementApi {
  id: string;
  type: string;
  executionId?: string;
  content: Record<string, any>;
  owner: { attachedTo?: unknown; inbound?: { sourceId: string }[]; getActivityById(id: string): { type: string } | undefined };
  signal(message?: unknown): void;
}

interface Started {
  elementId: string;
  /** A boundary event or an event-gateway target: started to listen for its trigger, not to work. */
  listening: boolean;
}

export async function runInBpmnEngine(scenario: Scenario): Promise<BpmnEngineRun> {
  const variables: Variables = { ...scenario.variables };
  const timers = new ManualTimers();
  const listener = new EventEmitter();
  const reached: string[] = [];
  const interrupted: string[] = [];
  /** Executions that started and have not finished yet, by execution id. */
  const running = new Map<string, Started>();
  /** Elements waiting for a signal (user, manual and receive tasks, message catch events), by execution id. */
  const waiting = new Map<string, ElementApi>();
  let status: ProcessStatus = 'running';

  const finish = (api: ElementApi) => {
    if (api.executionId && running.delete(api.executionId)) reached.push(api.id);
  };

  listener.on('activity.start', (api: ElementApi) => {
    const inbound = api.owner.inbound ?? [];
    const afterEventGateway = inbound.some((flow) => api.owner.getActivityById(flow.sourceId)?.type === 'bpmn:EventBasedGateway');
    running.set(api.executionId!, { elementId: api.id, listening: Boolean(api.owner.attachedTo) || afterEventGateway });
  });
  listener.on('activity.end', finish);
  // An error end event's result is the error it throws; bpmn-elements never ends it when a
  // boundary event catches the error and interrupts its scope. Count the throw as reached once.
  listener.on('activity.throw', finish);
  // The same for an escalation end event whose escalation an interrupting event catches.
  listener.on('activity.escalate', finish);
  listener.on('activity.leave', (api: ElementApi) => {
    const started = running.get(api.executionId!);
    if (started) {
      running.delete(api.executionId!);
      if (!started.listening) interrupted.push(started.elementId);
    }
    for (const [id, wait] of waiting) if (id === api.executionId || wait.content.parent?.executionId === api.executionId) waiting.delete(id);
  });
  listener.on('activity.wait', (api: ElementApi) => waiting.set(api.executionId!, api));
  listener.on('process.terminate', () => (status = 'terminated'));

  const engine = new Engine({
    name: scenario.name,
    source: scenario.xml,
    moddleOptions: { zeebe: zeebeModdle },
    elements: { MultiInstanceLoopCharacteristics: ZeebeLoopCharacteristics },
    expressions: { resolveExpression: (expression: unknown, context: any) => resolve(expression, context, variables) },
    timers,
    listener,
  });
  engine.on('end', () => {
    if (status === 'running') status = 'completed';
    waiting.clear();
  });
  engine.on('error', () => {
    status = 'failed';
    waiting.clear();
  });

  const findWaiting = (match: (api: ElementApi) => boolean) => [...waiting.values()].find(match);
  /** Manual tasks pass through: each is signalled as soon as it waits. */
  const passManualTasks = () => {
    let manual;
    while ((manual = findWaiting((a) => a.type === 'bpmn:ManualTask'))) deliver(manual, undefined);
  };

  await engine.execute();
  passManualTasks();
  const timersFired: Record<string, number> = {};
  for (const step of scenario.steps) {
    if ('complete' in step) {
      const task = findWaiting((a) => a.id === step.complete && a.type === 'bpmn:UserTask');
      if (!task) throw new Error(`bpmn-engine: no open task for ${step.complete}`);
      deliver(task, step.variables);
    } else if ('message' in step) {
      const catcher = findWaiting((a) => a.content.message?.name === step.message);
      if (!catcher) throw new Error(`bpmn-engine: nothing waits for message ${step.message}`);
      deliver(catcher, step.variables);
    } else if ('signal' in step) {
      // bpmn-elements matches a broadcast to its catchers by the signal element's id.
      const id = new RegExp(`<bpmn:signal id="([^"]+)" name="${step.signal}"`).exec(scenario.xml)?.[1];
      if (!id) throw new Error(`bpmn-engine: the diagram declares no signal ${step.signal}`);
      Object.assign(variables, step.variables);
      engine.execution.signal({ id, ...step.variables });
    } else if ('job' in step) {
      throw new Error('bpmn-engine: no external job workers');
    } else {
      const fired = (timersFired[step.timer] = (timersFired[step.timer] ?? 0) + 1);
      // A timer already due when it was set (a date in the past) has fired by itself.
      const alreadyFired = reached.filter((id) => id === step.timer).length >= fired;
      if (!alreadyFired && !timers.fire(step.timer)) throw new Error(`bpmn-engine: no timer for ${step.timer}`);
    }
    passManualTasks();
  }
  if (status !== 'running') {
    // Whatever still worked when the process ended was cut off: a terminate end event stops it without a leave.
    for (const started of running.values()) if (!started.listening) interrupted.push(started.elementId);
  }
  return { status, reached, interrupted };

  function deliver(api: ElementApi, result: Variables | undefined) {
    Object.assign(variables, result);
    waiting.delete(api.executionId!);
    api.signal({ ...result });
  }
}

/** Zeebe's reading of an attribute: `=` starts a FEEL expression, anything else is a literal. */
function resolve(expression: unknown, context: { content?: Record<string, any> }, variables: Variables): unknown {
  if (typeof expression !== 'string' || !expression.startsWith('=')) return expression;
  const loopOutput: unknown[] | undefined = context.content?.loopOutput;
  // A completion condition is evaluated with the loop's output, which holds one entry per
  // completed instance (the driver completes tasks with an object); `filter` skips the holes.
  const counters = loopOutput && {
    numberOfInstances: context.content!.loopCardinality,
    numberOfCompletedInstances: loopOutput.filter(() => true).length,
  };
  return evaluateFeel(expression.slice(1), { ...variables, ...counters });
}
