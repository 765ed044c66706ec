/**
 * Incidents: what a matter could not do by itself (see workflows/api.ts Incident), listed from the
 * incidents table its projections keep, retried and resolved through the matter's workflow.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { type Incident, resolveIncidentUpdate, retryIncidentUpdate } from '../workflows/api';
import type { Variables } from '../workflows/engine/state';
import type { Projection } from '../workflows/activities';
import type { User } from '../supervision/access';
import { conflict, notFound } from './errors';
import { setMatterVariables } from './matters';
import type { TemporalContext } from './context';

export interface IncidentRow {
  id: string;
  matter_id: string;
  workflow_id: string;
  kind: Incident['kind'];
  element_id: string | null;
  message: string;
  status: 'open' | 'resolved';
  retries: number;
  in_workflow: boolean;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: Incident['resolution'] | null;
  matter_title?: string;
}

export function incidentView(row: IncidentRow) {
  return {
    id: row.id,
    matterId: row.matter_id,
    matterTitle: row.matter_title,
    kind: row.kind,
    elementId: row.element_id ?? undefined,
    message: row.message,
    status: row.status,
    retries: row.retries,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString(),
    resolvedBy: row.resolved_by ?? undefined,
    resolution: row.resolution ?? undefined,
  };
}

export type IncidentView = ReturnType<typeof incidentView>;

/**
 * Writes a projection's incidents. `legacy`: they are the worker's own, for a matter recorded before
 * incidents (reopened whenever its state is refused again; retries are not the workflow's).
 */
export async function writeIncidents(trx: Knex.Transaction, p: Pick<Projection, 'matterId' | 'workflowId' | 'incidents'>, legacy: boolean): Promise<void> {
  if (!p.incidents || p.incidents.length === 0) return;
  const rows = p.incidents.map((i) => ({
    id: i.id,
    matter_id: p.matterId,
    workflow_id: p.workflowId,
    kind: i.kind,
    element_id: i.elementId ?? null,
    message: i.message,
    status: i.status,
    retries: i.retries,
    in_workflow: !legacy,
    created_at: new Date(i.at),
    updated_at: trx.fn.now(),
    resolved_at: i.resolvedAt ? new Date(i.resolvedAt) : null,
    resolved_by: i.resolvedBy ?? null,
    resolution: i.resolution ?? null,
  }));
  await trx('incidents')
    .insert(rows)
    .onConflict('id')
    .merge(legacy ? ['message', 'status', 'updated_at', 'resolved_at', 'resolved_by', 'resolution'] : ['message', 'status', 'retries', 'element_id', 'updated_at', 'resolved_at', 'resolved_by', 'resolution']);
}

/** The worker-opened incident of a matter recorded before incidents is over once its state goes through. */
export async function resolveLegacyIncident(knex: Knex, id: string): Promise<void> {
  await knex('incidents')
    .where({ id, status: 'open' })
    .update({ status: 'resolved', resolution: 'retried', resolved_by: 'system', resolved_at: knex.fn.now(), updated_at: knex.fn.now() });
}

const withTitles = (knex: Knex) => knex<IncidentRow>('incidents').join('matters', 'matters.id', 'incidents.matter_id').select('incidents.*', 'matters.title as matter_title');

/** Incidents across matters, the open and newest first. */
export async function listIncidents(knex: Knex, filter: { status?: 'open' | 'resolved'; matterId?: string; limit?: number }): Promise<IncidentView[]> {
  const q = withTitles(knex);
  if (filter.status) q.where('incidents.status', filter.status);
  if (filter.matterId) q.where('incidents.matter_id', filter.matterId);
  const rows = await q.orderByRaw("incidents.status = 'open' desc, incidents.created_at desc, incidents.id").limit(filter.limit ?? 200);
  return rows.map(incidentView);
}

/** A matter's incidents, oldest first: what its page lists. */
export async function matterIncidents(knex: Knex, matterId: string): Promise<IncidentView[]> {
  return (await withTitles(knex).where('incidents.matter_id', matterId).orderBy([{ column: 'incidents.created_at' }, { column: 'incidents.id' }])).map(incidentView);
}

async function findOpen(knex: Knex, id: string): Promise<IncidentRow & { matter_status: string }> {
  const row = await knex('incidents').join('matters', 'matters.id', 'incidents.matter_id').where('incidents.id', id).first('incidents.*', 'matters.title as matter_title', 'matters.status as matter_status');
  if (!row) throw notFound(`incident ${id}`);
  if (row.status !== 'open') throw conflict(`incident ${id} is already resolved`);
  return row;
}

const audit = (knex: Knex, row: IncidentRow, action: string, user: User, details: object) =>
  knex('matter_audit').insert({ matter_id: row.matter_id, action, by: user.username, details: JSON.stringify({ incidentId: row.id, elementId: row.element_id ?? undefined, ...details }) });

/**
 * Tries an incident again, after setting the given variables (the fix for what was refused).
 * Answers the incident as it stands after; a retry that fails again is a conflict naming why.
 */
export async function retryIncident(knex: Knex, temporal: TemporalContext, id: string, variables: Variables | undefined, user: User): Promise<IncidentView> {
  const row = await findOpen(knex, id);
  if (row.matter_status !== 'running') throw conflict(`matter ${row.matter_id} is ${row.matter_status}: its incident can only be resolved`);
  await audit(knex, row, 'incident-retried', user, { variables: variables ?? {} });
  const stoppedHere = () => knex('incidents').where({ matter_id: row.matter_id, element_id: row.element_id, kind: 'element', status: 'open' }).select('id', 'message');
  const stoppedBefore = new Set(row.kind === 'element' ? (await stoppedHere()).map((i) => i.id) : []);
  if (row.in_workflow) {
    await temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(retryIncidentUpdate, { args: [{ incidentId: id, variables, by: user.username }] });
  } else {
    // A matter recorded before incidents: its next projection settles the worker's incident one way or the other.
    await setMatterVariables(temporal, row.matter_id, variables ?? {});
  }
  const after = (await withTitles(knex).where('incidents.id', id).first())!;
  if (after.status === 'open' && row.kind === 'projection') throw conflict(`the retry was refused again: ${after.message}`);
  if (row.kind === 'element') {
    // A step that fails again stops its element anew: a new incident with the error of now.
    const again = (await stoppedHere()).find((i) => !stoppedBefore.has(i.id));
    if (again) throw conflict(`the retry failed again: ${again.message}`);
  }
  return incidentView(after);
}

/**
 * Closes an incident as it is: a projection's sanitized state stands; a service task given up on fails
 * the matter. An element or job incident of a running matter is refused: accepting it would leave its
 * token stopped for good; it is retried once its cause is fixed, or the matter is terminated.
 */
export async function resolveIncident(knex: Knex, temporal: TemporalContext, id: string, user: User): Promise<IncidentView> {
  const row = await findOpen(knex, id);
  if (row.kind === 'element' && row.matter_status === 'running') {
    throw conflict(`incident ${id} stopped element ${row.element_id}: retry it once its cause is fixed, or terminate the matter`);
  }
  if (row.kind === 'job' && row.matter_status === 'running') {
    throw conflict(`incident ${id} is a job out of retries at ${row.element_id}: retry it once its worker can do it (as Camunda resolves a job incident), or terminate the matter`);
  }
  let viaWorkflow = row.in_workflow && row.matter_status === 'running';
  if (viaWorkflow) {
    try {
      await temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(resolveIncidentUpdate, { args: [{ incidentId: id, by: user.username }] });
    } catch (err) {
      // The matter ended meanwhile: the table is all there is left to resolve it in.
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      viaWorkflow = false;
    }
  }
  if (!viaWorkflow) {
    await knex('incidents')
      .where({ id, status: 'open' })
      .update({ status: 'resolved', resolution: 'accepted', resolved_by: user.username, resolved_at: knex.fn.now(), updated_at: knex.fn.now() });
  }
  await audit(knex, row, 'incident-resolved', user, {});
  return incidentView((await withTitles(knex).where('incidents.id', id).first())!);
}
