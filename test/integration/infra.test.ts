import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../infra/db';
import { SEARCH_ATTRIBUTES } from '../../temporal.config';

describe('the integration environment', () => {
  let connection: Connection;
  const db = createKnex(inject('databaseUrl'));

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });

  afterAll(async () => {
    await connection.close();
    await db.destroy();
  });

  it('registers the custom search attributes in the namespace', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: inject('temporalNamespace'),
    });
    expect(Object.keys(customAttributes)).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
  });

  it('migrates the database', async () => {
    const { rows } = await db.raw<{ rows: { table_name: string }[] }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['knex_migrations', 'matters', 'process_definitions', 'tasks', 'units', 'users']),
    );
  });

  it('provides a workflow bundle a worker can load', async () => {
    const workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const worker = await Worker.create({
        connection: workerConnection,
        namespace: inject('temporalNamespace'),
        taskQueue: `infra-${randomUUID()}`,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      await worker.runUntil(Promise.resolve());
      expect(worker.getState()).toBe('STOPPED');
    } finally {
      await workerConnection.close();
    }
  });
});
