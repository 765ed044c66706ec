import type { Knex } from 'knex';

/** Notifications may go to a person (a leader in charge) as well as to a unit. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.text('unit_id').nullable().alter();
    t.text('username');
    t.text('kind').notNullable().defaultTo('info');
    t.index(['unit_id']);
    t.index(['username']);
  });
  await knex.raw('alter table notifications add constraint notifications_recipient check (unit_id is not null or username is not null)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table notifications drop constraint notifications_recipient');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('username');
    t.dropColumn('kind');
  });
}
