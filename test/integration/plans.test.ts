/** Plans: the responsible units' plan items on a matter, set by supervisors and completed by the unit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCards, monthPeriod, planCompletionRate } from '../../supervision';
import { planItemsForPeriod } from '../../services/plans';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { parkingMatterData } from '../support/matters';

let stack: Stack;
let supervisor: string;
let zhujian: string;
let zhujianHead: string;
let jiaotong: string;
let jiaoyu: string;
let matterId: string;

const today = shanghaiToday();
const data = parkingMatterData();

async function createMatter(title: string, options: { draft?: boolean } = {}): Promise<string> {
  const res = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'supervision-basic', title, data, draft: options.draft ?? false } });
  if (res.status !== 201) throw new Error(`create matter: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

beforeAll(async () => {
  stack = await startStack();
  [supervisor, zhujian, zhujianHead, jiaotong, jiaoyu] = await Promise.all(['supervisor', 'zhujian', 'zhujian-head', 'jiaotong', 'jiaoyu'].map((u) => stack.login(u)));
  matterId = await createMatter('城区新建公共停车位 1200 个');
});
afterAll(() => stack?.close());

const addPlan = (token: string | undefined, payload: object, matter = matterId) => stack.call(token, { method: 'POST', url: `/api/matters/${matter}/plans`, payload });
const complete = (token: string, id: string, payload: object = { evidence: '已完成，见验收单' }) => stack.call(token, { method: 'POST', url: `/api/plans/${id}/complete`, payload });
const item = { unitId: 'housing', plan: 'month', title: '6 月完成 100 个停车位', dueDate: '2030-06-30', quantity: 100 };

describe('plan items', () => {
  it('lets supervisors add items for the matter’s responsible units within its dates', async () => {
    expect((await addPlan(undefined, item)).status).toBe(401);
    expect((await addPlan(zhujian, item)).status).toBe(403);
    const added = await addPlan(supervisor, item);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ matterId, unitId: 'housing', plan: 'month', title: item.title, dueDate: '2030-06-30', quantity: 100, evidenceFiles: [], createdBy: 'supervisor' });
    expect(added.body.completedAt).toBeUndefined();

    expect(await addPlan(supervisor, { ...item, unitId: 'education' })).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'unitId', message: 'education is neither the lead unit (housing) nor a co-unit of the matter' }] },
    });
    const early = await addPlan(supervisor, { ...item, dueDate: '2020-01-31' });
    expect(early.body.errors).toEqual([{ path: 'dueDate', message: `the due date must be within the matter's ${today} … 2030-12-31` }]);
    expect((await addPlan(supervisor, { ...item, dueDate: '2031-01-01' })).body.errors[0].path).toBe('dueDate');
    expect((await addPlan(supervisor, { ...item, dueDate: '2030-02-30' })).body.errors[0].path).toBe('body/dueDate');
    expect((await addPlan(supervisor, { ...item, plan: 'quarter' })).body.errors[0].path).toBe('body/plan');
    expect((await addPlan(supervisor, { ...item, quantity: 0 })).status).toBe(400);
    expect((await addPlan(supervisor, item, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('shows a matter’s plan to supervisors and its responsible units, not to other units', async () => {
    await addPlan(supervisor, { unitId: 'transport', plan: 'week', title: '完成交通组织方案', dueDate: '2030-06-07' });
    const all = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${matterId}/plans` });
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { unitId: string; dueDate: string }) => `${i.unitId}@${i.dueDate}`)).toEqual(['transport@2030-06-07', 'housing@2030-06-30']);
    expect((await stack.call(jiaotong, { method: 'GET', url: `/api/matters/${matterId}/plans?unitId=transport` })).body.items).toHaveLength(1);
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/matters/${matterId}/plans?plan=month` })).body.items.map((i: { plan: string }) => i.plan)).toEqual(['month']);
    expect((await stack.call(jiaoyu, { method: 'GET', url: `/api/matters/${matterId}/plans` })).status).toBe(403);
  });

  it('lets only a handler or the head of the item’s unit complete it, once', async () => {
    const id = (await addPlan(supervisor, { ...item, title: '开工 3 处停车场', dueDate: '2030-05-31', quantity: 3 })).body.id;
    expect((await complete(jiaotong, id)).status).toBe(403);
    expect((await complete(supervisor, id)).status).toBe(403);
    expect((await complete(zhujian, id, {})).body.errors).toEqual([{ path: 'body', message: "must have required property 'evidence'" }]);

    const done = await complete(zhujian, id, { evidence: '三处停车场均已开工', achieved: 3, evidenceFiles: [{ name: '开工照片.jpg', url: 'https://files.example/1.jpg' }] });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ completedBy: 'zhujian', evidence: '三处停车场均已开工', achieved: 3, evidenceFiles: [{ name: '开工照片.jpg', url: 'https://files.example/1.jpg' }] });
    expect(Date.now() - Date.parse(done.body.completedAt)).toBeLessThan(60_000);

    // Again, by the head or the same handler: the first completion stands.
    const again = await complete(zhujianHead, id, { evidence: '重复提交', achieved: 5 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
    expect((await complete(zhujian, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets supervisors change or remove an item until it is completed', async () => {
    const id = (await addPlan(supervisor, { ...item, title: '年度完成 1200 个', plan: 'year', dueDate: '2030-12-31', quantity: 1200 })).body.id;
    const patch = (token: string, payload: object) => stack.call(token, { method: 'PATCH', url: `/api/plans/${id}`, payload });
    expect((await patch(zhujian, { title: 'x' })).status).toBe(403);
    const changed = await patch(supervisor, { unitId: 'transport', dueDate: '2030-11-30', quantity: null });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ unitId: 'transport', dueDate: '2030-11-30', plan: 'year', title: '年度完成 1200 个' });
    expect(changed.body.quantity).toBeUndefined();
    expect((await patch(supervisor, { unitId: 'education' })).body.errors[0].path).toBe('unitId');
    expect((await patch(supervisor, { dueDate: '2031-06-30' })).body.errors[0].path).toBe('dueDate');

    expect((await complete(jiaotong, id)).status).toBe(200);
    expect((await patch(supervisor, { title: '改不了' })).status).toBe(409);
    expect((await stack.call(supervisor, { method: 'DELETE', url: `/api/plans/${id}` })).status).toBe(409);

    const removable = (await addPlan(supervisor, { ...item, title: '待删除' })).body.id;
    expect((await stack.call(zhujian, { method: 'DELETE', url: `/api/plans/${removable}` })).status).toBe(403);
    expect((await stack.call(supervisor, { method: 'DELETE', url: `/api/plans/${removable}` })).status).toBe(204);
    expect((await stack.call(supervisor, { method: 'DELETE', url: `/api/plans/${removable}` })).status).toBe(404);
  });

  it('keeps a draft’s plan from the units until the matter is handed out', async () => {
    const draft = await createMatter('尚在登记的事项', { draft: true });
    const id = (await addPlan(supervisor, item, draft)).body.id;
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/matters/${draft}/plans` })).status).toBe(403);
    expect(await complete(zhujian, id)).toMatchObject({ status: 409, body: { message: `matter ${draft} is draft; its plan is not in force` } });

    expect((await stack.call(supervisor, { method: 'POST', url: `/api/matters/${draft}/start` })).status).toBe(200);
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/matters/${draft}/plans` })).body.items).toHaveLength(1);
    expect((await complete(zhujian, id)).status).toBe(200);
  });

  it('takes no new items on a matter that has ended', async () => {
    const ended = await createMatter('暂缓实施的项目');
    await stack.call(supervisor, { method: 'POST', url: `/api/matters/${ended}/terminate`, payload: { reason: '上级通知项目暂缓实施' } });
    expect(await addPlan(supervisor, item, ended)).toMatchObject({ status: 409, body: { message: `matter ${ended} is terminated` } });
  });
});

describe('planItemsForPeriod', () => {
  it('gives the binding items due in the period in the shape the card and rate rules take', async () => {
    const matter = await createMatter('老旧小区改造 2030 年 9 月计划');
    const housingItem = (await addPlan(supervisor, { unitId: 'housing', plan: 'month', title: '9 月改造 2 个小区', dueDate: '2030-09-30', quantity: 2 }, matter)).body.id;
    const transportItem = (await addPlan(supervisor, { unitId: 'transport', plan: 'month', title: '9 月完成道路改造', dueDate: '2030-09-15' }, matter)).body.id;
    const weekItem = (await addPlan(supervisor, { unitId: 'housing', plan: 'week', title: '第一周施工', dueDate: '2030-09-06' }, matter)).body.id;
    await addPlan(supervisor, { unitId: 'housing', plan: 'month', title: '10 月计划', dueDate: '2030-10-31' }, matter);
    // A draft's plan is not binding yet.
    const draft = await createMatter('尚未交办的事项', { draft: true });
    await addPlan(supervisor, { unitId: 'housing', plan: 'month', title: '草稿计划', dueDate: '2030-09-30' }, draft);
    const done = (await complete(zhujian, housingItem, { evidence: '两个小区完工', achieved: 2 })).body;

    const items = (await planItemsForPeriod(stack.knex, monthPeriod('2030-09'))).filter((i) => i.matterId === matter || i.matterId === draft);
    expect(items).toEqual([
      { id: weekItem, unitId: 'housing', matterId: matter, plan: 'week', dueDate: '2030-09-06' },
      { id: transportItem, unitId: 'transport', matterId: matter, plan: 'month', dueDate: '2030-09-15' },
      { id: housingItem, unitId: 'housing', matterId: matter, plan: 'month', dueDate: '2030-09-30', completedAt: Date.parse(done.completedAt), quantity: 2, achieved: 2 },
    ]);

    const cards = issueCards('2030-09', items, [{ matterId: matter, leadUnitId: 'housing', coUnitIds: ['transport'] }]);
    expect(cards.map((c) => `${c.unitId}:${c.color}`)).toEqual(['transport:red', 'housing:green', 'housing:yellow']);
    // Seen from 1 October 2030: housing completed its monthly item on time and missed its weekly one.
    const october = Date.parse('2030-10-01T12:00:00+08:00');
    expect(planCompletionRate(items.filter((i) => i.unitId === 'housing'), monthPeriod('2030-09'), october)).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });
});
