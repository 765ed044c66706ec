/** The projector without Temporal: the real interpreter, and a fake port that records what it is asked. */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../bpmn/compile';
import { diagram, end, flows, start, userTask } from '../../test/support/bpmn';
import { FakeScope, type Pending, pending, settle } from '../../test/support/ports';
import { CURRENT_RULES, T0 } from '../../test/support/run-engine';
import type { Projection } from '../activities';
import { PROJECTION_REJECTED } from '../api';
import { Engine } from '../engine/engine';
import { KEPT_COMPLETED, MAX_MULTI_INSTANCE_ITEMS, MAX_PROJECTED_COMPLETED } from '../engine/limits';
import type { EngineEvent } from '../engine/state';
import { Incidents } from './incidents';
import { Projector, type ProjectionPort } from './projector';

const due = (task: string) => task.replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="P7D"/></bpmn:extensionElements>');
const XML = diagram(
  'reporting',
  [
    start(),
    due(userTask('report', 'housing')),
    userTask('review', 'office'),
    end(),
    flows(`
start -> report
report -> review
review -> end`),
  ].join('\n'),
);

class FakeProjectionPort implements ProjectionPort {
  projections: Projection[] = [];
  /** What the next projections meet, in turn: nothing is a success. */
  failures: unknown[] = [];
  upserts: Array<Record<string, string[]>> = [];
  patches = new Set(['light-search-attribute', 'units-search-attribute']);
  asked: string[] = [];
  scopes: FakeScope[] = [];
  timers: Array<Pending<void> & { at: number }> = [];
  time = T0;

  projectMatter(projection: Projection) {
    // The incidents are the projector's own, changed later: keep them as sent.
    this.projections.push(structuredClone(projection));
    const failure = this.failures.shift();
    return failure ? Promise.reject(failure) : Promise.resolve();
  }
  upsertSearchAttributes(attributes: Record<string, string[]>) {
    this.upserts.push(attributes);
  }
  patched(patchId: string) {
    this.asked.push(patchId);
    return this.patches.has(patchId);
  }
  now() {
    return this.time;
  }
  newScope() {
    const scope = new FakeScope();
    this.scopes.push(scope);
    return scope;
  }
  sleepUntil(at: number) {
    const timer = { ...pending<void>(), at };
    this.timers.push(timer);
    return timer.promise;
  }
}

async function setup({ incidents = true, rememberClosed = true, carried }: { incidents?: boolean; rememberClosed?: boolean; carried?: Engine } = {}) {
  const compiled = await compileBpmn(XML);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const engine = new Engine(compiled.graph, 'M1', carried?.state);
  const port = new FakeProjectionPort();
  let ids = 0;
  const recorded = incidents ? new Incidents(undefined, { now: () => T0, newId: () => `incident-${++ids}` }) : undefined;
  const projector = new Projector(port, engine, recorded, {
    matterId: 'M1',
    workflowId: 'matter-M1',
    child: false,
    rememberClosed,
    carried: carried && { seq: 41 },
  });
  if (!carried) engine.start({}, T0, CURRENT_RULES);
  /** Applies an event a second later, as the workflow's loop does: noted, then handled. */
  const apply = (event: EngineEvent) => {
    port.time += 1000;
    projector.noteEvent(event);
    expect(engine.handle(event, port.time)).toBe(true);
  };
  const complete = (elementId: string, requestId?: string) => {
    const task = engine.openTasks().find((t) => t.elementId === elementId)!;
    apply({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'li', requestId });
    return task;
  };
  return { engine, port, projector, incidents: recorded, apply, complete };
}

const refused = (message: string) =>
  new ActivityFailure('activity failed', 'projectMatter', '1', 'NON_RETRYABLE_FAILURE', 'worker', ApplicationFailure.create({ type: PROJECTION_REJECTED, message, nonRetryable: true }));

describe('the projector', () => {
  it('numbers each state and reports only the elements completed since the last projection', async () => {
    const { port, projector, complete } = await setup();
    await projector.project(0);
    complete('report');
    await projector.project(1);
    expect(port.projections.map((p) => ({ seq: p.seq, status: p.status, completed: p.completed.map((c) => c.elementId) }))).toEqual([
      { seq: 1, status: 'running', completed: ['start'] },
      { seq: 2, status: 'running', completed: ['report'] },
    ]);
    expect(port.projections[1]).toMatchObject({ matterId: 'M1', workflowId: 'matter-M1', child: false, incidents: [], onReject: 'fail' });
    expect(port.projections[1].tasks.map((t) => [t.elementId, t.status])).toEqual([
      ['report', 'completed'],
      ['review', 'open'],
    ]);
    expect(projector).toMatchObject({ seq: 2, projected: 1, ready: true });
  });

  it('goes on from the seq a continued run carries, without reporting its completed elements again', async () => {
    const first = await setup();
    const { port, projector } = await setup({ carried: first.engine });
    await projector.project(0);
    expect(port.projections[0]).toMatchObject({ seq: 42, completed: [] });
  });

  it('forgets the closed tasks it projected, remembering who completed them for late completions', async () => {
    const { engine, projector, complete } = await setup();
    await projector.project(0);
    const task = complete('report', 'request-1');
    await projector.project(1);
    expect(engine.state.tasks[task.id]).toBeUndefined();
    expect(projector.closedTask(task.id)).toEqual({ status: 'completed', completedBy: 'li', requestId: 'request-1' });

    const old = await setup({ rememberClosed: false });
    await old.projector.project(0);
    const oldTask = old.complete('report');
    await old.projector.project(1);
    expect(old.engine.state.tasks[oldTask.id]).toBeUndefined();
    expect(old.projector.closedTask(oldTask.id)).toBeUndefined();
  });

  it('upserts the status, light and units search attributes when they change, asking the patches each time', async () => {
    const { port, projector, complete, engine } = await setup();
    await projector.project(0);
    await projector.project(0);
    expect(port.upserts).toEqual([{ Light: ['green'] }, { Units: ['housing'] }]);
    complete('report');
    await projector.project(1);
    expect(port.upserts.slice(2)).toEqual([{ Light: ['blue'] }, { Units: ['office'] }]);
    complete('review');
    await projector.project(2);
    expect(engine.state.status).toBe('completed');
    expect(port.upserts.slice(4)).toEqual([{ MatterStatus: ['completed'] }, { Units: [] }]);
    expect(port.asked).toEqual(Array(4).fill(['light-search-attribute', 'units-search-attribute']).flat());
  });

  it('indexes neither light nor units in a matter recorded before them', async () => {
    const { port, projector } = await setup();
    port.patches.clear();
    await projector.project(0);
    expect(port.upserts).toEqual([]);
    expect(port.timers).toEqual([]);
  });

  it("sets a timer for when an open task's light would turn red, marks the light due when it fires, and renews it at the next projection", async () => {
    const { port, projector, complete } = await setup();
    await projector.project(0);
    expect(port.timers.map((t) => new Date(t.at).toISOString())).toEqual(['2026-11-30T16:00:00.000Z']);
    port.timers[0].resolve();
    await settle();
    expect(projector.lightDue).toBe(true);
    port.time = port.timers[0].at;
    await projector.project(0);
    expect(projector.lightDue).toBe(false);
    expect(port.scopes[0].cancelled).toBe(true);
    expect(port.upserts.at(-1)).toEqual({ Light: ['red'] });
    // Red already: its light changes no more by itself.
    expect(port.timers).toHaveLength(1);
    // Finished late, it stays red.
    complete('report');
    await projector.project(1);
    expect(port.upserts.at(-1)).toEqual({ Units: ['office'] });
    expect(port.timers).toHaveLength(1);
  });

  it('withdraws the light timer that has not fired when the next projection comes', async () => {
    const { port, projector } = await setup();
    await projector.project(0);
    await projector.project(0);
    expect(port.scopes.map((s) => s.cancelled)).toEqual([true, false]);
    port.timers[0].resolve();
    await settle();
    expect(projector.lightDue).toBe(false);
  });

  it('opens an incident on the element that changed when the read model refuses a state, and projects it sanitized', async () => {
    const { port, projector, complete, incidents } = await setup();
    await projector.project(0);
    complete('report');
    port.failures.push(refused('invalid byte sequence for encoding "UTF8": 0x00'));
    await projector.project(1);
    const opened = { id: 'incident-1', at: T0, status: 'open', retries: 0, kind: 'projection', elementId: 'report', message: 'invalid byte sequence for encoding "UTF8": 0x00' };
    expect(port.projections.slice(1).map((p) => ({ seq: p.seq, onReject: p.onReject, completed: p.completed.map((c) => c.elementId), incidents: p.incidents }))).toEqual([
      { seq: 2, onReject: 'fail', completed: ['report'], incidents: [] },
      { seq: 2, onReject: 'sanitize', completed: [], incidents: [opened] },
    ]);
    expect(projector).toMatchObject({ seq: 2, projected: 1 });

    // Refused again: the same incident, with the latest message.
    port.failures.push(refused('value out of range'));
    await projector.project(1);
    expect(incidents!.list).toEqual([{ ...opened, message: 'value out of range' }]);
  });

  it('closes the projection incident in the name of who retried it once a state goes through, projecting that as a state of its own', async () => {
    const { port, projector, complete, incidents } = await setup();
    await projector.project(0);
    complete('report');
    port.failures.push(refused('value out of range'));
    await projector.project(1);
    projector.retriedByUser('admin');
    await projector.project(2);
    const closed = { status: 'resolved', resolvedAt: T0, resolvedBy: 'admin', resolution: 'retried' };
    expect(incidents!.list).toEqual([expect.objectContaining(closed)]);
    expect(port.projections.slice(3).map((p) => ({ seq: p.seq, onReject: p.onReject, completed: p.completed.length, incident: p.incidents?.[0].status }))).toEqual([
      { seq: 3, onReject: 'fail', completed: 0, incident: 'open' },
      { seq: 4, onReject: 'sanitize', completed: 0, incident: 'resolved' },
    ]);
    expect(projector).toMatchObject({ seq: 4, projected: 2 });
  });

  it('lets any other failure of the projection through', async () => {
    const { port, projector } = await setup();
    port.failures.push(new Error('connection refused'));
    await expect(projector.project(0)).rejects.toThrow('connection refused');
    expect(projector.ready).toBe(false);
  });

  it('sends the state as it is in a matter recorded before incidents: the activity sanitizes a refused one itself', async () => {
    const { port, projector, complete } = await setup({ incidents: false });
    await projector.project(0);
    complete('report');
    await projector.project(1);
    for (const projection of port.projections) {
      expect(projection).not.toHaveProperty('incidents');
      expect(projection).not.toHaveProperty('onReject');
    }
  });
});

describe('the projector and the messages a matter waits for', () => {
  const WAITING = diagram(
    'waiting',
    [
      start(),
      '<bpmn:intermediateCatchEvent id="filed"><bpmn:messageEventDefinition messageRef="Msg_filed"/></bpmn:intermediateCatchEvent>',
      '<bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
      '<bpmn:receiveTask id="answer" messageRef="Msg_answer"/>',
      end(),
      flows('start -> filed\nfiled -> later\nlater -> answer\nanswer -> end'),
    ].join('\n'),
    '<bpmn:message id="Msg_filed" name="filed"><bpmn:extensionElements><zeebe:subscription correlationKey="=unit"/></bpmn:extensionElements></bpmn:message><bpmn:message id="Msg_answer" name="answer"/>',
  );

  it('sends its message subscriptions (not its timers) when they change, and none once it has ended', async () => {
    const compiled = await compileBpmn(WAITING);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const engine = new Engine(compiled.graph, 'M2');
    const port = new FakeProjectionPort();
    const projector = new Projector(port, engine, undefined, { matterId: 'M2', workflowId: 'matter-M2', child: false, rememberClosed: true });
    engine.start({ unit: 'housing' }, T0, CURRENT_RULES);
    await projector.project(0);
    // Nothing changed: the read model keeps what it has.
    await projector.project(0);
    const filed = engine.messageSubscription('filed', 'housing')!;
    engine.handle({ type: 'messageReceived', subscriptionId: filed.id, variables: {} }, T0 + 1000);
    await projector.project(1);
    const timer = Object.values(engine.state.subscriptions).find((s) => s.kind === 'timer')!;
    engine.handle({ type: 'timerFired', subscriptionId: timer.id }, T0 + 3_600_000);
    await projector.project(2);
    const answer = engine.messageSubscription('answer')!;
    engine.handle({ type: 'messageReceived', subscriptionId: answer.id, variables: {} }, T0 + 3_601_000);
    await projector.project(3);
    expect(port.projections.map((p) => [p.status, p.subscriptions])).toEqual([
      ['running', [{ id: filed.id, elementId: 'filed', kind: 'message', name: 'filed', correlationKey: 'housing' }]],
      ['running', undefined],
      ['running', []],
      ['running', [{ id: answer.id, elementId: 'answer', kind: 'message', name: 'answer' }]],
      ['completed', []],
    ]);
  });
});

describe('size safety: the state and every projection stay far below Temporal payload limits', () => {
  const LIMIT = 2 * 1024 * 1024;
  const longName = '督办'.repeat(500);
  const size = (value: unknown) => JSON.stringify(value).length;

  async function run(xml: string, variables: Record<string, unknown> = {}) {
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const engine = new Engine(compiled.graph, 'M1');
    const port = new FakeProjectionPort();
    const incidents = new Incidents(undefined, { now: () => T0, newId: () => 'incident' });
    const projector = new Projector(port, engine, incidents, { matterId: 'M1', workflowId: 'matter-M1', child: false, rememberClosed: true });
    engine.start(variables, T0, CURRENT_RULES);
    // What the effect runner does with the interpreter's incidents.
    for (const effect of engine.takeEffects()) if (effect.type === 'incident') incidents.elementStopped(effect);
    await projector.project(0);
    return { engine, port, projector };
  }

  it('a long loop through waits: the state keeps the latest completed elements, the projections report every one', async () => {
    const named = (xml: string) => xml.replace(/name="[^"]*"/, `name="${longName}"`);
    const { engine, port, projector } = await run(
      diagram(
        'loop',
        [start(), named(userTask('review', 'office')), `<bpmn:exclusiveGateway id="again" name="${longName}" default="again_review"/>`, end(), flows('start -> review\nreview -> again\nagain -> review\nagain -> end : =done')].join('\n'),
      ),
    );
    let largestState = 0;
    for (let pass = 1; pass <= 800; pass++) {
      const task = engine.openTasks()[0];
      engine.handle({ type: 'taskCompleted', taskId: task.id, variables: { pass }, by: 'li' }, T0 + pass);
      await projector.project(pass);
      if (pass % 100 === 0) largestState = Math.max(largestState, size(engine.state));
    }
    expect(engine.state.completed.length).toBeLessThanOrEqual(KEPT_COMPLETED);
    expect(largestState).toBeLessThan(LIMIT / 2);
    expect(Math.max(...port.projections.map(size))).toBeLessThan(LIMIT / 10);
    const reported = port.projections.flatMap((p) => p.completed).filter((c) => c.elementId === 'review');
    expect(reported).toHaveLength(800);
  }, 30_000);

  it('a big multi-instance runs within bounds, a bigger one stops in incident', async () => {
    const xml = diagram(
      'fanout',
      [
        start(),
        userTask(
          'report',
          '=unit',
          '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit" outputCollection="results" outputElement="=unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
        ),
        end(),
        flows('start -> report\nreport -> end'),
      ].join('\n'),
    );
    const units = (n: number) => Array.from({ length: n }, (_, i) => `unit-${String(i).padStart(4, '0')}-${'x'.repeat(100)}`);
    const big = await run(xml, { units: units(MAX_MULTI_INSTANCE_ITEMS) });
    expect(big.engine.openTasks()).toHaveLength(MAX_MULTI_INSTANCE_ITEMS);
    expect(size(big.engine.state)).toBeLessThan(LIMIT / 2);
    expect(size(big.port.projections.at(-1))).toBeLessThan(LIMIT / 2);
    for (const task of big.engine.openTasks().slice(0, 10)) big.engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'li' }, T0 + 1);
    await big.projector.project(1);
    expect(size(big.engine.state)).toBeLessThan(LIMIT / 2);

    const bigger = await run(xml, { units: units(MAX_MULTI_INSTANCE_ITEMS + 1) });
    expect(bigger.engine.state.status).toBe('running');
    expect(bigger.engine.openTasks()).toEqual([]);
    expect(bigger.port.projections.at(-1)?.incidents).toEqual([expect.objectContaining({ kind: 'element', elementId: 'report', status: 'open' })]);
    expect(size(bigger.engine.state)).toBeLessThan(LIMIT / 4);
  });

  it('a runaway loop in one event stops at its bound; its projection and the state stay bounded', async () => {
    const { engine, port } = await run(
      diagram(
        'runaway',
        [start(), `<bpmn:task id="spin" name="${longName}"/>`, '<bpmn:exclusiveGateway id="again" default="again_end"/>', end(), flows('start -> spin\nspin -> again\nagain -> spin : =true\nagain -> end')].join('\n'),
      ),
    );
    expect(engine.incidentInstances()).toHaveLength(1);
    const [projection] = port.projections;
    expect(projection.completed.length).toBe(MAX_PROJECTED_COMPLETED);
    expect(size(projection)).toBeLessThan(LIMIT);
    expect(engine.state.completed.length).toBe(KEPT_COMPLETED);
    expect(size(engine.state)).toBeLessThan(LIMIT / 2);
  });
});
