/**
 * Relays new notifications as they are written (PostgreSQL NOTIFY from a trigger): to the live
 * channels of the users who may see them, and to the organisation's webhook (an IM or SMS
 * gateway), signed, retried with back-off until it accepts.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../supervision/access';
import { type NotificationRow, notificationView, visibleNotifications } from './notifications';
import { PgChannel } from './pg-channel';

type Send = (notification: ReturnType<typeof notificationView>) => void;

const SWEEP_MS = 5_000;
const MAX_ATTEMPTS = 12;
const WEBHOOK_TIMEOUT_MS = 5_000;

export class NotificationHub {
  private readonly subscribers = new Set<{ user: User; send: Send }>();
  private readonly channel: PgChannel;
  private sweeper?: NodeJS.Timeout;
  private delivering = false;

  constructor(
    private readonly knex: Knex,
    private readonly log: (message: string, err?: unknown) => void = () => {},
  ) {
    this.channel = new PgChannel(knex, 'notifications', (payload) => void this.relay(Number(payload)), log);
  }

  async start(): Promise<void> {
    await this.channel.start();
    this.sweeper = setInterval(() => void this.deliverWebhooks(), SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.subscribers.clear();
    await this.channel.stop();
  }

  /** A live channel for one user; returns the function that closes it. */
  subscribe(user: User, send: Send): () => void {
    const subscriber = { user, send };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  private async relay(id: number): Promise<void> {
    try {
      for (const subscriber of this.subscribers) {
        const row = (await visibleNotifications(this.knex, subscriber.user).where('n.id', id).first()) as NotificationRow | undefined;
        if (row) subscriber.send(notificationView(row));
      }
      await this.deliverWebhooks();
    } catch (err) {
      this.log(`relaying notification ${id} failed`, err);
    }
  }

  /** Posts undelivered notifications to the active webhooks; each one is retried with back-off until accepted. */
  async deliverWebhooks(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      const hooks = await this.knex('webhooks').where({ active: true });
      if (hooks.length === 0) return;
      const due = await this.knex('notifications as n')
        .leftJoin('matters as m', 'm.id', 'n.matter_id')
        .whereNull('n.delivered_at')
        .andWhere('n.created_at', '>=', hooks.reduce((earliest, hook) => (hook.created_at < earliest ? hook.created_at : earliest), hooks[0].created_at))
        .andWhere('n.delivery_attempts', '<', MAX_ATTEMPTS)
        // Back-off: wait 2^attempts seconds after the last try.
        .andWhereRaw("n.created_at + (power(2, n.delivery_attempts) * interval '1 second') <= now()")
        .orderBy('n.id')
        .limit(50)
        .select('n.*', 'm.title as matter_title');
      for (const row of due as NotificationRow[]) {
        const body = JSON.stringify({ ...notificationView(row), unitIds: row.unit_ids, usernames: row.usernames });
        const results = await Promise.all(hooks.map((hook) => post(hook.url, hook.secret, body)));
        if (results.every(Boolean)) await this.knex('notifications').where({ id: row.id }).update({ delivered_at: this.knex.fn.now() });
        else await this.knex('notifications').where({ id: row.id }).increment('delivery_attempts', 1);
      }
    } catch (err) {
      this.log('webhook delivery failed', err);
    } finally {
      this.delivering = false;
    }
  }
}

async function post(url: string, secret: string, body: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-duban-signature': createHmac('sha256', secret).update(body).digest('hex') },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    return res.ok;
  } catch {
    return false;
  }
}
