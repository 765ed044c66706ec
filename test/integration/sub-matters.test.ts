/** A provincial matter decomposed to cities and a county: targets roll up, and so do the lights. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};
const today = shanghaiToday();
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['supervisor', 'zhujian', 'jiaotong', 'jiaoyu']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

const data = (extra: object) => ({ source: 'superior', type: '民生实事', assignedDate: yesterday, deadline: '2030-12-31', assigner: '省政府', reportingPeriod: 'monthly', ...extra });

async function report(user: string, matterId: string, achieved: number) {
  const supervisor = tokens.supervisor;
  const distribute = await eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: 'Distribute', status: 'open' }).first());
  await stack.call(supervisor, { method: 'POST', url: `/api/tasks/${distribute.id}/complete`, payload: { variables: {} } });
  const task = await eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: 'Report', status: 'open' }).first());
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables: { achieved } } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('sub-matters', () => {
  it('rolls targets, achievements and lights up the tree', async () => {
    const province = await stack.call(tokens.supervisor, {
      method: 'POST',
      url: '/api/matters',
      payload: { processKey: 'supervision-basic', title: '老旧小区改造45个', data: data({ leadUnit: 'housing', target: { indicator: '改造老旧小区', measure: '个', value: 45 } }) },
    });
    expect(province.status, JSON.stringify(province.body)).toBe(201);
    const sub = (title: string, extra: object) =>
      stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${province.body.id}/sub-matters`, payload: { processKey: 'supervision-basic', title, data: extra } });

    expect((await sub('市A', { leadUnit: 'housing', deadline: '2031-01-01', target: { indicator: '改造', measure: '个', value: 20 } })).body.errors.map((e: { path: string }) => e.path)).toEqual(['deadline']);
    expect((await sub('市A', { leadUnit: 'housing', target: { indicator: '改造', measure: '平方米', value: 20 } })).status).toBe(400);

    const cityA = (await sub('市A 改造20个', { title: '市A 改造20个', leadUnit: 'housing', target: { indicator: '改造', measure: '个', value: 20 } })).body.id;
    const cityB = (await sub('市B 改造25个', { title: '市B 改造25个', leadUnit: 'transport', deadline: yesterday, target: { indicator: '改造', measure: '个', value: 25 } })).body.id;
    const county = (
      await stack.call(tokens.supervisor, {
        method: 'POST',
        url: `/api/matters/${cityA}/sub-matters`,
        payload: { processKey: 'supervision-basic', title: '县a 改造10个', data: { title: '县a 改造10个', leadUnit: 'education', target: { indicator: '改造', measure: '个', value: 10 } } },
      })
    ).body.id;
    expect(county).toBeTruthy();

    await report('jiaoyu', county, 8);
    await report('jiaotong', cityB, 25);
    await report('zhujian', cityA, 3);

    const tree = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${province.body.id}/rollup` })).body;
    expect(tree).toMatchObject({ achieved: 33, target: { value: 45 }, progress: { mark: 'ahead' } });
    const cities = Object.fromEntries(tree.subMatters.map((s: { title: string }) => [s.title, s]));
    // A parent's achievement is its sub-matters' sum: city A counts its county's 8, not its own 3.
    expect(cities['市A 改造20个']).toMatchObject({ achieved: 8, subMatters: [{ title: '县a 改造10个', achieved: 8 }] });
    // City B's report was done late (its deadline was yesterday): red, and red rolls up.
    expect(cities['市B 改造25个'].light).toBe('red');
    expect(tree.light).toBe('red');
    const list = (await stack.call(tokens.supervisor, { method: 'GET', url: '/api/matters?limit=1000' })).body.items;
    expect(list.find((m: { id: string }) => m.id === province.body.id).light).toBe('red');
  });
});
