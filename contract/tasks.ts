/** Tasks: the units' inboxes, and claiming, handing on and completing their work. */
import { type Static, Type } from 'typebox';
import { Body, Errors, FreeRecord, Instant, Items, Key, Light, NoQuery, Query, Variables, routes } from './common';
import { FormSchema } from './forms';
import { MATTER_STATUSES, TASK_STATUSES } from './values';

export const Task = Type.Object({
  id: Type.String(),
  matterId: Type.String(),
  matterTitle: Type.Optional(Type.String()),
  elementId: Type.String(),
  /** The diagram element's name; unnamed elements have none. */
  name: Type.Optional(Type.String()),
  status: Type.Enum(TASK_STATUSES),
  candidateUnits: Type.Array(Type.String()),
  /** Users named on the task besides its units. */
  candidateUsers: Type.Array(Type.String()),
  assignee: Type.Optional(Type.String()),
  formKey: Type.Optional(Type.String()),
  /** The form-js form the task shows (GET /tasks/:id/form): a deployed form linked by id, bound to a version when the task opened, or one embedded in the diagram. */
  form: Type.Optional(
    Type.Object({ source: Type.Union([Type.Literal('linked'), Type.Literal('embedded')]), formId: Type.Optional(Type.String()), version: Type.Optional(Type.Integer()) }),
  ),
  dueAt: Type.Optional(Instant),
  createdAt: Instant,
  completedAt: Type.Optional(Instant),
  completedBy: Type.Optional(Type.String()),
  /** The task's five-colour light, when it has a due date and is not withdrawn. */
  light: Type.Optional(Light),
  /** Open and nobody can take it (no candidate unit or user, no assignee, that exists): it waits in the supervision office's queue to be handed to a unit. */
  forDispatch: Type.Optional(Type.Boolean()),
  /** A called process's task, on its matter's page: the call activities from the matter's process down to the process it belongs to. */
  callPath: Type.Optional(Type.Array(Type.String())),
});

/** A task with its matter's process variables: what its form shows. */
export const TaskWithVariables = Type.Object({ ...Task.properties, variables: Variables });

export const CompleteTaskResult = Type.Object({
  task: Task,
  /** Ids of the tasks the completion opened: the next units' work. */
  openedTasks: Type.Array(Type.String()),
  /** Absent when the matter could not be read back. */
  matterStatus: Type.Optional(Type.Enum(MATTER_STATUSES)),
});

const TaskId = Type.Object({ id: Key() });

export const TaskRoutes = routes('tasks', {
  /** The caller's inbox: tasks of their unit, or named to them. */
  list: {
    querystring: Query({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')])) }),
    response: { 200: Items(Task), ...Errors },
  },
  get: { params: TaskId, querystring: NoQuery, response: { 200: TaskWithVariables, ...Errors } },
  /** The task's form-js schema; 404 when it has none (or its linked form is not deployed). */
  form: { params: TaskId, querystring: NoQuery, response: { 200: FormSchema, ...Errors } },
  claim: { params: TaskId, response: { 200: Task, ...Errors } },
  unclaim: { params: TaskId, response: { 200: Task, ...Errors } },
  /** Hand the task to another unit (转办). */
  delegate: { params: TaskId, body: Body({ unitId: Key() }), response: { 200: Task, ...Errors } },
  /** The same Idempotency-Key again gets the same answer. */
  complete: {
    params: TaskId,
    headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
    body: Body({ variables: Type.Optional(FreeRecord()) }),
    response: { 200: CompleteTaskResult, ...Errors },
  },
});

export type Task = Static<typeof Task>;
export type TaskWithVariables = Static<typeof TaskWithVariables>;
export type CompleteTaskResult = Static<typeof CompleteTaskResult>;
