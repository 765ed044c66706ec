/**
 * The walking skeleton through the real stack: a matter started over HTTP runs as a Temporal
 * workflow, its tasks move from inbox to inbox, and units only reach their own tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWorkflowId } from '../../workflows/api';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let supervisor: string;
let fagai: string;
let zhujian: string;

beforeAll(async () => {
  stack = await startStack();
  [supervisor, fagai, zhujian] = await Promise.all(['supervisor', 'fagai', 'zhujian'].map((u) => stack.login(u)));
});
afterAll(() => stack?.close());

async function inbox(token: string) {
  const res = await stack.call(token, { method: 'GET', url: '/api/tasks' });
  expect(res.status).toBe(200);
  return res.body.items as Array<{ id: string; matterId: string; elementId: string; name: string }>;
}

async function startMatter(title: string) {
  const res = await stack.call(supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: { processKey: 'supervision-basic', title, variables: { leadUnit: 'dev-reform', deadline: '2026-12-31T18:00:00+08:00' } },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const complete = (token: string, taskId: string, variables: object = {}, key?: string) =>
  stack.call(token, { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables }, headers: key ? { 'idempotency-key': key } : {} });

describe('walking skeleton', () => {
  it('runs a matter from distribution through report and review to its end', async () => {
    const id = await startMatter('县城区停车场建设');

    const distribute = (await inbox(supervisor)).find((t) => t.matterId === id);
    expect(distribute).toMatchObject({ elementId: 'Distribute', name: '督查室交办' });
    expect((await inbox(fagai)).some((t) => t.matterId === id)).toBe(false);

    const done = await complete(supervisor, distribute!.id, { note: '请发改局牵头' });
    expect(done.status).toBe(200);
    expect(done.body.task.status).toBe('completed');

    const report = (await inbox(fagai)).find((t) => t.matterId === id)!;
    expect(report).toMatchObject({ elementId: 'Report', name: '牵头单位填报进展' });
    expect((await complete(fagai, report.id, { progress: '已完成选址' })).status).toBe(200);

    const review = (await inbox(supervisor)).find((t) => t.matterId === id)!;
    expect(review.elementId).toBe('Review');
    expect((await complete(supervisor, review.id, { approved: true })).status).toBe(200);

    const matter = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` });
    expect(matter.status).toBe(200);
    expect(matter.body).toMatchObject({ status: 'completed', processKey: 'supervision-basic', openTasks: [], activeElements: [] });
    expect(matter.body.variables).toMatchObject({ leadUnit: 'dev-reform', progress: '已完成选址', approved: true });
    expect(matter.body.completedElements.map((e: { elementId: string }) => e.elementId)).toEqual([
      'Start',
      'Distribute',
      'Report',
      'Review',
      'Decision',
      'Closed',
    ]);
    const description = await stack.client.workflow.getHandle(matterWorkflowId(id)).describe();
    expect(description.status.name).toBe('COMPLETED');
    const row = await stack.knex('matters').where({ id }).first();
    expect(row.status).toBe('completed');
    expect(row.ended_at).not.toBeNull();
  });

  it('sends a returned report back to the unit', async () => {
    const id = await startMatter('农村公路提质改造');
    const distribute = (await inbox(supervisor)).find((t) => t.matterId === id)!;
    await complete(supervisor, distribute.id);
    const report = (await inbox(fagai)).find((t) => t.matterId === id)!;
    await complete(fagai, report.id, { progress: '完成30%' });
    const review = (await inbox(supervisor)).find((t) => t.matterId === id)!;
    await complete(supervisor, review.id, { approved: false, comment: '请补充佐证材料' });

    const again = (await inbox(fagai)).find((t) => t.matterId === id)!;
    expect(again.elementId).toBe('Report');
    expect(again.id).not.toBe(report.id);
    const matter = await stack.call(fagai, { method: 'GET', url: `/api/matters/${id}` });
    expect(matter.status).toBe(200);
    expect(matter.body.status).toBe('running');
    expect(matter.body.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['Report']);
  });

  it('keeps units to their own tasks and matters', async () => {
    const id = await startMatter('城区学校扩容');
    const distribute = (await inbox(supervisor)).find((t) => t.matterId === id)!;
    expect((await complete(fagai, distribute.id)).status).toBe(403);
    expect((await stack.call(fagai, { method: 'GET', url: `/api/tasks/${distribute.id}` })).status).toBe(403);
    await complete(supervisor, distribute.id);
    const report = (await inbox(fagai)).find((t) => t.matterId === id)!;

    expect((await complete(zhujian, report.id)).status).toBe(403);
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/matters/${id}` })).status).toBe(403);
    expect((await stack.call(zhujian, { method: 'GET', url: '/api/matters' })).body.items.some((m: { id: string }) => m.id === id)).toBe(false);
    expect((await stack.call(fagai, { method: 'POST', url: '/api/matters', payload: { processKey: 'supervision-basic', title: 'x' } })).status).toBe(403);
  });

  it('answers 401 without a token and with a bad one', async () => {
    expect((await stack.call(undefined, { method: 'GET', url: '/api/tasks' })).status).toBe(401);
    expect((await stack.call('not-a-token', { method: 'GET', url: '/api/matters' })).status).toBe(401);
    expect((await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: 'fagai', password: 'wrong' } })).status).toBe(401);
  });

  it('completes a task once however often the same request is sent', async () => {
    const id = await startMatter('老旧小区改造');
    const distribute = (await inbox(supervisor)).find((t) => t.matterId === id)!;
    const [a, b] = await Promise.all([complete(supervisor, distribute.id, {}, 'req-1'), complete(supervisor, distribute.id, {}, 'req-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const again = await complete(supervisor, distribute.id, {}, 'req-1');
    expect(again.status).toBe(200);
    const other = await complete(supervisor, distribute.id, {}, 'req-2');
    expect(other.status).toBe(409);
    const reports = (await inbox(fagai)).filter((t) => t.matterId === id);
    expect(reports).toHaveLength(1);
  });

  it('reports health of the database and Temporal', async () => {
    const res = await stack.call(undefined, { method: 'GET', url: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
  });
});

describe('claim, unclaim and delegate', () => {
  it('lets a unit user claim a task, another unit take it over, and keeps the inboxes right', async () => {
    const id = await startMatter('河道综合治理');
    await complete(supervisor, (await inbox(supervisor)).find((t) => t.matterId === id)!.id);
    const report = (await inbox(fagai)).find((t) => t.matterId === id)!;

    const claimed = await stack.call(fagai, { method: 'POST', url: `/api/tasks/${report.id}/claim` });
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('fagai');
    expect((await stack.call(fagai, { method: 'POST', url: `/api/tasks/${report.id}/claim` })).status).toBe(409);
    expect((await stack.call(fagai, { method: 'POST', url: `/api/tasks/${report.id}/unclaim` })).body.assignee).toBeUndefined();

    expect((await stack.call(zhujian, { method: 'POST', url: `/api/tasks/${report.id}/delegate`, payload: { unitId: 'housing' } })).status).toBe(403);
    expect((await stack.call(supervisor, { method: 'POST', url: `/api/tasks/${report.id}/delegate`, payload: { unitId: 'nowhere' } })).status).toBe(400);
    const delegated = await stack.call(fagai, { method: 'POST', url: `/api/tasks/${report.id}/delegate`, payload: { unitId: 'housing' } });
    expect(delegated.status).toBe(200);
    expect(delegated.body.candidateUnits).toEqual(['housing']);
    expect((await inbox(fagai)).some((t) => t.id === report.id)).toBe(false);
    expect((await inbox(zhujian)).some((t) => t.id === report.id)).toBe(true);
    expect((await complete(fagai, report.id)).status).toBe(403);
    expect((await complete(zhujian, report.id, { progress: '住建局接办' })).status).toBe(200);
  });
});

describe('visibility', () => {
  it('indexes matters by process, status and the units holding their open tasks', async () => {
    const id = await startMatter('乡村振兴示范村建设');
    await complete(supervisor, (await inbox(supervisor)).find((t) => t.matterId === id)!.id);
    const handle = stack.client.workflow.getHandle(matterWorkflowId(id));
    const attributes = async () => (await handle.describe()).searchAttributes;
    await eventually(async () => ((await attributes()).Units as string[] | undefined)?.[0] === 'dev-reform');
    expect(await attributes()).toMatchObject({ ProcessKey: ['supervision-basic'], MatterStatus: ['running'], Units: ['dev-reform'], Light: ['green'] });
  });

  it('indexes the matter light: red once a task is past its due date, and it stays red after a late finish', async () => {
    const res = await stack.call(supervisor, {
      method: 'POST',
      url: '/api/matters',
      payload: { processKey: 'supervision-basic', title: '逾期事项', variables: { leadUnit: 'dev-reform', deadline: '2020-01-01' } },
    });
    const id = res.body.id as string;
    const handle = stack.client.workflow.getHandle(matterWorkflowId(id));
    const light = async () => ((await handle.describe()).searchAttributes.Light as string[] | undefined)?.[0];
    expect(await light()).toBe('white');
    await complete(supervisor, (await inbox(supervisor)).find((t) => t.matterId === id)!.id);
    await eventually(async () => (await light()) === 'red');
    await complete(fagai, (await inbox(fagai)).find((t) => t.matterId === id)!.id, { progress: '已完成' });
    await complete(supervisor, (await inbox(supervisor)).find((t) => t.matterId === id)!.id, { approved: true });
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
    expect(await light()).toBe('red');
  });
});
