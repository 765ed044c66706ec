/**
 * The messages and signals workflows wait for (the event_subscriptions table), kept by their
 * projections: where a published message or a broadcast signal finds its matters.
 */
import type { Knex } from 'knex';
import type { Projection } from '../workflows/activities';

export interface Subscriber {
  matterId: string;
  workflowId: string;
  elementId: string;
  subscriptionId: string;
}

/**
 * Replaces a workflow's subscriptions with those of its projection; a workflow that has ended has
 * none, and a matter that has ended takes those of its called processes with it (one cancelled with
 * its call activity projects no end). A projection without subscriptions (unchanged, or a matter
 * recorded before them) leaves them.
 */
export async function writeSubscriptions(trx: Knex.Transaction, p: Pick<Projection, 'matterId' | 'workflowId' | 'child' | 'status' | 'subscriptions'>): Promise<void> {
  if (p.status !== 'running' && !p.child) {
    await trx('event_subscriptions').where({ matter_id: p.matterId }).delete();
    return;
  }
  const subscriptions = p.status === 'running' ? p.subscriptions : [];
  if (subscriptions === undefined) return;
  await trx('event_subscriptions')
    .where({ workflow_id: p.workflowId })
    .whereNotIn('subscription_id', subscriptions.map((s) => s.id))
    .delete();
  if (subscriptions.length === 0) return;
  // Those still open keep their row, and so their place in the queue (oldest first).
  await trx('event_subscriptions')
    .insert(
      subscriptions.map((s) => ({
        matter_id: p.matterId,
        workflow_id: p.workflowId,
        subscription_id: s.id,
        element_id: s.elementId,
        kind: s.kind,
        name: s.name,
        correlation_key: s.correlationKey ?? null,
      })),
    )
    .onConflict(['workflow_id', 'subscription_id'])
    .ignore();
}

/**
 * The workflows waiting for a message or signal of this name, oldest subscription first. With a
 * correlation key, those whose key is that one or who wait for any key; without, those who wait for any.
 */
export async function findSubscribers(knex: Knex, query: { kind: 'message' | 'signal'; name: string; correlationKey?: string }): Promise<Subscriber[]> {
  const rows = await knex('event_subscriptions')
    .where({ kind: query.kind, name: query.name })
    .andWhere((w) => {
      w.whereNull('correlation_key');
      if (query.correlationKey !== undefined) w.orWhere('correlation_key', query.correlationKey);
    })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('matter_id', 'workflow_id', 'element_id', 'subscription_id');
  return rows.map((r) => ({ matterId: r.matter_id, workflowId: r.workflow_id, elementId: r.element_id, subscriptionId: r.subscription_id }));
}
