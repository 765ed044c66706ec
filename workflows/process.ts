/**
 * The one workflow that runs every BPMN diagram. It holds the interpreter (engine/engine.ts),
 * feeds it events in order — task completions and messages arriving as Updates, timers,
 * service and child results — carries out the effects it asks for, and projects each new
 * state to PostgreSQL so that lists and inboxes never query workflows one by one.
 *
 * This file registers the handlers and runs the loop; the classes in process/ own the rest:
 * the matter's state and the handlers' bodies (Matter), the events waiting to be applied
 * (Inbox), the effects (EffectRunner), the projection (Projector), the incidents (Incidents),
 * and the ports over Temporal they run on (temporal.ts).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  changeTaskUpdate,
  completeJobUpdate,
  completeTaskUpdate,
  failJobUpdate,
  messageUpdate,
  type ProcessInput,
  type ProcessResult,
  resolveIncidentUpdate,
  retryIncidentUpdate,
  setVariablesUpdate,
  signalUpdate,
  stateQuery,
  syncUpdate,
  terminateUpdate,
  throwJobErrorUpdate,
} from './api';
import { Engine } from './engine/engine';
import { EffectRunner } from './process/effects';
import { Inbox } from './process/inbox';
import { Incidents } from './process/incidents';
import { Jobs } from './process/jobs';
import { Matter } from './process/matter';
import { Projector } from './process/projector';
import { temporalPorts } from './process/temporal';

/** Past this many history events a matter continues as new, carrying its state. */
const HISTORY_LIMIT = 8_000;
/** Completed elements carried into the next run, keeping its input small. */
const CARRIED_COMPLETED = 500;

export async function processWorkflow(input: ProcessInput): Promise<ProcessResult> {
  const taskIdPrefix = input.taskIdPrefix ?? input.matterId;
  const engine = new Engine(input.graph, taskIdPrefix, input.carried?.state);
  // Matters recorded before each of these replay without it (see Inbox, Matter and Incidents).
  const ticketed = patched('update-tickets');
  const exactlyOnce = patched('exactly-once-tasks');
  /**
   * Matters recorded before incidents retried a refused projection forever and failed on a service
   * task's technical failure; they replay so. Since, both open an incident and the matter goes on.
   */
  const withIncidents = patched('incidents');
  /** Matters recorded before jobs for external workers could not run one (the compiler refused their types). */
  const jobs = withIncidents && patched('external-jobs') ? new Jobs(input.carried?.jobs) : undefined;
  const ports = temporalPorts(input);
  const { workflowId } = workflowInfo();
  const inbox = new Inbox(ticketed, exactlyOnce);
  const incidents = withIncidents ? new Incidents(input.carried?.incidents, { now: () => Date.now(), newId: uuid4 }) : undefined;
  const effects = new EffectRunner(ports, input, { taskIdPrefix, workflowId }, (event) => inbox.deliver(event), incidents, jobs);
  const projector = new Projector(ports, engine, incidents, {
    matterId: input.matterId,
    workflowId,
    child: input.child ?? false,
    rememberClosed: exactlyOnce,
    carried: input.carried,
    jobs,
    definition: input.definition,
  });
  const matter = new Matter(engine, inbox, effects, projector, incidents, { definition: input.definition, exactlyOnce }, jobs);

  // Registered in this order: Updates delivered with the first task are taken in it.
  setHandler(stateQuery, () => matter.snapshot());
  setHandler(syncUpdate, () => matter.sync());
  setHandler(completeTaskUpdate, (request) => matter.completeTask(request), { validator: (request) => matter.validateCompletion(request) });
  setHandler(setVariablesUpdate, (request) => matter.setVariables(request), {
    validator: (request) => {
      matter.whileRunning();
      matter.validateVariables(request.variables);
    },
  });
  setHandler(terminateUpdate, (request) => matter.terminate(request), { validator: (_request) => matter.whileRunning() });
  setHandler(changeTaskUpdate, (request) => matter.changeTask(request), { validator: (request) => matter.validateChange(request) });
  setHandler(messageUpdate, (request) => matter.message(request), { validator: (request) => matter.validateMessage(request) });
  setHandler(signalUpdate, (request) => matter.signal(request), { validator: (request) => matter.validateSignal(request) });
  // Handlers registered in every matter: an old one refuses them in its validator.
  setHandler(retryIncidentUpdate, (request) => matter.retryIncident(request), {
    validator: ({ incidentId, variables }) => {
      matter.openIncident(incidentId);
      matter.validateVariables(variables);
    },
  });
  setHandler(resolveIncidentUpdate, (request) => matter.resolveIncident(request), { validator: ({ incidentId }) => void matter.resolvableIncident(incidentId) });
  setHandler(completeJobUpdate, (answer) => matter.completeJob(answer), { validator: (answer) => matter.validateJobAnswer(answer) });
  setHandler(failJobUpdate, (answer) => matter.failJob(answer), { validator: (answer) => matter.validateJobAnswer(answer) });
  setHandler(throwJobErrorUpdate, (answer) => matter.throwJobError(answer), { validator: (answer) => matter.validateJobAnswer(answer) });

  if (input.carried) engine.resumeEffects().forEach((effect) => effects.run(effect));
  // Matters started before scoped variables (or calendar timers) keep the old rules when they replay.
  else {
    engine.start(input.variables, ports.now(), {
      scopedVariables: patched('scoped-variables'),
      calendarTimers: patched('calendar-timers'),
      // Matters started before zoned calendars count months on UTC's calendar, as recorded.
      ...(patched('calendar-truth') && { timeZone: input.timeZone ?? 'UTC', workCalendar: input.workCalendar }),
      startEventId: input.startEventId,
      // Matters started before element incidents fail on a run-time error in the model or its data, as recorded.
      incidents: withIncidents && patched('incident-on-error'),
      // Matters started before pass their script, undefined and manual tasks without setting anything, as recorded.
      passThroughMappings: patched('pass-through-mappings'),
      // Matters started before send a task's variables past its own input variables, as recorded.
      resultsToOwnScope: patched('results-to-own-scope'),
    });
  }

  let eventsThisRun = 0;
  for (;;) {
    engine.takeEffects().forEach((effect) => effects.run(effect));
    incidents?.closeSettled(engine.incidentInstances());
    await projector.project(inbox.appliedUpTo);
    if (engine.state.status !== 'running') break;
    await condition(() => inbox.size > 0 || projector.lightDue || incidents?.changed === true || projector.jobsDue);
    if (incidents) incidents.changed = false;
    eventsThisRun += inbox.drain((event) => {
      projector.noteEvent(event);
      return engine.handle(event, ports.now());
    });
    incidents?.closeGone(engine.state.pending);
    jobs?.dropGone(engine.state.pending);
    // Jobs wait in the table, not in the workflow: they travel with the state.
    const quiet = Object.keys(engine.state.pending).every((id) => jobs?.has(id));
    const long =
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > HISTORY_LIMIT ||
      (input.continueAsNewAfterEvents !== undefined && eventsThisRun >= input.continueAsNewAfterEvents);
    if (long && quiet && engine.state.status === 'running') {
      engine.takeEffects().forEach((effect) => effects.run(effect));
      await projector.project(inbox.appliedUpTo);
      // A broadcast in flight would be dropped with this run.
      if (effects.broadcasting) await effects.broadcastsSent();
      await condition(allHandlersFinished);
      if (inbox.size === 0) {
        // The query keeps the recent elements; the history endpoint reads them all from the event history.
        const state = { ...engine.state, completed: engine.state.completed.slice(-CARRIED_COMPLETED) };
        await continueAsNew<typeof processWorkflow>({
          ...input,
          variables: {},
          carried: {
            state,
            seq: projector.seq,
            settledLight: projector.settledLight,
            ...(incidents && { incidents: incidents.carried() }),
            ...(jobs && { jobs: jobs.list() }),
          },
        });
      }
    }
  }
  // The signals it threw reach the other matters even when it ends on throwing them.
  if (effects.broadcasting) await effects.broadcastsSent();
  await condition(allHandlersFinished);
  return { status: engine.state.status, variables: engine.state.variables, failure: engine.state.failure };
}
