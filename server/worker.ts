/** The Temporal worker: the interpreter workflow and the activities, on the project's task queue. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { DrillClock } from '../workflows/clock';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  knex: Knex;
  /** A prebuilt workflow bundle (tests build one per run); otherwise the worker bundles the workflows itself. */
  workflowBundlePath?: string;
  /** Matters the activities start (a superior system's feed) run on this drill clock. */
  drill?: DrillClock;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.knex, options.drill),
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
