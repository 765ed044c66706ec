import type { Knex } from 'knex';

/** Units, users, deployed process definitions, matters and their inbox tasks. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('parent_id').references('units.id');
    t.text('kind').notNullable().defaultTo('department');
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('display_name').notNullable();
    t.text('role').notNullable();
    t.text('unit_id').notNullable().references('units.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('process_definitions', (t) => {
    t.increments('id');
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('name');
    t.text('checksum').notNullable();
    t.text('xml').notNullable();
    t.jsonb('graph').notNullable();
    t.text('deployed_by');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
    t.unique(['key', 'checksum']);
  });

  await knex.schema.createTable('matters', (t) => {
    t.text('id').primary();
    t.text('title').notNullable();
    t.integer('definition_id').notNullable().references('process_definitions.id');
    t.text('process_key').notNullable();
    t.integer('process_version').notNullable();
    /** The workflow's first run: the history is read from it onwards through continue-as-new. */
    t.text('first_run_id');
    t.text('status').notNullable();
    t.jsonb('variables').notNullable().defaultTo('{}');
    t.jsonb('active_elements').notNullable().defaultTo('[]');
    t.jsonb('failure');
    /** The workflow's state sequence number last projected here; older projections are ignored. */
    t.bigInteger('seq').notNullable().defaultTo(0);
    t.integer('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.index(['status']);
  });

  await knex.schema.createTable('tasks', (t) => {
    t.text('id').primary();
    t.text('matter_id').notNullable().references('matters.id');
    /** The workflow that owns the task: the matter's, or a called process's (call activity). */
    t.text('workflow_id').notNullable();
    t.text('element_id').notNullable();
    t.text('name');
    t.text('status').notNullable();
    /** Units that may work on the task (BPMN candidate groups). */
    t.specificType('candidate_units', 'text[]').notNullable().defaultTo('{}');
    t.specificType('candidate_users', 'text[]').notNullable().defaultTo('{}');
    t.text('assignee');
    t.text('form_key');
    /** The task's extension attributes, e.g. whether it reopens after a returned report. */
    t.jsonb('properties').notNullable().defaultTo('{}');
    t.timestamp('due_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true });
    t.text('completed_by');
    /** The Idempotency-Key of the request that completed it: a retry gets the same answer. */
    t.text('request_id');
    t.index(['status']);
    t.index(['matter_id']);
  });
  await knex.raw('create index tasks_candidate_units_idx on tasks using gin (candidate_units)');

  /** One row per event; its recipients are units (all their users) and named people. Read marks are per user. */
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id');
    t.specificType('unit_ids', 'text[]').notNullable().defaultTo('{}');
    t.specificType('usernames', 'text[]').notNullable().defaultTo('{}');
    t.text('matter_id').references('matters.id');
    t.text('element_id');
    t.text('kind').notNullable().defaultTo('info');
    t.text('message').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** Names the event (a task opened, a service executed once): retries after a crash write it once. */
    t.text('dedupe_key').notNullable().unique();
  });
  await knex.raw('create index notifications_unit_ids_idx on notifications using gin (unit_ids)');
  await knex.raw('create index notifications_usernames_idx on notifications using gin (usernames)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['notifications', 'tasks', 'matters', 'process_definitions', 'users', 'units']) {
    await knex.schema.dropTableIfExists(table);
  }
}
