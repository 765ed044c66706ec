/**
 * Activities: everything the interpreter workflow does outside itself. Each takes one typed
 * input object. Built by a factory so the worker hands them their database.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { ProcessGraph } from '../bpmn/graph';
import type { DefinitionRef } from '../workflows/api';
import type { DrillClock } from '../workflows/clock';
import type { ActiveElement } from '../workflows/engine/engine';
import type { CompletedElement, ProcessStatus, TaskState, Variables } from '../workflows/engine/state';
import { closeMonth } from '../server/services/board';
import { type PullResult, pullFeed } from '../server/services/superior';
import { serviceTasks } from './services';

export interface Projection {
  matterId: string;
  workflowId: string;
  /** A called process projects its tasks only; the matter row is its parent's. */
  child: boolean;
  seq: number;
  status: ProcessStatus;
  variables: Variables;
  activeElements: ActiveElement[];
  /** Elements completed since the previous projection: read back from the event history as the matter's history. */
  completed: CompletedElement[];
  tasks: TaskState[];
  failure?: { message: string; elementId?: string };
  termination?: { reason: string; by: string; at: number };
}

export interface ServiceTaskInput {
  matterId: string;
  /** Unique within the matter for this execution of the element: the key for idempotent side effects. */
  instanceKey: string;
  elementId: string;
  taskType: string;
  variables: Variables;
}

export function createActivities(knex: Knex, drill?: DrillClock) {
  return {
    /** Writes a workflow state to the read model. Idempotent, and older states never overwrite newer ones. */
    async projectMatter(p: Projection): Promise<void> {
      await knex.transaction(async (trx) => {
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
    },

    async runServiceTask(input: ServiceTaskInput): Promise<Variables> {
      const service = serviceTasks[input.taskType];
      if (!service) throw ApplicationFailure.nonRetryable(`no service is registered for task type "${input.taskType}"`);
      return service(knex, input);
    },

    /** Issues the cards of a month that has closed (idempotent). */
    async closeMonth({ month }: { month: string }): Promise<{ cards: number }> {
      return { cards: (await closeMonth(knex, month)).length };
    },

    /** Takes in a superior system's feed; the matters start on this worker's task queue. */
    async pullSuperiorFeed({ systemId }: { systemId: number }): Promise<PullResult> {
      const context = Context.current();
      return pullFeed(knex, { client: context.client, taskQueue: context.info.taskQueue, drill }, systemId);
    },

    /** The latest deployed version of a process: what a call activity starts. */
    async loadDefinition({ key }: { key: string }): Promise<{ definition: DefinitionRef; graph: ProcessGraph }> {
      const row = await knex('process_definitions').where({ key }).orderBy('version', 'desc').first();
      if (!row) throw ApplicationFailure.nonRetryable(`no process "${key}" is deployed`);
      return { definition: { id: row.id, key: row.key, version: row.version }, graph: row.graph };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
