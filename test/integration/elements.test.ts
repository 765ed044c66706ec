/**
 * Every element scenario through the real stack: deployed over HTTP, started as a matter,
 * driven by units completing tasks in their inboxes, by messages and by real timers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEMENT_SCENARIOS, type Scenario } from '../scenarios/elements';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

/** The seeded user who works for each unit. */
const USER_OF_UNIT: Record<string, string> = { office: 'supervisor', housing: 'zhujian', transport: 'jiaotong', education: 'jiaoyu', 'dev-reform': 'fagai' };

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of [...Object.values(USER_OF_UNIT), 'designer']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

const sorted = (ids: string[]) => [...ids].sort();

async function matter(id: string) {
  const res = await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}` });
  expect(res.status).toBe(200);
  return res.body;
}

async function run(scenario: Scenario) {
  const deployed = await stack.call(tokens.designer, { method: 'POST', url: '/api/process-definitions', payload: scenario.xml, headers: { 'content-type': 'application/xml' } });
  expect(deployed.status, JSON.stringify(deployed.body)).toBeLessThan(300);
  const started = await stack.call(tokens.supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: { processKey: deployed.body.key, title: scenario.name, variables: scenario.variables ?? {} },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id: string = started.body.id;
  const timersFired: Record<string, number> = {};

  for (const step of scenario.steps) {
    if ('complete' in step) {
      const task = await eventually(() => stack.knex('tasks').where({ matter_id: id, element_id: step.complete, status: 'open' }).orderBy('created_at').first());
      const user = USER_OF_UNIT[task.candidate_units[0]];
      const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables: step.variables ?? {} } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } else if ('message' in step) {
      const res = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${id}/messages/${step.message}`, payload: { variables: step.variables ?? {} } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } else {
      const count = (timersFired[step.timer] = (timersFired[step.timer] ?? 0) + 1);
      await eventually(async () => {
        const m = await matter(id);
        return m.completedElements.filter((c: { elementId: string }) => c.elementId === step.timer).length >= count;
      });
    }
  }
  return eventually(async () => {
    const m = await matter(id);
    return m.status === scenario.status && m.activeElements.length === (scenario.waiting ?? []).length ? m : undefined;
  });
}

describe('BPMN elements on Temporal', () => {
  for (const scenario of ELEMENT_SCENARIOS) {
    it(scenario.name, async () => {
      const m = await run(scenario);
      type Done = { elementId: string; outcome: string };
      expect(sorted(m.completedElements.filter((c: Done) => c.outcome === 'completed').map((c: Done) => c.elementId))).toEqual(sorted(scenario.reached));
      expect(sorted(m.completedElements.filter((c: Done) => c.outcome !== 'completed').map((c: Done) => c.elementId))).toEqual(sorted(scenario.interrupted ?? []));
      if (scenario.variablesAfter) expect(m.variables).toMatchObject(scenario.variablesAfter);
      if (scenario.failure) expect(m.failure.message).toBe(scenario.failure);
      if (scenario.status !== 'running') {
        expect(m.openTasks).toEqual([]);
        const row = await stack.knex('matters').where({ id: m.id }).first();
        expect(row.status).toBe(scenario.status);
      }
    });
  }
});
