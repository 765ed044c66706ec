/**
 * What every service works with: the database, Temporal and business time. Built once by the
 * composition root (runtime/compose.ts) and handed to both the worker's activities and the API.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { DrillClock } from '../workflows/clock';
import { clockNow } from './clock';

export interface TemporalContext {
  client: Client;
  taskQueue: string;
  /** Matters started here run on this drill clock (business time compressed); real time without one. */
  drill?: DrillClock;
}

export interface AppContext {
  knex: Knex;
  temporal: TemporalContext;
  /** Business time now (epoch ms): real time, or the drill clock's reading of it. */
  now(): number;
}

export function appContext(knex: Knex, temporal: TemporalContext): AppContext {
  return { knex, temporal, now: () => clockNow(temporal.drill) };
}
