/**
 * The working-day calendar through the real stack: China's statutory holidays and make-up days,
 * the office's own days on top, and deadlines that fall on a day off moved to the next working day.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiDate } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['admin', 'supervisor', 'zhujian']) tokens[user] = await stack.login(user);
});
afterAll(async () => {
  // The setting is the office's, on the database the other test files share: leave it as found.
  await stack?.call(tokens.admin, { method: 'PUT', url: '/api/calendar/settings', payload: { dueOnWorkingDays: false } });
  await stack?.close();
});

const moveDeadlines = async (on: boolean) => {
  expect((await stack.call(tokens.admin, { method: 'PUT', url: '/api/calendar/settings', payload: { dueOnWorkingDays: on } })).status).toBe(200);
};

async function registerWithDeadline(deadline: string): Promise<{ handling: { due_at: Date }; variables: Record<string, unknown>; deadline: string }> {
  const started = await stack.call(tokens.supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: {
      processKey: 'supervision',
      title: `节假日截止的事项 ${randomUUID().slice(0, 8)}`,
      data: { source: 'meeting', type: '重点工作', assignedDate: '2026-09-01', deadline, assigner: '县政府', leadUnit: 'housing', coUnits: [], reportingPeriod: 'quarterly', tags: [] },
    },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id = started.body.id;
  const open = (elementId: string) => eventually(() => stack.knex('tasks').where({ matter_id: id, element_id: elementId, status: 'open' }).first());
  await stack.call(tokens.supervisor, { method: 'POST', url: `/api/tasks/${(await open('Distribute')).id}/complete`, payload: { variables: {} } });
  await stack.call(tokens.zhujian, { method: 'POST', url: `/api/tasks/${(await open('Sign')).id}/complete`, payload: { variables: { returned: false } } });
  const handling = await open('Handling');
  const matter = await stack.knex('matters').where({ id }).first('variables', 'deadline');
  return { handling, variables: matter.variables, deadline: matter.deadline };
}

describe('working days', () => {
  it('lists the national holidays and make-up working days of a year', async () => {
    const res = await stack.call(tokens.zhujian, { method: 'GET', url: '/api/calendar/days?year=2026' });
    expect(res.status).toBe(200);
    const day = (date: string) => res.body.items.find((d: { date: string }) => d.date === date);
    expect(day('2026-10-01')).toEqual({ date: '2026-10-01', working: false, note: '国庆节', source: 'national' });
    expect(day('2026-10-10')).toEqual({ date: '2026-10-10', working: true, note: '国庆节调休上班', source: 'national' });
  });

  it('keeps a deadline on a day off as set unless the office moves them', async () => {
    expect((await stack.call(tokens.zhujian, { method: 'GET', url: '/api/calendar/settings' })).body).toEqual({ dueOnWorkingDays: false });
    expect((await stack.call(tokens.supervisor, { method: 'PUT', url: '/api/calendar/settings', payload: { dueOnWorkingDays: true } })).status).toBe(403);
    const { handling, deadline } = await registerWithDeadline('2026-10-01');
    expect(shanghaiDate(handling.due_at)).toBe('2026-10-01');
    expect(deadline).toBe('2026-10-01');
  });

  it('moves a deadline on National Day to the next working day, and warns three working days before it', async () => {
    await moveDeadlines(true);
    const { handling, variables, deadline } = await registerWithDeadline('2026-10-01');
    expect(shanghaiDate(handling.due_at)).toBe('2026-10-08');
    expect(deadline).toBe('2026-10-08');
    expect(variables.deadline).toBe('2026-10-08');
    // 30, 29 and 28 September are the three working days before 8 October.
    expect(variables.warnAt).toBe('2026-09-28T01:00:00.000Z');
  });

  it("keeps the office's own days: an admin marks a local holiday, deadlines move off it, and clearing it restores the rule", async () => {
    await moveDeadlines(true);
    const day = '2026-12-30';
    expect((await stack.call(tokens.supervisor, { method: 'PUT', url: `/api/calendar/days/${day}`, payload: { working: false, note: '县庆' } })).status).toBe(403);
    expect((await stack.call(tokens.admin, { method: 'PUT', url: `/api/calendar/days/${day}`, payload: { working: false, note: '县庆' } })).status).toBe(200);
    try {
      const listed = await stack.call(tokens.supervisor, { method: 'GET', url: '/api/calendar/days?year=2026' });
      expect(listed.body.items).toContainEqual({ date: day, working: false, note: '县庆', source: 'local' });
      expect(shanghaiDate((await registerWithDeadline(day)).handling.due_at)).toBe('2026-12-31');
    } finally {
      expect((await stack.call(tokens.admin, { method: 'DELETE', url: `/api/calendar/days/${day}` })).status).toBe(200);
    }
    expect(shanghaiDate((await registerWithDeadline(day)).handling.due_at)).toBe(day);
    expect((await stack.call(tokens.admin, { method: 'DELETE', url: `/api/calendar/days/${day}` })).status).toBe(404);
  });

  it('refuses a date that is not one', async () => {
    for (const date of ['2026-02-30', '0001-01-01', 'soon']) {
      expect((await stack.call(tokens.admin, { method: 'PUT', url: `/api/calendar/days/${date}`, payload: { working: true, note: '' } })).status, date).toBe(400);
    }
  });
});
