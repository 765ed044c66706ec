/**
 * The one workflow that runs every BPMN diagram. It holds the interpreter (engine/engine.ts),
 * feeds it events in order — task completions and messages arriving as Updates, timers,
 * service and child results — carries out the effects it asks for, and projects each new
 * state to PostgreSQL so that lists and inboxes never query workflows one by one.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  changeTaskUpdate,
  type CompleteTaskResult,
  type MatterSnapshot,
  type ProcessInput,
  type ProcessResult,
  completeTaskUpdate,
  messageUpdate,
  setVariablesUpdate,
  stateQuery,
  syncUpdate,
  terminateUpdate,
} from './api';
import { Engine } from './engine/engine';
import type { Effect, EngineEvent, TaskState } from './engine/state';
import { businessTime, realDelay } from './clock';
import { MatterLight } from './matter-light';
import { mayWorkOn } from './engine/tasks';

const { projectMatter, loadDefinition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Past this many history events a matter continues as new, carrying its state. */
const HISTORY_LIMIT = 8_000;
/** Completed elements carried into the next run, keeping its input small. */
const CARRIED_COMPLETED = 500;
/** The key of the light timer among the cancellable things in flight (engine ids start with i or s). */
const LIGHT_TIMER = 'light';

export async function processWorkflow(input: ProcessInput): Promise<ProcessResult> {
  const taskIdPrefix = input.taskIdPrefix ?? input.matterId;
  /** Business time: the workflow's clock, or the drill clock's reading of it. */
  const now = () => businessTime(input.drill, Date.now());
  const sleepUntil = (at: number) => sleep(realDelay(input.drill, at - now()));
  const engine = new Engine(input.graph, taskIdPrefix, input.carried?.state);
  /** Events in arrival order; an Update's carries the ticket its handler waits on. */
  const inbox: Array<{ event: EngineEvent; ticket?: number }> = [];
  const inFlight = new Map<string, CancellationScope>();
  let seq = input.carried?.seq ?? 0;
  /** Tickets handed to Updates, the latest applied, and the latest whose state is in the read model. */
  let received = 0;
  let appliedTicket = 0;
  let projected = 0;
  /**
   * Matters recorded before tickets counted every applied event (timers too) against Update
   * tickets, so an Update could answer before its own change was projected; they replay so.
   */
  const ticketed = patched('update-tickets');
  let applied = 0;
  /** Set once this run has projected its first state. */
  let ready = false;

  const snapshot = (): MatterSnapshot => ({
    status: engine.state.status,
    definition: input.definition,
    variables: engine.state.variables,
    activeElements: engine.activeElements(),
    completedElements: engine.state.completed,
    openTasks: engine.openTasks(),
    failure: engine.state.failure,
    termination: engine.state.termination,
    seq,
  });

  /** Queues an event and resolves once it has been applied and its state projected. */
  const submit = async (event: EngineEvent): Promise<void> => {
    const n = ++received;
    inbox.push({ event, ticket: n });
    await condition(() => projected >= n);
  };

  setHandler(stateQuery, snapshot);
  setHandler(syncUpdate, async () => {
    const n = received;
    await condition(() => ready && projected >= n);
    return seq;
  });

  setHandler(
    completeTaskUpdate,
    async (request): Promise<CompleteTaskResult> => {
      const before = new Set(engine.openTasks().map((t) => t.id));
      await submit({
        type: 'taskCompleted',
        taskId: request.taskId,
        variables: request.variables,
        by: request.actor.username,
        requestId: request.requestId,
      });
      return {
        taskId: request.taskId,
        openedTasks: engine.openTasks().filter((t) => !before.has(t.id)),
        status: engine.state.status,
      };
    },
    {
      validator: (request) => {
        const task = engine.state.tasks[request.taskId];
        if (!task || task.status !== 'open') throw new Error(`task ${request.taskId} is not open in this matter`);
        if (!mayWorkOn(task, request.actor)) throw new Error(`task ${request.taskId} is not assigned to ${request.actor.username}`);
        if (typeof request.variables !== 'object' || request.variables === null || Array.isArray(request.variables)) {
          throw new Error('variables must be an object');
        }
      },
    },
  );

  const whileRunning = () => {
    if (engine.state.status !== 'running') throw new Error(`the process is ${engine.state.status}`);
  };
  setHandler(setVariablesUpdate, ({ variables }) => submit({ type: 'variablesSet', variables }), { validator: (_request) => whileRunning() });
  setHandler(terminateUpdate, ({ reason, by }) => submit({ type: 'terminated', reason, by }), { validator: (_request) => whileRunning() });

  setHandler(
    changeTaskUpdate,
    async (request) => {
      await submit(
        request.action === 'delegate'
          ? { type: 'taskDelegated', taskId: request.taskId, unitId: request.unitId }
          : { type: 'taskAssigned', taskId: request.taskId, assignee: request.action === 'claim' ? request.actor.username : undefined },
      );
      return engine.state.tasks[request.taskId];
    },
    {
      validator: (request) => {
        const task = engine.state.tasks[request.taskId];
        if (!task || task.status !== 'open') throw new Error(`task ${request.taskId} is not open in this matter`);
        if (request.action === 'claim' && task.assignee) throw new Error(`task ${request.taskId} is already claimed by ${task.assignee}`);
        if (request.action === 'unclaim' && task.assignee !== request.actor.username) throw new Error(`task ${request.taskId} is not claimed by ${request.actor.username}`);
        if (request.action === 'delegate' && !request.unitId) throw new Error('delegate needs a unit');
      },
    },
  );

  setHandler(
    messageUpdate,
    async (request) => {
      const sub = engine.messageSubscription(request.name, request.correlationKey)!;
      await submit({ type: 'messageReceived', subscriptionId: sub.id, variables: request.variables ?? {} });
      return { elementId: sub.elementId };
    },
    {
      validator: (request) => {
        if (!engine.messageSubscription(request.name, request.correlationKey)) {
          const key = request.correlationKey === undefined ? '' : ` with key "${request.correlationKey}"`;
          throw new Error(`nothing in this matter waits for message "${request.name}"${key}`);
        }
      },
    },
  );

  const runEffect = (effect: Effect): void => {
    switch (effect.type) {
      case 'startTimer':
        inFlight.get(effect.subscriptionId)?.cancel();
        track(effect.subscriptionId, () => sleepUntil(effect.fireAt), () => ({
          type: 'timerFired',
          subscriptionId: effect.subscriptionId,
        }));
        return;
      case 'cancelTimer':
      case 'cancelPending': {
        const id = effect.type === 'cancelTimer' ? effect.subscriptionId : effect.instanceId;
        inFlight.get(id)?.cancel();
        inFlight.delete(id);
        return;
      }
      case 'callService': {
        const { runServiceTask } = proxyActivities<Activities>({
          startToCloseTimeout: '5 minutes',
          retry: { maximumAttempts: Math.max(1, effect.retries), nonRetryableErrorTypes: ['BpmnError'] },
        });
        track(
          effect.instanceId,
          () => runServiceTask({ matterId: input.matterId, instanceKey: `${taskIdPrefix}-${effect.instanceId}`, elementId: effect.elementId, taskType: effect.taskType, variables: effect.variables }),
          (variables) => ({ type: 'serviceCompleted', instanceId: effect.instanceId, variables }),
          (failure) => ({ type: 'serviceFailed', instanceId: effect.instanceId, ...failure }),
        );
        return;
      }
      case 'startChild':
        track(
          effect.instanceId,
          async () => {
            const called = await loadDefinition({ key: effect.processKey });
            const result = await executeChild(processWorkflow, {
              workflowId: `${workflowInfo().workflowId}/${effect.instanceId}`,
              args: [
                {
                  matterId: input.matterId,
                  definition: called.definition,
                  graph: called.graph,
                  variables: effect.variables,
                  child: true,
                  drill: input.drill,
                  taskIdPrefix: `${taskIdPrefix}-${effect.instanceId}`,
                },
              ],
            });
            if (result.status === 'failed') throw ApplicationFailure.nonRetryable(result.failure?.message ?? 'called process failed');
            return result.variables;
          },
          (variables) => ({ type: 'childCompleted', instanceId: effect.instanceId, variables }),
          (failure) => ({ type: 'childFailed', instanceId: effect.instanceId, ...failure }),
        );
        return;
    }
  };

  /** Runs something cancellable for an engine instance and turns its outcome into an event. */
  function track<T>(
    id: string,
    run: () => Promise<T>,
    onDone: (value: T) => EngineEvent,
    onFail?: (failure: { errorCode?: string; message: string }) => EngineEvent,
  ): void {
    const scope = new CancellationScope();
    inFlight.set(id, scope);
    scope.run(run).then(
      (value) => {
        if (inFlight.get(id) === scope) inFlight.delete(id);
        inbox.push({ event: onDone(value) });
      },
      (err: unknown) => {
        if (isCancellation(err)) return;
        if (inFlight.get(id) === scope) inFlight.delete(id);
        if (!onFail) throw err;
        inbox.push({ event: onFail(describeFailure(err)) });
      },
    );
  }

  /** How many completed elements earlier projections have reported (all of them when continuing as new). */
  let reportedCompleted = engine.state.completed.length;
  let indexedStatus = engine.state.status;
  let indexedUnits: string[] = [];
  const matterLight = new MatterLight(input.carried?.settledLight);
  let indexedLight: string | undefined;
  /** Set by the light timer: an open task's light changes now, with nobody acting. */
  let lightDue = false;
  const project = async (): Promise<void> => {
    seq += 1;
    const tasks = Object.values(engine.state.tasks);
    const upTo = ticketed ? appliedTicket : applied;
    if (engine.state.status !== indexedStatus) {
      indexedStatus = engine.state.status;
      upsertSearchAttributes({ MatterStatus: [indexedStatus] });
    }
    // Matters recorded before lights were indexed replay without this upsert and its timer.
    if (patched('light-search-attribute')) indexLight(tasks);
    // Matters recorded before units were indexed replay without this upsert.
    if (patched('units-search-attribute')) {
      const units = [...new Set(engine.openTasks().flatMap((t) => t.candidateUnits))].sort();
      if (units.join() !== indexedUnits.join()) {
        indexedUnits = units;
        upsertSearchAttributes({ Units: units });
      }
    }
    await projectMatter({
      matterId: input.matterId,
      workflowId: workflowInfo().workflowId,
      child: input.child ?? false,
      seq,
      status: engine.state.status,
      variables: engine.state.variables,
      activeElements: engine.activeElements(),
      completed: engine.state.completed.slice(reportedCompleted),
      tasks,
      failure: engine.state.failure,
      termination: engine.state.termination,
    });
    reportedCompleted = engine.state.completed.length;
    engine.forgetClosedTasks(tasks.filter((t) => t.status !== 'open').map((t) => t.id));
    projected = upTo;
    ready = true;
  };

  /** Keeps the Light search attribute current, and wakes the workflow when a light would change by itself. */
  function indexLight(tasks: TaskState[]): void {
    const at = now();
    matterLight.settle(tasks.filter((t) => t.status !== 'open'), at);
    const open = tasks.filter((t) => t.status === 'open');
    const light = matterLight.light(open, at);
    if (light !== indexedLight) {
      indexedLight = light;
      upsertSearchAttributes({ Light: [light] });
    }
    inFlight.get(LIGHT_TIMER)?.cancel();
    inFlight.delete(LIGHT_TIMER);
    lightDue = false;
    const next = engine.state.status === 'running' ? matterLight.nextChange(open, at) : undefined;
    if (next === undefined) return;
    const scope = new CancellationScope();
    inFlight.set(LIGHT_TIMER, scope);
    scope.run(() => sleepUntil(next)).then(
      () => {
        if (inFlight.get(LIGHT_TIMER) === scope) lightDue = true;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  }

  if (input.carried) engine.resumeEffects().forEach(runEffect);
  // Matters started before scoped variables (or calendar timers) keep the old rules when they replay.
  else engine.start(input.variables, now(), { scopedVariables: patched('scoped-variables'), calendarTimers: patched('calendar-timers') });

  let eventsThisRun = 0;
  for (;;) {
    engine.takeEffects().forEach(runEffect);
    await project();
    if (engine.state.status !== 'running') break;
    await condition(() => inbox.length > 0 || lightDue);
    while (inbox.length > 0) {
      const { event, ticket } = inbox.shift()!;
      engine.handle(event, now());
      applied += 1;
      if (ticket !== undefined) appliedTicket = ticket;
      eventsThisRun += 1;
    }
    const quiet = Object.keys(engine.state.pending).length === 0;
    const long =
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > HISTORY_LIMIT ||
      (input.continueAsNewAfterEvents !== undefined && eventsThisRun >= input.continueAsNewAfterEvents);
    if (long && quiet && engine.state.status === 'running') {
      engine.takeEffects().forEach(runEffect);
      await project();
      await condition(allHandlersFinished);
      if (inbox.length === 0) {
        // The query keeps the recent elements; the history endpoint reads them all from the event history.
        const state = { ...engine.state, completed: engine.state.completed.slice(-CARRIED_COMPLETED) };
        await continueAsNew<typeof processWorkflow>({ ...input, variables: {}, carried: { state, seq, settledLight: matterLight.settledLight } });
      }
    }
  }
  await condition(allHandlersFinished);
  return { status: engine.state.status, variables: engine.state.variables, failure: engine.state.failure };
}

function describeFailure(err: unknown): { errorCode?: string; message: string } {
  let cause = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'BpmnError') {
    return { errorCode: String(cause.details?.[0] ?? ''), message: cause.message };
  }
  return { message: cause instanceof Error ? cause.message : String(cause) };
}
