/**
 * The whole application on the test run's real Temporal server and PostgreSQL database:
 * a worker on a task queue of its own and the Fastify app, driven through app.inject.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Knex } from 'knex';
import { compose } from '../../runtime/compose';
import { buildApp } from '../../server/app';
import type { LoginLimits } from '../../server/routes/auth';
import { createKnex } from '../../infra/db';
import { DEMO_PASSWORD, seedDemo } from '../../runtime/seed';
import { deployDirectory } from '../../services/deployments';
import { createWorker } from '../../worker/worker';
import type { DrillClock } from '../../workflows/clock';

export const MODELS_DIR = fileURLToPath(new URL('../../bpmn-models', import.meta.url));


export interface Stack {
  app: FastifyInstance;
  knex: Knex;
  client: Client;
  taskQueue: string;
  worker: Worker;
  /** Starts the worker again after stopWorker (a crash and restart). */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  login(username: string): Promise<string>;
  /** app.inject with a bearer token; returns status and parsed JSON. */
  call<T = any>(token: string | undefined, options: InjectOptions): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface StackEnv {
  temporalAddress: string;
  temporalNamespace: string;
  databaseUrl: string;
  /** A prebuilt workflow bundle; without one the worker bundles the workflows itself. */
  workflowBundlePath?: string;
  /** A built web UI for the app to serve. */
  webRoot?: string;
  /** Run business time on a drill clock: matters, lights, plans and the calendar all read it. */
  drill?: DrillClock;
  /** Login attempts allowed; tests log in far more often than people, so the default here is generous. */
  loginLimits?: LoginLimits;
}

/** In a vitest integration file: the servers and bundle of the run's global setup. */
async function injected(): Promise<StackEnv> {
  const { inject } = await import('vitest');
  return {
    temporalAddress: inject('temporalAddress'),
    temporalNamespace: inject('temporalNamespace'),
    databaseUrl: inject('databaseUrl'),
    workflowBundlePath: inject('workflowBundlePath'),
  };
}

export async function startStack(given?: StackEnv | Pick<StackEnv, 'webRoot' | 'drill' | 'loginLimits'>): Promise<Stack> {
  const env: StackEnv = given && 'databaseUrl' in given ? given : { ...(await injected()), ...given };
  // Quiet workers; the runtime is per process and may already be installed by an earlier file.
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed
  }
  const address = env.temporalAddress;
  const namespace = env.temporalNamespace;
  const knex = createKnex(env.databaseUrl);
  await seedDemo(knex);
  await deployDirectory(knex, MODELS_DIR);

  const taskQueue = `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });

  const { ctx, activities } = compose(knex, { client, taskQueue, drill: env.drill });
  let worker!: Worker;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createWorker({ connection: nativeConnection, namespace, taskQueue, activities, workflowBundlePath: env.workflowBundlePath });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!running) return;
    worker.shutdown();
    await running;
    running = undefined;
  };
  await startWorker();

  const app = await buildApp({
    ctx,
    health: { address, namespace },
    jwtSecret: 'test-secret',
    webRoot: env.webRoot,
    loginLimits: env.loginLimits ?? { perAddress: 100_000, perUser: 100_000, windowMs: 60_000 },
  });

  const call = async (token: string | undefined, options: InjectOptions) => {
    const res = await app.inject({ ...options, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers } });
    let body: any = res.body;
    try {
      body = res.json();
    } catch {
      // not JSON (XML, empty)
    }
    return { status: res.statusCode, body };
  };

  return {
    app,
    knex,
    client,
    taskQueue,
    get worker() {
      return worker;
    },
    startWorker,
    stopWorker,
    call,
    async login(username) {
      const res = await call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async close() {
      await app.close();
      await stopWorker();
      await connection.close();
      await nativeConnection.close();
      await knex.destroy();
    },
  };
}
