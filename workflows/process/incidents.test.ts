/** The matter's incidents without Temporal: element incidents follow the interpreter's stopped instances. */
import { describe, expect, it } from 'vitest';
import { Incidents } from './incidents';

describe('element incidents', () => {
  const stopped = (instanceId: string, message = 'no outgoing flow condition holds and there is no default flow') =>
    ({ type: 'incident', instanceId, elementId: `el-${instanceId}`, message }) as const;

  it('open when the interpreter stops an instance, and close by themselves once it is no longer stopped', () => {
    let n = 0;
    const incidents = new Incidents(undefined, { now: () => 1000, newId: () => `inc-${++n}` });
    incidents.elementStopped(stopped('i1'));
    incidents.elementStopped(stopped('i2'));
    expect(incidents.list).toMatchObject([
      { id: 'inc-1', kind: 'element', elementId: 'el-i1', instanceId: 'i1', status: 'open', retries: 0 },
      { id: 'inc-2', kind: 'element', elementId: 'el-i2', instanceId: 'i2', status: 'open' },
    ]);
    incidents.closeSettled([{ id: 'i2' }]);
    expect(incidents.list.map((i) => [i.id, i.status, i.resolution, i.resolvedBy])).toEqual([
      ['inc-1', 'resolved', 'cancelled', 'system'],
      ['inc-2', 'open', undefined, undefined],
    ]);
    // Carried into the next run with the instance a retry runs again.
    expect(new Incidents(incidents.carried(), { now: () => 2000, newId: () => 'x' }).list.find((i) => i.status === 'open')).toMatchObject({ instanceId: 'i2' });
  });
});
