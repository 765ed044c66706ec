/** Matters: each one a run of the interpreter workflow over a deployed definition version. */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { type MatterSnapshot, type ProcessInput, PROCESS_WORKFLOW, matterWorkflowId, stateQuery, syncUpdate } from '../../workflows/api';
import type { Variables } from '../../workflows/engine/state';
import type { AuthUser } from '../auth';
import { forbidden, notFound } from '../errors';
import { findDefinition } from './definitions';

export interface TemporalContext {
  client: Client;
  taskQueue: string;
}

export interface MatterRow {
  id: string;
  title: string;
  definition_id: number;
  process_key: string;
  process_version: number;
  first_run_id: string | null;
  status: string;
  variables: Variables;
  active_elements: unknown[];
  failure: unknown;
  seq: number;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

export async function startMatter(
  knex: Knex,
  temporal: TemporalContext,
  request: { processKey: string; processVersion?: number; title: string; variables: Variables },
  user: AuthUser,
  tuning: Pick<ProcessInput, 'continueAsNewAfterEvents'> = {},
): Promise<{ id: string }> {
  const definition = await findDefinition(knex, request.processKey, request.processVersion);
  const id = randomUUID();
  await knex('matters').insert({
    id,
    title: request.title,
    definition_id: definition.id,
    process_key: definition.key,
    process_version: definition.version,
    status: 'running',
    variables: JSON.stringify(request.variables),
    created_by: user.id,
  });
  const input: ProcessInput = {
    matterId: id,
    definition: { id: definition.id, key: definition.key, version: definition.version },
    graph: definition.graph,
    variables: request.variables,
    ...tuning,
  };
  let handle;
  try {
    handle = await temporal.client.workflow.start(PROCESS_WORKFLOW, {
      workflowId: matterWorkflowId(id),
      taskQueue: temporal.taskQueue,
      args: [input],
      searchAttributes: { ProcessKey: [definition.key], ProcessVersion: [definition.version], MatterStatus: ['running'] },
      memo: { title: request.title },
    });
  } catch (err) {
    await knex('matters').where({ id }).delete();
    throw err;
  }
  await knex('matters').where({ id }).update({ first_run_id: handle.firstExecutionRunId });
  // Answer once the first tasks are in the inboxes, so the caller reads what it just did.
  await handle.executeUpdate(syncUpdate);
  return { id };
}

/** Supervisors, leaders, designers and admins see every matter; a unit sees the matters it has tasks in. */
export function seesAllMatters(user: AuthUser): boolean {
  return user.role !== 'unit';
}

export async function findVisibleMatter(knex: Knex, id: string, user: AuthUser): Promise<MatterRow> {
  const row = await knex<MatterRow>('matters').where({ id }).first();
  if (!row) throw notFound(`matter ${id}`);
  if (!seesAllMatters(user)) {
    const involved = await knex('tasks').where({ matter_id: id }).whereRaw('candidate_units @> ?', [[user.unitId]]).first();
    if (!involved) throw forbidden('this matter has no task for your unit');
  }
  return row;
}

/** The workflow's own view of a matter; the projection stands in when the workflow cannot answer. */
export async function matterState(knex: Knex, temporal: TemporalContext, row: MatterRow): Promise<MatterSnapshot & { stale?: boolean }> {
  try {
    return await temporal.client.workflow.getHandle(matterWorkflowId(row.id)).query(stateQuery);
  } catch {
    const tasks = await knex('tasks').where({ matter_id: row.id, status: 'open' });
    return {
      status: row.status as MatterSnapshot['status'],
      definition: { id: row.definition_id, key: row.process_key, version: row.process_version },
      variables: row.variables,
      activeElements: row.active_elements as MatterSnapshot['activeElements'],
      completedElements: [],
      openTasks: tasks.map(taskStateFromRow),
      seq: Number(row.seq),
      stale: true,
    };
  }
}

export interface TaskRow {
  id: string;
  matter_id: string;
  workflow_id: string;
  element_id: string;
  name: string | null;
  status: 'open' | 'completed' | 'cancelled';
  candidate_units: string[];
  candidate_users: string[];
  assignee: string | null;
  form_key: string | null;
  due_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  request_id: string | null;
  matter_title?: string;
}

function taskStateFromRow(row: TaskRow): MatterSnapshot['openTasks'][number] {
  return {
    id: row.id,
    instanceId: '',
    elementId: row.element_id,
    name: row.name ?? undefined,
    candidateUnits: row.candidate_units,
    candidateUsers: row.candidate_users,
    assignee: row.assignee ?? undefined,
    formKey: row.form_key ?? undefined,
    dueAt: row.due_at?.getTime(),
    createdAt: row.created_at.getTime(),
    status: row.status,
  };
}
