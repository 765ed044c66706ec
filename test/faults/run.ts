/**
 * `npm run test:faults`: the real app, started as `npm start` starts it (runtime/main.ts with its
 * embedded PostgreSQL and Temporal dev server, in a data directory and on ports of its own, on
 * 127.0.0.1 only), hundreds of matters of supervision-basic (distribute → report → review → end)
 * driven through the HTTP API by the demo users, and while the completions are being sent:
 *
 *   1. kill -9 the whole app (its process group: node, PostgreSQL, Temporal) and start it again;
 *   2. kill -9 only the app's node process, so its PostgreSQL and Temporal live on as orphans, and
 *      start it again (it stops what the killed one left running);
 *   3. kill -9 the Temporal dev server (the app's supervisor restarts it);
 *   4. kill -9 the embedded PostgreSQL (likewise).
 *
 * Clients retry whatever did not get an answer (503, refused connection, timeout) with the same
 * Idempotency-Key. At the end the matters, acknowledged completions and the completions in the
 * workflow histories are counted, and the run fails unless 0 matters and completions are lost,
 * 0 are doubled, 0 acknowledged ones are missing from the histories and no answer was a 5xx
 * other than 503. It stops by itself: every loop is bounded by FAULT_DEADLINE_S.
 *
 * FAULT_MATTERS (default 300), FAULT_CLIENTS (8), FAULT_DEADLINE_S (900), FAULT_KEEP=1 keeps the data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { freePort } from '../../infra/ports';
import { matterWorkflowId } from '../../workflows/api';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MATTERS = Number(process.env.FAULT_MATTERS ?? 300);
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 8);
const DEADLINE = Date.now() + Number(process.env.FAULT_DEADLINE_S ?? 900) * 1000;
const REQUEST_TIMEOUT_MS = 15_000;
const PASSWORD = 'demo1234';
const STEPS = [
  { elementId: 'Distribute', user: 'supervisor', variables: { note: '请牵头办理' } },
  { elementId: 'Report', user: 'fagai', variables: { progress: '已完成' } },
  { elementId: 'Review', user: 'supervisor', variables: { approved: true } },
] as const;

const log = (line: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${line}`);
const timeLeft = () => DEADLINE - Date.now();

// ---------------------------------------------------------------- the app, as `npm start` runs it

let dataDir: string;
let port: number;
let base: string;
let app: ChildProcess | undefined;
let appLog: NodeJS.WritableStream;

async function startApp(): Promise<number> {
  const started = Date.now();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['runtime/main.ts'], {
    cwd: ROOT,
    // Its own process group, so "the whole app" can be killed at once, as a crash or kill -9 would.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DUBAN_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_REQUESTS: '',
    },
  });
  child.stdout!.pipe(appLog, { end: false });
  child.stderr!.pipe(appLog, { end: false });
  app = child;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() - started < 240_000 && !exited) {
    const res = await request('GET', '/api/health', { timeoutMs: 2_000 });
    if (res.status === 200) return (Date.now() - started) / 1000;
    await sleep(500);
  }
  throw new Error(`the app did not start (see ${join(dataDir, 'app.log')})`);
}

function killAppGroup(signal: NodeJS.Signals): void {
  if (app?.pid) {
    try {
      process.kill(-app.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function stopApp(): Promise<void> {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((resolve) => app!.once('exit', resolve));
  killAppGroup('SIGINT');
  if ((await Promise.race([exited, sleep(30_000).then(() => 'timeout')])) === 'timeout') killAppGroup('SIGKILL');
  await sleep(500);
  // PostgreSQL and Temporal are in the group: make sure nothing of it outlives the run.
  killAppGroup('SIGKILL');
}

// ---------------------------------------------------------------- HTTP with tallies

interface Answer {
  status: number | 'refused' | 'timeout';
  body?: any;
}

const tally = { requests: 0, ok: 0, status503: 0, retryAfterMissing: 0, refused: 0, timeout: 0, status409: 0, other5xx: 0, other4xx: 0 };
const samples5xx: string[] = [];

async function request(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, ...(res.status === 503 && !res.headers.get('retry-after') ? { noRetryAfter: true } : {}) };
  } catch (error) {
    const name = (error as Error).name;
    return { status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'refused' };
  }
}

/** A request of the drive: counted, and its 5xx other than 503 kept as samples. */
async function counted(method: string, path: string, opts: Parameters<typeof request>[2]): Promise<Answer> {
  const res = await request(method, path, opts);
  tally.requests++;
  if (res.status === 'refused') tally.refused++;
  else if (res.status === 'timeout') tally.timeout++;
  else if (res.status === 503) {
    tally.status503++;
    if ((res as { noRetryAfter?: boolean }).noRetryAfter) tally.retryAfterMissing++;
  } else if (res.status >= 500) {
    tally.other5xx++;
    if (samples5xx.length < 10) samples5xx.push(`${res.status} ${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`);
  } else if (res.status === 409) tally.status409++;
  else if (res.status >= 400 && res.status !== 401) tally.other4xx++;
  else if (res.status < 300) tally.ok++;
  return res;
}

const tokens: Record<string, string> = {};
async function login(user: string): Promise<string> {
  while (timeLeft() > 0) {
    const res = await request('POST', '/api/auth/login', { body: { username: user, password: PASSWORD } });
    if (res.status === 200) return (tokens[user] = res.body.token);
    await sleep(500);
  }
  throw new Error(`could not log in as ${user}`);
}

/** Sends until it gets an answer that is not an outage: retries 503, refusals and timeouts, as a client should. */
async function send(user: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  for (;;) {
    const res = await counted(method, path, { ...opts, token: tokens[user] ?? (await login(user)) });
    if (res.status === 401) {
      await login(user);
      continue;
    }
    if (res.status !== 503 && res.status !== 'refused' && res.status !== 'timeout' && !(typeof res.status === 'number' && res.status >= 500)) return res;
    if (timeLeft() <= 0) return res;
    await sleep(res.status === 503 ? 500 : 1_000);
  }
}

// ---------------------------------------------------------------- the drive

const created: string[] = [];
const acked = new Map<string, { matterId: string; taskId: string }>(); // idempotency key → what it completed
const anomalies: string[] = [];

async function createMatters(): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < MATTERS && timeLeft() > 0) {
        const n = next++;
        const res = await send('supervisor', 'POST', '/api/matters', {
          body: { processKey: 'supervision-basic', title: `故障演练事项 ${n + 1}`, variables: { leadUnit: 'dev-reform', deadline: '2030-12-31T18:00:00+08:00' } },
        });
        if (res.status === 201) created.push(res.body.id);
        else anomalies.push(`create ${n}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }),
  );
}

async function openTask(matterId: string, elementId: string): Promise<string | undefined> {
  while (timeLeft() > 0) {
    const res = await send('supervisor', 'GET', `/api/matters/${matterId}`);
    if (res.status === 200) {
      const task = (res.body.openTasks as Array<{ id: string; elementId: string }>).find((t) => t.elementId === elementId);
      if (task) return task.id;
    } else if (typeof res.status === 'number' && res.status < 500) {
      anomalies.push(`matter ${matterId}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return undefined;
    }
    await sleep(300);
  }
  return undefined;
}

async function driveMatter(matterId: string): Promise<void> {
  let known: string | undefined;
  for (const step of STEPS) {
    const taskId = known ?? (await openTask(matterId, step.elementId));
    known = undefined;
    if (!taskId) return;
    const key = `fault-${taskId}`;
    const res = await send(step.user, 'POST', `/api/tasks/${taskId}/complete`, { body: { variables: step.variables }, headers: { 'idempotency-key': key } });
    if (res.status !== 200) {
      anomalies.push(`complete ${step.elementId} of ${matterId}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return;
    }
    acked.set(key, { matterId, taskId });
    const opened = res.body.openedTasks as string[] | undefined;
    if (opened?.length === 1) known = opened[0];
  }
}

async function drive(): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < created.length && timeLeft() > 0) await driveMatter(created[next++]);
    }),
  );
}

// ---------------------------------------------------------------- faults

interface FaultFigures {
  fault: string;
  atAcked: number;
  recoverySeconds: number;
  status503: number;
  refused: number;
  timeouts: number;
}
const faults: FaultFigures[] = [];

let driveDone = false;

/** Until `count` completions are acknowledged (or the drive has ended, or the deadline passed). */
async function whenAcked(count: number): Promise<boolean> {
  while (acked.size < count && !driveDone && timeLeft() > 0) await sleep(100);
  return acked.size >= count;
}

async function waitHealthy(): Promise<void> {
  while (timeLeft() > 0) {
    if ((await request('GET', '/api/health', { timeoutMs: 2_000 })).status === 200) return;
    await sleep(200);
  }
}

async function fault(name: string, inject: () => Promise<void>): Promise<void> {
  const before = { ...tally };
  const atAcked = acked.size;
  log(`${name} (after ${atAcked} acknowledged completions)`);
  const started = Date.now();
  await inject();
  await waitHealthy();
  const recoverySeconds = (Date.now() - started) / 1000;
  // The outage's 503s and refusals are counted until the clients have caught up.
  await sleep(3_000);
  faults.push({
    fault: name,
    atAcked,
    recoverySeconds,
    status503: tally.status503 - before.status503,
    refused: tally.refused - before.refused,
    timeouts: tally.timeout - before.timeout,
  });
  log(`  back after ${recoverySeconds.toFixed(1)} s`);
}

const pidIn = async (file: string) => Number((await readFile(file, 'utf8')).split('\n')[0].trim());

async function faultSchedule(total: number): Promise<void> {
  if (!(await whenAcked(Math.round(total * 0.15)))) return;
  await fault('kill -9 the whole app, start it again', async () => {
    killAppGroup('SIGKILL');
    await new Promise((resolve) => (app!.exitCode !== null || app!.signalCode !== null ? resolve(null) : app!.once('exit', resolve)));
    await sleep(1_000);
    const seconds = await startApp();
    log(`  the app started again in ${seconds.toFixed(1)} s`);
  });
  if (!(await whenAcked(Math.round(total * 0.3)))) return;
  await fault("kill -9 the app's node process only (PostgreSQL and Temporal live on), start it again", async () => {
    const exited = new Promise((resolve) => (app!.exitCode !== null || app!.signalCode !== null ? resolve(null) : app!.once('exit', resolve)));
    process.kill(await pidIn(join(dataDir, 'app.pid')), 'SIGKILL');
    await exited;
    const seconds = await startApp();
    log(`  the app started again in ${seconds.toFixed(1)} s, stopping the servers the killed one left running`);
  });
  if (!(await whenAcked(Math.round(total * 0.45)))) return;
  await fault('kill -9 the Temporal dev server', async () => {
    process.kill(await pidIn(join(dataDir, 'temporal.pid')), 'SIGKILL');
    await sleep(200);
  });
  if (!(await whenAcked(Math.round(total * 0.75)))) return;
  await fault('kill -9 the embedded PostgreSQL', async () => {
    process.kill(await pidIn(join(dataDir, 'postgres', 'postmaster.pid')), 'SIGKILL');
    await sleep(200);
  });
}

// ---------------------------------------------------------------- counting

interface Count {
  matters: number;
  mattersInTemporal: number;
  mattersCompleted: number;
  mattersLost: number;
  acknowledged: number;
  inHistories: number;
  answeredButDropped: number;
  doubled: number;
  notDone: number;
}

async function count(): Promise<Count> {
  const health = await request('GET', '/api/health');
  const address = health.body?.temporal?.address as string;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: health.body?.temporal?.namespace ?? 'default' });
  const result: Count = { matters: created.length, mattersInTemporal: 0, mattersCompleted: 0, mattersLost: 0, acknowledged: acked.size, inHistories: 0, answeredButDropped: 0, doubled: 0, notDone: 0 };
  const inHistory = new Set<string>();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < created.length) {
          const matterId = created[next++];
          const handle = client.workflow.getHandle(matterWorkflowId(matterId));
          try {
            const description = await handle.describe();
            result.mattersInTemporal++;
            if (description.status.name === 'COMPLETED') result.mattersCompleted++;
            else result.notDone++;
          } catch {
            result.mattersLost++;
            anomalies.push(`matter ${matterId} is not in Temporal`);
            continue;
          }
          const history = await handle.fetchHistory();
          const tasks = new Map<string, number>();
          for (const event of history.events ?? []) {
            const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
            if (accepted?.input?.name !== 'completeTask') continue;
            const updateId = accepted.meta!.updateId!;
            const [arg] = (accepted.input.args?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p) as { taskId: string });
            if (inHistory.has(updateId)) result.doubled++;
            inHistory.add(updateId);
            tasks.set(arg.taskId, (tasks.get(arg.taskId) ?? 0) + 1);
            result.inHistories++;
          }
          for (const [taskId, n] of tasks) {
            if (n > 1) {
              result.doubled += n - 1;
              anomalies.push(`task ${taskId} of ${matterId} completed ${n} times`);
            }
          }
        }
      }),
    );
  } finally {
    await connection.close();
  }
  for (const key of acked.keys()) {
    if (!inHistory.has(key)) {
      result.answeredButDropped++;
      anomalies.push(`acknowledged ${key} is in no history`);
    }
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  dataDir = await mkdtemp(join(tmpdir(), 'duban-faults-'));
  // Run as root, the embedded PostgreSQL runs as the `postgres` user, which must reach its cluster.
  await chmod(dataDir, 0o755);
  appLog = createWriteStream(join(dataDir, 'app.log'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  log(`data dir ${dataDir}; app on ${base}; ${MATTERS} matters, ${CLIENTS} clients`);
  const started = Date.now();
  try {
    log(`starting the app (first start: an embedded PostgreSQL, a Temporal dev server, the worker)`);
    log(`  started in ${(await startApp()).toFixed(1)} s`);
    await Promise.all(['supervisor', 'fagai'].map(login));
    const createStarted = Date.now();
    await createMatters();
    log(`created ${created.length} matters in ${((Date.now() - createStarted) / 1000).toFixed(1)} s`);
    const total = created.length * STEPS.length;
    const driveStarted = Date.now();
    const schedule = faultSchedule(total);
    await drive().finally(() => (driveDone = true));
    await schedule;
    log(`drove ${acked.size} of ${total} completions in ${((Date.now() - driveStarted) / 1000).toFixed(1)} s`);
    const counted = await count();
    const figures = { ...counted, http: tally, faults, seconds: Math.round((Date.now() - started) / 1000) };
    console.log(JSON.stringify(figures, null, 2));
    if (samples5xx.length) console.log(`5xx other than 503:\n  ${samples5xx.join('\n  ')}`);
    if (anomalies.length) console.log(`anomalies (${anomalies.length}):\n  ${anomalies.slice(0, 20).join('\n  ')}`);
    const failures = [
      counted.mattersLost && `${counted.mattersLost} matters lost`,
      counted.notDone && `${counted.notDone} matters not completed`,
      counted.acknowledged !== total && `${total - counted.acknowledged} completions never acknowledged`,
      counted.answeredButDropped && `${counted.answeredButDropped} acknowledged completions missing from the histories`,
      counted.doubled && `${counted.doubled} completions doubled`,
      counted.inHistories !== total && `${counted.inHistories} completions in the histories, expected ${total}`,
      tally.other5xx && `${tally.other5xx} 5xx answers other than 503`,
      tally.retryAfterMissing && `${tally.retryAfterMissing} 503 answers without Retry-After`,
      faults.length !== 4 && `only ${faults.length} of 4 faults injected (deadline)`,
    ].filter(Boolean);
    if (failures.length) {
      log(`FAILED: ${failures.join('; ')}`);
      return 1;
    }
    log('passed: 0 lost, 0 doubled, 0 answered-but-dropped, 0 5xx other than 503');
    return 0;
  } finally {
    await stopApp();
    appLog.end();
    if (process.env.FAULT_KEEP === '1') log(`kept ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(error);
    await stopApp().catch(() => {});
    process.exit(2);
  },
);
