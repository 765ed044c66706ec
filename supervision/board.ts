/**
 * The ranking board (天工榜) for one period in one call: each unit's rates, score and rank, each
 * leader's, and how many lights and cards of each colour the period shows.
 */
import type { Instant, Period } from './calendar';
import type { Card, CardColor, PlanItem } from './cards';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from './config';
import type { Light, SupervisedNode } from './lights';
import { cardRate, cardsInPeriod, lightRate, lightsInPeriod, planCompletionRate, type Rate } from './rates';
import { leaderEntry, rank, rankingScore, type Leader, type LeaderRow, type Ranked, type RankingEntry } from './ranking';

export interface Unit {
  id: string;
  name: string;
}

/** A node with the unit responsible for it. */
export interface UnitNode extends SupervisedNode {
  unitId: string;
}

export interface BoardInput {
  period: Period;
  now: Instant;
  units: readonly Unit[];
  leaders: readonly Leader[];
  nodes: readonly UnitNode[];
  planItems: readonly PlanItem[];
  /** Cards already issued; those of the months that closed within the period count. */
  cards: readonly Card[];
}

export type LightCounts = Record<Light, number> & { total: number };
export type CardCounts = Record<CardColor, number> & { total: number };

export interface UnitRow extends RankingEntry {
  planCompletion: Rate;
  light: Rate;
  card: Rate;
  lights: LightCounts;
  cards: CardCounts;
}

export interface Board {
  period: Period;
  units: Ranked<UnitRow>[];
  leaders: Ranked<LeaderRow>[];
  /** Every light of the period, and how many units show one. */
  lights: LightCounts & { units: number };
  /** Every card of the period, and how many units and matters hold one. */
  cards: CardCounts & { units: number; matters: number };
}

export function countLights(lights: readonly Light[]): LightCounts {
  const counts = { white: 0, blue: 0, green: 0, yellow: 0, red: 0, total: lights.length };
  for (const light of lights) counts[light] += 1;
  return counts;
}

export function countCards(cards: readonly Card[]): CardCounts {
  const counts = { green: 0, yellow: 0, red: 0, total: cards.length };
  for (const card of cards) counts[card.color] += 1;
  return counts;
}

function groupByUnit<T extends { unitId: string }>(things: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const thing of things) {
    const group = groups.get(thing.unitId);
    if (group) group.push(thing);
    else groups.set(thing.unitId, [thing]);
  }
  return groups;
}

/**
 * Totals count everything passed in; rows are made for the units passed in. Data for a unit
 * outside `units` shows in the totals but earns no row.
 */
export function supervisionBoard(input: BoardInput, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Board {
  const { period, now } = input;
  const lightsByUnit = new Map(
    [...groupByUnit(input.nodes)].map(([unitId, nodes]) => [unitId, lightsInPeriod(nodes, period, now, config)]),
  );
  const itemsByUnit = groupByUnit(input.planItems);
  const periodCards = cardsInPeriod(input.cards, period);
  const cardsByUnit = groupByUnit(periodCards);

  const unitRows: UnitRow[] = input.units.map((unit) => {
    const lights = lightsByUnit.get(unit.id) ?? [];
    const cards = cardsByUnit.get(unit.id) ?? [];
    const rates = {
      planCompletion: planCompletionRate(itemsByUnit.get(unit.id) ?? [], period, now, config),
      light: lightRate(lights),
      card: cardRate(cards),
    };
    const lightCounts = countLights(lights);
    return {
      id: unit.id,
      name: unit.name,
      ...rates,
      score: rankingScore(rates, config.weights),
      redLights: lightCounts.red,
      lights: lightCounts,
      cards: countCards(cards),
    };
  });

  const allLights = [...lightsByUnit.values()].flat();
  return {
    period,
    units: rank(unitRows, config),
    leaders: rank(
      input.leaders.map((leader) => leaderEntry(leader, unitRows)),
      config,
    ),
    lights: {
      ...countLights(allLights),
      units: [...lightsByUnit.values()].filter((lights) => lights.length > 0).length,
    },
    cards: {
      ...countCards(periodCards),
      units: cardsByUnit.size,
      matters: new Set(periodCards.map((card) => card.matterId)).size,
    },
  };
}
