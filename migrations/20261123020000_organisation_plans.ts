import type { Knex } from 'knex';

/** The organisation's upkeep (unit order, inactive users, leaders in charge of units) and the units' plans. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    /** Order among siblings: registers list departments in the official order, not by name. */
    t.integer('sort').notNullable().defaultTo(0);
    t.index(['parent_id']);
  });

  await knex.schema.alterTable('users', (t) => {
    /** Users are deactivated rather than deleted: matters and tasks keep naming them. */
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['unit_id']);
  });

  /** The units a leader is in charge of (分管): a leader's ranking score is the mean of theirs. */
  await knex.schema.createTable('leader_units', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('cascade');
    t.text('unit_id').notNullable().references('units.id');
    t.primary(['user_id', 'unit_id']);
    t.index(['unit_id']);
  });

  /** Annual, monthly and weekly plan items of a responsible unit on a matter (年度/月度/周 计划). */
  await knex.schema.createTable('plan_items', (t) => {
    t.text('id').primary();
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    t.text('unit_id').notNullable().references('units.id');
    t.text('plan').notNullable();
    t.text('title').notNullable();
    t.date('due_date').notNullable();
    /** For a quantified item: the amount planned and the amount the unit reached. */
    t.decimal('quantity', null);
    t.decimal('achieved', null);
    t.timestamp('completed_at', { useTz: true });
    t.text('completed_by');
    t.text('evidence');
    /** [{name, url}]: documents and photos the unit points to as proof. */
    t.jsonb('evidence_files').notNullable().defaultTo('[]');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['matter_id']);
    t.index(['unit_id']);
    t.index(['due_date']);
  });
  await knex.raw("alter table plan_items add constraint plan_items_plan_check check (plan in ('year', 'month', 'week'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('plan_items');
  await knex.schema.dropTableIfExists('leader_units');
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['unit_id']);
    t.dropColumn('active');
  });
  await knex.schema.alterTable('units', (t) => {
    t.dropIndex(['parent_id']);
    t.dropColumn('sort');
  });
}
