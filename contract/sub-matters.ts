/** Decomposition (任务颗粒分解): a matter splits into sub-matters, their targets and lights rolling up. */
import { type Static, Type } from 'typebox';
import { Body, Errors, FreeRecord, Key, Light, NoQuery, Uuid, routes } from './common';
import { Target } from './matters';
import { PROGRESS_MARKS } from './values';

/** Progress against a straight line from nothing on the assigned date to the whole target at the deadline. */
export const Progress = Type.Object({
  mark: Type.Enum(PROGRESS_MARKS),
  /** What should have been reached by now. */
  expected: Type.Number(),
  elapsedDays: Type.Integer(),
  plannedDays: Type.Integer(),
});

const rollupFields = {
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  leadUnit: Type.Optional(Type.String()),
  light: Light,
  target: Type.Optional(Target),
  /** Reached so far: its own reported `achieved`, or the sum of its sub-matters'. */
  achieved: Type.Optional(Type.Number()),
  progress: Type.Optional(Progress),
};

/** A matter and its sub-matters, targets and achievements summed upwards, lights worst-of. */
export const RollupNode = Type.Cyclic({ RollupNode: Type.Object({ ...rollupFields, subMatters: Type.Array(Type.Ref('RollupNode')) }) }, 'RollupNode');

/**
 * The rollup's answer: a RollupNode, its top spelt out because @fastify/swagger leaves out of the
 * OpenAPI document the definition of a recursive schema that is a whole answer.
 */
const Rollup = Type.Object({ ...rollupFields, subMatters: Type.Array(RollupNode) });

const Id = Type.Object({ id: Uuid });

export const SubMatterRoutes = routes('sub-matters', {
  /** The body is a new matter's; elements left out are inherited from the parent. */
  create: {
    params: Id,
    body: Body({
      processKey: Key(),
      title: Type.String({ minLength: 1, maxLength: 500 }),
      variables: Type.Optional(FreeRecord()),
      data: Type.Optional(FreeRecord()),
      draft: Type.Optional(Type.Boolean()),
    }),
    response: { 201: Type.Object({ id: Type.String() }), ...Errors },
  },
  rollup: { params: Id, querystring: NoQuery, response: { 200: Rollup, ...Errors } },
});

export type Progress = Static<typeof Progress>;
export type RollupNode = Static<typeof RollupNode>;
