/**
 * Process instances started from outside the supervision forms: by a client of the Camunda-compatible
 * API, a published message, a broadcast signal or a timer start event's schedule. Each is a matter
 * like any other (a row, a workflow, tasks in inboxes), titled after its process.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { EventStart } from '../bpmn/graph';
import { type DefinitionRef, matterWorkflowId } from '../workflows/api';
import type { Variables } from '../workflows/engine/state';
import type { AppContext } from './context';
import { type DefinitionRow, definitionsStartedBy, findDefinition, findDefinitionById } from './definitions';
import { DomainError, invalidInput } from './errors';
import { insertDrafts, instanceKeysOf, startMatter } from './matters';

export interface StartInstanceRequest {
  processKey: string;
  /** The latest version without. */
  version?: number;
  variables: Variables;
  /** The message, signal or timer start event to start at; the none start event without. */
  startEventId?: string;
  /** The user or client that started it: recorded as the matter's creator and in its audit. */
  startedBy: string;
  /** Makes the start idempotent: however often it is asked with this key, one matter starts. */
  instanceKey?: string;
}

export interface StartedInstance {
  matterId: string;
  workflowId: string;
  definition: DefinitionRef;
}

/** What started a matter, kept in its registration's audit record. */
type Origin = { kind: 'api' } | { kind: 'message'; name: string; correlationKey?: string } | { kind: 'signal'; name: string } | { kind: 'timer' };

/** Starts a matter on a deployed process, at its none start event or at the event start given. */
export async function startInstance(ctx: Pick<AppContext, 'knex' | 'temporal'>, request: StartInstanceRequest): Promise<StartedInstance> {
  const definition = await findDefinition(ctx.knex, request.processKey, request.version);
  checkStartEvent(definition, request.startEventId);
  const origin = request.startEventId === undefined ? { kind: 'api' as const } : startKind(definition, request.startEventId);
  // Nothing blocks this start: it is always made (or was, under its key).
  return (await start(ctx, definition, request, origin))!;
}

/**
 * A published message (whether or not waiting matters took it too): starts the latest version of every
 * process with a message start event of that name, one matter each. With a correlation key, a process that a message
 * of this name and key started and that is still running starts no second matter (as Camunda does).
 * Returns the matters started.
 */
export async function startByMessage(
  ctx: Pick<AppContext, 'knex' | 'temporal'>,
  message: { name: string; correlationKey?: string; variables: Variables; startedBy?: string },
): Promise<string[]> {
  const started: string[] = [];
  for (const definition of await definitionsStartedBy(ctx.knex, { kind: 'message', messageName: message.name })) {
    const origin: Origin = { kind: 'message', name: message.name, ...(message.correlationKey !== undefined && { correlationKey: message.correlationKey }) };
    const instance = await start(
      ctx,
      definition,
      { processKey: definition.key, variables: message.variables, startEventId: startOf(definition, 'message', message.name).id, startedBy: message.startedBy ?? 'message' },
      origin,
      message.correlationKey !== undefined ? (trx) => runningFromMessage(trx, definition.key, origin) : undefined,
    );
    if (instance) started.push(instance.matterId);
  }
  return started;
}

/** The start event of a definition that a message or signal of this name starts at. */
export function startOf(definition: Pick<DefinitionRow, 'graph'>, kind: 'message' | 'signal', name: string): EventStart {
  const found = definition.graph.starts?.find(({ trigger }) =>
    trigger.kind === 'message' ? kind === 'message' && trigger.messageName === name : trigger.kind === 'signal' && kind === 'signal' && trigger.signalName === name,
  );
  if (!found) throw invalidInput(`process ${definition.graph.key} has no ${kind} start event for "${name}"`);
  return found;
}

/** A matter id made from an idempotency key: a UUID (version 8, name-based) over its SHA-256. */
export function keyedMatterId(key: string): string {
  const hex = createHash('sha256').update(`matter:${key}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function checkStartEvent(definition: DefinitionRow, startEventId: string | undefined): void {
  const { graph } = definition;
  if (startEventId === undefined) {
    if (graph.startId === undefined) throw invalidInput(`process ${definition.key} has no none start event: a message, signal or timer starts its matters`);
    return;
  }
  if (startEventId !== graph.startId && !graph.starts?.some((s) => s.id === startEventId)) {
    throw invalidInput(`${startEventId} is not a start event of process ${definition.key} version ${definition.version}`);
  }
}

function startKind(definition: DefinitionRow, startEventId: string): Origin {
  const trigger = definition.graph.starts?.find((s) => s.id === startEventId)?.trigger;
  if (trigger?.kind === 'message') return { kind: 'message', name: trigger.messageName };
  if (trigger?.kind === 'signal') return { kind: 'signal', name: trigger.signalName };
  return { kind: trigger?.kind === 'timer' ? 'timer' : 'api' };
}

/**
 * Registers the matter (unless its key registered it already) and starts its workflow. `blocked`,
 * asked under a lock in the registering transaction, can refuse to register it: undefined then.
 */
async function start(
  ctx: Pick<AppContext, 'knex' | 'temporal'>,
  definition: DefinitionRow,
  request: StartInstanceRequest,
  origin: Origin,
  blocked?: (trx: Knex.Transaction) => Promise<boolean>,
): Promise<StartedInstance | undefined> {
  const { knex } = ctx;
  const matterId = request.instanceKey === undefined ? randomUUID() : keyedMatterId(request.instanceKey);
  const ref = { id: definition.id, key: definition.key, version: definition.version };
  const creator = await knex('users').where({ username: request.startedBy }).first('id');
  const user = { username: request.startedBy, ...(creator && { id: creator.id as number }) };
  const registered = await knex.transaction(async (trx) => {
    // Two starts under one key at once: the second waits, then finds the first's matter.
    if (request.instanceKey !== undefined) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`matter:${matterId}`]);
    const existing = await trx('matters').where({ id: matterId }).first('status');
    if (existing) return existing.status === 'draft';
    if (blocked && (await blocked(trx))) return undefined;
    const title = `${definition.graph.name ?? definition.key} · ${matterId.slice(0, 8)}`;
    await insertDrafts(trx, [{ id: matterId, definition: ref, title, variables: request.variables, audit: { start: origin } }], user);
    return true;
  });
  if (registered === undefined) return undefined;
  // A matter its key registered and started before is started already: nothing to do.
  if (registered) {
    await startMatter(knex, ctx.temporal, matterId, user, { ...(request.startEventId !== undefined && { startEventId: request.startEventId }) }).catch((err: unknown) => {
      if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
    });
  }
  return { matterId, workflowId: matterWorkflowId(matterId), definition: ref };
}

/** Whether a matter of the process that this message (name and key) started is still running; locks the key until the transaction ends. */
async function runningFromMessage(trx: Knex.Transaction, processKey: string, origin: Origin): Promise<boolean> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`message-start:${processKey}:${JSON.stringify(origin)}`]);
  const running = await trx('matters as m')
    .join('matter_audit as a', function joinCreation() {
      this.on('a.matter_id', 'm.id').andOnVal('a.action', 'created');
    })
    .where('m.process_key', processKey)
    .whereIn('m.status', ['draft', 'running'])
    .whereRaw(`a.details->'start' = ?::jsonb`, [JSON.stringify(origin)])
    .first('m.id');
  return running !== undefined;
}

/** How often a caller awaiting a matter's end looks at its status. */
const AWAIT_POLL_MS = 100;

/**
 * A process instance as Camunda's clients create one: on a process by its id and version (the
 * latest without, or -1) or by its definition key; with `awaitCompletion`, answered once the
 * matter has ended, with its variables (those named in `fetchVariables`), or a time-out.
 */
export async function createProcessInstance(
  ctx: Pick<AppContext, 'knex' | 'temporal'>,
  request: {
    processKey?: string;
    version?: number;
    definitionId?: number;
    variables: Variables;
    startedBy: string;
    awaitCompletion?: { timeoutMs: number; fetchVariables?: string[] };
  },
): Promise<{ definition: DefinitionRef; instanceKey: string; variables: Variables }> {
  let { processKey, version } = request;
  if (request.definitionId !== undefined) {
    const byId = await findDefinitionById(ctx.knex, request.definitionId);
    if (processKey !== undefined && processKey !== byId.key) throw invalidInput(`definition ${request.definitionId} is of process ${byId.key}, not ${processKey}`);
    ({ key: processKey, version } = byId);
  }
  if (processKey === undefined) throw invalidInput('name the process: processDefinitionId or processDefinitionKey', [{ path: '/processDefinitionId', message: 'required' }]);
  const started = await startInstance(ctx, { processKey, version, variables: request.variables, startedBy: request.startedBy });
  const instanceKey = (await instanceKeysOf(ctx.knex, [started.matterId])).get(started.matterId)!;
  if (!request.awaitCompletion) return { definition: started.definition, instanceKey, variables: {} };
  const { timeoutMs, fetchVariables } = request.awaitCompletion;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await ctx.knex('matters').where({ id: started.matterId }).first('status', 'variables');
    if (row && row.status !== 'running' && row.status !== 'draft') {
      const variables = (row.variables ?? {}) as Variables;
      const wanted = fetchVariables && fetchVariables.length > 0 ? new Set(fetchVariables) : undefined;
      return { definition: started.definition, instanceKey, variables: wanted ? Object.fromEntries(Object.entries(variables).filter(([name]) => wanted.has(name))) : variables };
    }
    if (Date.now() >= until) throw new DomainError('timed-out', `process instance ${instanceKey} has not ended within ${timeoutMs} ms; it goes on`);
    await new Promise((resolve) => setTimeout(resolve, AWAIT_POLL_MS));
  }
}
