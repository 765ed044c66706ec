import type { Knex } from 'knex';

/** A matter's standard data elements, drafts, abnormal termination, and the audit trail of edits. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('matters', (t) => {
    t.text('source');
    t.text('type');
    t.date('assigned_date');
    t.date('deadline');
    t.text('assigner');
    t.text('area');
    t.text('lead_unit').references('units.id');
    t.specificType('co_units', 'text[]').notNullable().defaultTo('{}');
    t.text('leader');
    t.jsonb('target');
    t.text('reporting_period');
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    /** Set by the workflow when it is terminated from outside: reason, by whom, when. */
    t.jsonb('termination');
    t.index(['lead_unit']);
    t.index(['deadline']);
  });
  await knex.raw('create index matters_co_units_idx on matters using gin (co_units)');

  await knex.schema.createTable('matter_audit', (t) => {
    t.increments('id');
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    t.text('action').notNullable();
    t.text('by').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** [{field, from, to}] for edits; {reason} for terminations. */
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['matter_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('matter_audit');
  await knex.raw('drop index if exists matters_co_units_idx');
  await knex.schema.alterTable('matters', (t) => {
    for (const c of ['source', 'type', 'assigned_date', 'deadline', 'assigner', 'area', 'lead_unit', 'co_units', 'leader', 'target', 'reporting_period', 'tags', 'termination']) t.dropColumn(c);
  });
}
