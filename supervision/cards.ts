/**
 * Three-colour cards (三色牌), issued per (unit, matter, month) when the month closes: green 绿
 * when the month's plan was completed or exceeded, red 红 when it was not, and yellow 黄 to the
 * lead unit for each of its co-units' red cards (joint responsibility, 连带责任).
 */
import {
  compareDates,
  isWithin,
  localDateOf,
  monthPeriod,
  startOfNextDay,
  toLocalDate,
  type Instant,
  type LocalDate,
  type Month,
  type PeriodKind,
} from './calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from './config';

export type CardColor = 'green' | 'yellow' | 'red';

/** One item of a unit's annual, monthly or weekly plan on a matter. */
export interface PlanItem {
  id: string;
  unitId: string;
  matterId: string;
  /** Which plan it belongs to; only monthly items earn cards. */
  plan: PeriodKind;
  dueDate: LocalDate | Instant;
  completedAt?: Instant;
  /** For a quantified item: the amount planned and the amount reached so far. */
  quantity?: number;
  achieved?: number;
}

export interface MatterRoles {
  matterId: string;
  leadUnitId: string;
  coUnitIds: readonly string[];
}

export type CardReason =
  /** Every monthly item due that month was met: `itemIds`. */
  | { kind: 'planCompleted'; itemIds: string[] }
  /** These monthly items due that month were not met. */
  | { kind: 'planIncomplete'; missedItemIds: string[] }
  /** The co-unit `coUnitId` got a red card on this matter for this month. */
  | { kind: 'jointResponsibility'; coUnitId: string };

export interface Card {
  unitId: string;
  matterId: string;
  month: Month;
  color: CardColor;
  reason: CardReason;
}

/** When `month` closes and its cards are due: the first moment of the next month. */
export function monthClosesAt(month: Month, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Instant {
  return startOfNextDay(monthPeriod(month).end, config.timeZone);
}

/**
 * An item is met for its card when it was completed by the month's last day, or when its
 * quantity was reached (the caller passes `achieved` as it stood when the month closed).
 */
function metByMonthEnd(item: PlanItem, lastDay: LocalDate, timeZone: string): boolean {
  if (item.completedAt !== undefined && compareDates(localDateOf(item.completedAt, timeZone), lastDay) <= 0) return true;
  return item.quantity !== undefined && item.achieved !== undefined && item.achieved >= item.quantity;
}

/**
 * The cards for `month`: one green or red card per (unit, matter) with monthly plan items due in
 * the month, then one yellow card to the lead unit for each co-unit's red card. Ordered by matter,
 * then unit, as the items first name them, with the yellow cards after the matter's own.
 */
export function issueCards(
  month: Month,
  items: readonly PlanItem[],
  matters: readonly MatterRoles[],
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Card[] {
  const period = monthPeriod(month);
  const byMatter = new Map<string, Map<string, PlanItem[]>>();
  for (const item of items) {
    if (item.plan !== 'month' || !isWithin(toLocalDate(item.dueDate, config.timeZone), period)) continue;
    const byUnit = byMatter.get(item.matterId) ?? new Map<string, PlanItem[]>();
    byMatter.set(item.matterId, byUnit);
    const unitItems = byUnit.get(item.unitId);
    if (unitItems) unitItems.push(item);
    else byUnit.set(item.unitId, [item]);
  }
  const roles = new Map(matters.map((matter) => [matter.matterId, matter]));
  const cards: Card[] = [];
  for (const [matterId, byUnit] of byMatter) {
    const yellow: Card[] = [];
    for (const [unitId, unitItems] of byUnit) {
      const missedItemIds = unitItems
        .filter((item) => !metByMonthEnd(item, period.end, config.timeZone))
        .map((item) => item.id);
      if (missedItemIds.length === 0) {
        cards.push({ unitId, matterId, month, color: 'green', reason: { kind: 'planCompleted', itemIds: unitItems.map((item) => item.id) } });
        continue;
      }
      cards.push({ unitId, matterId, month, color: 'red', reason: { kind: 'planIncomplete', missedItemIds } });
      const matter = roles.get(matterId);
      if (matter && matter.leadUnitId !== unitId && matter.coUnitIds.includes(unitId)) {
        yellow.push({ unitId: matter.leadUnitId, matterId, month, color: 'yellow', reason: { kind: 'jointResponsibility', coUnitId: unitId } });
      }
    }
    cards.push(...yellow);
  }
  return cards;
}
