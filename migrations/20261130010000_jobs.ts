import type { Knex } from 'knex';

/**
 * Jobs for external workers (Camunda 8's job API) and the machine clients allowed to serve them.
 *
 * Keys are 64-bit numbers from one sequence, shown as decimal strings, as Zeebe's are: a job's key,
 * and a matter's instance key (its processInstanceKey for Camunda's clients).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create sequence engine_keys as bigint start with 2251799813685249');
  await knex.schema.alterTable('matters', (t) => {
    t.bigInteger('instance_key').notNullable().unique().defaultTo(knex.raw("nextval('engine_keys')"));
  });
  await knex.schema.createTable('jobs', (t) => {
    t.bigInteger('key').primary().defaultTo(knex.raw("nextval('engine_keys')"));
    t.text('matter_id').notNullable().references('matters.id').onDelete('cascade');
    /** The workflow the job belongs to (a called process has its own) and its engine instance. */
    t.text('workflow_id').notNullable();
    t.text('instance_id').notNullable();
    /** Bumped by the workflow each time it hands the job out afresh (an incident retried). */
    t.integer('incarnation').notNullable();
    t.text('type').notNullable();
    t.text('element_id').notNullable();
    t.text('process_key').notNullable();
    t.integer('process_version').notNullable();
    t.integer('definition_id').notNullable();
    t.jsonb('custom_headers').notNullable();
    t.jsonb('variables').notNullable();
    t.integer('retries').notNullable();
    /** activatable | activated | failed (out of retries: an incident in the matter) */
    t.text('status').notNullable();
    t.text('worker');
    /** An activated job's lock: past it, the job is activatable again. */
    t.timestamp('deadline', { useTz: true });
    /** A failed job with retries left is not activatable before this (its back-off). */
    t.timestamp('retry_at', { useTz: true });
    t.text('error_message');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workflow_id', 'instance_id']);
    t.index(['type', 'status', 'key']);
  });
  await knex.schema.createTable('machine_clients', (t) => {
    t.text('id').primary();
    t.text('description').notNullable().defaultTo('');
    /** SHA-256 of the secret: secrets are 32 random bytes, so a fast hash is as safe as a slow one and a poll stays cheap. */
    t.text('secret_hash').notNullable();
    /** What the client may do: jobs:<type> (or jobs:*), processes:start, messages:publish, signals:broadcast. */
    t.specificType('scopes', 'text[]').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  /** Bearer tokens issued to machine clients (OAuth client credentials): opaque, stored hashed, revocable. */
  await knex.schema.createTable('machine_tokens', (t) => {
    t.text('token_hash').primary();
    t.text('client_id').notNullable().references('machine_clients.id').onDelete('cascade');
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
  // The long poll of job activation wakes when a job of its type may have become activatable.
  await knex.raw(`
    create function notify_job() returns trigger language plpgsql as $$
    begin
      if new.status = 'activatable' then perform pg_notify('jobs', new.type); end if;
      return null;
    end $$;
    create trigger jobs_notify after insert or update of status, incarnation on jobs
      for each row execute function notify_job();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists jobs_notify on jobs; drop function if exists notify_job()');
  await knex.schema.dropTableIfExists('machine_tokens');
  await knex.schema.dropTableIfExists('machine_clients');
  await knex.schema.dropTableIfExists('jobs');
  await knex.schema.alterTable('matters', (t) => t.dropColumn('instance_key'));
  await knex.raw('drop sequence if exists engine_keys');
}
