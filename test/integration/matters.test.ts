/** Matters with their standard data elements: checked entry, drafts, audited edits, abnormal termination. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { parkingMatterData } from '../support/matters';
import { periodCycle } from '../../supervision/matter-data';

let stack: Stack;
let supervisor: string;
let zhujian: string;

beforeAll(async () => {
  stack = await startStack();
  supervisor = await stack.login('supervisor');
  zhujian = await stack.login('zhujian');
});
afterAll(() => stack?.close());

const today = shanghaiToday();
const data = { ...parkingMatterData(), tags: ['民生实事'] };

const create = (body: object) => stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'supervision-basic', title: '城区新建公共停车位', ...body } });

describe('matters with data elements', () => {
  it('refuses bad data with field-level errors and stores nothing', async () => {
    const before = await stack.knex('matters').count<{ count: string }[]>('* as count');
    const res = await create({ data: { ...data, leadUnit: 'mars', deadline: '2020-01-01', coUnits: ['housing'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'deadline', message: 'deadline cannot be before the assigned date' },
      { path: 'leadUnit', message: 'no unit "mars"' },
    ]);
    expect(await stack.knex('matters').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('registers a draft, edits it with an audit trail, starts it, and hands the flow its variables', async () => {
    const created = await create({ data, draft: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body).toMatchObject({ status: 'draft', data: { ...data, title: '城区新建公共停车位' } });

    const edit = await stack.call(supervisor, { method: 'PATCH', url: `/api/matters/${id}`, payload: { deadline: '2030-06-30', coUnits: [] } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.changes).toEqual([
      { field: 'deadline', from: '2030-12-31', to: '2030-06-30' },
      { field: 'coUnits', from: ['transport'], to: [] },
    ]);
    expect((await stack.call(supervisor, { method: 'PATCH', url: `/api/matters/${id}`, payload: { leadUnit: 'nowhere' } })).status).toBe(400);

    expect((await stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/start` })).status).toBe(200);
    expect((await stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/start` })).status).toBe(409);
    expect((await stack.call(supervisor, { method: 'DELETE', url: `/api/matters/${id}` })).status).toBe(409);

    const matter = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
    expect(matter.status).toBe('running');
    expect(matter.variables).toMatchObject({ leadUnit: 'housing', coUnits: [], units: ['housing'], deadline: '2030-06-30', periodCycle: periodCycle('monthly', today, 'Asia/Shanghai'), reportDue: 'P24D' });

    // An edit while running reaches the flow's variables too.
    await stack.call(supervisor, { method: 'PATCH', url: `/api/matters/${id}`, payload: { deadline: '2030-09-30' } });
    expect((await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body.variables.deadline).toBe('2030-09-30');

    const audit = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/audit` })).body.items;
    expect(audit.map((a: { action: string; by: string }) => `${a.action}:${a.by}`)).toEqual(['created:supervisor', 'edited:supervisor', 'started:supervisor', 'edited:supervisor']);
  });

  it('deletes a draft but not a started matter', async () => {
    const draft = (await create({ data, draft: true })).body.id;
    expect((await stack.call(supervisor, { method: 'DELETE', url: `/api/matters/${draft}` })).status).toBe(204);
    expect((await stack.call(supervisor, { method: 'GET', url: `/api/matters/${draft}` })).status).toBe(404);
  });

  it('terminates a running matter with its reason, withdrawing its tasks', async () => {
    const id = (await create({ data })).body.id;
    expect((await stack.call(zhujian, { method: 'POST', url: `/api/matters/${id}/terminate`, payload: { reason: 'x' } })).status).toBe(403);
    const res = await stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/terminate`, payload: { reason: '上级通知项目暂缓实施' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const matter = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
    expect(matter).toMatchObject({ status: 'terminated', openTasks: [], termination: { reason: '上级通知项目暂缓实施', by: 'supervisor' } });
    expect(await stack.knex('tasks').where({ matter_id: id, status: 'open' })).toEqual([]);
    expect((await stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/terminate`, payload: { reason: 'again' } })).status).toBe(409);
  });
});
