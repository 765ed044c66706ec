/**
 * Outages, short version (`npm run test:faults` is the long one): the app as `npm start` wires it,
 * on a Temporal dev server and an embedded PostgreSQL this file starts and supervises itself (not
 * the run's shared ones), each killed with SIGKILL. While one is down — the supervisor's restart is
 * held back so the outage lasts — the API answers 503 with Retry-After within a second where it
 * needs the dead service, health says which; once it is back everything carries on, and a
 * completion retried with its Idempotency-Key lands exactly once.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildApp } from '../../server/app';
import { compose } from '../../runtime/compose';
import { createKnex, migrateLatest } from '../../infra/db';
import { type Database, startDatabase } from '../../infra/database';
import type { SupervisorHooks } from '../../infra/supervisor';
import { startTemporal, type TemporalServer } from '../../infra/temporal-server';
import { apiConnectionOptions, type ServiceName, serviceStatus, temporalDeadlines } from '../../server/outage';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/seed';
import { deployDirectory } from '../../services/deployments';
import { createWorker, type SupervisedWorker, superviseWorker } from '../../worker/worker';
import { matterWorkflowId } from '../../workflows/api';
import { MODELS_DIR } from '../support/stack';
import { eventually } from '../support/wait';

let dataDir: string;
let database: Database;
let temporal: TemporalServer;
let knex: Knex;
let worker: SupervisedWorker;
let connection: Connection;
let client: Client;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

/** While set, the supervisor waits for it before restarting the service that died. */
const held: Partial<Record<ServiceName, { promise: Promise<void>; release(): void }>> = {};
function hold(service: ServiceName) {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  held[service] = { promise, release };
}
function release(service: ServiceName) {
  held[service]?.release();
  delete held[service];
}
const hooks = (service: ServiceName): SupervisorHooks => ({
  down(reason) {
    serviceStatus.down(service, reason);
    return held[service]?.promise;
  },
  up: () => serviceStatus.up(service),
});

beforeAll(async () => {
  // This file's own servers, whatever the environment points at.
  vi.stubEnv('TEMPORAL_ADDRESS', '');
  vi.stubEnv('DATABASE_URL', '');
  dataDir = await mkdtemp(join(tmpdir(), 'duban-outage-'));
  // Run as root, the embedded server runs as the `postgres` user, which must reach its cluster.
  await chmod(dataDir, 0o755);
  [database, temporal] = await Promise.all([
    startDatabase({ dataDir, supervise: hooks('database') }),
    startTemporal({ dataDir, supervise: hooks('temporal') }),
  ]);
  knex = createKnex(database.url);
  await migrateLatest(knex);
  await seedDemo(knex);
  await deployDirectory(knex, MODELS_DIR);
  const taskQueue = `outage-${randomUUID()}`;
  connection = await Connection.connect({ address: temporal.address, ...apiConnectionOptions() });
  client = new Client({ connection, namespace: temporal.namespace });
  const { ctx, activities } = compose(knex, { client, taskQueue });
  worker = await superviseWorker({
    connect: () => NativeConnection.connect({ address: temporal.address }),
    create: (c) => createWorker({ connection: c, namespace: temporal.namespace, taskQueue, activities, workflowBundlePath: inject('workflowBundlePath') }),
    log: () => {},
  });
  app = await buildApp({ ctx, health: { address: temporal.address, namespace: temporal.namespace }, jwtSecret: 'outage-test' });
  temporalDeadlines(app, connection);
  for (const user of ['supervisor', 'fagai']) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: DEMO_PASSWORD } });
    tokens[user] = res.json().token;
  }
}, 90_000);

afterAll(async () => {
  release('database');
  release('temporal');
  await app?.close();
  await worker?.stop();
  await connection?.close();
  await knex?.destroy();
  await temporal?.stop();
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function call(user: string | undefined, options: InjectOptions) {
  const started = performance.now();
  const res = await app.inject({ ...options, headers: { ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}), ...options.headers } });
  let body: any = res.body;
  try {
    body = res.json();
  } catch {
    // not JSON
  }
  return { status: res.statusCode, body, retryAfter: res.headers['retry-after'], ms: performance.now() - started };
}

const inbox = async (user: string) => {
  const res = await call(user, { method: 'GET', url: '/api/tasks' });
  return res.status === 200 ? (res.body.items as Array<{ id: string; matterId: string; elementId: string }>) : undefined;
};
const openTask = (user: string, matterId: string, elementId: string) =>
  eventually(async () => (await inbox(user))?.find((t) => t.matterId === matterId && t.elementId === elementId), 30_000);
const complete = (user: string, taskId: string, key: string, variables: object = {}) =>
  call(user, { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables }, headers: { 'idempotency-key': key } });

async function startMatter(title: string): Promise<string> {
  const res = await call('supervisor', {
    method: 'POST',
    url: '/api/matters',
    payload: { processKey: 'supervision-basic', title, variables: { leadUnit: 'dev-reform', deadline: '2030-12-31T18:00:00+08:00' } },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Update ids of the completions the matter's workflow history holds. */
async function completionsInHistory(matterId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(matterWorkflowId(matterId)).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
    .filter((r) => r?.input?.name === 'completeTask')
    .map((r) => r!.meta!.updateId!);
}

const healthy = () => eventually(async () => (await call(undefined, { method: 'GET', url: '/api/health' })).status === 200, 60_000, 200);

/** Answer times during the outages, printed with OUTAGE_FIGURES=1 (docs/reliability.md quotes them). */
const figures: string[] = [];
afterAll(() => {
  if (process.env.OUTAGE_FIGURES === '1') console.info(figures.join('\n'));
});

function expectOutage(res: Awaited<ReturnType<typeof call>>, what: string) {
  figures.push(`${what}: ${res.status} in ${res.ms.toFixed(0)} ms, Retry-After ${res.retryAfter}`);
  expect(res.status, JSON.stringify(res.body)).toBe(503);
  expect(Number(res.retryAfter)).toBeGreaterThan(0);
  expect(res.ms).toBeLessThan(1_000);
}

describe('a supervised Temporal dev server killed with SIGKILL', { timeout: 90_000 }, () => {
  afterAll(() => release('temporal'));
  it('answers 503 with Retry-After within a second meanwhile, and carries on once it is back', async () => {
    const matterId = await startMatter('停电演练：Temporal');
    const distribute = await openTask('supervisor', matterId, 'Distribute');
    expect((await complete('supervisor', distribute.id, `d-${matterId}`)).status).toBe(200);
    const report = await openTask('fagai', matterId, 'Report');

    hold('temporal');
    const pid = temporal.pid!()!;
    process.kill(pid, 'SIGKILL');
    await eventually(async () => serviceStatus.isDown('temporal'), 5_000, 20);

    const health = await call(undefined, { method: 'GET', url: '/api/health' });
    expectOutage(health, 'Temporal down: GET /api/health');
    expect(health.body).toMatchObject({ status: 'degraded', down: ['temporal'], database: { ok: true }, temporal: { ok: false } });
    expectOutage(await complete('fagai', report.id, `r-${matterId}`, { progress: '完成一半' }), 'Temporal down: POST /api/tasks/:id/complete');
    // The matter page falls back to the read model, marked stale, or answers 503: quickly either way.
    const page = await call('supervisor', { method: 'GET', url: `/api/matters/${matterId}` });
    expect(page.ms).toBeLessThan(1_000);
    if (page.status === 200) {
      figures.push(`Temporal down: GET /api/matters/:id: 200 (stale: ${page.body.stale}) in ${page.ms.toFixed(0)} ms`);
      expect(page.body.stale).toBeTruthy();
    } else expectOutage(page, 'Temporal down: GET /api/matters/:id');
    // What needs only the database still works.
    expect((await call('fagai', { method: 'GET', url: '/api/tasks' })).status).toBe(200);

    release('temporal');
    const released = Date.now();
    await healthy();
    figures.push(`Temporal restarted and healthy ${Date.now() - released} ms after the supervisor was let go`);
    expect(temporal.pid!()).not.toBe(pid);
    // The same request again: applied once, by the worker that outlived the frontend.
    const retried = await eventually(async () => {
      const res = await complete('fagai', report.id, `r-${matterId}`, { progress: '完成一半' });
      return res.status === 200 ? res : res.status === 503 ? undefined : Promise.reject(new Error(`${res.status} ${JSON.stringify(res.body)}`));
    }, 30_000, 250);
    expect(retried.body.task.status).toBe('completed');
    const review = await openTask('supervisor', matterId, 'Review');
    expect((await complete('supervisor', review.id, `v-${matterId}`, { approved: true })).status).toBe(200);
    await eventually(async () => (await call('supervisor', { method: 'GET', url: `/api/matters/${matterId}` })).body.status === 'completed', 30_000);
    expect(await completionsInHistory(matterId)).toEqual([`d-${matterId}`, `r-${matterId}`, `v-${matterId}`]);
  });
});

describe('a supervised PostgreSQL killed with SIGKILL', { timeout: 90_000 }, () => {
  afterAll(() => release('database'));
  it('answers 503 with Retry-After within a second meanwhile, and the pool and the worker reconnect', async () => {
    const matterId = await startMatter('停电演练：PostgreSQL');
    const distribute = await openTask('supervisor', matterId, 'Distribute');

    hold('database');
    const pid = database.pid!()!;
    process.kill(pid, 'SIGKILL');
    await eventually(async () => serviceStatus.isDown('database'), 5_000, 20);

    const health = await call(undefined, { method: 'GET', url: '/api/health' });
    expectOutage(health, 'PostgreSQL down: GET /api/health');
    expect(health.body).toMatchObject({ status: 'degraded', down: ['database'], database: { ok: false }, temporal: { ok: true } });
    const list = await call('supervisor', { method: 'GET', url: '/api/tasks' });
    expectOutage(list, 'PostgreSQL down: GET /api/tasks');
    expect(JSON.stringify(list.body)).not.toMatch(/ECONNREFUSED 127|at .*\.ts/);
    expectOutage(await call('supervisor', { method: 'GET', url: '/api/matters' }), 'PostgreSQL down: GET /api/matters');
    expectOutage(await call('supervisor', { method: 'GET', url: `/api/matters/${matterId}` }), 'PostgreSQL down: GET /api/matters/:id');
    expectOutage(await complete('supervisor', distribute.id, `d-${matterId}`), 'PostgreSQL down: POST /api/tasks/:id/complete');

    release('database');
    const released = Date.now();
    await healthy();
    figures.push(`PostgreSQL restarted and healthy ${Date.now() - released} ms after the supervisor was let go`);
    expect(database.pid!()).not.toBe(pid);
    expect((await call('supervisor', { method: 'GET', url: '/api/tasks' })).status).toBe(200);
    const done = await complete('supervisor', distribute.id, `d-${matterId}`);
    expect(done.status).toBe(200);
    // The worker's projection reaches the restarted database: the report shows up in the unit's inbox.
    const report = await openTask('fagai', matterId, 'Report');
    expect((await complete('fagai', report.id, `r-${matterId}`, { progress: '已完成' })).status).toBe(200);
    expect(await completionsInHistory(matterId)).toEqual([`d-${matterId}`, `r-${matterId}`]);
  });
});

describe('a Temporal dev server that hangs (SIGSTOP) rather than dies', { timeout: 90_000 }, () => {
  afterAll(() => {
    const pid = temporal.pid?.();
    if (pid) process.kill(pid, 'SIGCONT');
  });
  it('gets no request stuck past the deadline: health says so within a second, a completion 503 within 10 s', async () => {
    const matterId = await startMatter('停电演练：Temporal 无响应');
    const distribute = await openTask('supervisor', matterId, 'Distribute');
    const pid = temporal.pid!()!;
    process.kill(pid, 'SIGSTOP');
    try {
      const health = await call(undefined, { method: 'GET', url: '/api/health' });
      expectOutage(health, 'Temporal hung: GET /api/health');
      expect(health.body.down).toEqual(['temporal']);
      const res = await complete('supervisor', distribute.id, `d-${matterId}`);
      figures.push(`Temporal hung: POST /api/tasks/:id/complete: ${res.status} in ${res.ms.toFixed(0)} ms, Retry-After ${res.retryAfter}`);
      expect(res.status).toBe(503);
      expect(res.retryAfter).toBeDefined();
      expect(res.ms).toBeLessThan(10_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await healthy();
    // The same completion again: applied once, whether or not the first reached the workflow.
    const again = await eventually(async () => {
      const res = await complete('supervisor', distribute.id, `d-${matterId}`);
      return res.status === 200 ? res : res.status === 503 ? undefined : Promise.reject(new Error(`${res.status} ${JSON.stringify(res.body)}`));
    }, 30_000, 250);
    expect(again.body.task.status).toBe('completed');
    expect(await completionsInHistory(matterId)).toEqual([`d-${matterId}`]);
  });
});
