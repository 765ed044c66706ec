/** Whether the API's services are up: public, for load balancers and the start script. */
import { type Static, Type } from 'typebox';
import { Errors, routes } from './common';

export const Health = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  down: Type.Array(Type.Enum(['database', 'temporal'])),
  database: Type.Object({ ok: Type.Boolean() }),
  temporal: Type.Object({ ok: Type.Boolean(), address: Type.String(), namespace: Type.String(), uiUrl: Type.Optional(Type.String()) }),
});

export const HealthRoutes = routes('health', {
  /** 200 when PostgreSQL and Temporal both answer, 503 (with Retry-After) and the same body when not. */
  health: { security: [], response: { 200: Health, 503: Health, ...Errors } },
});

export type Health = Static<typeof Health>;
