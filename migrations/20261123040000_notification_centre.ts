import type { Knex } from 'knex';

/**
 * The notification centre: per-user read marks, leaders following matters, their instructions,
 * the organisation's outgoing webhook, and a NOTIFY on every new notification for live channels.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    /** When the webhook accepted it; null while it is still to be relayed. */
    t.timestamp('delivered_at', { useTz: true });
    t.integer('delivery_attempts').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('notification_reads', (t) => {
    t.integer('notification_id').notNullable().references('notifications.id').onDelete('cascade');
    t.text('username').notNullable();
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['notification_id', 'username']);
  });
  await knex.schema.createTable('matter_followers', (t) => {
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    t.text('username').notNullable();
    t.timestamp('since', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['matter_id', 'username']);
  });
  await knex.schema.createTable('instructions', (t) => {
    t.increments('id');
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    /** The node it is about, when it is not about the whole matter. */
    t.text('element_id');
    t.text('by').notNullable();
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['matter_id']);
  });
  await knex.schema.createTable('webhooks', (t) => {
    t.increments('id');
    t.text('url').notNullable();
    /** Signs each delivery (HMAC-SHA256 of the body) so the receiver can trust it. */
    t.text('secret').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    /** Notifications older than the webhook are not relayed to it. */
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    create function notify_new_notification() returns trigger language plpgsql as $$
    begin
      perform pg_notify('notifications', new.id::text);
      return new;
    end $$;
    create trigger notifications_notify after insert on notifications for each row execute function notify_new_notification();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists notifications_notify on notifications; drop function if exists notify_new_notification();');
  for (const table of ['webhooks', 'instructions', 'matter_followers', 'notification_reads']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('delivered_at');
    t.dropColumn('delivery_attempts');
  });
}
