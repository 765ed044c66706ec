import type { Knex } from 'knex';

/**
 * The office's own working-day calendar on top of the national one (chinese-days): a local holiday,
 * a day the office works though the country rests, or a year's national days before the package has them;
 * and the office's settings, such as whether deadlines move off days off.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_days', (t) => {
    t.date('date').primary();
    t.boolean('working').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.text('updated_by').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  /** The office's settings by topic, e.g. `calendar`: {dueOnWorkingDays}. */
  await knex.schema.createTable('office_settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.text('updated_by').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('office_settings');
  await knex.schema.dropTableIfExists('calendar_days');
}
