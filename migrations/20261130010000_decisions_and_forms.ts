import type { Knex } from 'knex';

/**
 * Decisions and forms deployed beside the diagrams: each DMN decision id and each form id gets
 * numbered versions, as process keys do. A user task records the form it was opened with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decisions', (t) => {
    t.increments('id');
    /** The DMN decision id a business rule task names (zeebe:calledDecision decisionId). */
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('name');
    /** The id of the DMN file's definitions (its decision requirements graph). */
    t.text('requirements_key').notNullable();
    /** Of the whole DMN file: a file deployed again unchanged adds no version. */
    t.text('checksum').notNullable();
    t.text('xml').notNullable();
    /** The file's decisions as bpmn/dmn.ts parsed them: this one and those it requires. */
    t.jsonb('requirements').notNullable();
    t.text('deployed_by');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
    t.unique(['key', 'checksum']);
  });

  await knex.schema.createTable('forms', (t) => {
    t.increments('id');
    /** The form-js schema's id, which a user task links with zeebe:formDefinition formId. */
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('name');
    t.text('checksum').notNullable();
    t.jsonb('schema').notNullable();
    t.text('deployed_by');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
    t.unique(['key', 'checksum']);
  });

  await knex.schema.alterTable('tasks', (t) => {
    /** A linked form: its id, and the version that was the latest when the task opened (none deployed yet: null, the latest is read). */
    t.text('form_id');
    t.integer('form_version');
    /** A form embedded in the diagram (zeebe:userTaskForm). */
    t.jsonb('form_schema');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('form_id');
    t.dropColumn('form_version');
    t.dropColumn('form_schema');
  });
  await knex.schema.dropTableIfExists('forms');
  await knex.schema.dropTableIfExists('decisions');
}
