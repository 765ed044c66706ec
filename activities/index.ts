/**
 * Activities: everything the interpreter workflow does outside itself. Each takes one typed
 * input object. Built by a factory so the worker hands them their database.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { type Incident, PROJECTION_REJECTED } from '../workflows/api';
import type { Activities, Projection } from '../workflows/activities';
import type { DrillClock } from '../workflows/clock';
import { closeMonth } from '../services/board';
import { pullFeed } from '../services/superior';
import { type ServiceTask, serviceTasks } from './service-tasks';
import { deterministicFailure, sanitizeProjection } from './sanitize';

export function createActivities(knex: Knex, drill?: DrillClock): Activities {
  return {
    /** Writes a workflow state to the read model. Idempotent, and older states never overwrite newer ones. */
    async projectMatter(p) {
      let refused: string | undefined;
      try {
        await writeProjection(knex, p);
        // A matter recorded before incidents whose state goes through again: its worker-opened incident is over.
        if (p.onReject === undefined) {
          await knex('incidents')
            .where({ id: legacyIncidentId(p), status: 'open' })
            .update({ status: 'resolved', resolution: 'retried', resolved_by: 'system', resolved_at: knex.fn.now(), updated_at: knex.fn.now() });
        }
        return;
      } catch (err) {
        refused = deterministicFailure(err);
        if (refused === undefined) throw err;
      }
      if (p.onReject === 'fail') throw ApplicationFailure.create({ type: PROJECTION_REJECTED, message: refused, nonRetryable: true });
      const at = Date.now();
      const incidents = p.onReject === 'sanitize' ? (p.incidents ?? []) : [legacyIncident(p, refused, at)];
      const sanitized = sanitizeProjection({ ...p, incidents });
      try {
        await writeProjection(knex, sanitized, p.onReject === undefined);
      } catch (err) {
        const again = deterministicFailure(err);
        if (again === undefined) throw err;
        // Even sanitized it is refused: record the step and the incidents, and leave the rest as it was.
        await writeProjection(knex, { ...sanitized, variables: {}, activeElements: [], tasks: [], failure: undefined, termination: undefined }, p.onReject === undefined, true);
      }
    },

    async runServiceTask(input) {
      const service = (serviceTasks as Record<string, ServiceTask | undefined>)[input.taskType];
      if (!service) throw ApplicationFailure.nonRetryable(`no service is registered for task type "${input.taskType}"`);
      try {
        return await service(knex, input);
      } catch (err) {
        // The same data would be refused again: no use retrying it.
        const refused = deterministicFailure(err);
        if (refused !== undefined) throw ApplicationFailure.create({ type: 'ServiceDataRejected', message: refused, nonRetryable: true });
        throw err;
      }
    },

    /** Issues the cards of a month that has closed (idempotent). */
    async closeMonth({ month }) {
      return { cards: (await closeMonth(knex, month)).length };
    },

    /** Takes in a superior system's feed; the matters start on this worker's task queue. */
    async pullSuperiorFeed({ systemId }) {
      const context = Context.current();
      return pullFeed(knex, { client: context.client, taskQueue: context.info.taskQueue, drill }, systemId);
    },

    /** The latest deployed version of a process: what a call activity starts. */
    async loadDefinition({ key }) {
      const row = await knex('process_definitions').where({ key }).orderBy('version', 'desc').first();
      if (!row) throw ApplicationFailure.nonRetryable(`no process "${key}" is deployed`);
      return { definition: { id: row.id, key: row.key, version: row.version }, graph: row.graph };
    },
  };
}

export type { Activities };

/**
 * The incident of a matter recorded before incidents whose state PostgreSQL refuses: one per
 * matter, opened here since its workflow knows nothing of incidents (resolved in the table only).
 */
function legacyIncident(p: Projection, message: string, at: number): Incident {
  return { id: legacyIncidentId(p), kind: 'projection', message, at, status: 'open', retries: 0 };
}
const legacyIncidentId = (p: Pick<Projection, 'workflowId'>) => `projection-${p.workflowId}`;

/**
 * Writes a workflow state to the read model. Idempotent, and older states never overwrite newer ones.
 * `legacy`: the incidents are the worker's own (reopened whenever the state is refused again);
 * `minimal`: the matter's step and status only.
 */
async function writeProjection(knex: Knex, p: Projection, legacy = false, minimal = false): Promise<void> {
  await knex.transaction(async (trx) => {
    if (p.incidents && p.incidents.length > 0) {
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
    if (minimal) {
      if (!p.child) await trx('matters').where({ id: p.matterId }).andWhere('seq', '<', p.seq).update({ seq: p.seq, status: p.status, updated_at: trx.fn.now() });
      return;
    }
    if (!p.child) {
      const ended = p.status !== 'running';
      await trx('matters')
        .where({ id: p.matterId })
        .andWhere('seq', '<', p.seq)
        .update({
          seq: p.seq,
          status: p.status,
          variables: JSON.stringify(p.variables),
          active_elements: JSON.stringify(p.activeElements),
          failure: p.failure ? JSON.stringify(p.failure) : null,
          termination: p.termination ? JSON.stringify(p.termination) : null,
          updated_at: trx.fn.now(),
          ended_at: ended ? trx.raw('coalesce(ended_at, now())') : null,
        });
    }
    if (p.tasks.length === 0) return;
    const rows = p.tasks.map((t) => ({
      id: t.id,
      matter_id: p.matterId,
      workflow_id: p.workflowId,
      element_id: t.elementId,
      name: t.name ?? null,
      status: t.status,
      candidate_units: t.candidateUnits,
      candidate_users: t.candidateUsers,
      assignee: t.assignee ?? null,
      form_key: t.formKey ?? null,
      properties: JSON.stringify(t.properties ?? {}),
      due_at: t.dueAt ? new Date(t.dueAt) : null,
      created_at: new Date(t.createdAt),
      completed_at: t.completedAt ? new Date(t.completedAt) : null,
      completed_by: t.completedBy ?? null,
      request_id: t.requestId ?? null,
    }));
    const known = new Set(await trx('tasks').whereIn('id', rows.map((r) => r.id)).pluck('id'));
    // A new task is news for its units: it lands in their inbox and their notifications.
    const opened = p.tasks.filter((t) => t.status === 'open' && !known.has(t.id));
    // A closed task never reopens, whatever order projections arrive in.
    await trx('tasks')
      .insert(rows)
      .onConflict('id')
      .merge(['status', 'candidate_units', 'candidate_users', 'assignee', 'completed_at', 'completed_by', 'request_id'])
      .where('tasks.status', 'open');
    const notices = opened.map((t) => ({
      unit_ids: t.candidateUnits,
      usernames: [...t.candidateUsers, ...(t.assignee ? [t.assignee] : [])],
      matter_id: p.matterId,
      element_id: t.elementId,
      kind: 'task',
      message: `新任务：${t.name ?? t.elementId}`,
      dedupe_key: `task:${t.id}`,
    }));
    if (notices.length > 0) await trx('notifications').insert(notices).onConflict('dedupe_key').ignore();
  });
}
