/**
 * Superior systems (上级系统): the admin registers them (an API key is issued once); they hand
 * matters down through the intake with that key and read progress back, or their feed is pulled.
 */
import { type Static, Type } from 'typebox';
import { Body, Errors, FreeRecord, Instant, IntId, Items, Key, Light, LocalDate, NoQuery, Patch, routes } from './common';

export const SuperiorSystem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  feedUrl: Type.Optional(Type.String()),
  pullEveryMinutes: Type.Integer(),
  active: Type.Boolean(),
});

/** What a pull took in: matters created, already known, and refused with why. */
export const PullResult = Type.Object({
  created: Type.Integer(),
  existing: Type.Integer(),
  rejected: Type.Array(Type.Object({ externalId: Type.Optional(Type.Unknown()), errors: Type.Unknown() })),
});

export const IntakeResult = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  /** False when the external id was handed down before: nothing new is created. */
  created: Type.Boolean(),
});

/** What a superior system reads back about a matter it handed down. */
export const IntakeProgress = Type.Object({
  externalId: Type.String(),
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  light: Type.Optional(Light),
  deadline: Type.Union([LocalDate, Type.Null()]),
  /** The flow's `progress` variable, null without one. */
  progress: Type.Unknown(),
  openTasks: Type.Array(Type.Object({ name: Type.Union([Type.String(), Type.Null()]), units: Type.Array(Type.String()), dueAt: Type.Optional(Instant) })),
  updatedAt: Instant,
  endedAt: Type.Optional(Instant),
});

const FeedUrl = Type.String({ minLength: 1, maxLength: 2000 });
/** Signed with the system's X-Api-Key (issued when it was registered), not a user's token. */
const bySystemKey = [{ superiorSystemKey: [] }];

export const SuperiorRoutes = routes('superior systems', {
  list: { querystring: NoQuery, response: { 200: Items(SuperiorSystem), ...Errors } },
  /** The answer carries the system's API key: the only time it is shown. */
  create: {
    body: Body({ name: Type.String({ minLength: 1, maxLength: 100 }), feedUrl: Type.Optional(FeedUrl), pullEveryMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })) }),
    response: { 201: Type.Object({ ...SuperiorSystem.properties, apiKey: Type.String() }), ...Errors },
  },
  update: {
    params: Type.Object({ id: IntId }),
    body: Patch({ feedUrl: Type.Optional(Type.Union([FeedUrl, Type.Null()])), pullEveryMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })), active: Type.Optional(Type.Boolean()) }),
    response: { 200: SuperiorSystem, ...Errors },
  },
  /** Pulls the feed now (the schedule does it every pullEveryMinutes). */
  pull: { params: Type.Object({ id: IntId }), response: { 200: PullResult, ...Errors } },
  /** Public, by the system's X-Api-Key: hands a matter down (idempotent by its externalId); 201 when new, 200 when known. */
  intake: { security: bySystemKey, body: FreeRecord(), response: { 200: IntakeResult, 201: IntakeResult, ...Errors } },
  /** Public, by the system's X-Api-Key. */
  progress: { security: bySystemKey, params: Type.Object({ externalId: Key() }), querystring: NoQuery, response: { 200: IntakeProgress, ...Errors } },
});

export type SuperiorSystem = Static<typeof SuperiorSystem>;
export type PullResult = Static<typeof PullResult>;
export type IntakeResult = Static<typeof IntakeResult>;
export type IntakeProgress = Static<typeof IntakeProgress>;
