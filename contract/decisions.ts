/** Decisions: DMN decisions deployed as numbered versions of their decision id. */
import { type Static, Type } from 'typebox';
import { Errors, Instant, IntId, Items, Key, NoQuery, Query, routes } from './common';

/** The latest version of a decision. */
export const Decision = Type.Object({
  id: Type.Integer(),
  /** The DMN decision id, as a business rule task calls it (zeebe:calledDecision decisionId). */
  key: Type.String(),
  version: Type.Integer(),
  name: Type.Optional(Type.String()),
  /** The id of the DMN file (its definitions) the decision came in. */
  requirementsKey: Type.String(),
  deployedAt: Instant,
  /** Who deployed this version: a user's name, or `system` for the shipped models. */
  deployedBy: Type.Optional(Type.String()),
});

export const DecisionRoutes = routes('decisions', {
  list: { querystring: NoQuery, response: { 200: Items(Decision), ...Errors } },
  /** The DMN file the decision was deployed in: the latest version, or `version`. */
  xml: {
    params: Type.Object({ key: Key() }),
    querystring: Query({ version: Type.Optional(IntId) }),
    response: { 200: { description: 'the DMN XML', content: { 'application/xml': { schema: Type.String() } } }, ...Errors },
  },
});

export type Decision = Static<typeof Decision>;
