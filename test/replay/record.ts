/**
 * Records the workflow histories that the replay test (test/integration/replay.test.ts) checks
 * every interpreter change against: `npm run record-histories` records the scenarios that have
 * none yet (`-- <name>` to record one again). Recorded histories are never re-recorded to make
 * a change pass.
 *
 * It starts its own Temporal dev server and database (TEST_DATABASE_URL, else embedded).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKnex, migrateLatest } from '../../infra/db';
import { startDatabase } from '../../infra/database';
import { resolveTemporalCli, startTemporal } from '../../infra/temporal-server';
import { matterWorkflowId } from '../../workflows/api';
import { ELEMENT_SCENARIOS } from '../scenarios/elements';
import { Driver } from '../support/drive';
import { startStack } from '../support/stack';

const OUT = fileURLToPath(new URL('./histories/', import.meta.url));
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function main() {
  const only = process.argv.slice(2);
  const cli = await resolveTemporalCli(process.env, console.log);
  const temporal = await startTemporal({ log: console.log });
  const admin = process.env.TEST_DATABASE_URL;
  const database = admin ? { url: admin.replace(/\/[^/]*$/, '/duban_record'), stop: async () => {} } : await startDatabase({});
  if (admin) {
    const knex = createKnex(admin);
    await knex.raw('drop database if exists duban_record with (force)');
    await knex.raw('create database duban_record');
    await knex.destroy();
  }
  const knex = createKnex(database.url);
  await migrateLatest(knex);
  await knex.destroy();
  const stack = await startStack({ temporalAddress: temporal.address, temporalNamespace: temporal.namespace, databaseUrl: database.url });
  try {
    const driver = new Driver(stack);
    await mkdir(OUT, { recursive: true });
    for (const scenario of ELEMENT_SCENARIOS) {
      const name = slug(scenario.name);
      // Existing histories stay as recorded: they stand for matters already running somewhere.
      if (only.length > 0 ? !only.includes(name) : existsSync(`${OUT}${name}.json`)) continue;
      const matter = await driver.run(scenario);
      // The CLI's JSON is the format historyFromJSON reads back.
      const { stdout } = await promisify(execFile)(
        cli,
        ['workflow', 'show', '--workflow-id', matterWorkflowId(matter.id), '--address', temporal.address, '--namespace', temporal.namespace, '--output', 'json'],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      await writeFile(`${OUT}${name}.json`, stdout);
      console.log(`recorded ${name} (${JSON.parse(stdout).events.length} events)`);
    }
  } finally {
    await stack.close();
    await temporal.stop();
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
