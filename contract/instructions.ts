/** Leaders' instructions (批示) on a matter or one of its nodes, and following (关注) matters. */
import { type Static, Type } from 'typebox';
import { Body, Errors, Instant, Items, Key, NoQuery, Uuid, routes } from './common';
import { MATTER_STATUSES } from './values';

export const Instruction = Type.Object({
  id: Type.Integer(),
  matterId: Type.String(),
  elementId: Type.Optional(Type.String()),
  by: Type.String(),
  text: Type.String(),
  createdAt: Instant,
});

/** A matter the caller follows. */
export const Follow = Type.Object({ id: Type.String(), title: Type.String(), status: Type.Enum(MATTER_STATUSES), since: Instant });

const Id = Type.Object({ id: Uuid });
const Following = Type.Object({ following: Type.Boolean() });

export const InstructionRoutes = routes('instructions', {
  /** Delivered as a notification to the units responsible for the matter. */
  instruct: {
    params: Id,
    body: Body({ text: Type.String({ minLength: 1, maxLength: 5000 }), elementId: Type.Optional(Key()) }),
    response: { 201: Instruction, ...Errors },
  },
  list: { params: Id, querystring: NoQuery, response: { 200: Items(Instruction), ...Errors } },
  follow: { params: Id, response: { 200: Following, ...Errors } },
  unfollow: { params: Id, response: { 200: Following, ...Errors } },
  follows: { querystring: NoQuery, response: { 200: Items(Follow), ...Errors } },
});

export type Instruction = Static<typeof Instruction>;
export type Follow = Static<typeof Follow>;
