/**
 * The interpreter's promises on the real stack: service tasks and called processes, a matter
 * keeping its diagram version, a worker crash in the middle of a matter, continue-as-new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWorkflowId } from '../../workflows/api';
import { createMatter } from '../../services/matters';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['supervisor', 'designer', 'zhujian', 'fagai']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

async function deploy(xml: string) {
  const res = await stack.call(tokens.designer, { method: 'POST', url: '/api/process-definitions', payload: xml, headers: { 'content-type': 'application/xml' } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as { key: string; version: number; created: boolean };
}

async function begin(processKey: string, variables: object = {}) {
  const res = await stack.call(tokens.supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title: processKey, variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const openTask = (matterId: string, elementId: string) =>
  eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first());

const complete = (user: string, taskId: string, variables: object = {}) =>
  stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables } });

const matter = async (id: string) => (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;

const service = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="2"/></bpmn:extensionElements></bpmn:serviceTask>`;

describe('service tasks', () => {
  it('runs the bound activity and catches the BPMN error it raises', async () => {
    const { key } = await deploy(
      diagram(
        'notify-twice',
        [
          start(),
          service('tell', 'notify'),
          service('tellNobody', 'notify'),
          '<bpmn:boundaryEvent id="noRecipients" attachedToRef="tellNobody"><bpmn:errorEventDefinition errorRef="Err_none"/></bpmn:boundaryEvent>',
          end(),
          end('handled'),
          flows('start -> tell\ntell -> tellNobody\ntellNobody -> end\nnoRecipients -> handled'),
        ]
          .join('\n')
          .replace(
            '<bpmn:serviceTask id="tellNobody"><bpmn:extensionElements>',
            '<bpmn:serviceTask id="tellNobody"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=[]" target="notifyUnits"/></zeebe:ioMapping>',
          ),
        '<bpmn:error id="Err_none" errorCode="NO_RECIPIENTS"/>',
      ),
    );
    const id = await begin(key, { notifyUnits: ['housing', 'transport'], notifyMessage: '请于周五前报送进展' });
    const m = await eventually(async () => ((await matter(id)).status === 'completed' ? matter(id) : undefined));
    type Done = { elementId: string; outcome: string };
    expect(m.completedElements.map((c: Done) => `${c.elementId}:${c.outcome}`)).toEqual([
      'start:completed',
      'tell:completed',
      'tellNobody:interrupted',
      'noRecipients:completed',
      'handled:completed',
    ]);
    expect(m.variables.notifiedUnits).toEqual(['housing', 'transport']);
    const notes = await stack.knex('notifications').where({ matter_id: id, kind: 'info' });
    expect(notes.map((n) => [n.unit_ids, n.message])).toEqual([[['housing', 'transport'], '请于周五前报送进展']]);
  });
});

describe('call activity', () => {
  it('runs the called process as a child workflow whose tasks land in the same matter', async () => {
    await deploy(diagram('sub-report', [start(), userTask('unitReport', '=unit'), end(), flows('start -> unitReport\nunitReport -> end')].join('\n')));
    const { key } = await deploy(
      diagram(
        'with-call',
        [
          start(),
          '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="sub-report" propagateAllChildVariables="true"/></bpmn:extensionElements></bpmn:callActivity>',
          userTask('review', 'office'),
          end(),
          flows('start -> call\ncall -> review\nreview -> end'),
        ].join('\n'),
      ),
    );
    const id = await begin(key, { unit: 'housing' });
    const task = await openTask(id, 'unitReport');
    expect(task.workflow_id).not.toBe(matterWorkflowId(id));
    expect((await stack.call(tokens.zhujian, { method: 'GET', url: '/api/tasks' })).body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    // The matter's page lists the called process's task with where it was called.
    expect((await matter(id)).openTasks).toMatchObject([{ id: task.id, elementId: 'unitReport', callPath: ['call'] }]);
    const done = await complete('zhujian', task.id, { progress: '完成' });
    expect(done.status).toBe(200);
    // The called process ended with it; the matter goes on to its review.
    expect(done.body.matterStatus).toBe('running');
    const review = await openTask(id, 'review');
    expect((await complete('supervisor', review.id)).status).toBe(200);
    const m = await eventually(async () => ((await matter(id)).status === 'completed' ? matter(id) : undefined));
    expect(m.variables.progress).toBe('完成');

    // The matter's history tells what the called process did, and where it was called.
    const history = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items;
    const called = history.filter((e: { callPath?: string[] }) => e.callPath);
    expect(called.map((e: { kind: string; elementId?: string; callPath: string[] }) => [e.kind, e.elementId, e.callPath])).toEqual([
      ['started', undefined, ['call']],
      ['element', 'start', ['call']],
      ['taskCompleted', 'unitReport', ['call']],
      ['element', 'unitReport', ['call']],
      ['element', 'end', ['call']],
      ['ended', undefined, ['call']],
    ]);
    expect(called[0]).toMatchObject({ processKey: 'sub-report' });
    const kinds = history.map((e: { kind: string; elementId?: string; callPath?: string[] }) => `${e.callPath ? 'called ' : ''}${e.kind} ${e.elementId ?? ''}`.trim());
    expect(kinds.indexOf('called ended')).toBeLessThan(kinds.indexOf('element review'));
    expect(kinds.at(-1)).toBe('ended');
  });

  it('answers the completion that ends a called process with the calling matter\'s status', async () => {
    await deploy(diagram('sub-report', [start(), userTask('unitReport', '=unit'), end(), flows('start -> unitReport\nunitReport -> end')].join('\n')));
    const { key } = await deploy(
      diagram(
        'call-and-end',
        [
          start(),
          '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="sub-report"/></bpmn:extensionElements></bpmn:callActivity>',
          end(),
          flows('start -> call\ncall -> end'),
        ].join('\n'),
      ),
    );
    const id = await begin(key, { unit: 'housing' });
    const task = await openTask(id, 'unitReport');
    expect((await matter(id)).openTasks.map((t: { callPath?: string[] }) => t.callPath)).toEqual([['call']]);
    const done = await complete('zhujian', task.id);
    expect(done.body.matterStatus).toBe('completed');
  });
});

describe('versions', () => {
  it('keeps a running matter on the version it started with', async () => {
    const v1xml = diagram('versioned', [start(), userTask('first', 'housing'), end(), flows('start -> first\nfirst -> end')].join('\n'));
    const v1 = await deploy(v1xml);
    expect(await deploy(v1xml)).toMatchObject({ version: v1.version, created: false });
    const old = await begin('versioned');

    const v2 = await deploy(
      diagram('versioned', [start(), userTask('first', 'housing'), userTask('second', 'office'), end(), flows('start -> first\nfirst -> second\nsecond -> end')].join('\n')),
    );
    expect(v2).toMatchObject({ version: v1.version + 1, created: true });
    const fresh = await begin('versioned');

    await complete('zhujian', (await openTask(old, 'first')).id);
    const oldDone = await eventually(async () => ((await matter(old)).status === 'completed' ? matter(old) : undefined));
    expect(oldDone.processVersion).toBe(v1.version);

    await complete('zhujian', (await openTask(fresh, 'first')).id);
    expect(await openTask(fresh, 'second')).toBeTruthy();
    expect((await matter(fresh)).processVersion).toBe(v2.version);
  });
});

describe('durability', () => {
  it('loses nothing and completes nothing twice when the worker dies mid-matter', async () => {
    const { key } = await deploy(
      diagram(
        'crash',
        [
          start(),
          userTask('a', 'housing'),
          service('tell', 'notify'),
          '<bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
          userTask('b', 'housing'),
          end(),
          flows('start -> a\na -> tell\ntell -> pause\npause -> b\nb -> end'),
        ].join('\n'),
      ),
    );
    const id = await begin(key, { notifyUnits: 'housing' });
    const a = await openTask(id, 'a');
    await stack.stopWorker();
    // Completing while no worker runs waits for one; the timer's time passes meanwhile.
    const pending = complete('zhujian', a.id);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await stack.startWorker();
    expect((await pending).status).toBe(200);
    const b = await openTask(id, 'b');
    expect((await complete('zhujian', b.id)).status).toBe(200);
    await eventually(async () => (await matter(id)).status === 'completed');
    expect(await stack.knex('tasks').where({ matter_id: id }).count<{ count: string }[]>('* as count')).toEqual([{ count: '2' }]);
    expect(await stack.knex('notifications').where({ matter_id: id, kind: 'info' }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
  });

  it('continues as new when its history grows, keeping tasks, queries and inbox', async () => {
    const user = { id: 1, username: 'supervisor', role: 'supervisor' as const, unitId: 'office' };
    const { id } = await createMatter(
      stack.knex,
      { client: stack.client, taskQueue: stack.taskQueue },
      { processKey: 'supervision-basic', title: 'continue-as-new', variables: { leadUnit: 'dev-reform' } },
      user,
      { continueAsNewAfterEvents: 2 },
    );
    const handle = stack.client.workflow.getHandle(matterWorkflowId(id));
    const firstRun = (await handle.describe()).runId;
    await complete('supervisor', (await openTask(id, 'Distribute')).id);
    for (let round = 0; round < 3; round++) {
      await complete('fagai', (await openTask(id, 'Report')).id, { progress: `第${round + 1}次填报` });
      await complete('supervisor', (await openTask(id, 'Review')).id, { approved: false });
    }
    const report = await openTask(id, 'Report');
    expect((await handle.describe()).runId).not.toBe(firstRun);
    const m = await matter(id);
    expect(m.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['Report']);
    expect(m.completedElements.filter((e: { elementId: string }) => e.elementId === 'Review')).toHaveLength(3);
    await complete('fagai', report.id, { progress: '已完成' });
    await complete('supervisor', (await openTask(id, 'Review')).id, { approved: true });
    const done = await eventually(async () => ((await matter(id)).status === 'completed' ? matter(id) : undefined));
    expect(done.variables.progress).toBe('已完成');

    // The history spans every run.
    const history = await eventually(async () => {
      const items = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items as Array<Record<string, unknown>>;
      return items.at(-1)?.kind === 'ended' ? items : undefined;
    });
    expect(history[0]).toMatchObject({ kind: 'started', processKey: 'supervision-basic', variables: { leadUnit: 'dev-reform' } });
    const rounds = Array(4).fill(['Report', 'Review', 'Decision']).flat();
    expect(history.filter((e) => e.kind === 'element').map((e) => e.elementId)).toEqual(['Start', 'Distribute', ...rounds, 'Closed']);
    expect(history.filter((e) => e.kind === 'taskCompleted').map((e) => e.by)).toEqual(['supervisor', ...Array(4).fill(['fagai', 'supervisor']).flat()]);
    expect(history.at(-1)).toMatchObject({ kind: 'ended', status: 'completed' });
  });
});
