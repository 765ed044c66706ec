import type { Knex } from 'knex';

/**
 * Incidents: what a matter could not do by itself and will not retry (a state the read model
 * refused, a service task that failed for good), listed across matters for administrators.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.text('id').primary();
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    t.text('workflow_id').notNullable();
    /** projection | service */
    t.text('kind').notNullable();
    t.text('element_id');
    t.text('message').notNullable();
    /** open | resolved */
    t.text('status').notNullable().defaultTo('open');
    t.integer('retries').notNullable().defaultTo(0);
    /** Kept by the matter's workflow (retried and resolved through it); false: opened by the worker for a matter recorded before incidents. */
    t.boolean('in_workflow').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
    t.text('resolved_by');
    /** retried | accepted */
    t.text('resolution');
    t.index(['status', 'created_at']);
    t.index(['matter_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('incidents');
}
