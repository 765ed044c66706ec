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
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, Projection } from './activities';
import {
  type ChangeTaskRequest,
  changeTaskUpdate,
  type CompleteTaskResult,
  type Incident,
  type MatterSnapshot,
  type ProcessInput,
  type ProcessResult,
  completeTaskUpdate,
  messageUpdate,
  PROJECTION_REJECTED,
  resolveIncidentUpdate,
  retryIncidentUpdate,
  setVariablesUpdate,
  TASK_REFUSED,
  type TaskRefusal,
  stateQuery,
  syncUpdate,
  terminateUpdate,
} from './api';
import { Engine } from './engine/engine';
import type { Effect, EngineEvent, TaskState } from './engine/state';
import { businessTime, realDelay } from './clock';
import { MatterLight } from './matter-light';
import { type Actor, mayWorkOn } from './engine/tasks';

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
/** Closed tasks remembered past their projection, so a late completion hears who got there first. */
const REMEMBERED_CLOSED = 1_000;
/** Resolved incidents carried into the next run. */
const CARRIED_RESOLVED = 50;

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
  /**
   * Matters recorded before exactly-once answers let every completion that passed the validator
   * through, applied or not; they replay so. Since, a task with an accepted completion or claim that
   * is not applied yet is reserved: later ones are refused, naming who got there first.
   */
  const exactlyOnce = patched('exactly-once-tasks');
  /**
   * Matters recorded before incidents retried a refused projection forever and failed on a service
   * task's technical failure; they replay so. Since, both open an incident and the matter goes on.
   */
  const withIncidents = patched('incidents');
  const reserved = new Map<string, { action: 'complete' | 'claim'; by: string; requestId?: string }>();
  const closedTasks = new Map<string, Pick<TaskState, 'status' | 'completedBy' | 'requestId'>>();
  /** Whether the event of each ticket applied (a task completed, not already closed by a timer…). */
  const outcomes = new Map<number, boolean>();
  const incidents: Incident[] = input.carried?.incidents?.map((i) => ({ ...i })) ?? [];
  /** Set when an incident opened or closed outside an event: the loop projects it. */
  let incidentsChanged = false;
  /** The element the latest events concerned: where a refused projection's incident is put. */
  let changedElement: string | undefined;
  /** Who retried a projection incident, until the next projection settles it. */
  let retriedBy: string | undefined;
  /** The service calls of open service incidents, to run again on retry. */
  const failedCalls = new Map<string, Extract<Effect, { type: 'callService' }>>();

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
    ...(withIncidents && { incidents }),
  });

  /** Queues an event and resolves once it has been applied and its state projected: whether it applied. */
  const submit = async (event: EngineEvent): Promise<boolean> => {
    const n = ++received;
    inbox.push({ event, ticket: n });
    await condition(() => projected >= n);
    const ok = outcomes.get(n) ?? true;
    outcomes.delete(n);
    return ok;
  };

  const refuse = (refusal: TaskRefusal, message: string) => ApplicationFailure.create({ type: TASK_REFUSED, message, details: [refusal], nonRetryable: true });

  /** Why this completion or change of a task may not go ahead now; undefined when it may. */
  const taskRefusal = (taskId: string, action: 'complete' | ChangeTaskRequest['action'], actor: Actor): ApplicationFailure | undefined => {
    const held = reserved.get(taskId);
    const task = engine.state.tasks[taskId];
    const closed = task && task.status !== 'open' ? task : closedTasks.get(taskId);
    if (held?.action === 'complete' || closed?.status === 'completed') {
      const by = held?.action === 'complete' ? held.by : closed?.completedBy;
      const requestId = held?.action === 'complete' ? held.requestId : closed?.requestId;
      return refuse({ taskId, reason: 'completed', by, requestId }, `task ${taskId} was already completed by ${by}`);
    }
    if (!task || task.status !== 'open') return refuse({ taskId, reason: 'closed' }, `task ${taskId} is not open in this matter`);
    const holder = held?.action === 'claim' ? held.by : task.assignee;
    if (action === 'claim' && holder) return refuse({ taskId, reason: 'claimed', by: holder }, `task ${taskId} is already claimed by ${holder}`);
    if (action === 'complete' && holder && holder !== actor.username) {
      return refuse({ taskId, reason: 'claimed', by: holder }, `task ${taskId} is claimed by ${holder}`);
    }
    if (action === 'complete' && !mayWorkOn(task, actor)) return refuse({ taskId, reason: 'not-yours' }, `task ${taskId} is not assigned to ${actor.username}`);
    if (action === 'unclaim' && (held?.action === 'claim' || task.assignee !== actor.username)) {
      return refuse({ taskId, reason: 'not-yours' }, `task ${taskId} is not claimed by ${actor.username}`);
    }
    return undefined;
  };

  /** Runs a completion or claim exactly once: reserves the task while its event waits to be applied. */
  const reserving = async <T>(taskId: string, hold: { action: 'complete' | 'claim'; by: string; requestId?: string } | undefined, event: EngineEvent, answer: () => T): Promise<T> => {
    if (hold) reserved.set(taskId, hold);
    let ok: boolean;
    try {
      ok = await submit(event);
    } finally {
      if (hold) reserved.delete(taskId);
    }
    if (!ok) {
      const refused = taskRefusal(taskId, hold?.action ?? 'claim', { username: hold?.by ?? '', unitId: '' });
      throw refused ?? refuse({ taskId, reason: 'closed' }, `task ${taskId} closed before this change applied`);
    }
    return answer();
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
      const event: EngineEvent = {
        type: 'taskCompleted',
        taskId: request.taskId,
        variables: request.variables,
        by: request.actor.username,
        requestId: request.requestId,
      };
      const answer = () => ({
        taskId: request.taskId,
        openedTasks: engine.openTasks().filter((t) => !before.has(t.id)),
        status: engine.state.status,
      });
      if (!exactlyOnce) {
        await submit(event);
        return answer();
      }
      // The validator said yes, but defensively: nothing may have changed since, and it did not run on replay.
      const refused = taskRefusal(request.taskId, 'complete', request.actor);
      if (refused) throw refused;
      return reserving(request.taskId, { action: 'complete', by: request.actor.username, requestId: request.requestId }, event, answer);
    },
    {
      validator: (request) => {
        if (exactlyOnce) {
          const refused = taskRefusal(request.taskId, 'complete', request.actor);
          if (refused) throw refused;
        }
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
  setHandler(
    setVariablesUpdate,
    async ({ variables }) => {
      await submit({ type: 'variablesSet', variables });
    },
    { validator: (_request) => whileRunning() },
  );
  setHandler(
    terminateUpdate,
    async ({ reason, by }) => {
      await submit({ type: 'terminated', reason, by });
    },
    { validator: (_request) => whileRunning() },
  );

  setHandler(
    changeTaskUpdate,
    async (request) => {
      const event: EngineEvent =
        request.action === 'delegate'
          ? { type: 'taskDelegated', taskId: request.taskId, unitId: request.unitId }
          : { type: 'taskAssigned', taskId: request.taskId, assignee: request.action === 'claim' ? request.actor.username : undefined };
      if (!exactlyOnce) {
        await submit(event);
        return engine.state.tasks[request.taskId];
      }
      const refused = taskRefusal(request.taskId, request.action, request.actor);
      if (refused) throw refused;
      const hold = request.action === 'claim' ? { action: 'claim' as const, by: request.actor.username } : undefined;
      return reserving(request.taskId, hold, event, () => engine.state.tasks[request.taskId]);
    },
    {
      validator: (request) => {
        if (exactlyOnce) {
          const refused = taskRefusal(request.taskId, request.action, request.actor);
          if (refused) throw refused;
        }
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

  const openIncident = (incident: Omit<Incident, 'id' | 'at' | 'status' | 'retries'>): Incident => {
    const opened: Incident = { id: uuid4(), at: Date.now(), status: 'open', retries: 0, ...incident };
    incidents.push(opened);
    return opened;
  };
  const closeIncident = (incident: Incident, by: string, resolution: Incident['resolution']) => {
    Object.assign(incident, { status: 'resolved', resolvedAt: Date.now(), resolvedBy: by, resolution });
  };
  const openIncidentOf = (id: string): Incident => {
    if (!withIncidents) throw new Error('this matter records no incidents');
    const incident = incidents.find((i) => i.id === id);
    if (!incident) throw new Error(`no incident ${id} in this matter`);
    if (incident.status !== 'open') throw new Error(`incident ${id} is already resolved`);
    whileRunning();
    return incident;
  };
  // Handlers registered in every matter: an old one refuses them in its validator.
  setHandler(
    retryIncidentUpdate,
    async ({ incidentId, variables, by }) => {
      const incident = openIncidentOf(incidentId);
      incident.retries += 1;
      if (incident.kind === 'service') {
        const call = failedCalls.get(incident.id);
        failedCalls.delete(incident.id);
        closeIncident(incident, by, 'retried');
        // Set the edited variables first, then call the service again with them.
        await submit({ type: 'variablesSet', variables: variables ?? {} });
        if (call && engine.state.status === 'running') runEffect({ ...call, variables: { ...call.variables, ...variables } });
      } else {
        // Projected again with the edited variables: the incident closes if the read model takes them.
        retriedBy = by;
        await submit({ type: 'variablesSet', variables: variables ?? {} });
      }
      return { ...incident };
    },
    { validator: ({ incidentId }) => void openIncidentOf(incidentId) },
  );
  setHandler(
    resolveIncidentUpdate,
    async ({ incidentId, by }) => {
      const incident = openIncidentOf(incidentId);
      closeIncident(incident, by, 'accepted');
      const call = failedCalls.get(incident.id);
      failedCalls.delete(incident.id);
      // A service task given up on fails as it would have without incidents.
      await submit(call ? { type: 'serviceFailed', instanceId: call.instanceId, message: incident.message } : { type: 'variablesSet', variables: {} });
      return { ...incident };
    },
    { validator: ({ incidentId }) => void openIncidentOf(incidentId) },
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
          (failure) => {
            if (!withIncidents || failure.errorCode !== undefined) return { type: 'serviceFailed', instanceId: effect.instanceId, ...failure };
            // A technical failure after the element's retries: an incident; the task waits for a retry.
            const incident = openIncident({ kind: 'service', elementId: effect.elementId, message: failure.message });
            failedCalls.set(incident.id, effect);
            incidentsChanged = true;
            return undefined;
          },
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
                  timeZone: input.timeZone,
                  workCalendar: input.workCalendar,
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
    onFail?: (failure: { errorCode?: string; message: string }) => EngineEvent | undefined,
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
        const event = onFail(describeFailure(err));
        if (event) inbox.push({ event });
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
    const projection: Projection = {
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
    };
    if (withIncidents) await projectOrIncident(projection);
    else await projectMatter(projection);
    reportedCompleted = engine.state.completed.length;
    if (exactlyOnce) {
      for (const t of tasks) if (t.status !== 'open') closedTasks.set(t.id, { status: t.status, completedBy: t.completedBy, requestId: t.requestId });
      for (const id of closedTasks.keys()) {
        if (closedTasks.size <= REMEMBERED_CLOSED) break;
        closedTasks.delete(id);
      }
    }
    engine.forgetClosedTasks(tasks.filter((t) => t.status !== 'open').map((t) => t.id));
    projected = upTo;
    ready = true;
  };

  /**
   * Projects a state; when PostgreSQL refuses it for good (a NUL character in a variable, a number
   * out of range) the matter opens an incident on the element that changed and projects the state
   * sanitized, so lists, inboxes and the history go on. The next projection that goes through as
   * it is (the variables fixed by a retry, or overwritten) closes the incident.
   */
  async function projectOrIncident(projection: Projection): Promise<void> {
    try {
      await projectMatter({ ...projection, incidents, onReject: 'fail' });
    } catch (err) {
      const rejected = projectionRejection(err);
      if (rejected === undefined) throw err;
      const open = incidents.find((i) => i.kind === 'projection' && i.status === 'open');
      if (open) open.message = rejected;
      else openIncident({ kind: 'projection', elementId: changedElement, message: rejected });
      retriedBy = undefined;
      // The refused attempt's input already reported the completed elements (the history reads them there).
      await projectMatter({ ...projection, completed: [], incidents, onReject: 'sanitize' });
      return;
    }
    changedElement = undefined;
    const settled = incidents.filter((i) => i.kind === 'projection' && i.status === 'open');
    if (settled.length === 0) return;
    for (const incident of settled) closeIncident(incident, retriedBy ?? 'system', 'retried');
    retriedBy = undefined;
    seq += 1;
    await projectMatter({ ...projection, seq, completed: [], incidents, onReject: 'sanitize' });
  }

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
  else {
    engine.start(input.variables, now(), {
      scopedVariables: patched('scoped-variables'),
      calendarTimers: patched('calendar-timers'),
      // Matters started before zoned calendars count months on UTC's calendar, as recorded.
      ...(patched('calendar-truth') && { timeZone: input.timeZone ?? 'UTC', workCalendar: input.workCalendar }),
    });
  }

  let eventsThisRun = 0;
  for (;;) {
    engine.takeEffects().forEach(runEffect);
    await project();
    if (engine.state.status !== 'running') break;
    await condition(() => inbox.length > 0 || lightDue || incidentsChanged);
    incidentsChanged = false;
    while (inbox.length > 0) {
      const { event, ticket } = inbox.shift()!;
      if (withIncidents) changedElement = elementOf(event) ?? changedElement;
      const ok = engine.handle(event, now());
      if (exactlyOnce && ticket !== undefined) outcomes.set(ticket, ok);
      applied += 1;
      if (ticket !== undefined) appliedTicket = ticket;
      eventsThisRun += 1;
    }
    // A failed service task that is gone (interrupted by a boundary event, the matter terminated) has nothing left to retry.
    for (const [incidentId, call] of failedCalls) {
      if (engine.state.pending[call.instanceId]) continue;
      failedCalls.delete(incidentId);
      const incident = incidents.find((i) => i.id === incidentId);
      if (incident?.status === 'open') closeIncident(incident, 'system', 'cancelled');
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
        const carriedIncidents = withIncidents
          ? { incidents: [...incidents.filter((i) => i.status === 'open'), ...incidents.filter((i) => i.status !== 'open').slice(-CARRIED_RESOLVED)] }
          : {};
        await continueAsNew<typeof processWorkflow>({ ...input, variables: {}, carried: { state, seq, settledLight: matterLight.settledLight, ...carriedIncidents } });
      }
    }
  }
  await condition(allHandlersFinished);
  return { status: engine.state.status, variables: engine.state.variables, failure: engine.state.failure };

  /** The element an event concerns, for the incident of a projection that refuses its change. */
  function elementOf(event: EngineEvent): string | undefined {
    switch (event.type) {
      case 'taskCompleted':
      case 'taskAssigned':
      case 'taskDelegated':
        return engine.state.tasks[event.taskId]?.elementId;
      case 'serviceCompleted':
      case 'serviceFailed':
      case 'childCompleted':
      case 'childFailed':
        return engine.state.instances[event.instanceId]?.elementId;
      case 'timerFired':
      case 'messageReceived':
        return engine.state.subscriptions[event.subscriptionId]?.elementId;
      default:
        return undefined;
    }
  }
}

/** The message of a projection PostgreSQL refused for good; undefined for any other failure. */
function projectionRejection(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === PROJECTION_REJECTED ? cause.message : undefined;
}

function describeFailure(err: unknown): { errorCode?: string; message: string } {
  let cause = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'BpmnError') {
    return { errorCode: String(cause.details?.[0] ?? ''), message: cause.message };
  }
  return { message: cause instanceof Error ? cause.message : String(cause) };
}
