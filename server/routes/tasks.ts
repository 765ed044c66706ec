import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type ChangeTaskRequest, TASK_REFUSED, type TaskRefusal, changeTaskUpdate, completeTaskUpdate } from '../../workflows/api';
import { mayWorkOn } from '../../workflows/engine/tasks';
import type { AuthUser } from '../auth';
import { may } from '../../supervision/access';
import { conflict, invalidInput, notAllowed, notFound } from '../../services/errors';
import { TaskRoutes } from '../../contract/tasks';
import { taskLight } from '../../services/lights';
import type { TaskRow, TemporalContext } from '../../services/matters';

export function taskView(row: TaskRow, now: number) {
  return {
    id: row.id,
    matterId: row.matter_id,
    matterTitle: row.matter_title,
    elementId: row.element_id,
    name: row.name ?? undefined,
    status: row.status,
    candidateUnits: row.candidate_units,
    candidateUsers: row.candidate_users,
    assignee: row.assignee ?? undefined,
    formKey: row.form_key ?? undefined,
    dueAt: row.due_at?.toISOString(),
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString(),
    completedBy: row.completed_by ?? undefined,
    light: taskLight(row, now),
  };
}

const actorOf = (user: AuthUser) => ({ username: user.username, unitId: user.unitId });
const asTask = (row: TaskRow) => ({
  assignee: row.assignee ?? undefined,
  candidateUnits: row.candidate_units,
  candidateUsers: row.candidate_users,
});

/** The workflow's refusal of a completion or claim (someone got there first), if that is what failed. */
function taskRefusal(err: unknown): TaskRefusal | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  return cause instanceof ApplicationFailure && cause.type === TASK_REFUSED ? (cause.details?.[0] as TaskRefusal) : undefined;
}

/** Why a closed task refuses a completion, naming who completed it. */
const closedMessage = (row: Pick<TaskRow, 'id' | 'status' | 'completed_by'>) =>
  row.status === 'completed' && row.completed_by ? `task ${row.id} was already completed by ${row.completed_by}` : `task ${row.id} is already ${row.status}`;

function tasksWithTitles(knex: Knex) {
  return knex<TaskRow>('tasks').join('matters', 'matters.id', 'tasks.matter_id').select('tasks.*', 'matters.title as matter_title');
}

export const taskRoutes: FastifyPluginAsyncTypebox<{ knex: Knex; temporal: TemporalContext }> = async (app, { knex, temporal }) => {
  /** The caller's inbox: tasks of their unit, or named to them. */
  app.get(
    '/tasks',
    { schema: TaskRoutes.list },
    async (request) => {
      const { username, unitId } = request.user;
      const rows = await tasksWithTitles(knex)
        .where('tasks.status', request.query.status ?? 'open')
        .andWhere((q) =>
          q
            .whereRaw('tasks.candidate_units @> ?', [[unitId]])
            .orWhereRaw('tasks.candidate_users @> ?', [[username]])
            .orWhere('tasks.assignee', username),
        )
        // What is due soonest first (the overdue at the top), then the newest of the rest.
        .orderBy([{ column: 'tasks.due_at', order: 'asc', nulls: 'last' }, { column: 'tasks.created_at', order: 'desc' }])
        .limit(500);
      return { items: rows.map((row) => taskView(row, app.now())) };
    },
  );

  /** A task the user may see (their unit's, or any for those who oversee) or, for `work`, act on. */
  const findTask = async (id: string, user: AuthUser, access: 'see' | 'work' | 'dispatch'): Promise<TaskRow> => {
    const row = await tasksWithTitles(knex).where('tasks.id', id).first();
    if (!row) throw notFound(`task ${id}`);
    const allowed =
      mayWorkOn(asTask(row), actorOf(user)) ||
      (access === 'see' && may(user.role, 'tasks.seeAll')) ||
      (access === 'dispatch' && may(user.role, 'tasks.dispatch'));
    if (!allowed) throw notAllowed(`task ${id} is not your unit's`);
    return row;
  };

  /** The task once its completion is in the read model (a refused request may arrive before it is). */
  const waitForCompletion = async (id: string): Promise<TaskRow | undefined> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const row = await tasksWithTitles(knex).where('tasks.id', id).first();
      if (!row || row.status !== 'open' || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const changeTask = async (row: TaskRow, request: ChangeTaskRequest) => {
    if (row.status !== 'open') throw conflict(closedMessage(row));
    await temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(changeTaskUpdate, { args: [request] });
    return taskView((await tasksWithTitles(knex).where('tasks.id', row.id).first())!, app.now());
  };

  app.post('/tasks/:id/claim', { schema: TaskRoutes.claim }, async (request) => {
    const row = await findTask(request.params.id, request.user, 'work');
    return changeTask(row, { taskId: row.id, action: 'claim', actor: actorOf(request.user) });
  });

  app.post('/tasks/:id/unclaim', { schema: TaskRoutes.unclaim }, async (request) => {
    const row = await findTask(request.params.id, request.user, 'work');
    return changeTask(row, { taskId: row.id, action: 'unclaim', actor: actorOf(request.user) });
  });

  /** Hand the task to another unit (转办): its holder or a supervisor may. */
  app.post(
    '/tasks/:id/delegate',
    { schema: TaskRoutes.delegate },
    async (request) => {
      const row = await findTask(request.params.id, request.user, 'dispatch');
      const unit = await knex('units').where({ id: request.body.unitId }).first();
      if (!unit) throw invalidInput(`no unit ${request.body.unitId}`, [{ path: '/body/unitId', message: 'unknown unit' }]);
      return changeTask(row, { taskId: row.id, action: 'delegate', unitId: unit.id, actor: actorOf(request.user) });
    },
  );

  app.get('/tasks/:id', { schema: TaskRoutes.get }, async (request) => {
    const row = await findTask(request.params.id, request.user, 'see');
    const matter = await knex('matters').where({ id: row.matter_id }).first('variables');
    return { ...taskView(row, app.now()), variables: matter?.variables ?? {} };
  });

  app.post(
    '/tasks/:id/complete',
    { schema: TaskRoutes.complete },
    async (request) => {
      const requestId = request.headers['idempotency-key'];
      const row = await findTask(request.params.id, request.user, 'work');
      /** The answer of the completion that was applied, read back: what a repeat of its request gets. */
      const answered = async (done: TaskRow) => {
        const opened = await knex('tasks')
          .where({ workflow_id: done.workflow_id, created_at: done.completed_at })
          .whereNot('id', done.id)
          .orderByRaw('length(id), id')
          .pluck('id');
        const matter = await knex('matters').where({ id: done.matter_id }).first('status');
        return { task: taskView(done, app.now()), openedTasks: opened, matterStatus: matter?.status };
      };
      if (row.status !== 'open') {
        // The same request again (a retry, a double click) gets the same answer.
        if (requestId && row.request_id === requestId) return answered(row);
        throw conflict(closedMessage(row));
      }
      try {
        const result = await temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(completeTaskUpdate, {
          args: [{ taskId: row.id, variables: request.body.variables ?? {}, actor: actorOf(request.user), requestId }],
          updateId: requestId ?? randomUUID(),
        });
        const done = await tasksWithTitles(knex).where('tasks.id', row.id).first();
        return { task: taskView(done!, app.now()), openedTasks: result.openedTasks.map((t) => t.id), matterStatus: result.status };
      } catch (err) {
        // The workflow takes one completion: the others hear who got there first.
        const refusal = taskRefusal(err);
        if (!refusal) throw err;
        if (refusal.reason !== 'completed') throw conflict((err as Error & { cause: Error }).cause.message);
        const done = await waitForCompletion(row.id);
        if (requestId && done?.request_id === requestId) return answered(done);
        throw conflict(done && done.status !== 'open' ? closedMessage(done) : closedMessage({ id: row.id, status: 'completed', completed_by: refusal.by ?? null }));
      }
    },
  );
};
