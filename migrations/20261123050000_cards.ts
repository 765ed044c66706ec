import type { Knex } from 'knex';

/** Three-colour cards (三色牌), issued per unit, matter and month when the month closes. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cards', (t) => {
    t.increments('id');
    t.text('unit_id').notNullable().references('units.id');
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    /** YYYY-MM */
    t.text('month').notNullable();
    t.text('color').notNullable();
    t.jsonb('reason').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** unit/matter/month/color/co-unit: closing a month twice issues nothing new. */
    t.text('dedupe_key').notNullable().unique();
    t.index(['month']);
    t.index(['unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cards');
}
