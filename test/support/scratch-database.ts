/**
 * A migrated database of a test file's own, on the server of the run's test database: for tests
 * that change the demo organisation and its users (so the files after them still find it as seeded).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createKnex, migrateLatest } from '../../infra/db';
import { startDatabase } from '../../infra/database';

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `duban_scratch_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const drop = () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  const knex = createKnex(url);
  try {
    await migrateLatest(knex);
  } catch (error) {
    await drop();
    throw error;
  } finally {
    await knex.destroy();
  }
  return { url, drop };
}

/**
 * A migrated database for a script outside vitest (the benches): a scratch one on TEST_DATABASE_URL's
 * server when it is set, else an embedded PostgreSQL of its own. `stop` drops or stops it.
 */
export async function migratedDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const { url, drop } = await scratchDatabase(server);
    return { url, stop: drop };
  }
  const embedded = await startDatabase({});
  const knex = createKnex(embedded.url);
  try {
    await migrateLatest(knex);
  } finally {
    await knex.destroy();
  }
  return embedded;
}
