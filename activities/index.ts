/**
 * Activities: everything the interpreter workflow does outside itself, over the application
 * services. Each takes one typed input object (workflows/activities.ts). Built by the composition
 * root (runtime/compose.ts) with the same services' context as the API.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { type Incident, PROJECTION_REJECTED } from '../workflows/api';
import type { Activities, Projection } from '../workflows/activities';
import { closeMonth } from '../services/board';
import type { AppContext } from '../services/context';
import { findDefinition } from '../services/definitions';
import { DomainError } from '../services/errors';
import { resolveLegacyIncident } from '../services/incidents';
import { startInstance } from '../services/process-instances';
import { writeProjection } from '../services/projection';
import { broadcastSignal } from '../services/signals';
import { pullFeed } from '../services/superior';
import { type ServiceTask, serviceTasks } from './service-tasks';
import { deterministicFailure, sanitizeProjection } from './sanitize';

export function createActivities(ctx: Pick<AppContext, 'knex' | 'temporal'>): Activities {
  const { knex } = ctx;
  return {
    /** Writes a workflow state to the read model. Idempotent, and older states never overwrite newer ones. */
    async projectMatter(p) {
      let refused: string | undefined;
      try {
        await writeProjection(knex, p);
        // A matter recorded before incidents whose state goes through again: its worker-opened incident is over.
        if (p.onReject === undefined) {
          await resolveLegacyIncident(knex, legacyIncidentId(p));
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
      return pullFeed(knex, { client: context.client, taskQueue: context.info.taskQueue, drill: ctx.temporal.drill }, systemId);
    },

    /** The latest deployed version of a process: what a call activity starts. */
    async loadDefinition({ key }) {
      const row = await findDefinition(knex, key).catch((err: unknown) => {
        if (err instanceof DomainError && err.kind === 'not-found') throw ApplicationFailure.nonRetryable(`no process "${key}" is deployed`);
        throw err;
      });
      return { definition: { id: row.id, key: row.key, version: row.version }, graph: row.graph };
    },

    /** Broadcasts a signal thrown by a matter; its key is this activity's, so a retry reaches nobody twice. */
    async broadcastSignal({ signalName, variables, fromWorkflowId }) {
      const { workflowExecution, activityId } = Context.current().info;
      const signalKey = `${fromWorkflowId}/${workflowExecution?.runId ?? ''}/${activityId}`;
      const { delivered, started } = await broadcastSignal(ctx, { name: signalName, variables, fromWorkflowId, signalKey });
      return { delivered, started };
    },

    /** Starts a matter at a timer start event (its schedule fired); the same key starts one matter however often it is retried. */
    async startTimerInstance({ processKey, startEventId, key }) {
      try {
        const { matterId } = await startInstance(ctx, { processKey, variables: {}, startEventId, startedBy: 'timer', instanceKey: key });
        return { matterId };
      } catch (err) {
        // The process was redeployed without this start event (its schedule is being replaced): nothing to start.
        if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.message);
        throw err;
      }
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
