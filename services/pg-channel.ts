/**
 * One PostgreSQL LISTEN channel kept open for as long as it is wanted: a pooled connection that
 * LISTENs and hands each NOTIFY's payload on. When PostgreSQL restarts the connection dies with it:
 * a new one is taken, with back-off, as soon as the database answers again.
 */
import type { Knex } from 'knex';
import type pg from 'pg';

/** Back-off between attempts to LISTEN again after the database went away. */
const RELISTEN_MIN_MS = 500;
const RELISTEN_MAX_MS = 10_000;

export class PgChannel {
  private connection?: pg.Client;
  private stopped = false;
  private relisten?: NodeJS.Timeout;

  constructor(
    private readonly knex: Knex,
    /** The channel's name: a plain identifier. */
    private readonly channel: string,
    private readonly onMessage: (payload: string) => void,
    private readonly log: (message: string, err?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relisten) clearTimeout(this.relisten);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      await connection.query(`UNLISTEN ${this.channel}`).catch(() => {});
      await this.knex.client.releaseConnection(connection);
    }
  }

  private async listen(delayOnFailure = RELISTEN_MIN_MS): Promise<void> {
    const connection = (await this.knex.client.acquireConnection()) as pg.Client;
    this.connection = connection;
    connection.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onMessage(message.payload);
    });
    const lost = (err?: unknown) => {
      if (this.connection !== connection || this.stopped) return;
      this.connection = undefined;
      this.log(`the ${this.channel} channel lost its database connection; listening again when it is back`, err);
      void this.knex.client.releaseConnection(connection).catch(() => {});
      this.scheduleRelisten(delayOnFailure);
    };
    connection.once('error', lost);
    connection.once('end', lost);
    await connection.query(`LISTEN ${this.channel}`);
  }

  private scheduleRelisten(delay: number): void {
    this.relisten = setTimeout(() => {
      this.listen(Math.min(delay * 2, RELISTEN_MAX_MS)).catch((err: unknown) => {
        if (this.stopped) return;
        this.log(`listening on ${this.channel} failed; trying again`, err);
        this.scheduleRelisten(Math.min(delay * 2, RELISTEN_MAX_MS));
      });
    }, delay);
    this.relisten.unref();
  }
}
