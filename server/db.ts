import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knex, { type Knex } from 'knex';
import pg from 'pg';

// Calendar dates stay YYYY-MM-DD strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export function createKnex(url: string): Knex {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: 5 } });
}

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
