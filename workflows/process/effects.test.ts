/** The effect runner without Temporal: a fake port whose timers, activities and children the test settles. */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import type { ProcessGraph } from '../../bpmn/graph';
import { FakeScope, type Pending, pending, settle } from '../../test/support/ports';
import type { BroadcastSignalInput, ServiceTaskInput } from '../activities';
import type { DefinitionRef, ProcessInput, ProcessResult } from '../api';
import type { Effect, EngineEvent, Variables } from '../engine/state';
import { type EffectPort, EffectRunner } from './effects';
import { Incidents } from './incidents';
import { Jobs } from './jobs';

const T = Date.parse('2026-11-23T09:00:00+08:00');
const INPUT: ProcessInput = {
  matterId: 'M1',
  definition: { id: 1, key: 'supervision', version: 3 },
  graph: { id: 'supervision' } as unknown as ProcessGraph,
  variables: {},
  drill: { origin: T, realOrigin: T, factor: 86_400 },
  timeZone: 'Asia/Shanghai',
};

class FakeEffectPort implements EffectPort {
  scopes: FakeScope[] = [];
  timers: Array<Pending<void> & { at: number }> = [];
  services: Array<Pending<Variables> & { input: ServiceTaskInput; retries: number }> = [];
  definitions: Array<Pending<{ definition: DefinitionRef; graph: ProcessGraph }> & { key: string }> = [];
  children: Array<Pending<ProcessResult> & { workflowId: string; input: ProcessInput }> = [];
  broadcasts: Array<Pending<{ delivered: number; started: string[] }> & { input: BroadcastSignalInput }> = [];

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
  runServiceTask(input: ServiceTaskInput, retries: number) {
    const call = { ...pending<Variables>(), input, retries };
    this.services.push(call);
    return call.promise;
  }
  loadDefinition(key: string) {
    const load = { ...pending<{ definition: DefinitionRef; graph: ProcessGraph }>(), key };
    this.definitions.push(load);
    return load.promise;
  }
  executeChild(workflowId: string, input: ProcessInput) {
    const child = { ...pending<ProcessResult>(), workflowId, input };
    this.children.push(child);
    return child.promise;
  }
  broadcastSignal(input: BroadcastSignalInput) {
    const broadcast = { ...pending<{ delivered: number; started: string[] }>(), input };
    this.broadcasts.push(broadcast);
    return broadcast.promise;
  }
}

function setup({ incidents = true, jobs = false } = {}) {
  const port = new FakeEffectPort();
  const delivered: EngineEvent[] = [];
  let ids = 0;
  const recorded = incidents ? new Incidents(undefined, { now: () => T, newId: () => `incident-${++ids}` }) : undefined;
  const waiting = jobs ? new Jobs(undefined) : undefined;
  const runner = new EffectRunner(port, INPUT, { taskIdPrefix: 'M1', workflowId: 'matter-M1' }, (event) => delivered.push(event), recorded, waiting);
  return { port, delivered, incidents: recorded, jobs: waiting, runner };
}

const callService: Effect = { type: 'callService', instanceId: 'i4', elementId: 'notify', taskType: 'notify', retries: 3, variables: { unit: 'housing' } };

const activityFailure = (cause: Error) => new ActivityFailure('activity failed', 'runServiceTask', '1', 'NON_RETRYABLE_FAILURE', 'worker', cause);
const bpmnError = (code: string) => ApplicationFailure.create({ type: 'BpmnError', message: `raised ${code}`, details: [code], nonRetryable: true });

describe('the effect runner', () => {
  it('turns a timer that fires into timerFired; a timer started again for its subscription replaces the first', async () => {
    const { port, delivered, runner } = setup();
    runner.run({ type: 'startTimer', subscriptionId: 's1', fireAt: T + 1000, elementId: 'remind' });
    runner.run({ type: 'startTimer', subscriptionId: 's1', fireAt: T + 2000, elementId: 'remind' });
    expect(port.timers.map((t) => t.at)).toEqual([T + 1000, T + 2000]);
    expect(port.scopes.map((s) => s.cancelled)).toEqual([true, false]);
    port.timers[1].resolve();
    await settle();
    expect(delivered).toEqual([{ type: 'timerFired', subscriptionId: 's1' }]);
  });

  it('withdraws a cancelled timer and a cancelled service call: nothing arrives from them', async () => {
    const { port, delivered, runner } = setup();
    runner.run({ type: 'startTimer', subscriptionId: 's1', fireAt: T + 1000, elementId: 'remind' });
    runner.run(callService);
    runner.run({ type: 'cancelTimer', subscriptionId: 's1' });
    runner.run({ type: 'cancelPending', instanceId: 'i4' });
    expect(port.scopes.map((s) => s.cancelled)).toEqual([true, true]);
    port.timers[0].resolve();
    port.services[0].resolve({ sent: true });
    await settle();
    expect(delivered).toEqual([]);
  });

  it('calls a service task with its instance key and retries, and hands its variables back', async () => {
    const { port, delivered, runner } = setup();
    runner.run(callService);
    expect(port.services.map(({ input, retries }) => ({ input, retries }))).toEqual([
      { input: { matterId: 'M1', instanceKey: 'M1-i4', elementId: 'notify', taskType: 'notify', variables: { unit: 'housing' } }, retries: 3 },
    ]);
    port.services[0].resolve({ sent: true });
    await settle();
    expect(delivered).toEqual([{ type: 'serviceCompleted', instanceId: 'i4', variables: { sent: true } }]);
  });

  it('hears the code of a BPMN error a service task throws', async () => {
    const { port, delivered, incidents, runner } = setup();
    runner.run(callService);
    port.services[0].reject(activityFailure(bpmnError('NO_UNIT')));
    await settle();
    expect(delivered).toEqual([{ type: 'serviceFailed', instanceId: 'i4', errorCode: 'NO_UNIT', message: 'raised NO_UNIT' }]);
    expect(incidents!.list).toEqual([]);
  });

  it('opens an incident for a technical failure and keeps the call for a retry; the task waits', async () => {
    const { port, delivered, incidents, runner } = setup();
    runner.run(callService);
    port.services[0].reject(activityFailure(ApplicationFailure.create({ message: 'mail server down' })));
    await settle();
    expect(delivered).toEqual([]);
    expect(incidents!.changed).toBe(true);
    expect(incidents!.list).toEqual([{ id: 'incident-1', at: T, status: 'open', retries: 0, kind: 'service', elementId: 'notify', message: 'mail server down' }]);
    expect(incidents!.takeCall('incident-1')).toEqual(callService);
  });

  it('fails the service task on a technical failure in a matter recorded before incidents', async () => {
    const { port, delivered, runner } = setup({ incidents: false });
    runner.run(callService);
    port.services[0].reject(activityFailure(new Error('mail server down')));
    await settle();
    expect(delivered).toEqual([{ type: 'serviceFailed', instanceId: 'i4', message: 'mail server down' }]);
  });

  it("starts a called process as a child workflow on the matter's clock and calendar, and hears its variables", async () => {
    const { port, delivered, runner } = setup();
    runner.run({ type: 'startChild', instanceId: 'i7', elementId: 'callReview', processKey: 'review', variables: { level: 2 } });
    expect(port.definitions.map((d) => d.key)).toEqual(['review']);
    const called = { definition: { id: 9, key: 'review', version: 1 }, graph: { id: 'review' } as unknown as ProcessGraph };
    port.definitions[0].resolve(called);
    await settle();
    expect(port.children.map(({ workflowId, input }) => ({ workflowId, input }))).toEqual([
      {
        workflowId: 'matter-M1/i7',
        input: {
          matterId: 'M1',
          ...called,
          variables: { level: 2 },
          child: true,
          drill: INPUT.drill,
          timeZone: 'Asia/Shanghai',
          workCalendar: undefined,
          taskIdPrefix: 'M1-i7',
        },
      },
    ]);
    port.children[0].resolve({ status: 'completed', variables: { approved: true } });
    await settle();
    expect(delivered).toEqual([{ type: 'childCompleted', instanceId: 'i7', variables: { approved: true } }]);
  });

  it('fails the call activity when the called process fails, or throws a BPMN error', async () => {
    const { port, delivered, runner } = setup();
    runner.run({ type: 'startChild', instanceId: 'i7', elementId: 'callReview', processKey: 'review', variables: {} });
    runner.run({ type: 'startChild', instanceId: 'i8', elementId: 'callReview', processKey: 'review', variables: {} });
    for (const load of port.definitions) load.resolve({ definition: { id: 9, key: 'review', version: 1 }, graph: {} as ProcessGraph });
    await settle();
    port.children[0].resolve({ status: 'failed', variables: {}, failure: { message: 'no such unit' } });
    port.children[1].reject(new ChildWorkflowFailure('default', { workflowId: 'matter-M1/i8', runId: 'r' }, 'processWorkflow', 'NON_RETRYABLE_FAILURE', bpmnError('REJECTED')));
    await settle();
    expect(delivered).toEqual([
      { type: 'childFailed', instanceId: 'i7', message: 'no such unit' },
      { type: 'childFailed', instanceId: 'i8', errorCode: 'REJECTED', message: 'raised REJECTED' },
    ]);
  });

  it('hands a task type no built-in worker serves to external workers as a job, not an activity; built-in types stay activities', () => {
    const { port, jobs, runner } = setup({ jobs: true });
    runner.run({ type: 'callService', instanceId: 'i7', elementId: 'charge', taskType: 'payment.charge', retries: 5, variables: { amount: 3 }, headers: { currency: 'CNY' } });
    runner.run(callService);
    expect(port.services.map((s) => s.input.taskType)).toEqual(['notify']);
    expect(jobs!.list()).toEqual([
      { instanceId: 'i7', elementId: 'charge', type: 'payment.charge', headers: { currency: 'CNY' }, retries: 5, variables: { amount: 3 }, incarnation: 1, status: 'open' },
    ]);
    // Its activity interrupted (a boundary event, the matter terminated): the job is withdrawn.
    runner.run({ type: 'cancelPending', instanceId: 'i7' });
    expect(jobs!.list()).toEqual([]);
  });
});

describe('jobs for external workers', () => {
  const call = { type: 'callService', instanceId: 'i2', elementId: 'sync', taskType: 'ledger.sync', retries: 0, variables: {} } as const;

  it('refuses an answer for an earlier incarnation or a failed job, and counts its changes for the projector', () => {
    const jobs = new Jobs(undefined);
    jobs.create(call);
    expect(jobs.version).toBe(1);
    expect(jobs.expect({ instanceId: 'i2', incarnation: 1 }).retries).toBe(1);
    jobs.fail('i2', { reason: 'ledger closed' });
    expect(() => jobs.expect({ instanceId: 'i2', incarnation: 1 })).toThrow(/waits for its incident/);
    // The failure's variables go with the job handed out again.
    expect(jobs.callFor('i2')!.variables).toEqual({ reason: 'ledger closed' });
    // Retried: handed out afresh; answers to the first hand-out no longer apply.
    jobs.create(jobs.call(jobs.list()[0]));
    expect(() => jobs.expect({ instanceId: 'i2', incarnation: 1 })).toThrow(/no longer open/);
    expect(jobs.expect({ instanceId: 'i2', incarnation: 2 }).status).toBe('open');
    expect(jobs.version).toBe(3);
  });

  it('drops jobs whose element no longer waits, and carries the rest through continue-as-new', () => {
    const jobs = new Jobs(undefined);
    jobs.create(call);
    jobs.create({ ...call, instanceId: 'i3' });
    jobs.dropGone({ i3: 'service' });
    expect(jobs.list().map((j) => j.instanceId)).toEqual(['i3']);
    const next = new Jobs(jobs.list());
    expect(next.has('i3')).toBe(true);
    expect(next.version).toBe(0);
    // What a job's incident, carried without its call, runs again on retry.
    expect(next.callFor('i3')).toMatchObject({ type: 'callService', instanceId: 'i3', elementId: 'sync', taskType: 'ledger.sync' });
    expect(next.callFor(undefined)).toBeUndefined();
  });
});

describe('signals thrown by the matter', () => {
  it('broadcasts a thrown signal from this workflow without the token waiting, and knows when every broadcast is out', async () => {
    const { port, delivered, runner } = setup();
    expect(runner.broadcasting).toBe(false);
    runner.run({ type: 'broadcastSignal', elementId: 'alarm', signalName: 'flood', variables: { level: 3 } });
    runner.run({ type: 'broadcastSignal', elementId: 'alarm', signalName: 'flood', variables: { level: 4 } });
    expect(port.broadcasts.map((b) => b.input)).toEqual([
      { signalName: 'flood', variables: { level: 3 }, fromWorkflowId: 'matter-M1', elementId: 'alarm' },
      { signalName: 'flood', variables: { level: 4 }, fromWorkflowId: 'matter-M1', elementId: 'alarm' },
    ]);
    let sent = false;
    const all = runner.broadcastsSent().then(() => {
      sent = true;
    });
    port.broadcasts[0].resolve({ delivered: 2, started: [] });
    await settle();
    expect([runner.broadcasting, sent]).toEqual([true, false]);
    port.broadcasts[1].resolve({ delivered: 0, started: ['M9'] });
    await all;
    expect([runner.broadcasting, sent]).toEqual([false, true]);
    // Nothing comes back to the interpreter: the throwing token went on when it threw.
    expect(delivered).toEqual([]);
  });
});
