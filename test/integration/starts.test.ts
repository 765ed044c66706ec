/**
 * Matters that messages, signals and timers start, and the messages and signals running matters wait
 * for, through the real stack: deployed over HTTP, started by the services the Camunda-compatible
 * API calls, timers on real Temporal Schedules.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, appContext } from '../../services/context';
import { DomainError } from '../../services/errors';
import { startByMessage, startInstance } from '../../services/process-instances';
import { broadcastSignal } from '../../services/signals';
import { timerStartScheduleId } from '../../services/start-schedules';
import { findSubscribers, writeSubscriptions } from '../../services/subscriptions';
import { matterWorkflowId, messageUpdate, syncUpdate } from '../../workflows/api';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let designer: string;
let ctx: Pick<AppContext, 'knex' | 'temporal'>;

beforeAll(async () => {
  stack = await startStack();
  designer = await stack.login('designer');
  ctx = appContext(stack.knex, { client: stack.client, taskQueue: stack.taskQueue });
});
afterAll(() => stack?.close());

/** A suffix that keeps this run's process keys, messages and signals apart from any other's. */
const run = randomUUID().slice(0, 8);

async function deploy(xml: string) {
  const res = await stack.call(designer, { method: 'POST', url: '/api/process-definitions', payload: xml, headers: { 'content-type': 'application/xml' } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as { key: string; version: number };
}

const named = (xml: string, name: string) => xml.replace('isExecutable="true"', `name="${name}" isExecutable="true"`);
const sync = (workflowId: string) => stack.client.workflow.getHandle(workflowId).executeUpdate(syncUpdate);
const matterRow = (id: string) => stack.knex('matters').where({ id }).first();
const openTasks = (matterId: string) => stack.knex('tasks').where({ matter_id: matterId, status: 'open' }).select('element_id', 'candidate_units');
const mattersOf = async (processKey: string) => (await stack.knex('matters').where({ process_key: processKey }).count<{ count: string }[]>('* as count'))[0].count;

describe('a published message', () => {
  const message = `filed-${run}`;
  const xml = named(
    diagram(
      `by-message-${run}`,
      [
        `<bpmn:startEvent id="onFiled"><bpmn:messageEventDefinition messageRef="Msg_filed"/></bpmn:startEvent>`,
        userTask('register', '=unit'),
        end(),
        flows('onFiled -> register\nregister -> end'),
      ].join('\n'),
      `<bpmn:message id="Msg_filed" name="${message}"/>`,
    ),
    '来文登记',
  );

  it('starts a matter of every process it starts, one while a matter it started with that key runs', async () => {
    const { key } = await deploy(xml);
    const [first, ...more] = await startByMessage(ctx, { name: message, correlationKey: 'doc-1', variables: { unit: 'housing', doc: 'doc-1' } });
    expect(more).toEqual([]);
    const row = await matterRow(first);
    expect(row).toMatchObject({ process_key: key, status: 'running', title: `来文登记 · ${first.slice(0, 8)}` });
    expect(row.variables).toMatchObject({ unit: 'housing', doc: 'doc-1' });
    expect(await openTasks(first)).toEqual([{ element_id: 'register', candidate_units: ['housing'] }]);
    const audit = await stack.knex('matter_audit').where({ matter_id: first }).orderBy('id').select('action', 'by', 'details');
    expect(audit.map((a) => a.action)).toEqual(['created', 'started']);
    expect(audit[0].details.start).toEqual({ kind: 'message', name: message, correlationKey: 'doc-1' });

    // The same key while its matter runs starts nothing; another key starts another matter.
    expect(await startByMessage(ctx, { name: message, correlationKey: 'doc-1', variables: { unit: 'housing' } })).toEqual([]);
    const [second] = await startByMessage(ctx, { name: message, correlationKey: 'doc-2', variables: { unit: 'transport' } });
    expect(second).not.toBe(first);
    expect(await startByMessage(ctx, { name: `nobody-${run}`, variables: {} })).toEqual([]);

    // Once the first matter is done, its key starts a new one.
    const zhujian = await stack.login('zhujian');
    const task = await stack.knex('tasks').where({ matter_id: first, status: 'open' }).first();
    const done = await stack.call(zhujian, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables: {} } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await eventually(async () => (await matterRow(first)).status === 'completed');
    const [third] = await startByMessage(ctx, { name: message, correlationKey: 'doc-1', variables: { unit: 'housing' } });
    expect([third === first, third === second, (await matterRow(third)).status]).toEqual([false, false, 'running']);
  });

  it('is the only way into a process that only events start: a form or a bare start is refused', async () => {
    const { key } = await deploy(xml);
    const supervisor = await stack.login('supervisor');
    const form = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: key, title: 'by hand', variables: {} } });
    expect([form.status, form.body.message]).toEqual([400, `process ${key} has no none start event: a message, signal or timer starts its matters`]);
    await expect(startInstance(ctx, { processKey: key, variables: {}, startedBy: 'supervisor' })).rejects.toBeInstanceOf(DomainError);
    await expect(startInstance(ctx, { processKey: key, variables: {}, startEventId: 'register', startedBy: 'supervisor' })).rejects.toThrow('register is not a start event');
  });
});

describe('the messages a matter waits for', () => {
  it('are listed with the waiting workflow, its called processes under their own workflow id, and gone once taken', async () => {
    const answer = `answer-${run}`;
    const inner = `inner-${run}`;
    await deploy(
      diagram(
        `called-${run}`,
        [start(), `<bpmn:receiveTask id="innerWait" messageRef="Msg_inner"/>`, end(), flows('start -> innerWait\ninnerWait -> end')].join('\n'),
        `<bpmn:message id="Msg_inner" name="${inner}"/>`,
      ),
    );
    const { key } = await deploy(
      diagram(
        `waits-${run}`,
        [
          start(),
          `<bpmn:receiveTask id="answerWait" messageRef="Msg_answer"/>`,
          `<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="called-${run}"/></bpmn:extensionElements></bpmn:callActivity>`,
          end(),
          flows('start -> answerWait\nanswerWait -> call\ncall -> end'),
        ].join('\n'),
        `<bpmn:message id="Msg_answer" name="${answer}"><bpmn:extensionElements><zeebe:subscription correlationKey="=unit"/></bpmn:extensionElements></bpmn:message>`,
      ),
    );
    const { matterId, workflowId } = await startInstance(ctx, { processKey: key, variables: { unit: 'housing' }, startedBy: 'supervisor' });
    expect(workflowId).toBe(matterWorkflowId(matterId));
    await sync(workflowId);
    expect(await findSubscribers(stack.knex, { kind: 'message', name: answer, correlationKey: 'housing' })).toEqual([
      { matterId, workflowId, elementId: 'answerWait', subscriptionId: expect.any(String) },
    ]);
    expect(await findSubscribers(stack.knex, { kind: 'message', name: answer, correlationKey: 'transport' })).toEqual([]);
    expect(await findSubscribers(stack.knex, { kind: 'message', name: answer })).toEqual([]);

    await stack.client.workflow.getHandle(workflowId).executeUpdate(messageUpdate, { args: [{ name: answer, correlationKey: 'housing', variables: {} }] });
    const [called] = await eventually(async () => {
      const found = await findSubscribers(stack.knex, { kind: 'message', name: inner });
      return found.length > 0 && found;
    });
    expect(called).toMatchObject({ matterId, elementId: 'innerWait' });
    expect(called.workflowId).toMatch(new RegExp(`^${workflowId}/`));
    expect(await findSubscribers(stack.knex, { kind: 'message', name: answer, correlationKey: 'housing' })).toEqual([]);

    await stack.client.workflow.getHandle(called.workflowId).executeUpdate(messageUpdate, { args: [{ name: inner, variables: {} }] });
    await eventually(async () => (await matterRow(matterId)).status === 'completed');
    await eventually(async () => (await findSubscribers(stack.knex, { kind: 'message', name: inner })).length === 0);
  });
});

describe('a broadcast signal', () => {
  const signal = `alarm-${run}`;

  it('starts a matter of every process whose diagram starts with it, once per broadcast however often it is sent', async () => {
    const { key } = await deploy(
      named(
        diagram(
          `on-signal-${run}`,
          [
            `<bpmn:startEvent id="onAlarm"><bpmn:signalEventDefinition signalRef="Sig_alarm"/></bpmn:startEvent>`,
            userTask('respond', '=unit'),
            end(),
            flows('onAlarm -> respond\nrespond -> end'),
          ].join('\n'),
          `<bpmn:signal id="Sig_alarm" name="${signal}"/>`,
        ),
        '防汛响应',
      ),
    );
    const first = await broadcastSignal(ctx, { name: signal, variables: { unit: 'transport' }, signalKey: `key-${run}` });
    expect(first).toMatchObject({ signalKey: `key-${run}`, delivered: 0, started: [expect.any(String)] });
    const [matterId] = first.started;
    expect(await matterRow(matterId)).toMatchObject({ process_key: key, status: 'running', title: `防汛响应 · ${matterId.slice(0, 8)}` });
    expect(await openTasks(matterId)).toEqual([{ element_id: 'respond', candidate_units: ['transport'] }]);

    // A retried broadcast (the activity of a throwing matter, say) starts nothing twice.
    expect((await broadcastSignal(ctx, { name: signal, variables: { unit: 'transport' }, signalKey: `key-${run}` })).started).toEqual([matterId]);
    expect(await mattersOf(key)).toBe('1');
    const another = await broadcastSignal(ctx, { name: signal, variables: { unit: 'education' } });
    expect(another.started).toHaveLength(1);
    expect(another.started[0]).not.toBe(matterId);
    expect(await mattersOf(key)).toBe('2');
    // Sent twice at once under one key, it still starts one matter.
    const twice = await Promise.all([1, 2].map(() => broadcastSignal(ctx, { name: signal, variables: { unit: 'education' }, signalKey: `both-${run}` })));
    expect(twice[0].started).toEqual(twice[1].started);
    expect(await mattersOf(key)).toBe('3');
  });

  it('passes over the workflows listed as waiting that ended or no longer wait for it, and the one that threw it', async () => {
    const { key } = await deploy(diagram(`plain-${run}`, [start(), userTask('work', 'office'), end(), flows('start -> work\nwork -> end')].join('\n')));
    const waiting = await startInstance(ctx, { processKey: key, variables: {}, startedBy: 'supervisor' });
    const thrower = await startInstance(ctx, { processKey: key, variables: {}, startedBy: 'supervisor' });
    const listed = `listed-${run}`;
    await stack.knex.transaction(async (trx) => {
      for (const [matterId, workflowId] of [
        [waiting.matterId, waiting.workflowId],
        [thrower.matterId, thrower.workflowId],
        [waiting.matterId, `${waiting.workflowId}/gone`],
      ]) {
        await writeSubscriptions(trx, { matterId, workflowId, child: workflowId.includes('/'), status: 'running', subscriptions: [{ id: 's1', elementId: 'catch', kind: 'signal', name: listed }] });
      }
    });
    expect((await findSubscribers(stack.knex, { kind: 'signal', name: listed })).map((s) => s.workflowId)).toEqual([waiting.workflowId, thrower.workflowId, `${waiting.workflowId}/gone`]);
    expect(await broadcastSignal(ctx, { name: listed, variables: {}, fromWorkflowId: thrower.workflowId })).toMatchObject({ delivered: 0, started: [] });

    // A matter that ends takes its called processes' subscriptions with it.
    await stack.knex.transaction((trx) => writeSubscriptions(trx, { matterId: waiting.matterId, workflowId: waiting.workflowId, child: false, status: 'terminated' }));
    expect((await findSubscribers(stack.knex, { kind: 'signal', name: listed })).map((s) => s.workflowId)).toEqual([thrower.workflowId]);
  });
});

describe('a timer start event', () => {
  const timerXml = (id: string, cycle: string) =>
    named(
      diagram(
        id,
        [
          `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
          userTask('check', 'office'),
          end(),
          flows('tick -> check\ncheck -> end'),
        ].join('\n'),
      ),
      '定时巡查',
    );

  it('starts matters on its schedule, and redeploying the process without it removes the schedule', async () => {
    const { key } = await deploy(timerXml(`every-${run}`, 'R/PT2S'));
    const schedule = stack.client.schedule.getHandle(timerStartScheduleId(key, 'tick'));
    expect((await schedule.describe()).action).toMatchObject({ type: 'startWorkflow', workflowType: 'timerStartWorkflow', args: [{ processKey: key, startEventId: 'tick' }] });
    await eventually(async () => Number(await mattersOf(key)) >= 2, 30_000, 250);
    const started = await stack.knex('matters').where({ process_key: key }).select('id', 'title', 'status');
    for (const m of started) expect(m.title).toBe(`定时巡查 · ${m.id.slice(0, 8)}`);
    // Each is a matter like any other: its first task lands in the office's inbox.
    await eventually(async () => (await stack.knex('tasks').whereIn('matter_id', started.map((m) => m.id)).andWhere({ element_id: 'check' })).length === started.length);

    await deploy(diagram(`every-${run}`, [start(), userTask('check', 'office'), end(), flows('start -> check\ncheck -> end')].join('\n')));
    await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    // A firing already under way may still register its matter; after that, none come.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await mattersOf(key);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await mattersOf(key)).toBe(after);
  });

  it('starts as many matters as a bounded cycle repeats', async () => {
    const { key } = await deploy(timerXml(`twice-${run}`, 'R2/PT1S'));
    await eventually(async () => (await mattersOf(key)) === '2', 20_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await mattersOf(key)).toBe('2');
  });
});
