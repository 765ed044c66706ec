/**
 * The read model's writer: a workflow state (a projection) into the matter's row, its tasks, the
 * new tasks' notifications, its jobs for external workers, its incidents and the messages and signals
 * it waits for, in one transaction. Idempotent, and older states never overwrite newer ones. Each table
 * is written by its owner.
 */
import type { Knex } from 'knex';
import type { Projection } from '../workflows/activities';
import { writeIncidents } from './incidents';
import { writeJobs } from './jobs';
import { writeMatterState } from './matters';
import { notify } from './notifications';
import { writeSubscriptions } from './subscriptions';
import { writeTasks } from './tasks';

/**
 * `legacy`: the incidents are the worker's own (a matter recorded before incidents); `minimal`: the
 * matter's step and status only, for a state PostgreSQL refuses even sanitized.
 */
export async function writeProjection(knex: Knex, p: Projection, legacy = false, minimal = false): Promise<void> {
  await knex.transaction(async (trx) => {
    await writeIncidents(trx, p, legacy);
    // A called process projects its tasks only: the matter's row is its parent's.
    if (!p.child) await writeMatterState(trx, p, minimal);
    if (minimal) return;
    await writeJobs(trx, p);
    await writeSubscriptions(trx, p);
    const opened = await writeTasks(trx, p);
    // A new task is news for its units: it lands in their inbox and their notifications.
    await notify(
      trx,
      opened.map((t) => ({
        unitIds: t.candidateUnits,
        usernames: [...t.candidateUsers, ...(t.assignee ? [t.assignee] : [])],
        matterId: p.matterId,
        elementId: t.elementId,
        kind: 'task',
        message: `新任务：${t.name ?? t.elementId}`,
        dedupeKey: `task:${t.id}`,
      })),
    );
  });
}
