/** Deploying BPMN diagrams: compile, then store as the next version of their process key. */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
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
  const checksum = createHash('sha256').update(xml).digest('hex');
  const processes = await knex.transaction(async (trx) => {
    // Serialise deployments of one key so two at once cannot take the same version; in one order, so two files cannot deadlock.
    for (const key of result.processes.map((p) => p.graph.key).sort()) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [key]);
    const deployed: DeployedProcess[] = [];
    for (const { graph, warnings } of result.processes) {
      const same = await trx<DefinitionRow>('process_definitions').where({ key: graph.key, checksum }).first();
      if (same) {
        deployed.push({ id: same.id, key: same.key, version: same.version, name: same.name ?? undefined, created: false, warnings });
        continue;
      }
      const latest = await trx('process_definitions').where({ key: graph.key }).max<{ max: number | null }>('version as max').first();
      const version = (latest?.max ?? 0) + 1;
      const [row] = await trx('process_definitions')
        .insert({ key: graph.key, version, name: graph.name ?? null, checksum, xml, graph: JSON.stringify(graph), deployed_by: deployedBy ?? null })
        .returning(['id']);
      deployed.push({ id: row.id, key: graph.key, version, name: graph.name, created: true, warnings });
    }
    return deployed;
  });
  return { ...processes[0], processes };
}

/** Deploys every .bpmn file of a directory (the shipped models, on start). */
export async function deployDirectory(knex: Knex, dir: string): Promise<DeployedProcess[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  const deployments: DeployedProcess[] = [];
  for (const file of files) {
    try {
      deployments.push(...(await deployDefinition(knex, await readFile(path.join(dir, file), 'utf8'), 'system')).processes);
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message} ${JSON.stringify((err as { errors?: unknown }).errors ?? '')}`, { cause: err });
    }
  }
  return deployments;
}

export async function findDefinition(knex: Knex, key: string, version?: number): Promise<DefinitionRow> {
  const query = knex<DefinitionRow>('process_definitions').where({ key });
  const row = await (version ? query.andWhere({ version }) : query.orderBy('version', 'desc')).first();
  if (!row) throw notFound(version ? `process ${key} version ${version}` : `process ${key}`);
  return row;
}

/** The latest version of every process. */
export async function listDefinitions(knex: Knex): Promise<Omit<DefinitionRow, 'xml' | 'graph' | 'checksum'>[]> {
  return knex<DefinitionRow>('process_definitions')
    .distinctOn('key')
    .select('id', 'key', 'version', 'name', 'deployed_at', 'deployed_by')
    .orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
}
