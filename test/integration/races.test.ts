/**
 * Exactly-once answers under contention: when a unit's people act on the same task at once (or a
 * supervisor's double click starts a draft twenty times), exactly one request is applied and
 * answered 200; a repeat of its Idempotency-Key gets the same answer; every other request gets
 * 409 naming who got there first. Never a 200 for a change that was not applied.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let supervisor: string;
let designer: string;
/** Ten handlers of the housing bureau: the seeded one and nine colleagues. */
const handlers: Array<{ username: string; token: string }> = [];

beforeAll(async () => {
  stack = await startStack();
  supervisor = await stack.login('supervisor');
  designer = await stack.login('designer');
  const model = await stack.knex('users').where({ username: 'zhujian' }).first();
  const colleagues = Array.from({ length: 9 }, (_, i) => `zhujian-${i + 2}`);
  await stack
    .knex('users')
    .insert(colleagues.map((username) => ({ username, display_name: `住建局 承办人 ${username}`, role: 'handler', unit_id: 'housing', password_hash: model.password_hash })))
    .onConflict('username')
    .ignore();
  for (const username of ['zhujian', ...colleagues]) handlers.push({ username, token: await stack.login(username) });
  const deployed = await stack.call(designer, {
    method: 'POST',
    url: '/api/process-definitions',
    payload: diagram('race', [start(), userTask('a', 'housing'), userTask('b', 'housing'), end(), flows('start -> a\na -> b\nb -> end')].join('\n')),
    headers: { 'content-type': 'application/xml' },
  });
  expect(deployed.status, JSON.stringify(deployed.body)).toBeLessThan(300);
});
afterAll(() => stack?.close());

const newMatter = async (draft = false): Promise<string> => {
  const res = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'race', title: '并发办理', variables: {}, draft } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
};

const openTask = (matterId: string, elementId: string) =>
  eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first());

describe('concurrent requests on one task', () => {
  it('applies one of ten completions by different people, answers it once, and names its author to the other nine', async () => {
    const id = await newMatter();
    const task = await openTask(id, 'a');
    const keys = handlers.map(() => randomUUID());
    const answers = await Promise.all(
      handlers.map((h, i) =>
        stack.call(h.token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, headers: { 'idempotency-key': keys[i] }, payload: { variables: { by: h.username } } }),
      ),
    );
    const won = answers.map((a, i) => ({ ...a, i })).filter((a) => a.status === 200);
    expect(won, JSON.stringify(answers.map((a) => [a.status, a.body?.message]))).toHaveLength(1);
    const winner = handlers[won[0].i].username;
    const lost = answers.filter((a) => a.status !== 200);
    expect(lost.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const a of lost) expect(a.body.message).toBe(`task ${task.id} was already completed by ${winner}`);
    expect(won[0].body.task).toMatchObject({ id: task.id, status: 'completed', completedBy: winner });
    expect(won[0].body.openedTasks).toHaveLength(1);

    // The winner's request again (a retry after a lost answer) gets the same answer.
    const repeat = await stack.call(handlers[won[0].i].token, {
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: { 'idempotency-key': keys[won[0].i] },
      payload: { variables: { by: winner } },
    });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(won[0].body);
    // Another's key is still refused.
    const other = (won[0].i + 1) % handlers.length;
    const late = await stack.call(handlers[other].token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, headers: { 'idempotency-key': keys[other] }, payload: {} });
    expect(late).toMatchObject({ status: 409, body: { message: `task ${task.id} was already completed by ${winner}` } });

    // The matter's history and state know one completion: the winner's variables.
    const history = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items as Array<Record<string, unknown>>;
    expect(history.filter((e) => e.kind === 'taskCompleted')).toEqual([expect.objectContaining({ taskId: task.id, by: winner })]);
    const matter = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
    expect(matter.variables.by).toBe(winner);
    expect(matter.openTasks.map((t: { elementId: string }) => t.elementId)).toEqual(['b']);
  });

  it('answers every copy of the winning request alike when two people each send theirs five times at once', async () => {
    const id = await newMatter();
    const task = await openTask(id, 'a');
    const [first, second] = handlers;
    const keys = { [first.username]: randomUUID(), [second.username]: randomUUID() };
    const sends = [first, second].flatMap((h) => Array.from({ length: 5 }, () => h));
    const answers = await Promise.all(
      sends.map((h) => stack.call(h.token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, headers: { 'idempotency-key': keys[h.username] }, payload: { variables: { by: h.username } } })),
    );
    const winner = (await stack.knex('tasks').where({ id: task.id }).first()).completed_by;
    expect([first.username, second.username]).toContain(winner);
    const ofWinner = answers.filter((_, i) => sends[i].username === winner);
    const ofLoser = answers.filter((_, i) => sends[i].username !== winner);
    expect(ofWinner.map((a) => a.status), JSON.stringify(answers.map((a) => [a.status, a.body?.message]))).toEqual(Array(5).fill(200));
    for (const a of ofWinner) expect(a.body).toEqual(ofWinner[0].body);
    expect(ofWinner[0].body.task).toMatchObject({ status: 'completed', completedBy: winner });
    expect(ofLoser.map((a) => [a.status, a.body.message])).toEqual(Array(5).fill([409, `task ${task.id} was already completed by ${winner}`]));
    const history = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items as Array<Record<string, unknown>>;
    expect(history.filter((e) => e.kind === 'taskCompleted')).toEqual([expect.objectContaining({ taskId: task.id, by: winner })]);
  });

  it('gives a task to one of ten people claiming it at once, and names the holder to the others', async () => {
    const id = await newMatter();
    const task = await openTask(id, 'a');
    const answers = await Promise.all(handlers.map((h) => stack.call(h.token, { method: 'POST', url: `/api/tasks/${task.id}/claim` })));
    const won = answers.map((a, i) => ({ ...a, i })).filter((a) => a.status === 200);
    expect(won, JSON.stringify(answers.map((a) => [a.status, a.body?.message]))).toHaveLength(1);
    const holder = handlers[won[0].i].username;
    expect(won[0].body.assignee).toBe(holder);
    const lost = answers.filter((a) => a.status !== 200);
    expect(lost.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const a of lost) expect(a.body.message).toBe(`task ${task.id} is already claimed by ${holder}`);
    expect((await stack.knex('tasks').where({ id: task.id }).first()).assignee).toBe(holder);
    const history = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items as Array<Record<string, unknown>>;
    expect(history.filter((e) => e.kind === 'taskChanged')).toEqual([expect.objectContaining({ taskId: task.id, action: 'claim', by: holder })]);

    // Only the holder may complete it now.
    const other = handlers[(won[0].i + 1) % handlers.length];
    expect((await stack.call(other.token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: {} })).status).toBe(403);
    expect((await stack.call(handlers[won[0].i].token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: {} })).status).toBe(200);
  });
});

describe('concurrent starts of one draft', () => {
  it('starts one workflow for twenty simultaneous starts: one 200, nineteen 409', async () => {
    const id = await newMatter(true);
    const answers = await Promise.all(Array.from({ length: 20 }, () => stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/start` })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(answers.map((a) => [a.status, a.body?.message]))).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.message).toBe(`matter ${id} has already started`);

    const row = await stack.knex('matters').where({ id }).first();
    expect(row.status).toBe('running');
    expect(row.first_run_id).toBeTruthy();
    expect(await stack.knex('matter_audit').where({ matter_id: id, action: 'started' }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
    const runs = await eventually(async () => {
      const found = [];
      for await (const w of stack.client.workflow.list({ query: `WorkflowId = "matter-${id}"` })) found.push(w.runId);
      return found.length > 0 ? found : undefined;
    });
    expect(runs).toEqual([row.first_run_id]);
    expect((await openTask(id, 'a')).status).toBe('open');
  });
});
