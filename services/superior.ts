/**
 * Superior systems (上级系统) hand matters down: they call the intake endpoint with an API key,
 * or the application pulls their feed on a Temporal Schedule. Either way each matter goes through
 * the data-quality rules, is registered once per external id, and its progress can be read back.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { type Client, ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { User } from '../supervision/access';
import type { PullResult } from '../workflows/activities';
import { DomainError, invalidInput, notFound, unidentified, upstreamFailed } from './errors';
import type { AppContext } from './context';
import { findDefinition } from './definitions';
import { matterLights } from './lights';
import { clockNow } from './clock';
import { checkedData, dataQualityContext, flowVariables, insertDrafts, linkMatter, startMatter } from './matters';
import { workingDays } from './work-calendar';
import type { TemporalContext } from './context';

/** The flow matters from a superior system run unless the system says otherwise. */
export const SUPERIOR_PROCESS = 'supervision';
export const PULL_WORKFLOW = 'superiorPullWorkflow';

export interface SuperiorSystem {
  id: number;
  name: string;
  feed_url: string | null;
  pull_every_minutes: number;
  active: boolean;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The system's own account, inactive so nobody logs in with it: what audit records name. */
const serviceUsername = (system: Pick<SuperiorSystem, 'id'>) => `superior-${system.id}`;

export async function createSuperiorSystem(knex: Knex, fields: { name: string; feedUrl?: string; pullEveryMinutes?: number }) {
  const apiKey = randomBytes(24).toString('base64url');
  const system = await knex.transaction(async (trx) => {
    const [row] = await trx('superior_systems')
      .insert({ name: fields.name, api_key_hash: hashKey(apiKey), feed_url: fields.feedUrl ?? null, pull_every_minutes: fields.pullEveryMinutes ?? 60 })
      .returning('*');
    await trx('users').insert({
      username: serviceUsername(row),
      display_name: `上级系统：${fields.name}`,
      role: 'supervisor',
      unit_id: 'office',
      active: false,
      password_hash: await argon2.hash(randomBytes(24).toString('hex')),
    });
    return row as SuperiorSystem;
  });
  return { system, apiKey };
}

/** The system calling with this key; 401 when the key is unknown or the system is switched off. */
export async function systemByKey(knex: Knex, apiKey: string | undefined): Promise<SuperiorSystem> {
  const system: SuperiorSystem | undefined = apiKey ? await knex('superior_systems').where({ api_key_hash: hashKey(apiKey), active: true }).first() : undefined;
  if (!system) throw unidentified('a valid X-Api-Key of an active superior system is required');
  return system;
}

async function serviceUser(knex: Knex, system: SuperiorSystem): Promise<User> {
  const user = await knex('users').where({ username: serviceUsername(system) }).first();
  return { id: user.id, username: user.username, role: 'supervisor', unitId: user.unit_id };
}

export interface IntakeResult {
  id: string;
  externalId: string;
  /** False when the external id was handed down before: nothing new is created. */
  created: boolean;
}

/** Registers and starts one matter handed down; the same external id again returns the first. */
export async function intakeMatter(knex: Knex, temporal: TemporalContext, system: SuperiorSystem, item: Record<string, unknown>): Promise<IntakeResult> {
  const externalId = typeof item.externalId === 'string' ? item.externalId.trim() : '';
  if (!externalId || externalId.length > 200) throw invalidInput('the matter has invalid fields', [{ path: 'externalId', message: 'externalId is required (at most 200 characters)' }]);
  const existing = await knex('matters').where({ superior_system_id: system.id, external_id: externalId }).first('id');
  if (existing) return { id: existing.id, externalId, created: false };

  const data = checkedData({ assigner: system.name, ...item, source: 'superior' }, await dataQualityContext(knex, clockNow(temporal.drill)));
  const definition = await findDefinition(knex, typeof item.processKey === 'string' ? item.processKey : SUPERIOR_PROCESS);
  const user = await serviceUser(knex, system);
  const calendar = await workingDays(knex);
  const id = randomUUID();
  try {
    await knex.transaction(async (trx) => {
      await insertDrafts(trx, [{ id, definition, title: data.title, data, variables: flowVariables(data, calendar), audit: { superiorSystem: system.name, externalId } }], user);
      await linkMatter(trx, id, { superiorSystemId: system.id, externalId });
    });
  } catch (err) {
    // Handed down twice at once: the other call registered it.
    const raced = await knex('matters').where({ superior_system_id: system.id, external_id: externalId }).first('id');
    if (raced) return { id: raced.id, externalId, created: false };
    throw err;
  }
  await startMatter(knex, temporal, id, user);
  return { id, externalId, created: true };
}

/** What a superior system reads back about a matter it handed down. */
export async function progressFor(knex: Knex, system: SuperiorSystem, externalId: string, now: number) {
  const matter = await knex('matters').where({ superior_system_id: system.id, external_id: externalId }).first();
  if (!matter) throw notFound(`matter ${externalId}`);
  const [tasks, lights] = await Promise.all([
    knex('tasks').where({ matter_id: matter.id, status: 'open' }).orderBy('created_at'),
    matterLights(knex, [matter.id], now),
  ]);
  return {
    externalId,
    id: matter.id,
    title: matter.title,
    status: matter.status,
    light: lights.get(matter.id),
    deadline: matter.deadline,
    progress: matter.variables?.progress ?? null,
    openTasks: tasks.map((t) => ({ name: t.name, units: t.candidate_units, dueAt: t.due_at?.toISOString() })),
    updatedAt: matter.updated_at.toISOString(),
    endedAt: matter.ended_at?.toISOString(),
  };
}

export type { PullResult };

export function listSuperiorSystems(knex: Knex): Promise<SuperiorSystem[]> {
  return knex<SuperiorSystem>('superior_systems').orderBy('id');
}

export function findSuperiorSystem(knex: Knex, id: number): Promise<SuperiorSystem | undefined> {
  return knex<SuperiorSystem>('superior_systems').where({ id }).first();
}

/** Changes a system's feed, its pull interval or whether it is active. */
export async function updateSuperiorSystem(knex: Knex, id: number, changes: { feedUrl?: string | null; pullEveryMinutes?: number; active?: boolean }): Promise<SuperiorSystem> {
  const { feedUrl, pullEveryMinutes, active } = changes;
  const [system] = await knex<SuperiorSystem>('superior_systems')
    .where({ id })
    .update({
      ...(feedUrl !== undefined && { feed_url: feedUrl }),
      ...(pullEveryMinutes !== undefined && { pull_every_minutes: pullEveryMinutes }),
      ...(active !== undefined && { active }),
    })
    .returning('*');
  if (!system) throw notFound(`superior system ${id}`);
  return system;
}

/** Pulls a system's feed now (the schedule does it every pullEveryMinutes), on the worker, and answers with what it took in. */
export async function pullNow(ctx: AppContext, id: number): Promise<PullResult> {
  const system = await findSuperiorSystem(ctx.knex, id);
  if (!system?.feed_url) throw notFound(`a feed for superior system ${id}`);
  try {
    return await ctx.temporal.client.workflow.execute(PULL_WORKFLOW, {
      workflowId: `superior-pull-${system.id}-${Date.now()}`,
      taskQueue: ctx.temporal.taskQueue,
      args: [{ systemId: system.id }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    // The feed is the system's, not ours: unreachable or not a feed is a refusal of this pull, not our fault.
    let cause: Error | undefined = err;
    while (cause?.cause instanceof Error) cause = cause.cause;
    throw upstreamFailed(`the feed of superior system ${system.id} could not be pulled: ${cause?.message ?? 'it failed'}`);
  }
}

/** Pulls a system's feed (a JSON list of matters, or `{matters: [...]}`) and takes each one in. */
export async function pullFeed(knex: Knex, temporal: TemporalContext, systemId: number): Promise<PullResult> {
  const system = await knex<SuperiorSystem>('superior_systems').where({ id: systemId }).first();
  if (!system?.feed_url || !system.active) return { created: 0, existing: 0, rejected: [] };
  const res = await fetch(system.feed_url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`feed ${system.feed_url} answered ${res.status}`);
  const body = (await res.json()) as unknown;
  const items = Array.isArray(body) ? body : Array.isArray((body as { matters?: unknown })?.matters) ? (body as { matters: unknown[] }).matters : undefined;
  if (!items) throw new Error(`feed ${system.feed_url} is neither a list of matters nor {matters: [...]}`);
  const result: PullResult = { created: 0, existing: 0, rejected: [] };
  for (const item of items) {
    try {
      const taken = await intakeMatter(knex, temporal, system, item as Record<string, unknown>);
      if (taken.created) result.created += 1;
      else result.existing += 1;
    } catch (err) {
      // One bad matter does not hold back the rest of the feed; it is reported with its errors.
      if (!(err instanceof DomainError)) throw err;
      result.rejected.push({ externalId: (item as { externalId?: string })?.externalId, errors: err.errors ?? err.message });
    }
  }
  return result;
}

/** Keeps the pull schedule of a system in line with its settings: present while it has an active feed. */
export async function syncPullSchedule(client: Client, taskQueue: string, system: SuperiorSystem): Promise<void> {
  const scheduleId = `superior-pull-${system.id}`;
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  if (!system.feed_url || !system.active) return;
  await client.schedule.create({
    scheduleId,
    spec: { intervals: [{ every: `${system.pull_every_minutes} minutes` }] },
    action: { type: 'startWorkflow', workflowType: PULL_WORKFLOW, taskQueue, args: [{ systemId: system.id }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  });
}
