/**
 * The composition root: the services' context (database, Temporal, business time) is built once
 * here and handed to both the worker's activities and the HTTP app, so both run the same services
 * over the same connections.
 */
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import { type AppContext, type TemporalContext, appContext } from '../services/context';
import type { Activities } from '../workflows/activities';

export interface Composition {
  ctx: AppContext;
  activities: Activities;
}

export function compose(knex: Knex, temporal: TemporalContext): Composition {
  const ctx = appContext(knex, temporal);
  return { ctx, activities: createActivities(ctx) };
}
