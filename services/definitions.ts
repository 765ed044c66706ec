/** Deploying BPMN diagrams: compile, then store as the next version of their process key. */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { compileProcesses } from '../bpmn/compile';
import type { CompileError, ProcessGraph } from '../bpmn/graph';
import { invalidInput, notFound } from './errors';

export interface DefinitionRow {
  id: number;
  key: string;
  version: number;
  name: string | null;
  checksum: string;
  xml: string;
  graph: ProcessGraph;
  deployed_by: string | null;
  deployed_at: Date;
}

/** One process of a deployed diagram. */
export interface DeployedProcess {
  id: number;
  key: string;
  version: number;
  name?: string;
  /** False when the same XML was already deployed: deploying it again changes nothing. */
  created: boolean;
  /** What the compiler found worth saying about a diagram it accepted, by element. */
  warnings: CompileError[];
}

/** A deployment: its first executable process, and every one the file holds (that one first). */
export interface Deployment extends DeployedProcess {
  processes: DeployedProcess[];
}

/**
 * Deploys a diagram: every executable process in it becomes the next version of its key, all or none
 * (a collaboration of several pools deploys them all).
 */
export async function deployDefinition(knex: Knex, xml: string, deployedBy?: string): Promise<Deployment> {
  const result = await compileProcesses(xml);
  if (!result.ok) throw invalidInput('the diagram cannot be deployed', result.errors);
  const processes = await knex.transaction(async (trx) => {
    // In one order, so two deployments of several processes cannot deadlock on their keys.
    for (const key of result.processes.map((p) => p.graph.key).sort()) await lockKey(trx, key);
    const deployed: DeployedProcess[] = [];
    for (const { graph, warnings } of result.processes) deployed.push(await storeDefinition(trx, graph, xml, deployedBy, warnings));
    return deployed;
  });
  return { ...processes[0], processes };
}

/** Serialises deployments of one key, so two at once cannot take the same version (held until the transaction ends). */
export async function lockKey(trx: Knex.Transaction, key: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [key]);
}

/** Stores a compiled process as the next version of its key, unless the same XML is already deployed. */
export async function storeDefinition(trx: Knex.Transaction, graph: ProcessGraph, xml: string, deployedBy?: string, warnings: CompileError[] = []): Promise<DeployedProcess> {
  const checksum = createHash('sha256').update(xml).digest('hex');
  await lockKey(trx, graph.key);
  const same = await trx<DefinitionRow>('process_definitions').where({ key: graph.key, checksum }).first();
  if (same) return { id: same.id, key: same.key, version: same.version, name: same.name ?? undefined, created: false, warnings };
  const latest = await trx('process_definitions').where({ key: graph.key }).max<{ max: number | null }>('version as max').first();
  const version = (latest?.max ?? 0) + 1;
  const [row] = await trx('process_definitions')
    .insert({ key: graph.key, version, name: graph.name ?? null, checksum, xml, graph: JSON.stringify(graph), deployed_by: deployedBy ?? null })
    .returning(['id']);
  return { id: row.id, key: graph.key, version, name: graph.name, created: true, warnings };
}

export async function findDefinition(knex: Knex, key: string, version?: number): Promise<DefinitionRow> {
  const query = knex<DefinitionRow>('process_definitions').where({ key });
  const row = await (version ? query.andWhere({ version }) : query.orderBy('version', 'desc')).first();
  if (!row) throw notFound(version ? `process ${key} version ${version}` : `process ${key}`);
  return row;
}

/** A deployed version by its definition id (Camunda's processDefinitionKey). */
export async function findDefinitionById(knex: Knex, id: number): Promise<DefinitionRow> {
  const row = (await knex<DefinitionRow>('process_definitions').where({ id }).first()) as DefinitionRow | undefined;
  if (!row) throw notFound(`process definition ${id}`);
  return row;
}

/** The latest version of every process. */
export async function listDefinitions(knex: Knex): Promise<Omit<DefinitionRow, 'xml' | 'graph' | 'checksum'>[]> {
  return knex<DefinitionRow>('process_definitions')
    .distinctOn('key')
    .select('id', 'key', 'version', 'name', 'deployed_at', 'deployed_by')
    .orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
}

/** Every version of a process, newest first: who deployed it and when; a process never deployed is a 404. */
export async function listVersions(knex: Knex, key: string): Promise<Omit<DefinitionRow, 'xml' | 'graph' | 'checksum'>[]> {
  const rows = await knex<DefinitionRow>('process_definitions').where({ key }).select('id', 'key', 'version', 'name', 'deployed_at', 'deployed_by').orderBy('version', 'desc');
  if (rows.length === 0) throw notFound(`process ${key}`);
  return rows;
}

/** The latest version of every process that a message or signal of this name starts (a start event waits for it). */
export async function definitionsStartedBy(
  knex: Knex,
  trigger: { kind: 'message'; messageName: string } | { kind: 'signal'; signalName: string },
): Promise<DefinitionRow[]> {
  const latest = knex<DefinitionRow>('process_definitions').distinctOn('key').select('*').orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
  return knex
    .select('*')
    .from(latest.as('latest'))
    .whereRaw(`graph->'starts' @> ?::jsonb`, [JSON.stringify([{ trigger }])])
    .orderBy('key');
}

/** The compiled graph of every version of a process, oldest first. */
export async function definitionGraphs(knex: Knex, key: string): Promise<ProcessGraph[]> {
  const rows = await knex<DefinitionRow>('process_definitions').where({ key }).orderBy('version').select('graph');
  return rows.map((r) => r.graph);
}
