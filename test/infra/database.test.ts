import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKnex } from '../../infra/db';
import { startDatabase } from '../../infra/database';

describe('startDatabase', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the data of a dataDir across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'duban-db-test-'));
    dirs.push(dataDir);
    // The embedded server runs as the `postgres` user when the tests run as root.
    await chmod(dataDir, 0o755);

    const first = await startDatabase({ dataDir });
    const db = createKnex(first.url);
    try {
      await db.schema.createTable('notes', (t) => t.text('body'));
      await db('notes').insert({ body: '督办' });
    } finally {
      await db.destroy();
      await first.stop();
    }

    const second = await startDatabase({ dataDir });
    const again = createKnex(second.url);
    try {
      expect(await again('notes').pluck('body')).toEqual(['督办']);
    } finally {
      await again.destroy();
      await second.stop();
    }
  });

  it('runs without dataDir in a temporary directory, deleted at stop', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'duban-db-test-'));
    dirs.push(scratch);
    await chmod(scratch, 0o755);
    vi.stubEnv('TMPDIR', scratch);
    const database = await startDatabase({});
    expect(await readdir(scratch)).toHaveLength(1);
    const db = createKnex(database.url);
    try {
      expect(await db.raw('select current_database() as name')).toMatchObject({ rows: [{ name: 'duban' }] });
    } finally {
      await db.destroy();
      await database.stop();
    }
    expect(await readdir(scratch)).toEqual([]);
  });

  it('uses DATABASE_URL when set, starting nothing', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://someone@db.example:5432/duban');
    const database = await startDatabase({});
    expect(database.url).toBe('postgres://someone@db.example:5432/duban');
    await database.stop();
  });
});
