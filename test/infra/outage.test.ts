/** Which errors mean "a service is down, retry shortly" (503 + Retry-After) and which do not. */
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { HttpError, registerErrorHandler } from '../../server/errors';
import { classifyOutage, probe, ServiceStatus } from '../../server/outage';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('classifyOutage', () => {
  it('takes an unreachable, restarting or shut-down PostgreSQL for an outage of the database', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''),
    ]) {
      expect(classifyOutage(error), String(error)).toMatchObject({ service: 'database', retryAfter: expect.any(Number) });
    }
  });

  it('takes an unreachable or silent Temporal frontend for an outage of Temporal, however the SDK wraps it', () => {
    for (const error of [
      grpcError(14, 'No connection established'),
      grpcError(4, 'Deadline exceeded'),
      new ServiceError('Workflow Update failed', { cause: grpcError(14, 'Connection dropped') }),
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled', { cause: grpcError(4, 'Deadline exceeded') }),
      new Error('wrapped', { cause: new ServiceError('query failed', { cause: grpcError(14, 'unavailable') }) }),
    ]) {
      expect(classifyOutage(error), String(error)).toMatchObject({ service: 'temporal' });
    }
  });

  it('leaves faults of the request or the code alone', () => {
    for (const error of [
      pgError('23505', 'duplicate key value violates unique constraint "tasks_pkey"'),
      pgError('42P01', 'relation "nowhere" does not exist'),
      grpcError(3, 'invalid argument'),
      grpcError(5, 'workflow not found'),
      new WorkflowUpdateFailedError('Workflow Update failed', new Error('task t1 is not open')),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      new HttpError(409, 'task t1 is already completed'),
      // A superior system or webhook that cannot be reached is not our database.
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) }),
    ]) {
      expect(classifyOutage(error), String(error)).toBeUndefined();
    }
  });
});

describe('the error handler', () => {
  it('answers an outage with 503, Retry-After and no internals', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/db', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:41234'), { code: 'ECONNREFUSED' });
    });
    app.get('/bug', async () => {
      throw new TypeError('x is undefined');
    });
    const res = await app.inject({ url: '/db' });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ error: 'Service Unavailable' });
    expect(res.body).not.toContain('41234');
    expect((await app.inject({ url: '/bug' })).statusCode).toBe(500);
  });
});

describe('ServiceStatus and probe', () => {
  it('keeps the first reason until the service is back', () => {
    const status = new ServiceStatus();
    status.down('temporal', 'killed');
    status.down('temporal', 'still down');
    expect(status.outage('temporal')?.reason).toBe('killed');
    expect(status.isDown('database')).toBe(false);
    status.up('temporal');
    expect(status.isDown('temporal')).toBe(false);
  });

  it('gives up on a check that does not answer in time', async () => {
    const started = Date.now();
    expect(await probe(() => new Promise(() => {}), 100)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await probe(async () => 1)).toBe(true);
    expect(await probe(async () => Promise.reject(new Error('down')))).toBe(false);
  });
});
