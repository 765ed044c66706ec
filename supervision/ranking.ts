/**
 * The ranking board (天工榜): units and their leaders ordered by a weighted score of their rates.
 */
import { DEFAULT_SUPERVISION_CONFIG, type RankingWeights, type SupervisionConfig } from './config';
import type { Rate } from './rates';

export interface UnitRates {
  planCompletion: Rate;
  light: Rate;
  card: Rate;
}

/**
 * The weighted mean of the rates the unit has: 0.4 × plan completion + 0.3 × lights + 0.3 × cards
 * by default. A rate with a zero denominator is left out and the remaining weights are scaled up to
 * sum to one, so a unit with no plan items due is scored on its lights and cards alone; undefined
 * when it has none of the three.
 */
export function rankingScore(rates: UnitRates, weights: RankingWeights): number | undefined {
  let weighted = 0;
  let weightSum = 0;
  for (const key of ['planCompletion', 'light', 'card'] as const) {
    const value = rates[key].value;
    if (value === undefined) continue;
    weighted += weights[key] * value;
    weightSum += weights[key];
  }
  return weightSum === 0 ? undefined : weighted / weightSum;
}

/** A unit or a leader on the board. */
export interface RankingEntry {
  id: string;
  name: string;
  score?: number;
  redLights: number;
}

export type Ranked<T extends RankingEntry> = T & {
  /** 1 for the best; entries tied on score and red lights share a rank (1, 1, 3); undefined without a score. */
  rank?: number;
};

/** Scores equal to nine decimals tie: 0.4 × a + 0.3 × b may differ from an equal sum in the last bit. */
function scoreKey(score: number): number {
  return Math.round(score * 1e9);
}

/**
 * Highest score first; ties go to fewer red lights, then to the name in the configured locale's
 * collation (pinyin order for zh-CN), then to the id so the order is total. Entries without a
 * score come last, by name.
 */
export function rank<T extends RankingEntry>(
  entries: readonly T[],
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Ranked<T>[] {
  const collator = new Intl.Collator(config.collation);
  const byName = (a: T, b: T) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = [...entries].sort((a, b) => {
    if (a.score !== undefined && b.score !== undefined) {
      return scoreKey(b.score) - scoreKey(a.score) || a.redLights - b.redLights || byName(a, b);
    }
    if (a.score === undefined && b.score === undefined) return byName(a, b);
    return a.score === undefined ? 1 : -1;
  });
  const ranked: Ranked<T>[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const tied =
      previous?.score !== undefined &&
      entry.score !== undefined &&
      scoreKey(previous.score) === scoreKey(entry.score) &&
      previous.redLights === entry.redLights;
    const position = entry.score === undefined ? undefined : tied ? previous.rank : index + 1;
    ranked.push({ ...entry, rank: position });
  });
  return ranked;
}

export interface Leader {
  id: string;
  name: string;
  /** The units the leader is in charge of (分管). */
  unitIds: readonly string[];
}

export interface LeaderRow extends RankingEntry {
  unitIds: readonly string[];
}

/**
 * A leader's entry: the mean score of the units in their charge that have a score, and the
 * red lights of all of them.
 */
export function leaderEntry(leader: Leader, units: readonly RankingEntry[]): LeaderRow {
  const theirs = units.filter((unit) => leader.unitIds.includes(unit.id));
  const scores = theirs.flatMap((unit) => (unit.score === undefined ? [] : [unit.score]));
  return {
    id: leader.id,
    name: leader.name,
    unitIds: leader.unitIds,
    score: scores.length === 0 ? undefined : scores.reduce((sum, score) => sum + score, 0) / scores.length,
    redLights: theirs.reduce((sum, unit) => sum + unit.redLights, 0),
  };
}
