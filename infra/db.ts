import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knex, { type Knex } from 'knex';
import pg from 'pg';

// Calendar dates stay YYYY-MM-DD strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * A pool that survives PostgreSQL restarts: connections that broke are dropped (knex marks them on
 * their `error` event), new ones are opened on demand, and a request waits at most a few seconds
 * for one, so an outage answers 503 (server/outage.ts) instead of hanging.
 */
export function createKnex(url: string): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3_000, keepAlive: true },
    pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
    acquireConnectionTimeout: 3_000,
    log: quietLog,
  });
}

/**
 * knex warns with a whole stack for every connection it cannot open; during an outage (which the
 * supervisor reports once) that is pages of the same. One line per message and 10 s instead.
 */
const lastSaid = new Map<string, number>();
function say(level: 'warn' | 'error', message: unknown): void {
  const line = (message instanceof Error ? message.message : String(message)).split('\n')[0];
  const key = line.replace(/\d+/g, '#');
  const now = Date.now();
  if (now - (lastSaid.get(key) ?? 0) < 10_000) return;
  lastSaid.set(key, now);
  console[level](`[knex] ${line}`);
}
const quietLog = {
  warn: (message: unknown) => say('warn', message),
  error: (message: unknown) => say('error', message),
  deprecate: (method: string, alternative: string) => say('warn', `${method} is deprecated, use ${alternative}`),
  debug: () => {},
};

/**
 * The TypeScript files in migrations/, imported from here rather than by knex: knex's own import()
 * runs outside tsx's and vitest's loaders and cannot read TypeScript. Names are the file names,
 * as knex's directory source records them.
 */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.ts')).sort();
  },
  getMigrationName: (file) => file,
  getMigration: (file) => import(pathToFileURL(MIGRATIONS_DIR + file).href),
};

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
