/**
 * `npm start`: the database, Temporal, the worker, the API and the web UI in one process tree.
 * Each part is started in order and stopped in reverse on Ctrl-C; data stays in the data directory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectionOptions, temporalConfig } from '../temporal.config';
import { buildApp } from '../server/app';
import { clockNow, drillFromEnv } from '../services/clock';
import { createKnex, migrateLatest } from '../infra/db';
import { startDatabase } from '../infra/database';
import { freePort } from '../infra/ports';
import { runningWith, type SupervisorHooks } from '../infra/supervisor';
import { startTemporal } from '../infra/temporal-server';
import { apiConnectionOptions, type ServiceName, serviceStatus, temporalDeadlines } from '../server/outage';
import { DEMO_CLIENT, DEMO_PASSWORD, seedDemo, seedDemoMatters } from './seed';
import { deployDirectory } from '../services/deployments';
import { scheduleTimerStarts } from '../services/start-schedules';
import { ensureSchedules } from '../worker/schedules';
import { createWorker, superviseWorker } from '../worker/worker';
import { compose } from './compose';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => console.log(`[duban] ${line}`);

async function main(): Promise<void> {
  // This process stops the worker itself, in order, on Ctrl-C; the SDK's own signal handling would race it.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(process.env.LOG_LEVEL === 'debug' ? 'INFO' : 'WARN') });
  const dataDir = path.resolve(process.env.DUBAN_DATA_DIR ?? path.join(ROOT, '.data'));
  await mkdir(dataDir, { recursive: true });
  // Which process is the app, for operators and the fault tests (test/faults). A start stops the
  // servers a killed app left running in the data directory, so a live one must not be there.
  const pidFile = path.join(dataDir, 'app.pid');
  const previous = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (await runningWith(previous, ['runtime/main.ts'])) {
    console.error(`[duban] another copy (pid ${previous}) is running with the data directory ${dataDir}; stop it or set DUBAN_DATA_DIR`);
    process.exit(1);
  }
  await writeFile(pidFile, `${process.pid}\n`);
  const stops: Array<() => Promise<unknown>> = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    shuttingDown = true;
    say('stopping…');
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
    await rm(pidFile, { force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // The embedded PostgreSQL and the Temporal dev server are restarted when they die; meanwhile the
  // API answers 503 with Retry-After on what needs them (server/outage.ts).
  const supervise = (service: ServiceName, label: string): SupervisorHooks => ({
    down(reason) {
      serviceStatus.down(service, reason);
      say(`${reason}; restarting ${label} (meanwhile the API answers 503 on what needs it)`);
    },
    up() {
      serviceStatus.up(service);
      say(`${label} is back`);
    },
    log: say,
    active: () => !shuttingDown,
  });

  try {
    say(process.env.DATABASE_URL ? 'connecting to DATABASE_URL' : `starting the embedded PostgreSQL in ${dataDir}`);
    const database = await startDatabase({ dataDir, supervise: supervise('database', 'PostgreSQL') });
    stops.push(database.stop);
    const knex = createKnex(database.url);
    stops.push(() => knex.destroy());
    await migrateLatest(knex);
    const firstStart = await seedDemo(knex);
    if (firstStart) say('seeded the demo organisation');

    say(temporalConfig().address ? `connecting to Temporal at ${temporalConfig().address}` : 'starting the Temporal dev server');
    const temporal = await startTemporal({ dataDir, log: say, supervise: supervise('temporal', 'the Temporal dev server') });
    stops.push(temporal.stop);
    const config = temporalConfig();
    const drill = await drillFromEnv(process.env, path.join(dataDir, 'drill.json'));
    if (drill) say(`drill: business time started at ${process.env.DRILL_START}, is now ${new Date(clockNow(drill)).toISOString()}; a day lasts ${86_400_000 / drill.factor} ms`);

    const deployed = await deployDirectory(knex, path.join(ROOT, 'bpmn-models'));
    for (const [kind, list] of [['process', deployed.processes], ['decision', deployed.decisions], ['form', deployed.forms]] as const) {
      for (const d of list) say(`${kind} ${d.key} v${d.version}${d.created ? ' deployed' : ''}`);
    }
    for (const w of deployed.warnings) say(`warning: ${w.file}${w.elementId ? ` ${w.elementId}` : ''}: ${w.message}`);

    const connection = await Connection.connect({ ...(await connectionOptions(config, temporal.address)), ...apiConnectionOptions() });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });
    // The services, built once for the worker and the API alike.
    const { ctx, activities } = compose(knex, { client, taskQueue: config.taskQueue, drill });

    // Started again (on a new connection) if it ever stops by itself, e.g. after a long Temporal outage.
    const worker = await superviseWorker({
      connect: async () => NativeConnection.connect(await connectionOptions(config, temporal.address)),
      create: (workerConnection) => createWorker({ connection: workerConnection, namespace: temporal.namespace, taskQueue: config.taskQueue, activities }),
      log: say,
    });
    stops.push(worker.stop);

    await ensureSchedules(client, config.taskQueue, drill);
    for (const deployment of deployed.processes) await scheduleTimerStarts(ctx, deployment);
    if (firstStart) {
      await seedDemoMatters(knex, ctx.temporal);
      say('registered three demo matters');
    }

    const app = await buildApp({
      ctx,
      health: { address: temporal.address, namespace: temporal.namespace, uiUrl: temporal.uiUrl },
      jwtSecret: await jwtSecret(dataDir),
      webRoot: path.join(ROOT, 'web', 'dist'),
      logger: process.env.LOG_REQUESTS === '1',
    });
    // One deadline per request for all its Temporal calls: a dead frontend answers 503, never a hang.
    temporalDeadlines(app, connection);
    stops.push(() => app.close());
    const host = process.env.HOST ?? '127.0.0.1';
    const port = await listenPort(Number(process.env.PORT ?? 3000), host);
    await app.listen({ port, host });

    const url = `http://${host}:${port}`;
    say(`ready: ${url}`);
    if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) say('the web UI is not built: run `npm run build:web`');
    if (temporal.uiUrl) say(`Temporal Web UI: ${temporal.uiUrl}`);
    say(`demo logins (password ${DEMO_PASSWORD}): supervisor; zhujian, jiaotong, jiaoyu, fagai (unit handlers); zhujian-head (a unit head); leader; designer; admin`);
    say(`job workers (Camunda 8 clients): CAMUNDA_REST_ADDRESS=${url} CAMUNDA_AUTH_STRATEGY=BASIC CAMUNDA_BASIC_AUTH_USERNAME=${DEMO_CLIENT.id} CAMUNDA_BASIC_AUTH_PASSWORD=${DEMO_CLIENT.secret}`);
  } catch (err) {
    console.error(err);
    await shutdown(1);
  }
}

/** The configured port, or a free one when it is taken (a second copy, another app). */
async function listenPort(preferred: number, host: string): Promise<number> {
  const net = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(preferred, host, () => server.close(() => resolve(true)));
  });
  return free ? preferred : freePort(host);
}

/** JWT_SECRET, or a random secret kept in the data directory so sessions survive a restart. */
async function jwtSecret(dataDir: string): Promise<string> {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

void main();
