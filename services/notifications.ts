/**
 * The notification centre: what a user sees (their unit's, their own, and those of the matters
 * they follow), read marks per user, follows and leaders' instructions.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../supervision/access';
import { notFound } from './errors';

export interface NotificationRow {
  id: number;
  unit_ids: string[];
  usernames: string[];
  matter_id: string | null;
  matter_title?: string | null;
  element_id: string | null;
  kind: string;
  message: string;
  created_at: Date;
  read_at?: Date | null;
}

export function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    matterId: row.matter_id ?? undefined,
    matterTitle: row.matter_title ?? undefined,
    elementId: row.element_id ?? undefined,
    kind: row.kind,
    message: row.message,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString(),
  };
}

/** A notification to write: to units and/or people, about a matter (and one of its nodes). */
export interface Notice {
  unitIds?: string[];
  usernames?: string[];
  matterId: string | null;
  elementId?: string | null;
  kind: string;
  message: string;
  /** Written once per key: a repeat (a retried activity, a replayed projection) is dropped. */
  dedupeKey: string;
}

/** Writes notifications (each once per dedupe key); the hub relays them to those listening. */
export async function notify(knex: Knex, notices: readonly Notice[]): Promise<void> {
  if (notices.length === 0) return;
  await knex('notifications')
    .insert(
      notices.map((n) => ({
        unit_ids: n.unitIds ?? [],
        usernames: n.usernames ?? [],
        matter_id: n.matterId,
        element_id: n.elementId ?? null,
        kind: n.kind,
        message: n.message,
        dedupe_key: n.dedupeKey,
      })),
    )
    .onConflict('dedupe_key')
    .ignore();
}

/** The organisation's outgoing webhook (an IM or SMS gateway relays notifications). */
export async function webhookSettings(knex: Knex): Promise<{ url: string | null; active: boolean; secret?: string }> {
  const hook = await knex('webhooks').orderBy('id', 'desc').first();
  return hook ? { url: hook.url, active: hook.active, secret: hook.secret } : { url: null, active: false };
}

/** Replaces the webhook; a new secret is issued each time. */
export async function setWebhook(knex: Knex, url: string, active: boolean): Promise<{ url: string; active: boolean; secret: string }> {
  const secret = randomBytes(24).toString('hex');
  await knex.transaction(async (trx) => {
    await trx('webhooks').delete();
    await trx('webhooks').insert({ url, secret, active });
  });
  return { url, active, secret };
}

/** Notifications addressed to the user's unit or to them, or about a matter they follow. */
export function visibleNotifications(knex: Knex, user: Pick<User, 'username' | 'unitId'>) {
  return knex('notifications as n')
    .leftJoin('matters as m', 'm.id', 'n.matter_id')
    .leftJoin('notification_reads as r', (j) => j.on('r.notification_id', 'n.id').andOnVal('r.username', user.username))
    .where((q) =>
      q
        .whereRaw('n.unit_ids @> ?', [[user.unitId]])
        .orWhereRaw('n.usernames @> ?', [[user.username]])
        .orWhereIn('n.matter_id', knex('matter_followers').select('matter_id').where({ username: user.username })),
    )
    .select('n.*', 'm.title as matter_title', 'r.read_at');
}

export async function listNotifications(knex: Knex, user: User, options: { unread?: boolean; limit?: number }) {
  const query = visibleNotifications(knex, user).orderBy('n.id', 'desc').limit(options.limit ?? 100);
  if (options.unread) query.whereNull('r.read_at');
  const [rows, [{ count }]] = await Promise.all([query, visibleNotifications(knex, user).clearSelect().whereNull('r.read_at').count({ count: '*' })]);
  return { items: (rows as NotificationRow[]).map(notificationView), unread: Number(count) };
}

export async function markRead(knex: Knex, user: User, id: number): Promise<void> {
  const visible = await visibleNotifications(knex, user).where('n.id', id).first();
  if (!visible) throw notFound(`notification ${id}`);
  await knex('notification_reads').insert({ notification_id: id, username: user.username }).onConflict(['notification_id', 'username']).ignore();
}

export async function markAllRead(knex: Knex, user: User): Promise<number> {
  const ids = await visibleNotifications(knex, user).clearSelect().whereNull('r.read_at').pluck('n.id');
  if (ids.length > 0) {
    await knex('notification_reads')
      .insert(ids.map((id: number) => ({ notification_id: id, username: user.username })))
      .onConflict(['notification_id', 'username'])
      .ignore();
  }
  return ids.length;
}
