import type { Knex } from 'knex';

/** Matters decompose into sub-matters (by unit or region, to any depth), each with its own workflow. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('matters', (t) => {
    t.text('parent_id').references('matters.id');
    t.index(['parent_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('matters', (t) => t.dropColumn('parent_id'));
}
