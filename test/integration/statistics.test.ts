/**
 * The ad-hoc query and the statistics over real matters, against counts made by hand. Every
 * matter carries the test's own tag and title prefix, and has units of the test's own, so the
 * other files' matters stay out of the figures.
 *
 *   M1 lead A, co B  meeting      建设类  assigned 40 days ago, deadline yesterday  report open → red, overdue
 *                    leader "leader", area 北区, tag 民生, title 停车场
 *   M2 lead A        document     指标类  assigned 5 days ago, deadline 2030          report done early, approved → completed, blue
 *   M3 lead B, co C  instruction  建设类  assigned 5 days ago, deadline 2030          report open → green;
 *                    assigned by 县委办, reported weekly;
 *                    this month's plan: B's item done → green card, C's not → red card and a yellow card for B
 *   M4 lead C        document     指标类  assigned 40 days ago, deadline 2030         terminated → its task cancelled, white
 *   M5 lead C        meeting      指标类  assigned 40 days ago, deadline 2030-06-30   a draft: no tasks, white
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};
const tag = randomUUID().slice(0, 6);
const T = `st${tag}`;
const unit = (letter: string) => `stats-${tag}-${letter}`;
const handler = (letter: string) => `stats_${tag}_${letter}`;

const DAY = 86_400_000;
const today = shanghaiToday();
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
const yesterday = daysAgo(1);
const month = today.slice(0, 7);

const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['admin', 'supervisor']) tokens[user] = await stack.login(user);
  for (const letter of ['A', 'B', 'C']) {
    const u = await stack.call(tokens.admin, { method: 'POST', url: '/api/units', payload: { id: unit(letter), name: `统计单位${letter}${tag}`, parentId: 'county', kind: 'department' } });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    const user = await stack.call(tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: handler(letter), displayName: `承办人${letter}`, role: 'handler', unitId: unit(letter), password: 'stats-pass-1' },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const login = await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: handler(letter), password: 'stats-pass-1' } });
    tokens[letter] = login.body.token;
  }

  ids.M1 = await matter('M1 城区停车场建设', { lead: 'A', co: ['B'], source: 'meeting', type: '建设类', assigned: daysAgo(40), deadline: yesterday, leader: 'leader', area: '北区', tags: [T, '民生'] });
  ids.M2 = await matter('M2 新增就业人数', { lead: 'A', source: 'document', type: '指标类', assigned: daysAgo(5), deadline: '2030-12-31' });
  ids.M3 = await matter('M3 农村公路提升', { lead: 'B', co: ['C'], source: 'instruction', type: '建设类', assigned: daysAgo(5), deadline: '2030-12-31', assigner: '县委办', reportingPeriod: 'weekly' });
  ids.M4 = await matter('M4 招商引资签约', { lead: 'C', source: 'document', type: '指标类', assigned: daysAgo(40), deadline: '2030-12-31' });
  ids.M5 = await matter('M5 老旧小区改造', { lead: 'C', source: 'meeting', type: '指标类', assigned: daysAgo(40), deadline: '2030-06-30', draft: true });

  await complete('A', (await openTask(ids.M2, 'Report')).id, { progress: '已提前完成' });
  await complete('supervisor', (await openTask(ids.M2, 'Review')).id, { approved: true });
  await eventually(async () => (await stack.knex('matters').where({ id: ids.M2 }).first()).status === 'completed');

  const terminate = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${ids.M4}/terminate`, payload: { reason: '项目取消' } });
  expect(terminate.status, JSON.stringify(terminate.body)).toBe(200);
  await eventually(async () => (await stack.knex('tasks').where({ matter_id: ids.M4, element_id: 'Report' }).first())?.status === 'cancelled');

  const done = await planItem(ids.M3, 'B', 'B 完成路基');
  await planItem(ids.M3, 'C', 'C 完成路面');
  const completed = await stack.call(tokens.B, { method: 'POST', url: `/api/plans/${done}/complete`, payload: { evidence: '已完成' } });
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  expect((await stack.call(tokens.supervisor, { method: 'POST', url: '/api/cards/close-month', payload: { month } })).status).toBe(200);
});
afterAll(() => stack?.close());

interface MatterSpec {
  lead: string;
  co?: string[];
  source: string;
  type: string;
  assigned: string;
  deadline: string;
  leader?: string;
  area?: string;
  tags?: string[];
  assigner?: string;
  reportingPeriod?: string;
  draft?: boolean;
}

async function matter(title: string, spec: MatterSpec) {
  const res = await stack.call(tokens.supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: {
      processKey: 'supervision-basic',
      title: `${T} ${title}`,
      draft: spec.draft,
      data: {
        source: spec.source,
        type: spec.type,
        assignedDate: spec.assigned,
        deadline: spec.deadline,
        assigner: spec.assigner ?? '县政府',
        leadUnit: unit(spec.lead),
        coUnits: (spec.co ?? []).map(unit),
        leader: spec.leader,
        area: spec.area,
        reportingPeriod: spec.reportingPeriod ?? 'monthly',
        tags: spec.tags ?? [T],
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  if (!spec.draft) await complete('supervisor', (await openTask(id, 'Distribute')).id);
  return id;
}

async function complete(user: string, taskId: string, variables: object = {}) {
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const openTask = (matterId: string, elementId: string) => eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first());

async function planItem(matterId: string, letter: string, title: string) {
  const res = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${matterId}/plans`, payload: { unitId: unit(letter), plan: 'month', title, dueDate: today } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** The names (M1…M5) of the matters a search finds, in the order found. */
async function search(query: string, user = 'supervisor') {
  const res = await stack.call(tokens[user], { method: 'GET', url: `/api/matters/search?${query}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return { total: res.body.total as number, found: res.body.items.map((m: { id: string }) => names[m.id] ?? m.id) as string[], items: res.body.items };
}

const sorted = (names: string[]) => [...names].sort();

describe('the ad-hoc query', () => {
  it('filters on each data element', async () => {
    expect(sorted((await search(`tag=${T}&source=document`)).found)).toEqual(['M2', 'M4']);
    expect(sorted((await search(`tag=${T}&type=建设类`)).found)).toEqual(['M1', 'M3']);
    expect(sorted((await search(`tag=${T}&leadUnit=${unit('A')}`)).found)).toEqual(['M1', 'M2']);
    expect(sorted((await search(`tag=${T}&unit=${unit('B')}`)).found)).toEqual(['M1', 'M3']);
    expect(sorted((await search(`tag=${T}&unit=${unit('C')}`)).found)).toEqual(['M3', 'M4', 'M5']);
    expect((await search(`tag=${T}&leader=leader`)).found).toEqual(['M1']);
    expect((await search(`tag=${T}&area=北区`)).found).toEqual(['M1']);
    expect((await search(`tag=${T}&assigner=县委办`)).found).toEqual(['M3']);
    expect((await search(`tag=${T}&reportingPeriod=weekly`)).found).toEqual(['M3']);
    expect((await search(`text=${T}&tag=民生`)).found).toEqual(['M1']);
    expect(sorted((await search(`tag=${T}&status=running`)).found)).toEqual(['M1', 'M3']);
    expect((await search(`tag=${T}&status=draft`)).found).toEqual(['M5']);
    expect((await search(`tag=${T}&text=停车场`)).found).toEqual(['M1']);
    expect((await search(`text=${T}%20M3%20农村`)).found).toEqual(['M3']);
    // LIKE's wildcards are searched for literally.
    expect((await search(`tag=${T}&text=%25`)).total).toBe(0);
  });

  it('filters on date ranges, activity in a period and cards', async () => {
    expect(sorted((await search(`tag=${T}&deadlineFrom=2030-01-01`)).found)).toEqual(['M2', 'M3', 'M4', 'M5']);
    expect((await search(`tag=${T}&deadlineFrom=2030-01-01&deadlineTo=2030-12-30`)).found).toEqual(['M5']);
    expect((await search(`tag=${T}&deadlineTo=${yesterday}`)).found).toEqual(['M1']);
    expect(sorted((await search(`tag=${T}&assignedTo=${daysAgo(30)}`)).found)).toEqual(['M1', 'M4', 'M5']);
    expect(sorted((await search(`tag=${T}&assignedFrom=${daysAgo(5)}&assignedTo=${today}`)).found)).toEqual(['M2', 'M3']);
    // This month every started matter had tasks opened; the draft had nothing but a deadline in 2030.
    expect(sorted((await search(`tag=${T}&period=month&date=${today}`)).found)).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect(sorted((await search(`tag=${T}&period=week`)).found)).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect((await search(`tag=${T}&period=week&date=2030-06-30`)).found).toEqual(['M5']);
    expect((await search(`tag=${T}&period=year&date=2029-05-01`)).total).toBe(0);
    expect((await search(`tag=${T}&card=yellow&cardMonth=${month}`)).found).toEqual(['M3']);
    expect((await search(`tag=${T}&card=red&cardMonth=${month}`)).found).toEqual(['M3']);
    expect((await search(`tag=${T}&cardMonth=${month}`)).found).toEqual(['M3']);
    expect((await search(`tag=${T}&card=red&cardMonth=2020-01`)).total).toBe(0);
  });

  it('filters on the computed light and lateness', async () => {
    expect((await search(`tag=${T}&light=red`)).found).toEqual(['M1']);
    expect((await search(`tag=${T}&light=blue`)).found).toEqual(['M2']);
    expect((await search(`tag=${T}&light=green`)).found).toEqual(['M3']);
    expect(sorted((await search(`tag=${T}&light=white`)).found)).toEqual(['M4', 'M5']);
    expect((await search(`tag=${T}&light=yellow`)).total).toBe(0);
    const overdue = await search(`tag=${T}&overdue=true`);
    expect(overdue.found).toEqual(['M1']);
    expect(overdue.items[0]).toMatchObject({ light: 'red', status: 'running', overdueDays: 1, data: { leadUnit: unit('A'), coUnits: [unit('B')], deadline: yesterday } });
    expect(sorted((await search(`tag=${T}&overdue=false`)).found)).toEqual(['M2', 'M3', 'M4', 'M5']);
  });

  it('pages newest first and counts every match', async () => {
    const first = await search(`tag=${T}&limit=2`);
    expect(first).toMatchObject({ total: 5, found: ['M5', 'M4'] });
    expect((await search(`tag=${T}&limit=2&offset=2`)).found).toEqual(['M3', 'M2']);
    expect(await search(`tag=${T}&limit=2&offset=4`)).toMatchObject({ total: 5, found: ['M1'] });
    expect(await search(`tag=${T}&limit=2&offset=10`)).toMatchObject({ total: 5, found: [] });
    // Paging a computed filter pages the matters of that colour.
    expect(await search(`tag=${T}&light=white&limit=1&offset=1`)).toMatchObject({ total: 2, found: ['M4'] });
  });

  it('shows a unit only the matters it has tasks in', async () => {
    expect(sorted((await search(`tag=${T}`, 'A')).found)).toEqual(['M1', 'M2']);
    // C is a co-unit of M3, but the flow gives M3's tasks to its lead only.
    expect((await search(`tag=${T}`, 'C')).found).toEqual(['M4']);
    expect((await stack.call(undefined, { method: 'GET', url: `/api/matters/search?tag=${T}` })).status).toBe(401);
  });

  it('refuses bad parameters by name', async () => {
    const bad = async (query: string) => {
      const res = await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/search?${query}` });
      expect(res.status, query).toBe(400);
      return JSON.stringify(res.body);
    };
    expect(await bad('deadlineFrom=2030-02-01&deadlineTo=2030-01-01')).toContain('"path":"deadlineTo"');
    expect(await bad('assignedFrom=2026-02-01&assignedTo=2026-01-01')).toContain('"path":"assignedTo"');
    expect(await bad('card=red')).toContain('"path":"cardMonth"');
    expect(await bad('date=2026-01-01')).toContain('"path":"period"');
    expect(await bad('lightt=red')).toContain('lightt');
    expect(await bad('light=purple')).toContain('light');
    expect(await bad('limit=0')).toContain('limit');
    expect(await bad('offset=-1')).toContain('offset');
    expect(await bad('deadlineFrom=2026-02-30')).toContain('deadlineFrom');
    expect(await bad('cardMonth=2026-13')).toContain('cardMonth');
    expect(await bad('overdue=maybe')).toContain('overdue');
  });
});

describe('the statistics', () => {
  const row = (rows: any[], key: string | null) => rows.find((r) => r.key === key);
  const lights = (white: number, blue: number, green: number, yellow: number, red: number) => ({ white, blue, green, yellow, red });
  const cards = (green: number, yellow: number, red: number) => ({ green, yellow, red });

  async function statistics(query: string, user = 'supervisor') {
    const res = await stack.call(tokens[user], { method: 'GET', url: `/api/statistics?${query}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('groups by unit: a matter counts for its lead and each co-unit, and once in the totals', async () => {
    const body = await statistics(`groupBy=unit&tag=${T}`);
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual([unit('A'), unit('B'), unit('C')]);
    expect(row(body.rows, unit('A'))).toEqual({
      key: unit('A'),
      label: `统计单位A${tag}`,
      matters: 2,
      running: 1,
      completed: 1,
      terminated: 0,
      overdue: 1,
      lights: lights(0, 1, 0, 0, 1),
      cards: cards(0, 0, 0),
    });
    expect(row(body.rows, unit('B'))).toMatchObject({ matters: 2, running: 2, completed: 0, overdue: 1, lights: lights(0, 0, 1, 0, 1), cards: cards(1, 1, 0) });
    expect(row(body.rows, unit('C'))).toMatchObject({ matters: 3, running: 1, terminated: 1, overdue: 0, lights: lights(2, 0, 1, 0, 0), cards: cards(0, 0, 1) });
    expect(body.totals).toEqual({ matters: 5, running: 2, completed: 1, terminated: 1, overdue: 1, lights: lights(2, 1, 1, 0, 1), cards: cards(1, 1, 1) });
  });

  it('groups by source, type and month assigned', async () => {
    const bySource = await statistics(`groupBy=source&tag=${T}`);
    expect(bySource.rows.map((r: any) => [r.key, r.label, r.matters])).toEqual([
      ['meeting', '会议交办', 2],
      ['instruction', '领导批示', 1],
      ['document', '文件交办', 2],
    ]);
    expect(row(bySource.rows, 'instruction').cards).toEqual(cards(1, 1, 1));
    expect(row(bySource.rows, 'meeting')).toMatchObject({ running: 1, overdue: 1, lights: lights(1, 0, 0, 0, 1) });

    const byType = await statistics(`groupBy=type&tag=${T}`);
    expect(row(byType.rows, '建设类')).toMatchObject({ matters: 2, running: 2, overdue: 1, lights: lights(0, 0, 1, 0, 1), cards: cards(1, 1, 1) });
    expect(row(byType.rows, '指标类')).toMatchObject({ matters: 3, completed: 1, terminated: 1, lights: lights(2, 1, 0, 0, 0) });

    const byMonth = await statistics(`groupBy=month&tag=${T}`);
    const earlier = daysAgo(40).slice(0, 7);
    const later = daysAgo(5).slice(0, 7);
    expect(byMonth.rows.map((r: any) => r.key)).toEqual([earlier, later]);
    expect(row(byMonth.rows, earlier)).toMatchObject({ label: `${earlier.slice(0, 4)}年${Number(earlier.slice(5))}月`, matters: 3 });
    expect(row(byMonth.rows, later)).toMatchObject({ matters: 2, completed: 1, cards: cards(1, 1, 1) });
    expect(byMonth.totals).toEqual(bySource.totals);
  });

  it('takes the search filters, the computed ones included', async () => {
    const red = await statistics(`groupBy=unit&tag=${T}&light=red`);
    expect(red.rows.map((r: any) => [r.key, r.matters])).toEqual([
      [unit('A'), 1],
      [unit('B'), 1],
    ]);
    expect(red.totals).toMatchObject({ matters: 1, overdue: 1 });
    const thisMonth = await statistics(`groupBy=source&tag=${T}&period=month&date=${today}`);
    expect(thisMonth.totals).toMatchObject({ matters: 4, cards: cards(1, 1, 1) });
    // Cards counted are those of the period's months.
    const lastYear = await statistics(`groupBy=source&tag=${T}&period=year&date=2020-06-01`);
    expect(lastYear).toEqual({ groupBy: 'source', rows: [], totals: { matters: 0, running: 0, completed: 0, terminated: 0, overdue: 0, lights: lights(0, 0, 0, 0, 0), cards: cards(0, 0, 0) } });
  });

  it("gives a unit's people their own unit only", async () => {
    const a = await statistics(`groupBy=unit&tag=${T}`, 'A');
    expect(a.rows).toEqual([expect.objectContaining({ key: unit('A'), matters: 2, overdue: 1 })]);
    expect(a.totals).toMatchObject({ matters: 2, cards: cards(0, 0, 0) });
    // B sees M3 (its task) but not M1, where it is a co-unit without a task; its own cards only.
    const b = await statistics(`groupBy=source&tag=${T}`, 'B');
    expect(b.rows.map((r: any) => [r.key, r.matters])).toEqual([['instruction', 1]]);
    expect(b.totals.cards).toEqual(cards(1, 1, 0));
    const other = await stack.call(tokens.A, { method: 'GET', url: `/api/statistics?groupBy=unit&unit=${unit('B')}` });
    expect(other.status).toBe(403);
  });

  it('refuses bad parameters by name', async () => {
    for (const [query, name] of [
      ['', 'groupBy'],
      ['groupBy=leader', 'groupBy'],
      ['groupBy=unit&deadlineFrom=2030-02-01&deadlineTo=2030-01-01', 'deadlineTo'],
      ['groupBy=unit&limit=5', 'limit'],
    ]) {
      const res = await stack.call(tokens.supervisor, { method: 'GET', url: `/api/statistics?${query}` });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body), query).toContain(name);
    }
  });
});
