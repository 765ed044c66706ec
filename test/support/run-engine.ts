/** Drives the pure interpreter through a scenario, event by event, with a clock that moves on each step. */
import { compileProcesses } from '../../bpmn/compile';
import { Engine } from '../../workflows/engine/engine';
import type { Scenario } from '../scenarios/elements';

export const T0 = Date.parse('2026-11-23T09:00:00+08:00');

/** The rules a matter starts with today (each was a patch once): scoped variables, calendar timers, the zone, incidents, pass-through mappings, results to their own scope. */
export const CURRENT_RULES = { scopedVariables: true, calendarTimers: true, timeZone: 'Asia/Shanghai', incidents: true, passThroughMappings: true, resultsToOwnScope: true };

export async function runInEngine(
  scenario: Scenario,
  options: Parameters<Engine['start']>[2] = CURRENT_RULES,
  /** Called once started and after every step. */
  afterEach?: (engine: Engine) => void,
): Promise<Engine> {
  // A file with several processes runs its first, as deploying it over HTTP answers with that one.
  const compiled = await compileProcesses(scenario.xml);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const engine = new Engine(compiled.processes[0].graph, 'm');
  let now = T0;
  engine.start(scenario.variables ?? {}, now, { ...options, startEventId: scenario.startEvent });
  afterEach?.(engine);
  for (const step of scenario.steps) {
    now += 1000;
    let applied: boolean;
    if ('complete' in step) {
      const task = engine.openTasks().find((t) => t.elementId === step.complete);
      if (!task) throw new Error(`no open task for ${step.complete}`);
      applied = engine.handle({ type: 'taskCompleted', taskId: task.id, variables: step.variables ?? {}, by: 'test' }, now);
    } else if ('message' in step) {
      const sub = engine.messageSubscription(step.message);
      if (!sub) throw new Error(`nothing waits for message ${step.message}`);
      applied = engine.handle({ type: 'messageReceived', subscriptionId: sub.id, variables: step.variables ?? {} }, now);
    } else if ('signal' in step) {
      applied = engine.handle({ type: 'signalReceived', signalName: step.signal, variables: step.variables ?? {} }, now);
    } else if ('job' in step) {
      const instanceId = Object.keys(engine.state.pending).find((id) => engine.state.instances[id]?.elementId === step.job);
      if (!instanceId) throw new Error(`no job for ${step.job}`);
      applied = engine.handle(
        step.errorCode === undefined
          ? { type: 'serviceCompleted', instanceId, variables: step.variables ?? {} }
          : { type: 'serviceFailed', instanceId, errorCode: step.errorCode, message: `BPMN error ${step.errorCode}` },
        now,
      );
    } else {
      const sub = Object.values(engine.state.subscriptions).find((s) => s.kind === 'timer' && s.elementId === step.timer);
      if (!sub) throw new Error(`no timer for ${step.timer}`);
      now = Math.max(now, sub.fireAt!);
      applied = engine.handle({ type: 'timerFired', subscriptionId: sub.id }, now);
    }
    if (!applied) throw new Error(`step ${JSON.stringify(step)} did not apply`);
    afterEach?.(engine);
  }
  return engine;
}
