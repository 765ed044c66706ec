/** Incidents: what a matter could not do by itself; supervisors follow them, administrators retry or resolve them. */
import { type Static, Type } from 'typebox';
import { Errors, Instant, Items, routes } from './common';
import { INCIDENT_KINDS, INCIDENT_RESOLUTIONS, INCIDENT_STATUSES } from './values';

export const Incident = Type.Object({
  id: Type.String(),
  matterId: Type.String(),
  matterTitle: Type.Optional(Type.String()),
  /** A state the read model refused, a service task that failed for good, or a token stopped at an element by an error in the model or its data. */
  kind: Type.Enum(INCIDENT_KINDS),
  elementId: Type.Optional(Type.String()),
  message: Type.String(),
  status: Type.Enum(INCIDENT_STATUSES),
  retries: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
  resolvedAt: Type.Optional(Instant),
  resolvedBy: Type.Optional(Type.String()),
  resolution: Type.Optional(Type.Enum(INCIDENT_RESOLUTIONS)),
});

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const IncidentRoutes = routes('incidents', {
  /** Across matters, the open and newest first. */
  list: {
    querystring: Type.Object({
      status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
      matterId: Type.Optional(Type.String({ minLength: 1 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    }),
    response: { 200: Items(Incident), ...Errors },
  },
  /** Tries it again after setting these variables (the fix for what was refused). */
  retry: {
    params: Id,
    body: Type.Optional(Type.Object({ variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())) })),
    response: { 200: Incident, ...Errors },
  },
  /** Accepts it as it is. */
  resolve: { params: Id, response: { 200: Incident, ...Errors } },
});

export type Incident = Static<typeof Incident>;
