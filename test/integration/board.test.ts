/**
 * Lights, cards and the ranking board from real matters, plans and tasks, against figures
 * computed by hand. Three units of the test's own keep other files' data out of its rows.
 *
 *   unit A leads M1 (deadline yesterday, report open: red) and M2 (report done early: blue),
 *          plan item A1 on M2 done → green card; co-unit B's red card on M2 → yellow card for A;
 *   unit B leads M3 (report open, not due: green), co-unit on M2 with item B1 not done → red card,
 *          item B2 on M3 done → green card;
 *   unit C leads M4 (report done: blue; returned, reopened: green), item C1 not done → red card.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};
const tag = randomUUID().slice(0, 6);
const unit = (letter: string) => `board-${tag}-${letter}`;
const handler = (letter: string) => `board_${tag}_${letter}`;

const today = shanghaiToday();
const firstOfMonth = `${today.slice(0, 8)}01`;
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const lastOfMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['admin', 'supervisor']) tokens[user] = await stack.login(user);
  for (const letter of ['A', 'B', 'C']) {
    const u = await stack.call(tokens.admin, { method: 'POST', url: '/api/units', payload: { id: unit(letter), name: `测试单位${letter}${tag}`, parentId: 'county', kind: 'department' } });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    const user = await stack.call(tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: handler(letter), displayName: `承办人${letter}`, role: 'handler', unitId: unit(letter), password: 'board-pass-1' },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const login = await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: handler(letter), password: 'board-pass-1' } });
    tokens[letter] = login.body.token;
  }
});
afterAll(() => stack?.close());

async function matter(lead: string, coUnits: string[], assignedDate: string, deadline: string) {
  const res = await stack.call(tokens.supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: {
      processKey: 'supervision-basic',
      title: `${lead} ${deadline}`,
      data: { source: 'document', type: '指标类', assignedDate, deadline, assigner: '县政府', leadUnit: unit(lead), coUnits: coUnits.map(unit), reportingPeriod: 'monthly' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  const distribute = await eventually(() => stack.knex('tasks').where({ matter_id: id, element_id: 'Distribute', status: 'open' }).first());
  await complete('supervisor', distribute.id);
  return id;
}

async function complete(user: string, taskId: string, variables: object = {}) {
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const openTask = (matterId: string, elementId: string) => eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first());

/** Items done are due at the month's end (done on time); items left undone were due on the 1st. */
async function planItem(matterId: string, letter: string, title: string, dueDate: string) {
  const res = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${matterId}/plans`, payload: { unitId: unit(letter), plan: 'month', title, dueDate } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function completePlan(letter: string, id: string) {
  const res = await stack.call(tokens[letter], { method: 'POST', url: `/api/plans/${id}/complete`, payload: { evidence: '已完成，见附件' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('lights, cards and the ranking board', () => {
  it('lights tasks and matters, issues the month’s cards and ranks the units as computed by hand', async () => {
    const m1 = await matter('A', [], yesterday, yesterday);
    const m2 = await matter('A', ['B'], firstOfMonth, '2030-12-31');
    const m3 = await matter('B', [], firstOfMonth, '2030-12-31');
    const m4 = await matter('C', [], firstOfMonth, '2030-12-31');

    await complete('A', (await openTask(m2, 'Report')).id, { progress: '提前完成' });
    await complete('C', (await openTask(m4, 'Report')).id, { progress: '完成一半' });
    await complete('supervisor', (await openTask(m4, 'Review')).id, { approved: false });
    await openTask(m4, 'Report');

    await completePlan('A', await planItem(m2, 'A', 'A1 完成选址', lastOfMonth));
    await planItem(m2, 'B', 'B1 完成征地', firstOfMonth);
    await completePlan('B', await planItem(m3, 'B', 'B2 完成设计', lastOfMonth));
    await planItem(m4, 'C', 'C1 完成招标', firstOfMonth);

    // Lights on the lists and the inboxes.
    const list = (await stack.call(tokens.supervisor, { method: 'GET', url: '/api/matters?limit=1000' })).body.items;
    const light = (id: string) => list.find((m: { id: string }) => m.id === id).light;
    expect([light(m1), light(m2), light(m3), light(m4)]).toEqual(['red', 'blue', 'green', 'green']);
    expect((await stack.call(tokens.A, { method: 'GET', url: '/api/tasks' })).body.items.find((t: { matterId: string }) => t.matterId === m1).light).toBe('red');

    // The month closes: green for A1 and B2, red for B1 and C1, yellow for A as B's lead on M2.
    const month = today.slice(0, 7);
    expect((await stack.call(tokens.supervisor, { method: 'POST', url: '/api/cards/close-month', payload: { month } })).status).toBe(200);
    expect((await stack.call(tokens.supervisor, { method: 'POST', url: '/api/cards/close-month', payload: { month } })).status).toBe(200);
    const cards = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/cards?month=${month}` })).body.items.filter((c: { unitId: string }) =>
      c.unitId.startsWith(`board-${tag}`),
    );
    expect(cards.map((c: { unitId: string; matterId: string; color: string }) => `${c.unitId.slice(-1)}:${[m1, m2, m3, m4].indexOf(c.matterId) + 1}:${c.color}`).sort()).toEqual([
      'A:2:green',
      'A:2:yellow',
      'B:2:red',
      'B:3:green',
      'C:4:red',
    ]);

    const board = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/board?period=month&date=${today}` })).body;
    const row = (letter: string) => board.units.find((u: { id: string }) => u.id === unit(letter));
    // An unfinished item counts once its due date (the 1st) has passed.
    const duePassed = today > firstOfMonth;
    expect(row('A')).toMatchObject({
      planCompletion: { numerator: 1, denominator: 1 },
      light: { numerator: 1, denominator: 2 },
      card: { numerator: 1, denominator: 2 },
      redLights: 1,
      lights: { red: 1, blue: 1, green: 0, yellow: 0, white: 0 },
      cards: { green: 1, yellow: 1, red: 0 },
    });
    expect(row('B')).toMatchObject({
      planCompletion: { numerator: 1, denominator: duePassed ? 2 : 1 },
      light: { numerator: 1, denominator: 1 },
      card: { numerator: 1, denominator: 2 },
      redLights: 0,
    });
    expect(row('C')).toMatchObject({ light: { numerator: 2, denominator: 2 }, card: { numerator: 0, denominator: 1 }, lights: { blue: 1, green: 1 } });
    // score = 0.4 × plan + 0.3 × light + 0.3 × card, a missing rate's weight spread over the others.
    expect(row('A').score).toBeCloseTo(0.4 * 1 + 0.3 * 0.5 + 0.3 * 0.5, 9);
    expect(row('B').score).toBeCloseTo(duePassed ? 0.4 * 0.5 + 0.3 * 1 + 0.3 * 0.5 : 0.4 * 1 + 0.3 * 1 + 0.3 * 0.5, 9);
    expect(row('C').score).toBeCloseTo(duePassed ? 0.4 * 0 + 0.3 * 1 + 0.3 * 0 : (0.3 * 1 + 0.3 * 0) / 0.6, 9);
    const order = [row('A'), row('B'), row('C')].sort((x, y) => x.rank - y.rank).map((r) => r.id.slice(-1));
    expect(order).toEqual(duePassed ? ['A', 'B', 'C'] : ['B', 'A', 'C']);
  });
});
