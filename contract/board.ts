/** The ranking board (天工榜): each unit's and leader's rates, score and rank for a week, month or year. */
import { type Static, Type } from 'typebox';
import { Day, Errors, LocalDate, Query, routes } from './common';
import { PERIOD_KINDS } from './values';

/** A run of whole calendar days, both ends included. Weeks start on Monday. */
export const Period = Type.Object({ kind: Type.Enum(PERIOD_KINDS), start: LocalDate, end: LocalDate });

/** numerator ÷ denominator; no `value` when there is nothing to measure. */
export const Rate = Type.Object({ numerator: Type.Number(), denominator: Type.Number(), value: Type.Optional(Type.Number()) });

const lightCounts = { white: Type.Integer(), blue: Type.Integer(), green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), total: Type.Integer() };
const cardCounts = { green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), total: Type.Integer() };

/** A unit or a leader on the board; `rank` 1 is the best, ties share it, and there is none without a score. */
const rankingEntry = {
  id: Type.String(),
  name: Type.String(),
  score: Type.Optional(Type.Number()),
  redLights: Type.Integer(),
  rank: Type.Optional(Type.Integer()),
};

export const BoardUnit = Type.Object({
  ...rankingEntry,
  planCompletion: Rate,
  light: Rate,
  card: Rate,
  lights: Type.Object(lightCounts),
  cards: Type.Object(cardCounts),
});

/** A leader: the mean score of the units in their charge, and all their red lights. */
export const BoardLeader = Type.Object({ ...rankingEntry, unitIds: Type.Immutable(Type.Array(Type.String())) });

export const Board = Type.Object({
  period: Period,
  units: Type.Array(BoardUnit),
  leaders: Type.Array(BoardLeader),
  /** Every light of the period, and how many units show one. */
  lights: Type.Object({ ...lightCounts, units: Type.Integer() }),
  /** Every card of the period, and how many units and matters hold one. */
  cards: Type.Object({ ...cardCounts, units: Type.Integer(), matters: Type.Integer() }),
});

export const BoardRoutes = routes('board', {
  /** The board for the week, month or year containing `date` (default today). */
  board: {
    querystring: Query({
      period: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('year')])),
      date: Type.Optional(Day),
    }),
    response: { 200: Board, ...Errors },
  },
});

export type Period = Static<typeof Period>;
export type Rate = Static<typeof Rate>;
export type Board = Static<typeof Board>;
