/** Machine clients of the job API (/v2): job workers and other systems, each with a secret and scopes. */
import { type Static, Type } from 'typebox';
import { Body, Errors, Instant, Items, NoContent, routes } from './common';

export const MachineClient = Type.Object({
  id: Type.String(),
  description: Type.String(),
  /** jobs:<type> or jobs:*, processes:start, messages:publish, signals:broadcast. */
  scopes: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Instant,
  revokedAt: Type.Optional(Instant),
});

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const MachineClientRoutes = routes('machine-clients', {
  list: { response: { 200: Items(MachineClient), ...Errors } },
  /** Registers a client; the answer carries its secret, shown this once. */
  create: {
    body: Body({
      id: Type.String({ minLength: 1, maxLength: 100 }),
      description: Type.Optional(Type.String({ maxLength: 500 })),
      scopes: Type.Array(Type.String({ minLength: 1, maxLength: 210 }), { minItems: 1, maxItems: 50 }),
    }),
    response: { 201: Type.Intersect([MachineClient, Type.Object({ secret: Type.String() })]), ...Errors },
  },
  /** Its secret and tokens stop working at once. */
  revoke: { params: Id, response: { 204: NoContent, ...Errors } },
});

export type MachineClient = Static<typeof MachineClient>;
