import type { Knex } from 'knex';

/** Superior systems (上级系统) that hand down matters, by calling in or by being pulled from. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('superior_systems', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    /** SHA-256 of the API key it calls in with; the key itself is shown once, when issued. */
    t.text('api_key_hash').notNullable().unique();
    /** A JSON feed of matters pulled on a schedule; null when the system only calls in. */
    t.text('feed_url');
    t.integer('pull_every_minutes').notNullable().defaultTo(60);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('matters', (t) => {
    t.integer('superior_system_id').references('superior_systems.id');
    /** The superior system's own id for the matter: handing it down twice creates it once. */
    t.text('external_id');
    t.unique(['superior_system_id', 'external_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('matters', (t) => {
    t.dropUnique(['superior_system_id', 'external_id']);
    t.dropColumn('external_id');
    t.dropColumn('superior_system_id');
  });
  await knex.schema.dropTableIfExists('superior_systems');
}
