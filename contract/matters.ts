/** Matters: registering, starting, editing and ending them; their page, history, audit trail and messages. */
import { type Static, Type } from 'typebox';
import { Body, Errors, FreeRecord, Instant, IntId, Items, Key, Light, LocalDate, NoContent, NoQuery, Patch, Query, Uuid, Variables, routes } from './common';
import { Incident } from './incidents';
import { matterQueryFilters } from './matter-query';
import { Task } from './tasks';
import { MATTER_FIELDS, MATTER_SOURCES, MATTER_STATUSES, REPORTING_PERIODS } from './values';

/** A quantified target: 新建停车位, 个, 100. */
export const Target = Type.Object({ indicator: Type.String(), measure: Type.String(), value: Type.Number() });

/** A matter's standard data elements (督办事项要素), as the data-quality rules left them. */
export const MatterData = Type.Object({
  title: Type.String(),
  source: Type.Enum(MATTER_SOURCES),
  /** Free classification, e.g. 项目建设类 / 指标类. */
  type: Type.String(),
  assignedDate: LocalDate,
  deadline: LocalDate,
  assigner: Type.String(),
  area: Type.Optional(Type.String()),
  leadUnit: Type.String(),
  coUnits: Type.Array(Type.String()),
  /** Username of the leader in charge. */
  leader: Type.Optional(Type.String()),
  target: Type.Optional(Target),
  reportingPeriod: Type.Enum(REPORTING_PERIODS),
  tags: Type.Array(Type.String()),
});

/** Why and by whom a matter was ended early (意外结束); `at` in epoch milliseconds. */
export const Termination = Type.Object({ reason: Type.String(), by: Type.String(), at: Type.Number() });

/** A matter as lists and its page show it. */
const matterFields = {
  id: Type.String(),
  title: Type.String(),
  processKey: Type.String(),
  processVersion: Type.Integer(),
  status: Type.Enum(MATTER_STATUSES),
  createdAt: Instant,
  updatedAt: Instant,
  endedAt: Type.Optional(Instant),
  /** The standard data elements; matters started with bare variables have none. */
  data: Type.Optional(MatterData),
  termination: Type.Optional(Termination),
};

export const MatterSummary = Type.Object({ ...matterFields, light: Type.Optional(Light) });

/** A matter found by a query: its light now and, when it is late, by how many days. */
export const FoundMatter = Type.Object({ ...matterFields, light: Light, overdueDays: Type.Optional(Type.Integer()) });

export const ActiveElement = Type.Object({
  elementId: Type.String(),
  name: Type.Optional(Type.String()),
  type: Type.String(),
  instanceId: Type.String(),
  /** Epoch milliseconds. */
  startedAt: Type.Number(),
  /** Set while it is stopped in incident: the incident's message. */
  incident: Type.Optional(Type.String()),
  /** A parallel or inclusive join a token waits at: how many of its incoming flows a token arrived on… */
  arrived: Type.Optional(Type.Integer({ minimum: 0 })),
  /** …out of how many it waits for. */
  expected: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const CompletedElement = Type.Object({
  elementId: Type.String(),
  type: Type.String(),
  name: Type.Optional(Type.String()),
  instanceId: Type.String(),
  startedAt: Instant,
  completedAt: Instant,
  outcome: Type.Enum(['completed', 'interrupted', 'cancelled']),
});

/** A matter's page: the workflow's own view of it (or, when it cannot answer, the last state it recorded). */
export const Matter = Type.Object({
  ...matterFields,
  light: Type.Optional(Light),
  variables: Variables,
  activeElements: Type.Array(ActiveElement),
  completedElements: Type.Array(CompletedElement),
  openTasks: Type.Array(Task),
  /** Why a failed matter stopped, and where. */
  failure: Type.Optional(Type.Object({ message: Type.String(), elementId: Type.Optional(Type.String()) })),
  /** What the matter could not do by itself. */
  incidents: Type.Array(Incident),
  /** Set when the workflow could not answer and this is the last state it recorded. */
  stale: Type.Optional(Type.Boolean()),
});

/** What changed in one field of an edit. */
export const FieldChange = Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() });

/** The shapes of an audit line, by action: the type the web reads them by. */
export const AuditShapes = Type.Union([
  Type.Object({ action: Type.Literal('edited'), by: Type.String(), at: Instant, details: Type.Array(FieldChange) }),
  Type.Object({ action: Type.Literal('terminated'), by: Type.String(), at: Instant, details: Type.Object({ reason: Type.String() }) }),
  Type.Object({ action: Type.Enum(['created', 'started', 'incident-retried', 'incident-resolved']), by: Type.String(), at: Instant, details: Type.Unknown() }),
]);

/**
 * One line of a matter's audit trail: who registered, started, edited or terminated it, or repaired
 * its incidents. The details are sent as they were stored.
 */
export const AuditEntry = Type.Unsafe<Static<typeof AuditShapes>>(
  Type.Object({
    action: Type.String({ description: 'created, started, edited, terminated, incident-retried or incident-resolved' }),
    by: Type.String(),
    at: Instant,
    details: Type.Unknown({ description: 'edited: [{field, from, to}]; terminated: {reason}; others: what was recorded' }),
  }),
);

/** The task an entry of the history concerns, named: which step it was. */
const taskNames = { elementId: Type.Optional(Type.String()), taskName: Type.Optional(Type.String()) };

/** What a called process did: the call activities from the matter's process down to it. */
const called = { callPath: Type.Optional(Type.Array(Type.String())) };

/** The shapes of a history entry, by kind: the type the web reads them by. */
export const HistoryShapes = Type.Union([
  Type.Object({ at: Instant, kind: Type.Literal('started'), processKey: Type.String(), processVersion: Type.Integer(), variables: Variables, ...called }),
  Type.Object({
    at: Instant,
    kind: Type.Literal('element'),
    elementId: Type.String(),
    name: Type.Optional(Type.String()),
    type: Type.String(),
    outcome: Type.Enum(['completed', 'interrupted', 'cancelled']),
    startedAt: Instant,
    ...called,
  }),
  Type.Object({ at: Instant, kind: Type.Literal('taskCompleted'), taskId: Type.String(), by: Type.String(), unitId: Type.String(), variables: Variables, ...taskNames, ...called }),
  Type.Object({
    at: Instant,
    kind: Type.Literal('taskChanged'),
    taskId: Type.String(),
    action: Type.Enum(['claim', 'unclaim', 'delegate']),
    by: Type.String(),
    unitId: Type.Optional(Type.String()),
    ...taskNames,
    ...called,
  }),
  Type.Object({ at: Instant, kind: Type.Literal('message'), name: Type.String(), variables: Variables, ...called }),
  Type.Object({ at: Instant, kind: Type.Literal('ended'), status: Type.String(), ...called }),
  /** A leader's instruction (批示), placed among the events by its time. */
  Type.Object({ at: Instant, kind: Type.Literal('instruction'), by: Type.String(), text: Type.String(), elementId: Type.Optional(Type.String()) }),
]);

/**
 * One entry of a matter's history, read from its workflow's event history (and the instructions),
 * in time order; `at` is an ISO time. Sent as read: a workflow's history outlives the code that wrote it.
 */
export const HistoryEntry = Type.Unsafe<Static<typeof HistoryShapes>>(
  Type.Object(
    { at: Instant, kind: Type.String({ description: 'started, element, taskCompleted, taskChanged, message, ended or instruction' }) },
    {
      additionalProperties: true,
      description:
        'started: processKey, processVersion, variables; element: elementId, name?, type, outcome, startedAt; ' +
        'taskCompleted: taskId, by, unitId, variables, elementId?, taskName?; taskChanged: taskId, action, by, unitId?, elementId?, taskName?; ' +
        'message: name, variables; ended: status; instruction: by, text, elementId?; ' +
        'what a called process did (its own started and ended among it) carries callPath: the call activities from the matter\'s process down to it',
    },
  ),
);

const Id = Type.Object({ id: Uuid });

/** The data elements an edit may change (the data-quality rules check their values). */
const MatterEdit = Patch(Object.fromEntries(MATTER_FIELDS.map((field) => [field, Type.Optional(Type.Unknown())])));

export const matterListQuery = Query({ ...matterQueryFilters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

export const MatterRoutes = routes('matters', {
  /** The newest first page of the matter search (GET /matters/search pages through all of them). */
  list: { querystring: matterListQuery, response: { 200: Items(FoundMatter), ...Errors } },
  /** Registers a matter and, unless a draft, starts it. */
  create: {
    body: Body({
      processKey: Key(),
      processVersion: Type.Optional(IntId),
      title: Type.String({ minLength: 1, maxLength: 500 }),
      variables: Type.Optional(FreeRecord()),
      data: Type.Optional(FreeRecord()),
      draft: Type.Optional(Type.Boolean()),
    }),
    response: { 201: Type.Object({ id: Type.String() }), ...Errors },
  },
  start: { params: Id, response: { 200: Type.Object({ started: Type.Boolean() }), ...Errors } },
  /** Edits the data elements; the answer lists what changed. */
  edit: { params: Id, body: MatterEdit, response: { 200: Type.Object({ changes: Type.Array(FieldChange) }), ...Errors } },
  /** Deletes a draft (a started matter is terminated instead). */
  delete: { params: Id, response: { 204: NoContent, ...Errors } },
  terminate: {
    params: Id,
    body: Body({ reason: Type.String({ minLength: 2, maxLength: 1000 }) }),
    response: { 200: Type.Object({ terminated: Type.Boolean() }), ...Errors },
  },
  audit: { params: Id, querystring: NoQuery, response: { 200: Items(AuditEntry), ...Errors } },
  get: { params: Id, querystring: NoQuery, response: { 200: Matter, ...Errors } },
  history: { params: Id, querystring: NoQuery, response: { 200: Items(HistoryEntry), ...Errors } },
  /** Delivers a message to the events waiting for it; a unit speaks for itself only. */
  message: {
    params: Type.Object({ id: Uuid, name: Key() }),
    body: Type.Optional(Body({ correlationKey: Type.Optional(Key()), variables: Type.Optional(FreeRecord()) })),
    response: { 200: Type.Object({ delivered: Type.Boolean(), elementId: Type.String() }), ...Errors },
  },
});

export type Target = Static<typeof Target>;
export type MatterData = Static<typeof MatterData>;
export type Termination = Static<typeof Termination>;
export type MatterSummary = Static<typeof MatterSummary>;
export type FoundMatter = Static<typeof FoundMatter>;
export type ActiveElement = Static<typeof ActiveElement>;
export type CompletedElement = Static<typeof CompletedElement>;
export type Matter = Static<typeof Matter>;
export type FieldChange = Static<typeof FieldChange>;
export type AuditEntry = Static<typeof AuditEntry>;
export type HistoryEntry = Static<typeof HistoryEntry>;

/** What registers a matter. */
export type NewMatter = Static<typeof MatterRoutes.create.body>;
