/**
 * Outages of the two services the API stands on, PostgreSQL and Temporal: which errors mean "the
 * service is down, try again shortly" (503 with Retry-After, never 500), the deadlines that keep a
 * request from hanging on a dead Temporal frontend, and the process-wide record of what the
 * supervisors in infra/ have seen die and come back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Connection,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { FastifyInstance } from 'fastify';

export type ServiceName = 'database' | 'temporal';

/** Seconds a client is told to wait before retrying; a supervised restart takes a few. */
export const RETRY_AFTER_SECONDS = 3;
/** Longest an API request may spend on Temporal calls (an update waits for the worker). */
export const TEMPORAL_REQUEST_DEADLINE_MS = 8_000;
/** Longest a health probe waits for an answer. */
export const PROBE_TIMEOUT_MS = 800;

export interface Outage {
  service: ServiceName;
  retryAfter: number;
  message: string;
}

/** The services the supervisors saw die and not yet come back. */
export class ServiceStatus {
  private readonly downSince = new Map<ServiceName, { at: number; reason: string }>();

  down(service: ServiceName, reason: string): void {
    if (!this.downSince.has(service)) this.downSince.set(service, { at: Date.now(), reason });
  }

  up(service: ServiceName): void {
    this.downSince.delete(service);
  }

  isDown(service: ServiceName): boolean {
    return this.downSince.has(service);
  }

  /** Why and since when (epoch ms) a service is down; undefined while it is up. */
  outage(service: ServiceName): { at: number; reason: string } | undefined {
    return this.downSince.get(service);
  }
}

/** The one record `npm start` keeps: its supervisors write it, health reads it. */
export const serviceStatus = new ServiceStatus();

// grpc status codes
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Node's and pg's codes for a database that is not there, going away or not ready. */
const PG_OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '08000', // connection_exception
  '08001',
  '08003',
  '08006', // connection_failure
  '53300', // too_many_connections
]);
const PG_OUTAGE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|Client has encountered a connection error|Connection is closed|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

/**
 * Whether an error means PostgreSQL or Temporal is unreachable (503, retry later) rather than a
 * fault of the request or the code (4xx, 500). Follows `cause` chains, as the SDK and knex wrap.
 */
export function classifyOutage(error: unknown): Outage | undefined {
  const seen = new Set<unknown>();
  for (let err = error; err && typeof err === 'object' && !seen.has(err); err = (err as { cause?: unknown }).cause) {
    seen.add(err);
    // An HTTP call to another system (fetch) that failed is that system's trouble, not ours.
    if (err instanceof TypeError && err.message === 'fetch failed') return undefined;
    const temporal = temporalOutage(err);
    if (temporal) return { service: 'temporal', retryAfter: RETRY_AFTER_SECONDS, message: `Temporal is unavailable (${temporal}); retry shortly` };
    const database = databaseOutage(err);
    if (database) return { service: 'database', retryAfter: RETRY_AFTER_SECONDS, message: `the database is unavailable (${database}); retry shortly` };
    for (const inner of (err as { errors?: unknown[] }).errors ?? []) {
      const found = classifyOutage(inner);
      if (found) return found;
    }
  }
  return undefined;
}

function temporalOutage(err: object): string | undefined {
  // An update call that ran out of its deadline: the update may or may not have been delivered;
  // a retry with the same Idempotency-Key (update id) gets its one outcome.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (err as Error).name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'no answer in time';
  if (isGrpcServiceError(err)) {
    if (err.code === GRPC_UNAVAILABLE) return 'unreachable';
    if (err.code === GRPC_DEADLINE_EXCEEDED) return 'no answer in time';
    if (err.code === GRPC_CANCELLED) return 'call cancelled';
    return undefined;
  }
  if (err instanceof ServiceError && /Failed to connect|connect before the deadline/i.test(err.message)) return 'unreachable';
  return undefined;
}

function databaseOutage(err: object): string | undefined {
  const { code, message, name } = err as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string' && PG_OUTAGE_CODES.has(code)) return code;
  if (name === 'KnexTimeoutError') return 'no connection in time';
  if (typeof message === 'string' && PG_OUTAGE_MESSAGES.test(message)) return message.split('\n')[0].slice(0, 80);
  return undefined;
}

/**
 * Connection options for the API's Temporal client: few, quick retries of an unreachable frontend
 * (the SDK's default backs off for many seconds) and a quick reconnect once it is back.
 */
export function apiConnectionOptions(status: ServiceStatus = serviceStatus): Pick<ConnectionOptions, 'interceptors' | 'channelArgs' | 'connectTimeout'> {
  const retry = defaultGrpcRetryOptions({ maxAttempts: 3, factor: 2, maxJitter: 0.2, initialIntervalMs: () => 100, maxIntervalMs: () => 300 });
  return {
    interceptors: [
      makeGrpcRetryInterceptor({
        ...retry,
        // A frontend the supervisor saw die is not asked again: the caller gets its 503 at once.
        retryableDecider: (attempt, grpcStatus) => !status.isDown('temporal') && retry.retryableDecider(attempt, grpcStatus),
      }),
    ],
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 1_000 },
    connectTimeout: '5s',
  };
}

/**
 * Gives every API request one deadline for all its Temporal calls (an update's start and the
 * polls for its outcome included): past it, the calls fail with DEADLINE_EXCEEDED and the request
 * answers 503. Requests that never call Temporal are untouched.
 */
export function temporalDeadlines(app: FastifyInstance, connection: Connection, ms = TEMPORAL_REQUEST_DEADLINE_MS): void {
  const storage = (connection as unknown as { callContextStorage: AsyncLocalStorage<Record<string, unknown>> }).callContextStorage;
  app.addHook('onRequest', (_request, _reply, done) => {
    storage.run({ ...storage.getStore(), deadline: Date.now() + ms }, done);
  });
}

/** Resolves with the promise's outcome, or false once `ms` have passed without one. */
export function probe(check: () => Promise<unknown>, ms = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    check().then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
