/**
 * Deployed forms: the owner of the `forms` table. A `.form` file is a form-js schema (JSON with an
 * `id` and `components`), stored as numbered versions of its id; user tasks link it by that id.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ErrorDetail } from './errors';
import { notFound } from './errors';

export interface FormRow {
  id: number;
  key: string;
  version: number;
  name: string | null;
  checksum: string;
  schema: FormSchema;
  deployed_by: string | null;
  deployed_at: Date;
}

/** A form-js schema: free JSON the form editor writes, with at least these. */
export interface FormSchema {
  id: string;
  components: unknown[];
  [property: string]: unknown;
}

export interface FormDeployment {
  id: number;
  key: string;
  version: number;
  name?: string;
  /** False when the same schema was already deployed: deploying it again changes nothing. */
  created: boolean;
}

const MAX_FORM_BYTES = 1024 * 1024;

/** Reads a `.form` file: its schema, or what is wrong with it. */
export function parseForm(text: string): { ok: true; schema: FormSchema } | { ok: false; errors: ErrorDetail[] } {
  const refuse = (message: string, elementId?: string) => ({ ok: false as const, errors: [elementId ? { elementId, message } : { message }] });
  if (new TextEncoder().encode(text).length > MAX_FORM_BYTES) return refuse(`the form is larger than ${MAX_FORM_BYTES} bytes`);
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return refuse(`not JSON: ${(error as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return refuse('a form is a form-js schema: a JSON object');
  const { id, components } = schema as Record<string, unknown>;
  if (typeof id !== 'string' || id.trim() === '') return refuse('the form has no "id": user tasks link a form by it (zeebe:formDefinition formId)');
  if (!Array.isArray(components)) return refuse('the form has no "components" list', id);
  return { ok: true, schema: schema as FormSchema };
}

/** Stores a form as the next version of its id, unless the same schema is already deployed. */
export async function storeForm(trx: Knex.Transaction, schema: FormSchema, deployedBy?: string): Promise<FormDeployment> {
  const text = JSON.stringify(schema);
  const checksum = createHash('sha256').update(text).digest('hex');
  const name = typeof schema.name === 'string' ? schema.name : undefined;
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`form:${schema.id}`]);
  const same = await trx<FormRow>('forms').where({ key: schema.id, checksum }).first();
  if (same) return { id: same.id, key: same.key, version: same.version, name: same.name ?? undefined, created: false };
  const latest = await trx('forms').where({ key: schema.id }).max<{ max: number | null }>('version as max').first();
  const version = (latest?.max ?? 0) + 1;
  const [row] = await trx('forms').insert({ key: schema.id, version, name: name ?? null, checksum, schema: text, deployed_by: deployedBy ?? null }).returning(['id']);
  return { id: row.id, key: schema.id, version, name, created: true };
}

/** A form: the latest version, or `version`. */
export async function findForm(knex: Knex, key: string, version?: number): Promise<FormRow> {
  const query = knex<FormRow>('forms').where({ key });
  const row = await (version ? query.andWhere({ version }) : query.orderBy('version', 'desc')).first();
  if (!row) throw notFound(version ? `form ${key} version ${version}` : `form ${key}`);
  return row;
}

/** The latest version of each of these form ids that is deployed. */
export async function latestFormVersions(knex: Knex, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await knex('forms').whereIn('key', keys).groupBy('key').select('key').max<{ key: string; max: number }[]>('version as max');
  return new Map(rows.map((row) => [row.key, Number(row.max)]));
}

/** The latest version of every form. */
export async function listForms(knex: Knex): Promise<Pick<FormRow, 'id' | 'key' | 'version' | 'name' | 'deployed_at' | 'deployed_by'>[]> {
  return knex<FormRow>('forms')
    .distinctOn('key')
    .select('id', 'key', 'version', 'name', 'deployed_at', 'deployed_by')
    .orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
}
