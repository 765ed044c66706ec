/**
 * Relays new notifications as they are written (PostgreSQL NOTIFY from a trigger): to the live
 * channels of the users who may see them, and to the organisation's webhook (an IM or SMS
 * gateway), signed, retried with back-off until it accepts.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { User } from '../supervision/access';
import { type NotificationRow, notificationView, visibleNotifications } from './notifications';

type Send = (notification: ReturnType<typeof notificationView>) => void;

const SWEEP_MS = 5_000;
const MAX_ATTEMPTS = 12;
const WEBHOOK_TIMEOUT_MS = 5_000;
/** Back-off between attempts to LISTEN again after the database went away. */
const RELISTEN_MIN_MS = 500;
const RELISTEN_MAX_MS = 10_000;

export class NotificationHub {
  private readonly subscribers = new Set<{ user: User; send: Send }>();
  private connection?: pg.Client;
  private sweeper?: NodeJS.Timeout;
  private delivering = false;

  constructor(
    private readonly knex: Knex,
    private readonly log: (message: string, err?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.sweeper = setInterval(() => void this.deliverWebhooks(), SWEEP_MS);
    this.sweeper.unref();
  }

  private stopped = false;
  private relisten?: NodeJS.Timeout;

  /**
   * Keeps one pooled connection LISTENing for as long as the hub runs. When PostgreSQL restarts the
   * connection dies with it: a new one is taken as soon as the database answers again.
   */
  private async listen(delayOnFailure = RELISTEN_MIN_MS): Promise<void> {
    const connection = (await this.knex.client.acquireConnection()) as pg.Client;
    this.connection = connection;
    connection.on('notification', (message) => {
      if (message.channel === 'notifications' && message.payload) void this.relay(Number(message.payload));
    });
    const lost = (err?: unknown) => {
      if (this.connection !== connection || this.stopped) return;
      this.connection = undefined;
      this.log('the notification channel lost its database connection; listening again when it is back', err);
      void this.knex.client.releaseConnection(connection).catch(() => {});
      this.scheduleRelisten(delayOnFailure);
    };
    connection.once('error', lost);
    connection.once('end', lost);
    await connection.query('LISTEN notifications');
  }

  private scheduleRelisten(delay: number): void {
    this.relisten = setTimeout(() => {
      this.listen(Math.min(delay * 2, RELISTEN_MAX_MS)).catch((err: unknown) => {
        if (this.stopped) return;
        this.log('listening for notifications failed; trying again', err);
        this.scheduleRelisten(Math.min(delay * 2, RELISTEN_MAX_MS));
      });
    }, delay);
    this.relisten.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relisten) clearTimeout(this.relisten);
    if (this.sweeper) clearInterval(this.sweeper);
    this.subscribers.clear();
    if (this.connection) {
      await this.connection.query('UNLISTEN notifications').catch(() => {});
      await this.knex.client.releaseConnection(this.connection);
      this.connection = undefined;
    }
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
