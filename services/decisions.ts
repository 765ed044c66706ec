/** Deployed DMN decisions: the owner of the `decisions` table. Each decision id has numbered versions. */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { DecisionRequirements } from '../bpmn/dmn';
import { notFound } from './errors';

export interface DecisionRow {
  id: number;
  key: string;
  version: number;
  name: string | null;
  requirements_key: string;
  checksum: string;
  xml: string;
  requirements: DecisionRequirements;
  deployed_by: string | null;
  deployed_at: Date;
}

export interface DecisionDeployment {
  id: number;
  key: string;
  version: number;
  name?: string;
  /** False when the same DMN file was already deployed: deploying it again changes nothing. */
  created: boolean;
}

/** Stores every decision of a parsed DMN file as the next version of its id, unless this file is that decision's version already. */
export async function storeDecisions(trx: Knex.Transaction, requirements: DecisionRequirements, xml: string, deployedBy?: string): Promise<DecisionDeployment[]> {
  const checksum = createHash('sha256').update(xml).digest('hex');
  const deployments: DecisionDeployment[] = [];
  for (const decision of Object.values(requirements.decisions).sort((a, b) => a.id.localeCompare(b.id))) {
    // Serialise deployments of one decision so two at once cannot take the same version.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`decision:${decision.id}`]);
    const same = await trx<DecisionRow>('decisions').where({ key: decision.id, checksum }).first();
    if (same) {
      deployments.push({ id: same.id, key: same.key, version: same.version, name: same.name ?? undefined, created: false });
      continue;
    }
    const latest = await trx('decisions').where({ key: decision.id }).max<{ max: number | null }>('version as max').first();
    const version = (latest?.max ?? 0) + 1;
    const [row] = await trx('decisions')
      .insert({
        key: decision.id,
        version,
        name: decision.name ?? null,
        requirements_key: requirements.key,
        checksum,
        xml,
        requirements: JSON.stringify(requirements),
        deployed_by: deployedBy ?? null,
      })
      .returning(['id']);
    deployments.push({ id: row.id, key: decision.id, version, name: decision.name, created: true });
  }
  return deployments;
}

/** A decision: the latest version, or `version`. */
export async function findDecision(knex: Knex, key: string, version?: number): Promise<DecisionRow> {
  const query = knex<DecisionRow>('decisions').where({ key });
  const row = await (version ? query.andWhere({ version }) : query.orderBy('version', 'desc')).first();
  if (!row) throw notFound(version ? `decision ${key} version ${version}` : `decision ${key}`);
  return row;
}

/** The latest version of every decision. */
export async function listDecisions(knex: Knex): Promise<Pick<DecisionRow, 'id' | 'key' | 'version' | 'name' | 'requirements_key' | 'deployed_at' | 'deployed_by'>[]> {
  return knex<DecisionRow>('decisions')
    .distinctOn('key')
    .select('id', 'key', 'version', 'name', 'requirements_key', 'deployed_at', 'deployed_by')
    .orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
}
