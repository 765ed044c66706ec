/**
 * Every element scenario through the real stack: deployed over HTTP, started as a matter,
 * driven by units completing tasks in their inboxes, by messages and by real timers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWorkflowId, signalUpdate } from '../../workflows/api';
import { ELEMENT_SCENARIOS } from '../scenarios/elements';
import { Driver } from '../support/drive';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

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
      // Element incidents are read from the read model, which the projection after the state the workflow answered updates.
      const incidents = async () =>
        Object.fromEntries((await stack.knex('incidents').where({ matter_id: m.id, status: 'open', kind: 'element' })).map((i: { element_id: string; message: string }) => [i.element_id, i.message]));
      if (scenario.incidents) await eventually(async () => (Object.keys(await incidents()).length > 0 ? true : undefined));
      expect(await incidents()).toEqual(scenario.incidents ?? {});
      if (scenario.status !== 'running') {
        expect(m.openTasks).toEqual([]);
        const row = await stack.knex('matters').where({ id: m.id }).first();
        expect(row.status).toBe(scenario.status);
      }
    });
  }

  it('takes a signal through its Update: one nothing waits for triggers nothing, one awaited says how many it reached', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('signals: a catch event'))!;
    const m = await driver.run({ ...scenario, steps: [], status: 'running', waiting: ['go', 'work'] });
    const handle = stack.client.workflow.getHandle(matterWorkflowId(m.id));
    expect(await handle.executeUpdate(signalUpdate, { args: [{ signalName: 'nobody', variables: {} }] })).toEqual({ triggered: 0 });
    // The boundary event on `work` and the event sub-process.
    expect(await handle.executeUpdate(signalUpdate, { args: [{ signalName: 'ping', variables: {} }] })).toEqual({ triggered: 2 });
    await expect(handle.executeUpdate(signalUpdate, { args: [{ signalName: '', variables: {} }] })).rejects.toThrow();
    const after = await driver.matter(m.id);
    expect(after.completedElements.map((c: Done) => c.elementId)).toContain('onPing');
  });
});
