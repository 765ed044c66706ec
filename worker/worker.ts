/** The Temporal worker: the interpreter workflow and the activities, on the project's task queue. */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../workflows/activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Built by the composition root (runtime/compose.ts) over the same services as the API. */
  activities: Activities;
  /** A prebuilt workflow bundle (tests build one per run); otherwise the worker bundles the workflows itself. */
  workflowBundlePath?: string;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
  });
}

export interface SupervisedWorker {
  stop(): Promise<void>;
}

/**
 * Runs a worker and, should it ever stop by itself (a fatal poll error after a long Temporal
 * outage), creates it again on a fresh connection, backing off up to two seconds. The first
 * creation's error is thrown, so a broken setup still fails the start.
 */
export async function superviseWorker(options: {
  connect: () => Promise<NativeConnection>;
  create: (connection: NativeConnection) => Promise<Worker>;
  log: (line: string) => void;
}): Promise<SupervisedWorker> {
  let connection: NativeConnection | undefined = await options.connect();
  let worker: Worker | undefined = await options.create(connection).catch(async (error: unknown) => {
    await connection?.close();
    throw error;
  });
  let stopping = false;
  const loop = (async () => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        connection ??= await options.connect();
        worker ??= await options.create(connection);
        if (stopping) break;
        const started = Date.now();
        await worker.run();
        if (stopping) break;
        options.log('the Temporal worker stopped by itself; starting it again');
        if (Date.now() - started > 60_000) attempt = 0;
      } catch (error) {
        if (stopping) break;
        options.log(`the Temporal worker failed (${error instanceof Error ? error.message : String(error)}); starting it again`);
        await connection?.close().catch(() => {});
        connection = undefined;
      }
      worker = undefined;
      await sleep(Math.min(250 * 2 ** Math.max(0, attempt - 1), 2_000));
    }
  })();
  return {
    async stop() {
      stopping = true;
      try {
        worker?.shutdown();
      } catch {
        // not running (between restarts)
      }
      await loop;
      await connection?.close().catch(() => {});
    },
  };
}
