/**
 * A superior system hands matters down: by calling the intake with its API key (idempotent by its
 * external id, checked by the data-quality rules), or by a feed this application pulls through a
 * Temporal workflow; and it reads the progress back.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
let admin: string;
const today = shanghaiToday();

const matter = (externalId: string, extra: object = {}) => ({
  externalId,
  title: `省级民生实事 ${externalId}`,
  type: '民生实事',
  assignedDate: today,
  deadline: '2030-12-31',
  leadUnit: 'housing',
  coUnits: ['transport'],
  target: { indicator: '改造老旧小区', measure: '个', value: 45 },
  reportingPeriod: 'monthly',
  ...extra,
});

beforeAll(async () => {
  stack = await startStack();
  admin = await stack.login('admin');
});
afterAll(() => stack?.close());

async function register(name: string, feedUrl?: string) {
  const res = await stack.call(admin, { method: 'POST', url: '/api/superior-systems', payload: { name, ...(feedUrl && { feedUrl }) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; apiKey: string };
}

const intake = (key: string | undefined, body: object) =>
  stack.call(undefined, { method: 'POST', url: '/api/intake/matters', payload: body, headers: key ? { 'x-api-key': key } : {} });

describe('superior systems', () => {
  it('takes a matter in once per external id, checks it, starts its flow and reports progress', async () => {
    const system = await register(`省督查平台 ${Date.now()}`);
    expect((await intake(undefined, matter('P-1'))).status).toBe(401);
    expect((await intake('wrong-key', matter('P-1'))).status).toBe(401);

    const bad = await intake(system.apiKey, matter('P-0', { leadUnit: 'mars', deadline: 'soon' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['deadline', 'leadUnit']);
    expect(await stack.knex('matters').where({ external_id: 'P-0' })).toEqual([]);

    const first = await intake(system.apiKey, matter('P-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await intake(system.apiKey, matter('P-1', { title: '改了名字' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });

    const row = await stack.knex('matters').where({ id: first.body.id }).first();
    expect(row).toMatchObject({ source: 'superior', process_key: 'supervision', status: 'running', lead_unit: 'housing' });
    const supervisor = await stack.login('supervisor');
    const distribute = await eventually(() => stack.knex('tasks').where({ matter_id: row.id, element_id: 'Distribute', status: 'open' }).first());
    await stack.call(supervisor, { method: 'POST', url: `/api/tasks/${distribute.id}/complete`, payload: { variables: {} } });

    const progress = await eventually(async () => {
      const res = await stack.call(undefined, { method: 'GET', url: '/api/intake/matters/P-1', headers: { 'x-api-key': system.apiKey } });
      return res.body.openTasks?.length === 2 ? res.body : undefined;
    });
    expect(progress).toMatchObject({ externalId: 'P-1', status: 'running', deadline: '2030-12-31' });
    expect(progress.openTasks.map((t: { name: string; units: string[] }) => `${t.name}:${t.units}`).sort()).toEqual(['签收:housing', '签收:transport']);
    const other = await register(`另一个系统 ${Date.now()}`);
    expect((await stack.call(undefined, { method: 'GET', url: '/api/intake/matters/P-1', headers: { 'x-api-key': other.apiKey } })).status).toBe(404);
  });

  it('pulls a feed through a Temporal workflow, taking the good matters in and naming the bad ones', async () => {
    const feed = [matter('F-1'), matter('F-2', { reportingPeriod: 'daily' }), matter('F-3', { coUnits: [] })];
    const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ matters: feed })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const system = await register(`市级平台 ${Date.now()}`, `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`);
      const schedule = await stack.client.schedule.getHandle(`superior-pull-${system.id}`).describe();
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'superiorPullWorkflow' });

      const pulled = await stack.call(admin, { method: 'POST', url: `/api/superior-systems/${system.id}/pull` });
      expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);
      expect(pulled.body).toEqual({ created: 2, existing: 0, rejected: [{ externalId: 'F-2', errors: [{ path: 'reportingPeriod', message: 'reporting period must be one of weekly, monthly, quarterly' }] }] });
      const again = await stack.call(admin, { method: 'POST', url: `/api/superior-systems/${system.id}/pull` });
      expect(again.body).toMatchObject({ created: 0, existing: 2 });

      await stack.call(admin, { method: 'PATCH', url: `/api/superior-systems/${system.id}`, payload: { feedUrl: null } });
      await expect(stack.client.schedule.getHandle(`superior-pull-${system.id}`).describe()).rejects.toThrow();
    } finally {
      server.close();
    }
  });

  it('is managed by admins only', async () => {
    const supervisor = await stack.login('supervisor');
    expect((await stack.call(supervisor, { method: 'POST', url: '/api/superior-systems', payload: { name: 'x' } })).status).toBe(403);
    expect((await stack.call(admin, { method: 'POST', url: '/api/superior-systems', payload: { name: 'y', feedUrl: 'ftp://x' } })).status).toBe(400);
  });
});
