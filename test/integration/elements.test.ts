/**
 * Every element scenario through the real stack: deployed over HTTP, started as a matter,
 * driven by units completing tasks in their inboxes, by messages and by real timers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEMENT_SCENARIOS } from '../scenarios/elements';
import { Driver } from '../support/drive';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let driver: Driver;

beforeAll(async () => {
  stack = await startStack();
  driver = new Driver(stack);
});
afterAll(() => stack?.close());

const sorted = (ids: string[]) => [...ids].sort();
type Done = { elementId: string; outcome: string };

describe('BPMN elements on Temporal', () => {
  for (const scenario of ELEMENT_SCENARIOS) {
    it(scenario.name, async () => {
      const m = await driver.run(scenario);
      expect(sorted(m.completedElements.filter((c: Done) => c.outcome === 'completed').map((c: Done) => c.elementId))).toEqual(sorted(scenario.reached));
      expect(sorted(m.completedElements.filter((c: Done) => c.outcome !== 'completed').map((c: Done) => c.elementId))).toEqual(sorted(scenario.interrupted ?? []));
      const joins = m.activeElements.filter((a: { arrived?: number }) => a.arrived !== undefined);
      expect(Object.fromEntries(joins.map((a: { elementId: string; arrived: number; expected: number }) => [a.elementId, { arrived: a.arrived, expected: a.expected }]))).toEqual(scenario.joins ?? {});
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
