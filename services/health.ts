/** Whether the database answers: what the health check probes. */
import type { Knex } from 'knex';

export async function databaseAnswers(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}
