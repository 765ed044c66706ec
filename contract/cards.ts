/** The monthly cards (红黄绿牌) of the units, issued when a month closes. */
import { type Static, Type } from 'typebox';
import { Body, Errors, Instant, Items, Key, Month, Query, routes } from './common';
import { CARD_COLORS } from './values';

/** Why a unit got the card: the shapes the card rules write. */
export const CardReasonShapes = Type.Union([
  /** Every monthly item due that month was met. */
  Type.Object({ kind: Type.Literal('planCompleted'), itemIds: Type.Array(Type.String()) }),
  /** These monthly items due that month were not met. */
  Type.Object({ kind: Type.Literal('planIncomplete'), missedItemIds: Type.Array(Type.String()) }),
  /** The co-unit `coUnitId` got a red card on this matter for this month. */
  Type.Object({ kind: Type.Literal('jointResponsibility'), coUnitId: Type.String() }),
]);

/** Sent as it was stored when the card was issued. */
export const CardReason = Type.Unsafe<Static<typeof CardReasonShapes>>(
  Type.Unknown({ description: '{kind: planCompleted, itemIds} | {kind: planIncomplete, missedItemIds} | {kind: jointResponsibility, coUnitId}' }),
);

export const Card = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  matterId: Type.String(),
  matterTitle: Type.String(),
  month: Type.String(),
  color: Type.Enum(CARD_COLORS),
  reason: CardReason,
  issuedAt: Instant,
});

export const CardRoutes = routes('cards', {
  /** The cards of a month: a unit sees its own, those who oversee any unit's. */
  list: { querystring: Query({ month: Month, unitId: Type.Optional(Key()) }), response: { 200: Items(Card), ...Errors } },
  /** Closes a month by hand (the nightly schedule does it on the 1st): for a backfill or a re-run. */
  closeMonth: { body: Body({ month: Month }), response: { 200: Type.Object({ month: Type.String(), cards: Type.Integer() }), ...Errors } },
});

export type CardReason = Static<typeof CardReason>;
export type Card = Static<typeof Card>;
