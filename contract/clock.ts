/** Business time: real time, or a drill's compressed time. */
import { type Static, Type } from 'typebox';
import { Errors, Instant, NoQuery, routes } from './common';

export const Clock = Type.Object({
  now: Instant,
  /** In a drill: when it started and how long a business day lasts, in milliseconds. */
  drill: Type.Optional(Type.Object({ start: Instant, dayMs: Type.Number() })),
});

export const ClockRoutes = routes('clock', {
  clock: { querystring: NoQuery, response: { 200: Clock, ...Errors } },
});

export type Clock = Static<typeof Clock>;
