/**
 * One Temporal server, one migrated PostgreSQL database and one workflow bundle for every
 * integration and e2e test file of a run. Files share them, so each test uses its own ids and
 * task queues.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createKnex, migrateLatest } from '../infra/db';
import { startDatabase } from '../infra/database';
import { startTemporal } from '../infra/temporal-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal frontend. */
    temporalAddress: string;
    temporalNamespace: string;
    /** URL of a migrated database of the tests' own. */
    databaseUrl: string;
    /** Bundled workflows/index.ts, for `new Worker({ workflowBundle: { codePath } })`. */
    workflowBundlePath: string;
    /** Where the first browser test of the run builds the web UI, for the others to serve as it is. */
    webBuildDir: string;
  }
}

type Teardown = () => Promise<void>;

export default async function setup(project: TestProject): Promise<Teardown> {
  const scratchDir = await mkdtemp(join(tmpdir(), 'duban-test-'));
  // Teardown does not run when the run is killed; the bundle should not outlive it all the same.
  const removeScratchOnExit = () => rmSync(scratchDir, { recursive: true, force: true });
  process.once('exit', removeScratchOnExit);
  const teardowns: Teardown[] = [
    async () => {
      process.off('exit', removeScratchOnExit);
      await rm(scratchDir, { recursive: true, force: true });
    },
  ];
  const teardown = async () => {
    for (const step of teardowns.reverse()) await step();
  };

  project.provide('webBuildDir', join(scratchDir, 'web'));
  const results = await Promise.allSettled([
    startTemporal({ log: (line) => console.log(`[temporal] ${line}`) }).then((temporal) => {
      teardowns.push(temporal.stop);
      project.provide('temporalAddress', temporal.address);
      project.provide('temporalNamespace', temporal.namespace);
    }),
    testDatabase().then(({ url, drop }) => {
      teardowns.push(drop);
      project.provide('databaseUrl', url);
    }),
    bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    }).then(async ({ code }) => {
      const codePath = join(scratchDir, 'workflow-bundle.js');
      await writeFile(codePath, code);
      project.provide('workflowBundlePath', codePath);
    }),
  ]);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await teardown();
    throw failure.reason;
  }
  return teardown;
}

/**
 * A fresh database on the server at TEST_DATABASE_URL (whose user may create databases), or
 * an embedded server in a temporary directory; migrated either way.
 */
async function testDatabase(): Promise<{ url: string; drop: Teardown }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let url: string;
  let drop: Teardown;
  if (adminUrl) {
    const name = `duban_test_${randomBytes(4).toString('hex')}`;
    await withClient(adminUrl, (client) => client.query(`create database ${name}`));
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    drop = () => withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
  } else {
    const database = await startDatabase({});
    url = database.url;
    drop = database.stop;
  }
  try {
    const db = createKnex(url);
    try {
      await migrateLatest(db);
    } finally {
      await db.destroy();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}

async function withClient(url: string, use: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}
