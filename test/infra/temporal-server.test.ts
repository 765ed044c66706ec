import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveTemporalCli, startTemporal, type TemporalServer } from '../../infra/temporal-server';
import { SEARCH_ATTRIBUTES } from '../../temporal.config';

const processKey = defineSearchAttributeKey('ProcessKey', SearchAttributeType.KEYWORD);

const dirs: string[] = [];
async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'duban-temporal-test-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function withClient<T>(server: TemporalServer, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await use(new Client({ connection, namespace: server.namespace }));
  } finally {
    await connection.close();
  }
}

async function customSearchAttributes(server: TemporalServer): Promise<string[]> {
  return withClient(server, async (client) => {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
      namespace: server.namespace,
    });
    return Object.keys(customAttributes);
  });
}

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH', async () => {
    expect(await resolveTemporalCli({ TEMPORAL_CLI_PATH: '/opt/temporal/bin/temporal', PATH: '' })).toBe(
      '/opt/temporal/bin/temporal',
    );
  });

  it('then takes `temporal` from PATH', async () => {
    const bin = await scratchDir();
    await writeFile(join(bin, 'temporal'), '#!/bin/sh\n');
    await chmod(join(bin, 'temporal'), 0o755);
    expect(await resolveTemporalCli({ PATH: bin, XDG_CACHE_HOME: await scratchDir() })).toBe(join(bin, 'temporal'));
  });

  it('says how to get one when there is no CLI, no Go to build it and no download', async () => {
    // A port nothing listens on stands for a machine without internet.
    const env = { PATH: await scratchDir(), XDG_CACHE_HOME: await scratchDir(), DUBAN_TEMPORAL_DOWNLOAD_URL: 'http://127.0.0.1:9' };
    await expect(resolveTemporalCli(env)).rejects.toThrow(/TEMPORAL_CLI_PATH.*TEMPORAL_ADDRESS/);
  });
});

describe('startTemporal', { timeout: 60_000 }, () => {
  // On a fresh machine this builds the CLI with Go, which takes minutes.
  beforeAll(() => resolveTemporalCli(), 15 * 60_000);

  it('keeps matters in the dataDir across a restart, with their search attributes', async () => {
    const dataDir = await scratchDir();
    const workflowId = `restart-${randomUUID()}`;

    const first = await startTemporal({ dataDir });
    try {
      expect(await customSearchAttributes(first)).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
      // No worker polls this queue: the execution just waits, which is all a restart needs.
      await withClient(first, (client) =>
        client.workflow.start('awaitsNoWorker', {
          taskQueue: `restart-${randomUUID()}`,
          workflowId,
          typedSearchAttributes: [{ key: processKey, value: 'restart-test' }],
        }),
      );
    } finally {
      await first.stop();
    }

    const second = await startTemporal({ dataDir });
    try {
      const found = await withClient(second, async (client) => {
        const description = await client.workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
        return waitFor(() => listIds(client, `ProcessKey = "restart-test"`), (ids) => ids.length > 0);
      });
      expect(found).toEqual([workflowId]);
      await withClient(second, (client) => client.workflow.getHandle(workflowId).terminate('test over'));
    } finally {
      await second.stop();
    }
    expect(await readFile(join(dataDir, 'temporal.log'), 'utf8')).not.toBe('');
  });

  it('registers missing search attributes on a server at TEMPORAL_ADDRESS, starting nothing', async () => {
    const server = await startTemporal({});
    try {
      await withClient(server, (client) =>
        client.connection.operatorService.removeSearchAttributes({
          namespace: server.namespace,
          searchAttributes: ['Light'],
        }),
      );
      expect(await customSearchAttributes(server)).not.toContain('Light');

      vi.stubEnv('TEMPORAL_ADDRESS', server.address);
      vi.stubEnv('TEMPORAL_NAMESPACE', server.namespace);
      const external = await startTemporal({});
      expect(external).toMatchObject({ address: server.address, namespace: server.namespace });
      expect(external.uiUrl).toBeUndefined();
      await external.stop();
      expect(await customSearchAttributes(server)).toContain('Light');
    } finally {
      await server.stop();
    }
  });

  it('fails with the end of the log when the server exits during startup', async () => {
    const cli = join(await scratchDir(), 'temporal');
    await writeFile(cli, '#!/bin/sh\necho "unknown flag: --ip" >&2\nexit 3\n');
    await chmod(cli, 0o755);
    vi.stubEnv('TEMPORAL_CLI_PATH', cli);
    // The failed server's log stays behind for whoever debugs it; keep it among this file's scratch.
    vi.stubEnv('TMPDIR', await scratchDir());
    await expect(startTemporal({})).rejects.toThrow(/exit code 3[\s\S]*unknown flag: --ip/);
  });

  it('starts again on new ports when the first start loses the race for a port', async () => {
    const real = await resolveTemporalCli();
    const dir = await scratchDir();
    const cli = join(dir, 'temporal');
    // The first start fails as the dev server does when another process took one of its ports.
    await writeFile(
      cli,
      `#!/bin/sh\nif [ ! -e "${dir}/tried" ]; then touch "${dir}/tried"; echo 'level=ERROR msg="Failed to start gRPC listener" error="listen tcp 127.0.0.1:1: bind: address already in use"'; exit 2; fi\nexec "${real}" "$@"\n`,
    );
    await chmod(cli, 0o755);
    vi.stubEnv('TEMPORAL_CLI_PATH', cli);
    const server = await startTemporal({});
    try {
      await withClient(server, (client) => client.connection.workflowService.getSystemInfo({}));
    } finally {
      await server.stop();
    }
  });

  it('stops the server it started', async () => {
    const server = await startTemporal({});
    await server.stop();
    await expect(Connection.connect({ address: server.address, connectTimeout: '1s' })).rejects.toThrow();
  });
});

async function listIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

/** Visibility is updated asynchronously: poll briefly until `done`. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}
