/**
 * Tasks: the owner of the `tasks` table. Row types, the row ↔ engine task ↔ API view mappings, the
 * queries (inbox, a matter's open tasks, the matters a unit takes part in), the projection's writes,
 * and what users do with a task (claim, hand over, complete) through the matter's workflow.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { type User, may } from '../supervision/access';
import { type ChangeTaskRequest, type MatterSnapshot, TASK_REFUSED, type TaskRefusal, changeTaskUpdate, completeTaskUpdate, matterWorkflowId, stateQuery } from '../workflows/api';
import type { Projection } from '../workflows/activities';
import { mayWorkOn } from '../workflows/engine/tasks';
import type { TaskState, Variables } from '../workflows/engine/state';
import type { AppContext } from './context';
import { DomainError, conflict, invalidInput, notAllowed, notFound } from './errors';
import { taskLight } from './lights';
import { validateFormData } from './form-validation';
import { type FormSchema, findForm, latestFormVersions } from './forms';
import { SOMEONE_CAN_TAKE_TASK, existingUnitIds } from './organisation';

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
  /** A linked form's id, and its version when the task opened (null: none was deployed yet). */
  form_id: string | null;
  form_version: number | null;
  /** A form embedded in the diagram. */
  form_schema: FormSchema | null;
  properties: Record<string, unknown> | null;
  due_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  request_id: string | null;
  /** With the matter (tasksWithMatter): its title and status. */
  matter_title?: string;
  matter_status?: string;
  /** (tasksWithMatter) Open, and nobody can take it: it waits in the supervision office's queue for dispatch. */
  for_dispatch?: boolean;
}

export type TaskStatus = TaskRow['status'];

/** A task as the API shows it. */
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
    form: formOf(row),
    dueAt: row.due_at?.toISOString(),
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString(),
    completedBy: row.completed_by ?? undefined,
    light: taskLight(row, now),
    ...(row.for_dispatch ? { forDispatch: true } : {}),
  };
}

export type TaskView = ReturnType<typeof taskView>;

/** Which form the task shows, if any: GET /tasks/:id/form gives its schema. */
function formOf(row: Pick<TaskRow, 'form_id' | 'form_version' | 'form_schema'>): { source: 'linked' | 'embedded'; formId?: string; version?: number } | undefined {
  if (row.form_schema) return { source: 'embedded' };
  if (row.form_id) return { source: 'linked', formId: row.form_id, ...(row.form_version !== null && { version: row.form_version }) };
  return undefined;
}

/** An open task as the engine knows it, read back from its row (when the workflow cannot answer). */
export function taskStateFromRow(row: TaskRow): MatterSnapshot['openTasks'][number] {
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

/** An engine task as the projection stores it. */
function taskRowOf(p: Pick<Projection, 'matterId' | 'workflowId'>, t: TaskState) {
  return {
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
    form_id: t.form && 'formId' in t.form ? t.form.formId : null,
    form_version: null as number | null,
    form_schema: t.form && 'embedded' in t.form ? t.form.embedded : null,
    properties: JSON.stringify(t.properties ?? {}),
    due_at: t.dueAt ? new Date(t.dueAt) : null,
    created_at: new Date(t.createdAt),
    completed_at: t.completedAt ? new Date(t.completedAt) : null,
    completed_by: t.completedBy ?? null,
    request_id: t.requestId ?? null,
  };
}

/**
 * Writes a projection's tasks; a closed task never reopens, whatever order projections arrive in.
 * Returns the tasks that opened with it (news for their units).
 */
export async function writeTasks(trx: Knex.Transaction, p: Pick<Projection, 'matterId' | 'workflowId' | 'tasks'>): Promise<TaskState[]> {
  if (p.tasks.length === 0) return [];
  const rows = p.tasks.map((t) => taskRowOf(p, t));
  const known = new Set(await trx('tasks').whereIn('id', rows.map((r) => r.id)).pluck('id'));
  const opened = p.tasks.filter((t) => t.status === 'open' && !known.has(t.id));
  // A linked form is bound to the version that is the latest when the task opens (it is first written).
  const versions = await latestFormVersions(trx, [...new Set(rows.flatMap((r) => (r.form_id && !known.has(r.id) ? [r.form_id] : [])))]);
  for (const row of rows) if (row.form_id) row.form_version = versions.get(row.form_id) ?? null;
  await trx('tasks')
    .insert(rows)
    .onConflict('id')
    .merge(['status', 'candidate_units', 'candidate_users', 'assignee', 'completed_at', 'completed_by', 'request_id'])
    .where('tasks.status', 'open');
  return opened;
}

/** Tasks with their matter's title and status, and whether they wait for dispatch. */
export function tasksWithMatter(knex: Knex) {
  return knex<TaskRow>('tasks')
    .join('matters', 'matters.id', 'tasks.matter_id')
    .select('tasks.*', 'matters.title as matter_title', 'matters.status as matter_status', knex.raw(`${FOR_DISPATCH} as for_dispatch`));
}

/**
 * An open task nobody can take (no candidate unit or user that exists, no assignee who does: a diagram
 * that names none, or names a unit or user since removed) goes to the supervision office's queue: it
 * shows in the inbox of whoever may hand tasks over (转办), who hands it to a unit.
 */
const FOR_DISPATCH = `(tasks.status = 'open' and not ${SOMEONE_CAN_TAKE_TASK})`;

/** The matters a unit takes part in: those with a task for it. What its users may see. */
export function mattersOfUnit(knex: Knex, unitId: string) {
  return knex('tasks').select('matter_id').whereRaw('candidate_units @> ?', [[unitId]]);
}

/** A matter's open tasks, oldest first within the database's order. */
export function openTasksOf(knex: Knex, matterId: string): Promise<TaskRow[]> {
  return tasksWithMatter(knex).where('tasks.matter_id', matterId).andWhere('tasks.status', 'open');
}

/** Which step each of a matter's tasks was: the event history names tasks by id. */
export async function taskNamesOf(knex: Knex, matterId: string): Promise<Map<string, { elementId: string; taskName?: string }>> {
  const tasks = await knex('tasks').where({ matter_id: matterId }).select('id', 'element_id', 'name');
  return new Map(tasks.map((t) => [t.id, { elementId: t.element_id, taskName: t.name ?? undefined }]));
}

/** The units that hold or held a task of the matter. */
export async function unitsTaskedIn(knex: Knex, matterId: string): Promise<string[]> {
  const rows = await knex('tasks').where({ matter_id: matterId }).select(knex.raw('distinct unnest(candidate_units) as unit'));
  return rows.map((r: { unit: string }) => r.unit);
}

/**
 * The caller's inbox: tasks of their unit, or named to them, and for those who may hand tasks over the
 * tasks nobody can take (the office's queue); what is due soonest first (the overdue at the top), then the newest.
 */
export async function inbox(ctx: AppContext, user: User, status: TaskStatus = 'open'): Promise<TaskView[]> {
  const dispatcher = may(user.role, 'tasks.dispatch');
  const rows = await tasksWithMatter(ctx.knex)
    .where('tasks.status', status)
    .andWhere((q) => {
      q.whereRaw('tasks.candidate_units @> ?', [[user.unitId]])
        .orWhereRaw('tasks.candidate_users @> ?', [[user.username]])
        .orWhere('tasks.assignee', user.username);
      if (dispatcher) q.orWhereRaw(FOR_DISPATCH);
    })
    .orderBy([{ column: 'tasks.due_at', order: 'asc', nulls: 'last' }, { column: 'tasks.created_at', order: 'desc' }])
    .limit(500);
  const now = ctx.now();
  return rows.map((row) => taskView(row, now));
}

const actorOf = (user: User) => ({ username: user.username, unitId: user.unitId });
const asTask = (row: TaskRow) => ({ assignee: row.assignee ?? undefined, candidateUnits: row.candidate_units, candidateUsers: row.candidate_users });

/** A task the user may see (their unit's, or any for those who oversee), work on, or hand over (转办). */
export async function findTask(ctx: AppContext, id: string, user: User, access: 'see' | 'work' | 'dispatch'): Promise<TaskRow> {
  const row = await tasksWithMatter(ctx.knex).where('tasks.id', id).first();
  if (!row) throw notFound(`task ${id}`);
  const allowed =
    mayWorkOn(asTask(row), actorOf(user)) || (access === 'see' && may(user.role, 'tasks.seeAll')) || (access === 'dispatch' && may(user.role, 'tasks.dispatch'));
  if (!allowed) throw notAllowed(`task ${id} is not your unit's`);
  return row;
}

/** A task with the variables of its matter: what its form shows. */
export async function taskWithVariables(ctx: AppContext, id: string, user: User) {
  const row = await findTask(ctx, id, user, 'see');
  const matter = await ctx.knex('matters').where({ id: row.matter_id }).first('variables');
  return { ...taskView(row, ctx.now()), variables: (matter?.variables ?? {}) as Variables };
}

/** The form-js schema the task shows: its embedded form, or the linked form's version bound when it opened (the latest when none was). */
export async function taskForm(ctx: AppContext, id: string, user: User): Promise<FormSchema> {
  const row = await findTask(ctx, id, user, 'see');
  const schema = await formSchemaOf(ctx.knex, row);
  if (!schema) throw notFound(`a form for task ${id}`);
  return schema;
}

/** The task's form-js schema, or undefined when it has none (or its linked form is not deployed). */
async function formSchemaOf(knex: Knex, row: TaskRow): Promise<FormSchema | undefined> {
  if (row.form_schema) return row.form_schema;
  if (!row.form_id) return undefined;
  try {
    return (await findForm(knex, row.form_id, row.form_version ?? undefined)).schema;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

/**
 * A completion through a form-js form submits what the form asks for (services/form-validation.ts):
 * a 400 naming each field that is not, before anything is written.
 */
async function checkFormData(ctx: AppContext, row: TaskRow, variables: Variables): Promise<void> {
  const schema = await formSchemaOf(ctx.knex, row);
  if (!schema) return;
  const matter = await ctx.knex('matters').where({ id: row.matter_id }).first('variables');
  const problems = validateFormData(schema, variables, (matter?.variables ?? {}) as Variables);
  if (problems.length) throw invalidInput(`the form ${schema.id} refuses the data: ${problems.map((p) => p.message).join('; ')}`, problems);
}

/** Why a closed task refuses a completion, naming who completed it. */
const closedMessage = (row: Pick<TaskRow, 'id' | 'status' | 'completed_by'>) =>
  row.status === 'completed' && row.completed_by ? `task ${row.id} was already completed by ${row.completed_by}` : `task ${row.id} is already ${row.status}`;

/** The workflow's refusal of a completion or claim (someone got there first), if that is what failed. */
function taskRefusal(err: unknown): TaskRefusal | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  return cause instanceof ApplicationFailure && cause.type === TASK_REFUSED ? (cause.details?.[0] as TaskRefusal) : undefined;
}

/** Claim, unclaim or hand over (转办) a task; the workflow decides, the answer is the task as it is then. */
export async function changeTask(ctx: AppContext, id: string, user: User, change: { action: 'claim' | 'unclaim' } | { action: 'delegate'; unitId: string }) {
  const row = await findTask(ctx, id, user, change.action === 'delegate' ? 'dispatch' : 'work');
  let request: ChangeTaskRequest;
  if (change.action === 'delegate') {
    const [unitId] = await existingUnitIds(ctx.knex, [change.unitId]);
    if (!unitId) throw invalidInput(`no unit ${change.unitId}`, [{ path: '/body/unitId', message: 'unknown unit' }]);
    request = { taskId: row.id, action: 'delegate', unitId, actor: actorOf(user) };
  } else {
    request = { taskId: row.id, action: change.action, actor: actorOf(user) };
  }
  if (row.status !== 'open') throw conflict(closedMessage(row));
  await ctx.temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(changeTaskUpdate, { args: [request] });
  return taskView((await tasksWithMatter(ctx.knex).where('tasks.id', row.id).first())!, ctx.now());
}

/** The task once its completion is in the read model (a refused request may arrive before it is). */
async function waitForCompletion(knex: Knex, id: string): Promise<TaskRow | undefined> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await tasksWithMatter(knex).where('tasks.id', id).first();
    if (!row || row.status !== 'open' || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How long a completion that ended a called process waits for its caller to go on from it. */
const CALLER_WAIT_MS = 3_000;

/**
 * The status of the matter a called process (workflow `${caller}/${call activity instance}`) works for.
 * When the completion ended the called process, each caller up to the matter takes that end and goes
 * on (it may end too): the answer waits, a few seconds at most, until it has.
 */
async function callingMatterStatus(ctx: AppContext, workflowId: string, status: string): Promise<string> {
  let called = workflowId;
  let calledStatus = status;
  for (let cut = called.lastIndexOf('/'); cut > 0; cut = called.lastIndexOf('/')) {
    const caller = ctx.temporal.client.workflow.getHandle(called.slice(0, cut));
    const instanceId = called.slice(cut + 1);
    const deadline = Date.now() + CALLER_WAIT_MS;
    let state = await caller.query(stateQuery);
    while (calledStatus !== 'running' && state.status === 'running' && state.activeElements.some((a) => a.instanceId === instanceId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await caller.query(stateQuery);
    }
    called = called.slice(0, cut);
    calledStatus = state.status;
  }
  return calledStatus;
}

/**
 * Completes a task, exactly once: the workflow takes one completion and the others hear who got
 * there first; the same request again (a retry, a double click, same `requestId`) gets the same answer.
 */
export async function completeTask(ctx: AppContext, id: string, user: User, completion: { variables: Variables; requestId?: string }) {
  const { knex } = ctx;
  const { requestId } = completion;
  const row = await findTask(ctx, id, user, 'work');
  /** The answer of the completion that was applied, read back: what a repeat of its request gets. */
  const answered = async (done: TaskRow) => {
    const opened = await knex('tasks')
      .where({ workflow_id: done.workflow_id, created_at: done.completed_at })
      .whereNot('id', done.id)
      .orderByRaw('length(id), id')
      .pluck('id');
    const matter = await tasksWithMatter(knex).where('tasks.id', done.id).first();
    return { task: taskView(done, ctx.now()), openedTasks: opened as string[], matterStatus: matter?.matter_status };
  };
  if (row.status !== 'open') {
    if (requestId && row.request_id === requestId) return answered(row);
    throw conflict(closedMessage(row));
  }
  await checkFormData(ctx, row, completion.variables);
  try {
    const result = await ctx.temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(completeTaskUpdate, {
      args: [{ taskId: row.id, variables: completion.variables, actor: actorOf(user), requestId }],
      updateId: requestId ?? randomUUID(),
    });
    const matterStatus = row.workflow_id === matterWorkflowId(row.matter_id) ? result.status : await callingMatterStatus(ctx, row.workflow_id, result.status);
    const done = await tasksWithMatter(knex).where('tasks.id', row.id).first();
    return { task: taskView(done!, ctx.now()), openedTasks: result.openedTasks.map((t) => t.id), matterStatus: matterStatus as string | undefined };
  } catch (err) {
    const refusal = taskRefusal(err);
    if (!refusal) throw err;
    if (refusal.reason !== 'completed') throw conflict((err as Error & { cause: Error }).cause.message);
    const done = await waitForCompletion(knex, row.id);
    if (requestId && done?.request_id === requestId) return answered(done);
    throw conflict(done && done.status !== 'open' ? closedMessage(done) : closedMessage({ id: row.id, status: 'completed', completed_by: refusal.by ?? null }));
  }
}
