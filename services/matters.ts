/** Matters: each one a run of the interpreter workflow over a deployed definition version. */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { type DataQualityContext, type MatterData, checkMatterData, diffMatterData, periodCycle, reportDue, RESUBMISSION_DUE } from '../supervision/matter-data';
import { addDays, localDateOf } from '../supervision/calendar';
import { type WorkCalendar, type WorkingDays, calendarBetween } from '../bpmn/working-days';
import { deadlineTimers } from '../supervision/deadlines';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config';
import {
  type MatterSnapshot,
  type ProcessInput,
  PROCESS_WORKFLOW,
  matterWorkflowId,
  messageUpdate,
  setVariablesUpdate,
  stateQuery,
  syncUpdate,
  terminateUpdate,
} from '../workflows/api';
import type { ProcessStatus, Variables } from '../workflows/engine/state';
import { type User, UNIT_ROLES, may } from '../supervision/access';
import { invalidInput, conflict, notAllowed, notFound } from './errors';
import { clockNow } from './clock';
import { type DefinitionRow, findDefinition } from './definitions';
import { workCalendar, workingDays } from './work-calendar';
import type { TemporalContext } from './context';
import { mattersOfUnit, openTasksOf, taskStateFromRow } from './tasks';
import type { Projection } from '../workflows/activities';

/** A draft is registered but not started: it has no workflow yet. */
export type MatterStatus = 'draft' | ProcessStatus;

export interface MatterRow {
  id: string;
  title: string;
  definition_id: number;
  process_key: string;
  process_version: number;
  first_run_id: string | null;
  parent_id: string | null;
  status: MatterStatus;
  variables: Variables;
  active_elements: unknown[];
  failure: unknown;
  termination: MatterSnapshot['termination'] | null;
  seq: number;
  source: string | null;
  type: string | null;
  assigned_date: string | null;
  deadline: string | null;
  assigner: string | null;
  area: string | null;
  lead_unit: string | null;
  co_units: string[];
  leader: string | null;
  target: unknown;
  reporting_period: string | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

export interface NewMatter {
  processKey: string;
  processVersion?: number;
  title: string;
  variables: Variables;
  /** The standard data elements, checked by the data-quality rules; the flow sees them as variables. */
  data?: Record<string, unknown>;
  /** Register only: the matter starts later (and may be deleted until then). */
  draft?: boolean;
}

/**
 * Loads what the data-quality rules check against: the units, the leaders, today (business time) and,
 * where the office moves deadlines off days off, its working days.
 */
export async function dataQualityContext(knex: Knex, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Promise<DataQualityContext> {
  const [units, leaders, calendar] = await Promise.all([knex('units').pluck('id'), knex('users').where({ role: 'leader' }).pluck('username'), workingDays(knex)]);
  return { units: new Set(units), leaders: new Set(leaders), today: localDateOf(now, config.timeZone), ...(calendar.moveDueDates && { workingDays: calendar }) };
}

export function checkedData(raw: Record<string, unknown>, ctx: DataQualityContext): MatterData {
  const result = checkMatterData(raw, ctx);
  if (!result.ok) throw invalidInput('the matter has invalid fields', result.errors.map((e) => ({ path: e.field, message: e.message })));
  return result.data;
}

/** The working days a matter starting now carries: from a year back to five years on, national and local. */
async function matterCalendar(knex: Knex, now: number): Promise<WorkCalendar> {
  const today = localDateOf(now, DEFAULT_SUPERVISION_CONFIG.timeZone);
  return calendarBetween(await workCalendar(knex), addDays(today, -366), addDays(today, 5 * 366));
}

/** Working days before a deadline that a unit is warned (临近提醒). */
export const WARN_DAYS = 3;

/** The data elements as the flow reads them (candidate groups, timers, conditions); the warning comes WARN_DAYS working days before the deadline. */
export function flowVariables(data: MatterData, workingDays: WorkingDays, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Variables {
  return {
    leadUnit: data.leadUnit,
    coUnits: data.coUnits,
    units: [data.leadUnit, ...data.coUnits],
    deadline: data.deadline,
    warnDays: WARN_DAYS,
    ...deadlineTimers(data.deadline, WARN_DAYS, config.timeZone, workingDays),
    reportingPeriod: data.reportingPeriod,
    periodCycle: periodCycle(data.reportingPeriod, data.assignedDate, config.timeZone),
    reportDue: reportDue(data.reportingPeriod),
    resubmissionDue: RESUBMISSION_DUE,
    leader: data.leader ?? null,
    target: data.target ?? null,
  };
}

function dataColumns(data: MatterData) {
  return {
    title: data.title,
    source: data.source,
    type: data.type,
    assigned_date: data.assignedDate,
    deadline: data.deadline,
    assigner: data.assigner,
    area: data.area ?? null,
    lead_unit: data.leadUnit,
    co_units: data.coUnits,
    leader: data.leader ?? null,
    target: data.target ? JSON.stringify(data.target) : null,
    reporting_period: data.reportingPeriod,
    tags: data.tags,
  };
}

/** Registers a matter (checked, all or nothing) and, unless it is a draft, starts its workflow. */
export async function createMatter(
  knex: Knex,
  temporal: TemporalContext,
  request: NewMatter,
  user: User,
  tuning: Pick<ProcessInput, 'continueAsNewAfterEvents'> = {},
): Promise<{ id: string }> {
  const definition = await findDefinition(knex, request.processKey, request.processVersion);
  if (definition.graph.startId === undefined) {
    throw invalidInput(`process ${definition.key} has no none start event: a message, signal or timer starts its matters`);
  }
  const data = request.data ? checkedData({ title: request.title, ...request.data }, await dataQualityContext(knex, clockNow(temporal.drill))) : undefined;
  const id = randomUUID();
  // Variables given with the request override those derived from the data (a flow's own settings, shorter periods in drills).
  const variables = { ...(data ? flowVariables(data, await workingDays(knex)) : {}), ...request.variables };
  await knex.transaction((trx) => insertDrafts(trx, [{ id, definition, title: data?.title ?? request.title, data, variables }], user));
  if (!request.draft) await startMatter(knex, temporal, id, user, tuning);
  return { id };
}

export interface MatterDraft {
  id: string;
  definition: Pick<DefinitionRow, 'id' | 'key' | 'version'>;
  title: string;
  data?: MatterData;
  variables: Variables;
  /** Added to the audit record of the registration (where the matter came from). */
  audit?: Record<string, unknown>;
}

/**
 * Registers matters as drafts with their audit records; in one transaction a batch is all or nothing.
 * A matter started by a message, a signal or a timer has no user behind it: `id` is absent.
 */
export async function insertDrafts(trx: Knex.Transaction, drafts: MatterDraft[], user: Pick<User, 'username'> & { id?: number }): Promise<void> {
  const matters = drafts.map((d) => ({
    id: d.id,
    title: d.title,
    definition_id: d.definition.id,
    process_key: d.definition.key,
    process_version: d.definition.version,
    status: 'draft',
    variables: JSON.stringify(d.variables),
    created_by: user.id ?? null,
    ...(d.data ? dataColumns(d.data) : {}),
  }));
  const audit = drafts.map((d) => ({ matter_id: d.id, action: 'created', by: user.username, details: JSON.stringify({ data: d.data ?? null, ...d.audit }) }));
  await trx.batchInsert('matters', matters, 500);
  await trx.batchInsert('matter_audit', audit, 500);
}

/** Starts a registered matter's workflow on the definition version it was registered with. */
export async function startMatter(
  knex: Knex,
  temporal: TemporalContext,
  id: string,
  user: Pick<User, 'username'>,
  /** `startEventId`: the message, signal or timer start event the matter starts at. */
  tuning: Pick<ProcessInput, 'continueAsNewAfterEvents' | 'startEventId'> = {},
): Promise<void> {
  const row = await knex<MatterRow>('matters').where({ id }).first();
  if (!row) throw notFound(`matter ${id}`);
  if (row.status !== 'draft') throw conflict(`matter ${id} has already started`);
  // One start wins however many arrive at once: the one whose update takes the draft.
  const taken = await knex('matters').where({ id, status: 'draft' }).update({ status: 'running', updated_at: knex.fn.now() });
  if (taken === 0) throw conflict(`matter ${id} has already started`);
  const definition = await knex('process_definitions').where({ id: row.definition_id }).first();
  const input: ProcessInput = {
    matterId: id,
    definition: { id: definition.id, key: definition.key, version: definition.version },
    graph: definition.graph,
    variables: row.variables,
    ...(temporal.drill && { drill: temporal.drill }),
    timeZone: DEFAULT_SUPERVISION_CONFIG.timeZone,
    workCalendar: await matterCalendar(knex, clockNow(temporal.drill)),
    ...tuning,
  };
  let handle;
  try {
    handle = await temporal.client.workflow.start(PROCESS_WORKFLOW, {
      workflowId: matterWorkflowId(id),
      taskQueue: temporal.taskQueue,
      args: [input],
      searchAttributes: { ProcessKey: [definition.key], ProcessVersion: [definition.version], MatterStatus: ['running'] },
      memo: { title: row.title },
    });
  } catch (err) {
    // Its workflow runs already (started by a request that died before recording it): a conflict, not a failure.
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const running = await temporal.client.workflow.getHandle(matterWorkflowId(id)).describe();
      const firstRunId = running.raw.workflowExecutionInfo?.firstRunId || running.runId;
      await knex('matters').where({ id }).whereNull('first_run_id').update({ first_run_id: firstRunId });
      throw conflict(`matter ${id} has already started`);
    }
    await knex('matters').where({ id, status: 'running' }).whereNull('first_run_id').update({ status: 'draft' });
    throw err;
  }
  await knex('matters').where({ id }).update({ first_run_id: handle.firstExecutionRunId });
  await knex('matter_audit').insert({ matter_id: id, action: 'started', by: user.username });
  // Answer once the first tasks are in the inboxes, so the caller reads what it just did.
  await handle.executeUpdate(syncUpdate);
}

/** Edits a matter's data elements, recording who changed what; a running flow sees the new values. */
export async function editMatter(knex: Knex, temporal: TemporalContext, id: string, changes: Record<string, unknown>, user: User) {
  const row = await knex<MatterRow>('matters').where({ id }).first();
  if (!row) throw notFound(`matter ${id}`);
  if (!row.source) throw invalidInput(`matter ${id} has no data elements to edit`);
  if (row.status !== 'draft' && row.status !== 'running') throw conflict(`matter ${id} is ${row.status}`);
  const ctx = await dataQualityContext(knex, clockNow(temporal.drill));
  const before = checkedData(matterData(row), { ...ctx, today: '9999-12-31' });
  const after = checkedData({ ...before, ...changes }, ctx);
  const diff = diffMatterData(before, after);
  if (diff.length === 0) return { changes: [] };
  const calendar = await workingDays(knex);
  if (row.status === 'running') {
    await temporal.client.workflow.getHandle(matterWorkflowId(id)).executeUpdate(setVariablesUpdate, { args: [{ variables: flowVariables(after, calendar) }] });
  }
  await knex.transaction(async (trx) => {
    // A draft's variables are what its flow will start with; a running flow's come back through the projection.
    const variables = row.status === 'draft' ? { variables: JSON.stringify({ ...row.variables, ...flowVariables(after, calendar) }) } : {};
    await trx('matters').where({ id }).update({ ...dataColumns(after), ...variables, updated_at: trx.fn.now() });
    await trx('matter_audit').insert({ matter_id: id, action: 'edited', by: user.username, details: JSON.stringify(diff) });
  });
  return { changes: diff };
}

/** Sets a running matter's process variables (a fix for what an incident refused): later expressions see them. */
export async function setMatterVariables(temporal: TemporalContext, id: string, variables: Variables): Promise<void> {
  await temporal.client.workflow.getHandle(matterWorkflowId(id)).executeUpdate(setVariablesUpdate, { args: [{ variables }] });
}

/** A draft may be deleted; a started matter is terminated instead, so its history stays. */
export async function deleteMatter(knex: Knex, id: string): Promise<void> {
  const deleted = await knex('matters').where({ id, status: 'draft' }).delete();
  if (deleted === 0) {
    const row = await knex('matters').where({ id }).first();
    throw row ? conflict(`matter ${id} has started; terminate it instead`) : notFound(`matter ${id}`);
  }
}

/** Ends a running matter early with a reason (意外结束). */
export async function terminateMatter(knex: Knex, temporal: TemporalContext, id: string, reason: string, user: Pick<User, 'username'>): Promise<void> {
  const row = await knex<MatterRow>('matters').where({ id }).first();
  if (!row) throw notFound(`matter ${id}`);
  if (row.status !== 'running') throw conflict(`matter ${id} is ${row.status}`);
  await temporal.client.workflow.getHandle(matterWorkflowId(id)).executeUpdate(terminateUpdate, { args: [{ reason, by: user.username }] });
  await knex('matter_audit').insert({ matter_id: id, action: 'terminated', by: user.username, details: JSON.stringify({ reason }) });
}

/** A matter as the API shows it in lists and on its page. */
export function matterView(row: MatterRow) {
  return {
    id: row.id,
    title: row.title,
    processKey: row.process_key,
    processVersion: row.process_version,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    endedAt: row.ended_at?.toISOString(),
    // The data columns are written together (dataColumns): a row with a source has all of them.
    data: row.source ? (matterData(row) as unknown as MatterData) : undefined,
    termination: row.termination ?? undefined,
  };
}

/** The data elements of a matter row, in the shape the rules and the API use. */
export function matterData(row: MatterRow): Record<string, unknown> {
  return {
    title: row.title,
    source: row.source,
    type: row.type,
    assignedDate: row.assigned_date,
    deadline: row.deadline,
    assigner: row.assigner,
    area: row.area ?? undefined,
    leadUnit: row.lead_unit,
    coUnits: row.co_units,
    leader: row.leader ?? undefined,
    target: row.target ?? undefined,
    reportingPeriod: row.reporting_period,
    tags: row.tags,
  };
}

/** Supervisors, leaders, designers and admins see every matter; a unit sees the matters it has tasks in. */
export function seesAllMatters(user: User): boolean {
  return may(user.role, 'matters.seeAll');
}

export async function findVisibleMatter(knex: Knex, id: string, user: User): Promise<MatterRow> {
  const row = await knex<MatterRow>('matters').where({ id }).first();
  if (!row) throw notFound(`matter ${id}`);
  if (!seesAllMatters(user)) {
    const involved = await mattersOfUnit(knex, user.unitId).where({ matter_id: id }).first();
    if (!involved) throw notAllowed('this matter has no task for your unit');
  }
  return row;
}

/** The workflow's own view of a matter; the projection stands in when the workflow cannot answer. */
export async function matterState(knex: Knex, temporal: TemporalContext, row: MatterRow): Promise<MatterSnapshot & { stale?: boolean }> {
  // A draft has no workflow yet: its row is all there is, and it is not stale.
  const stale = row.status !== 'draft';
  try {
    if (!stale) throw new Error('no workflow');
    return await temporal.client.workflow.getHandle(matterWorkflowId(row.id)).query(stateQuery);
  } catch {
    const tasks = await openTasksOf(knex, row.id);
    return {
      status: row.status as MatterSnapshot['status'],
      definition: { id: row.definition_id, key: row.process_key, version: row.process_version },
      variables: row.variables,
      activeElements: row.active_elements as MatterSnapshot['activeElements'],
      completedElements: [],
      openTasks: tasks.map(taskStateFromRow),
      seq: Number(row.seq),
      stale,
    };
  }
}

/** Until a workflow's state is in the read model, the matter page waits this long for it at most. */
const PROJECTION_WAIT_MS = 2_000;

/**
 * Waits until the read model holds the matter's state as of projection `seq` (the workflow's query
 * can be a step ahead of it), so a page shows the status and the open tasks of the same moment.
 * Gives up after a short while: a stuck projection must not hang the page.
 */
export async function projected(knex: Knex, matterId: string, seq: number): Promise<void> {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (;;) {
    const row = await knex('matters').where({ id: matterId }).first('seq');
    if (!row || Number(row.seq) >= seq || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The matters' instance keys (their processInstanceKey for Camunda's clients), by matter id. */
export async function instanceKeysOf(knex: Knex, matterIds: string[]): Promise<Map<string, string>> {
  if (matterIds.length === 0) return new Map();
  const rows = (await knex('matters').whereIn('id', matterIds).select('id', 'instance_key')) as Array<{ id: string; instance_key: string }>;
  return new Map(rows.map((r) => [r.id, String(r.instance_key)]));
}

/** The matter a Camunda client names by its instance key. */
export async function matterOfInstanceKey(knex: Knex, key: string): Promise<MatterRow> {
  const row = /^\d{1,19}$/.test(key) ? ((await knex('matters').where('instance_key', key).first()) as MatterRow | undefined) : undefined;
  if (!row) throw notFound(`process instance ${key}`);
  return row;
}

/** Who did what to the matter's record (registered, edited, started, terminated…), oldest first. */
export async function matterAudit(knex: Knex, matterId: string) {
  const items = await knex('matter_audit').where({ matter_id: matterId }).orderBy('id');
  return items.map((a) => ({ action: a.action, by: a.by, at: a.at.toISOString(), details: a.details }));
}

/**
 * Delivers a message to the matter's waiting events. A unit speaks only for itself: its messages
 * reach the events waiting for that unit.
 */
export async function sendMessage(temporal: TemporalContext, matter: MatterRow, user: User, message: { name: string; correlationKey?: string; variables: Variables }) {
  const unitOnly = UNIT_ROLES.includes(user.role);
  if (unitOnly && message.correlationKey && message.correlationKey !== user.unitId) throw notAllowed('a unit sends messages for itself only');
  const correlationKey = unitOnly ? user.unitId : message.correlationKey;
  const result = await temporal.client.workflow
    .getHandle(matterWorkflowId(matter.id))
    .executeUpdate(messageUpdate, { args: [{ name: message.name, correlationKey, variables: message.variables }] });
  return { delivered: true, elementId: result.elementId };
}

/** Where a matter came from besides its data: the parent of a sub-matter, the superior system that handed it down. */
export async function linkMatter(knex: Knex, id: string, link: { parentId: string } | { superiorSystemId: number; externalId: string }): Promise<void> {
  await knex('matters')
    .where({ id })
    .update('parentId' in link ? { parent_id: link.parentId } : { superior_system_id: link.superiorSystemId, external_id: link.externalId });
}

/**
 * Writes a workflow state to the matter's row, unless a newer one is there already. `minimal`:
 * the step and the status only (a state PostgreSQL refuses even sanitized).
 */
export async function writeMatterState(trx: Knex.Transaction, p: Pick<Projection, 'matterId' | 'seq' | 'status' | 'variables' | 'activeElements' | 'failure' | 'termination'>, minimal = false): Promise<void> {
  const newer = trx('matters').where({ id: p.matterId }).andWhere('seq', '<', p.seq);
  if (minimal) {
    await newer.update({ seq: p.seq, status: p.status, updated_at: trx.fn.now() });
    return;
  }
  const ended = p.status !== 'running';
  await newer.update({
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
