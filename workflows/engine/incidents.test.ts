/**
 * Incidents in the interpreter: a run-time error in the model or its data stops the token where it
 * happened, the process goes on running, and retrying after the cause is fixed runs that step again.
 */
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../bpmn/compile';
import { ELEMENT_SCENARIOS } from '../../test/scenarios/elements';
import { diagram, end, flows, start, userTask } from '../../test/support/bpmn';
import { CURRENT_RULES, T0, runInEngine } from '../../test/support/run-engine';
import { Engine } from './engine';
import { MAX_EVENT_VARIABLES_BYTES, MAX_MULTI_INSTANCE_ITEMS } from './limits';
import type { Effect, Variables } from './state';

async function started(body: string[], variables: Variables = {}, extra = ''): Promise<Engine> {
  const compiled = await compileBpmn(diagram('p', body.join('\n'), extra));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const engine = new Engine(compiled.graph, 'm');
  engine.start(variables, T0, CURRENT_RULES);
  return engine;
}

/** The open incidents: element → message. */
const incidents = (engine: Engine) => Object.fromEntries(engine.incidentInstances().map((i) => [i.elementId, i.incident!.message]));
const active = (engine: Engine) => engine.activeElements().map((a) => a.elementId).sort();
const incidentEffects = (effects: Effect[]) => effects.filter((e) => e.type === 'incident').map((e) => e.type === 'incident' && e.elementId);

function retry(engine: Engine, elementId: string, variables: Variables = {}): boolean {
  const inst = engine.incidentInstances().find((i) => i.elementId === elementId);
  if (!inst) throw new Error(`no incident at ${elementId}`);
  engine.handle({ type: 'variablesSet', variables }, T0 + 1000);
  return engine.handle({ type: 'incidentRetried', instanceId: inst.id }, T0 + 1000);
}

function complete(engine: Engine, elementId: string, variables: Variables = {}): void {
  const task = engine.openTasks().find((t) => t.elementId === elementId);
  if (!task) throw new Error(`no open task at ${elementId}`);
  expect(engine.handle({ type: 'taskCompleted', taskId: task.id, variables, by: 'u' }, T0 + 500)).toBe(true);
}

/** The invariant: a running process has something active (or a token waiting at a join); a stopped one has nothing. */
function expectAlive(engine: Engine): void {
  const { state } = engine;
  if (state.status === 'running') expect(engine.activeElements().length + Object.keys(state.joins).length).toBeGreaterThan(0);
  else expect(engine.incidentInstances()).toEqual([]);
}

const gateway = ['<bpmn:exclusiveGateway id="gw"/>', userTask('yes', 'office'), userTask('no', 'office'), end(), end('end2')];

describe('incidents in the interpreter', () => {
  it('no matter is ever running with nothing active and no incident, in any scenario', async () => {
    for (const scenario of ELEMENT_SCENARIOS) await runInEngine(scenario, CURRENT_RULES, expectAlive);
  });

  it('an exclusive gateway where no condition holds: the token stops there, and moves on once retried with the variables fixed', async () => {
    const engine = await started([start(), ...gateway, flows('start -> gw\ngw -> yes : =approved = true\ngw -> no : =approved = false\nyes -> end\nno -> end2')]);
    expect(engine.state.status).toBe('running');
    expect(incidents(engine)).toEqual({ gw: 'no outgoing flow condition holds and there is no default flow' });
    expect(incidentEffects(engine.takeEffects())).toEqual(['gw']);
    expect(engine.state.completed.map((c) => c.elementId)).toEqual(['start']);
    expect(engine.activeElements()).toMatchObject([{ elementId: 'gw', type: 'exclusiveGateway', incident: expect.any(String) }]);

    // A retry without the fix stops it again, with a new incident.
    expect(retry(engine, 'gw')).toBe(true);
    expect(incidents(engine)).toEqual({ gw: 'no outgoing flow condition holds and there is no default flow' });
    expect(incidentEffects(engine.takeEffects())).toEqual(['gw']);

    expect(retry(engine, 'gw', { approved: false })).toBe(true);
    expect(incidents(engine)).toEqual({});
    expect(active(engine)).toEqual(['no']);
    expect(engine.state.completed.map((c) => c.elementId)).toEqual(['start', 'gw']);
  });

  it('an inclusive gateway where no condition holds, at a fork and at a join', async () => {
    const engine = await started([
      start(),
      '<bpmn:inclusiveGateway id="fork"/>',
      '<bpmn:parallelGateway id="split"/>',
      '<bpmn:inclusiveGateway id="join"/>',
      userTask('a', 'office'),
      userTask('b', 'office'),
      end(),
      end('end2'),
      flows('start -> fork\nfork -> split : =go\nfork -> end2 : =stop\nsplit -> a\nsplit -> b\na -> join\nb -> join\njoin -> end : =done'),
    ]);
    expect(incidents(engine)).toEqual({ fork: 'no outgoing flow condition holds and there is no default flow' });
    retry(engine, 'fork', { go: true });
    expect(active(engine)).toEqual(['a', 'b']);
    complete(engine, 'a');
    complete(engine, 'b');
    // The join has a single outgoing flow: it is taken whatever its condition.
    expect(engine.state.status).toBe('completed');
  });

  it('an expression that fails in an input mapping, a timer and a due date; retried once fixed', async () => {
    const withInput = userTask('review', 'office').replace(
      '</bpmn:extensionElements>',
      '<zeebe:ioMapping><zeebe:input source="=[1..3]" target="x"/></zeebe:ioMapping></bpmn:extensionElements>',
    );
    const engine = await started([start(), withInput, end(), flows('start -> review\nreview -> end')]);
    expect(incidents(engine).review).toMatch(/^cannot evaluate "\[1\.\.3\]": FEEL expression `\[1\.\.3\]` yields a range/);
    expect(engine.openTasks()).toEqual([]);

    const timer = await started([
      start(),
      '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>=pause</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
      end(),
      flows('start -> wait\nwait -> end'),
    ]);
    expect(incidents(timer)).toEqual({ wait: '"null" is not an ISO 8601 duration' });
    expect(timer.takeEffects().map((e) => e.type)).toEqual(['incident']);
    retry(timer, 'wait', { pause: 'PT1H' });
    expect(incidents(timer)).toEqual({});
    expect(timer.takeEffects()).toMatchObject([{ type: 'startTimer', elementId: 'wait' }]);

    const due = await started([
      start(),
      userTask('report', 'office').replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=deadline"/></bpmn:extensionElements>'),
      end(),
      flows('start -> report\nreport -> end'),
    ], { deadline: 'tomorrow' });
    expect(incidents(due)).toEqual({ report: 'due date: "tomorrow" is not an ISO 8601 date-time with an offset' });
    retry(due, 'report', { deadline: 'P3D' });
    expect(due.openTasks()).toMatchObject([{ elementId: 'report', dueAt: expect.any(Number) }]);
  });

  it('an output mapping that fails: the task stays done and its element in incident, completed again on retry', async () => {
    const outputs = await started([
      start(),
      userTask('a', 'office').replace('</bpmn:extensionElements>', '<zeebe:ioMapping><zeebe:output source="=[1..3]" target="bad"/></zeebe:ioMapping></bpmn:extensionElements>'),
      end(),
      flows('start -> a\na -> end'),
    ]);
    complete(outputs, 'a', { result: 1 });
    expect(incidents(outputs).a).toMatch(/^cannot evaluate "\[1\.\.3\]": FEEL expression `\[1\.\.3\]` yields a range/);
    expect(outputs.state.tasks[Object.keys(outputs.state.tasks)[0]].status).toBe('completed');
    expect(outputs.openTasks()).toEqual([]);
    expect(active(outputs)).toEqual(['a']);
    // Still failing: it stays in incident, completed with the same result.
    retry(outputs, 'a');
    expect(incidents(outputs).a).toMatch(/^cannot evaluate "\[1\.\.3\]": FEEL expression `\[1\.\.3\]` yields a range/);
    expect(active(outputs)).toEqual(['a']);
  });

  it('a multi-instance collection that is not a list, or too long', async () => {
    const mi = (collection: string) =>
      userTask('report', '=unit', `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${collection}" inputElement="unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`);
    const engine = await started([start(), mi('=units'), end(), flows('start -> report\nreport -> end')], { units: 'housing' });
    expect(incidents(engine)).toEqual({ report: 'multi-instance collection "units" is not a list' });
    retry(engine, 'report', { units: ['housing', 'water'] });
    expect(engine.openTasks().map((t) => t.candidateUnits[0])).toEqual(['housing', 'water']);

    const big = await started([start(), mi('=units'), end(), flows('start -> report\nreport -> end')], {
      units: Array.from({ length: MAX_MULTI_INSTANCE_ITEMS + 1 }, (_, i) => `u${i}`),
    });
    expect(incidents(big).report).toMatch(/has 1001 items, more than the 1000 items/);
    expect(big.openTasks()).toEqual([]);
    expect(JSON.stringify(big.state).length).toBeLessThan(30_000);
  });

  it('a sequential multi-instance whose next item cannot start stops on its body, and goes on when retried', async () => {
    const task = userTask(
      'report',
      '=unit',
      '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
    ).replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=if unit = &quot;water&quot; then waterDue else &quot;P1D&quot;"/></bpmn:extensionElements>');
    const engine = await started([start(), task, end(), flows('start -> report\nreport -> end')], { units: ['housing', 'water'], waterDue: 'soon' });
    complete(engine, 'report');
    expect(incidents(engine)).toEqual({ report: 'due date: "soon" is not an ISO 8601 date-time with an offset' });
    expect(engine.openTasks()).toEqual([]);
    retry(engine, 'report', { waterDue: 'P2D' });
    expect(incidents(engine)).toEqual({});
    expect(engine.openTasks()).toMatchObject([{ elementId: 'report', candidateUnits: ['water'] }]);
    complete(engine, 'report');
    expect(engine.state.status).toBe('completed');
  });

  it('a loop without a wait state stops at its bound, and leaves the loop once retried with the variables fixed', async () => {
    const engine = await started([
      start(),
      '<bpmn:task id="step"/>',
      '<bpmn:exclusiveGateway id="again" default="again_end"/>',
      end(),
      flows('start -> step\nstep -> again\nagain -> step : =looping\nagain -> end'),
    ], { looping: true });
    expect(engine.state.status).toBe('running');
    expect(Object.values(incidents(engine))).toEqual(['the process loops without reaching a wait state']);
    retry(engine, Object.keys(incidents(engine))[0], { looping: false });
    expect(engine.state.status).toBe('completed');
  });

  const call = (boundary?: string) => [
    start(),
    '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="missing"/></bpmn:extensionElements></bpmn:callActivity>',
    boundary ?? '',
    end(),
    boundary ? end('end2') : '',
    flows(boundary ? 'start -> call\ncall -> end\nlate -> end2' : 'start -> call\ncall -> end'),
  ];

  it('an unknown called process, or one that failed: the call activity stops in incident and starts it again when retried', async () => {
    const engine = await started(call());
    const [first] = engine.takeEffects();
    expect(first).toMatchObject({ type: 'startChild', processKey: 'missing' });
    const instanceId = first.type === 'startChild' ? first.instanceId : '';
    engine.handle({ type: 'childFailed', instanceId, message: 'no process "missing" is deployed' }, T0 + 100);
    expect(incidents(engine)).toEqual({ call: 'no process "missing" is deployed' });
    expect(engine.state.pending).toEqual({});
    // A late outcome of the old call does not apply.
    expect(engine.handle({ type: 'childCompleted', instanceId, variables: {} }, T0 + 200)).toBe(false);

    engine.takeEffects();
    retry(engine, 'call');
    expect(engine.takeEffects()).toMatchObject([{ type: 'startChild', instanceId, processKey: 'missing' }]);
    expect(incidents(engine)).toEqual({});
    engine.handle({ type: 'childCompleted', instanceId, variables: { answer: 42 } }, T0 + 2000);
    expect(engine.state).toMatchObject({ status: 'completed', variables: { answer: 42 } });
  });

  it('an uncaught BPMN error or an oversized result of a service: the service runs again on retry', async () => {
    const engine = await started(
      [start(), '<bpmn:serviceTask id="svc"><bpmn:extensionElements><zeebe:taskDefinition type="notify"/></bpmn:extensionElements></bpmn:serviceTask>', end(), flows('start -> svc\nsvc -> end')],
    );
    const [callService] = engine.takeEffects();
    const instanceId = callService.type === 'callService' ? callService.instanceId : '';
    engine.handle({ type: 'serviceFailed', instanceId, errorCode: 'NOPE', message: 'refused' }, T0 + 100);
    expect(incidents(engine)).toEqual({ svc: 'error "NOPE" was thrown and no boundary event catches it' });
    engine.takeEffects();
    retry(engine, 'svc');
    expect(engine.takeEffects()).toMatchObject([{ type: 'callService', instanceId }]);
    engine.handle({ type: 'serviceCompleted', instanceId, variables: { blob: 'x'.repeat(MAX_EVENT_VARIABLES_BYTES) } }, T0 + 200);
    expect(incidents(engine).svc).toMatch(/^the service returned too much: the variables are 257 KB, more than the 256 KB one change may bring/);
    expect(JSON.stringify(engine.state).length).toBeLessThan(10_000);
    retry(engine, 'svc');
    engine.handle({ type: 'serviceCompleted', instanceId, variables: { ok: true } }, T0 + 300);
    expect(engine.state.status).toBe('completed');
  });

  it('a boundary timer still interrupts an activity in incident, and a termination closes every incident', async () => {
    const engine = await started(
      call('<bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'),
    );
    const instanceId = Object.keys(engine.state.pending)[0];
    engine.handle({ type: 'childFailed', instanceId, message: 'no process "missing" is deployed' }, T0 + 100);
    expect(incidents(engine)).toEqual({ call: 'no process "missing" is deployed' });
    const timer = Object.values(engine.state.subscriptions)[0];
    engine.handle({ type: 'timerFired', subscriptionId: timer.id }, T0 + 3_600_000);
    expect(incidents(engine)).toEqual({});
    expect(engine.state.completed.map((c) => `${c.elementId}:${c.outcome}`)).toEqual(['start:completed', 'call:interrupted', 'late:completed', 'end2:completed']);

    const stopped = await started([start(), ...gateway, flows('start -> gw\ngw -> yes : =approved\nyes -> end\ngw -> no : =rejected\nno -> end2')]);
    expect(incidents(stopped)).not.toEqual({});
    stopped.handle({ type: 'terminated', reason: 'withdrawn', by: 'admin' }, T0 + 100);
    expect(stopped.state.status).toBe('terminated');
    expect(stopped.incidentInstances()).toEqual([]);
    expect(stopped.handle({ type: 'incidentRetried', instanceId: 'i2' }, T0 + 200)).toBe(false);
  });

  it("a boundary event whose output mappings fail: the activity is interrupted, the token stops at the boundary event until retried", async () => {
    const engine = await started([
      start(),
      userTask('handle', 'office'),
      '<bpmn:boundaryEvent id="late" attachedToRef="handle"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=if fixed = true then &quot;late&quot; else [1..3]" target="outcome"/></zeebe:ioMapping></bpmn:extensionElements><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
      end(),
      end('end2'),
      flows('start -> handle\nhandle -> end\nlate -> end2'),
    ]);
    const timer = Object.values(engine.state.subscriptions)[0];
    engine.handle({ type: 'timerFired', subscriptionId: timer.id }, T0 + 3_600_000);
    expect(engine.openTasks()).toEqual([]);
    expect(incidents(engine).late).toMatch(/yields a range/);
    expect(engine.state.completed.map((c) => `${c.elementId}:${c.outcome}`)).toEqual(['start:completed', 'handle:interrupted']);
    retry(engine, 'late', { fixed: true });
    expect(engine.state).toMatchObject({ status: 'completed', variables: { outcome: 'late' } });
    expect(engine.state.completed.map((c) => c.elementId)).toEqual(['start', 'handle', 'late', 'end2']);
  });

  it('without incidents (matters recorded before), the same errors fail the matter as they did', async () => {
    const compiled = await compileBpmn(diagram('p', [start(), ...gateway, flows('start -> gw\ngw -> yes : =approved\nyes -> end\ngw -> no : =rejected\nno -> end2')].join('\n')));
    if (!compiled.ok) throw new Error('compile');
    const engine = new Engine(compiled.graph, 'm');
    engine.start({}, T0, { ...CURRENT_RULES, incidents: false });
    expect(engine.state).toMatchObject({ status: 'failed', failure: { message: 'no outgoing flow condition holds and there is no default flow', elementId: 'gw' } });
    expect(engine.takeEffects().filter((e) => e.type === 'incident')).toEqual([]);
  });
});
