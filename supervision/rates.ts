/**
 * The three rates the ranking board (天工榜) scores a unit by over a week, month or year:
 * plan completion, lights and cards.
 */
import {
  compareDates,
  isWithin,
  localDateOf,
  monthPeriod,
  periodInstants,
  toLocalDate,
  type Instant,
  type Period,
} from './calendar';
import type { Card, PlanItem } from './cards';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from './config';
import { nodeLight, type Light, type SupervisedNode } from './lights';

/**
 * numerator ÷ denominator, with both kept for display. `value` is undefined when the denominator
 * is zero: a unit with nothing to measure has no rate, rather than a perfect or a failing one.
 */
export interface Rate {
  numerator: number;
  denominator: number;
  value?: number;
}

export function rate(numerator: number, denominator: number): Rate {
  return denominator === 0 ? { numerator, denominator } : { numerator, denominator, value: numerator / denominator };
}

/**
 * Plan items completed on time ÷ plan items due in the period. An item counts once it is
 * decided: completed, or its due date is over (before today). So a period still running is not
 * marked down for items that are not due yet, and a closed period counts every item due in it.
 * On time means completed on or before the due date.
 */
export function planCompletionRate(
  items: readonly PlanItem[],
  period: Period,
  now: Instant,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Rate {
  const today = localDateOf(now, config.timeZone);
  let due = 0;
  let onTime = 0;
  for (const item of items) {
    const dueDate = toLocalDate(item.dueDate, config.timeZone);
    if (!isWithin(dueDate, period)) continue;
    const completedOn =
      item.completedAt !== undefined && item.completedAt <= now ? localDateOf(item.completedAt, config.timeZone) : undefined;
    if (completedOn === undefined && compareDates(dueDate, today) >= 0) continue;
    due += 1;
    if (completedOn !== undefined && compareDates(completedOn, dueDate) <= 0) onTime += 1;
  }
  return rate(onTime, due);
}

/**
 * The lights a period shows, taken at its end (or now, while it runs): every node that had
 * started by then and had not been completed before the period began, plus, as white, the nodes
 * due in the period that had not started. None for a period that has not begun.
 */
export function lightsInPeriod(
  nodes: readonly SupervisedNode[],
  period: Period,
  now: Instant,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Light[] {
  const { start, end } = periodInstants(period, config.timeZone);
  const at = Math.min(now, end - 1);
  if (at < start) return [];
  const lights: Light[] = [];
  for (const node of nodes) {
    if (node.completedAt !== undefined && node.completedAt < start) continue;
    const light = nodeLight(node, at, config);
    if (light !== 'white' || isWithin(toLocalDate(node.dueDate, config.timeZone), period)) lights.push(light);
  }
  return lights;
}

/** (blue + green) ÷ lit lights: white lights are not started and do not count. */
export function lightRate(lights: readonly Light[]): Rate {
  const lit = lights.filter((light) => light !== 'white');
  return rate(lit.filter((light) => light === 'blue' || light === 'green').length, lit.length);
}

/**
 * The cards of the months whose last day falls in the period: that month's for a month, all
 * twelve for a year, and for a week only when a month ends in it.
 */
export function cardsInPeriod(cards: readonly Card[], period: Period): Card[] {
  return cards.filter((card) => isWithin(monthPeriod(card.month).end, period));
}

/** Green cards ÷ all cards, yellow ones included. */
export function cardRate(cards: readonly Card[]): Rate {
  return rate(cards.filter((card) => card.color === 'green').length, cards.length);
}
