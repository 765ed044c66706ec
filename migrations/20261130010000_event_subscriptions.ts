import type { Knex } from 'knex';

/**
 * The messages and signals workflows wait for, as their projections report them: where a published
 * message or a broadcast signal finds the matters (and called processes) waiting for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_subscriptions', (t) => {
    t.bigIncrements('id');
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    /** The waiting workflow: the matter's, or a called process's. */
    t.text('workflow_id').notNullable();
    /** The engine's subscription id, unique within the workflow. */
    t.text('subscription_id').notNullable();
    t.text('element_id').notNullable();
    /** message | signal */
    t.text('kind').notNullable();
    /** The message or signal name. */
    t.text('name').notNullable();
    t.text('correlation_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workflow_id', 'subscription_id']);
    t.index(['kind', 'name', 'correlation_key']);
    t.index(['matter_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('event_subscriptions');
}
