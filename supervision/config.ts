/**
 * Every threshold the supervision rules use, with the defaults from the domain brief. One object
 * so the server, the workflows and the tests agree on the numbers.
 */

export interface RankingWeights {
  planCompletion: number;
  light: number;
  card: number;
}

export interface SupervisionConfig {
  /** IANA zone whose calendar days the rules count in. */
  timeZone: string;
  /** A quantified target is ahead when actual ≥ this factor × expected. */
  aheadFactor: number;
  /** Weights of the three rates in a ranking score. */
  weights: RankingWeights;
  /** Locale whose collation orders unit and leader names that tie on score and red lights. */
  collation: string;
}

export const DEFAULT_SUPERVISION_CONFIG: Readonly<SupervisionConfig> = Object.freeze({
  timeZone: 'Asia/Shanghai',
  aheadFactor: 1.1,
  weights: Object.freeze({ planCompletion: 0.4, light: 0.3, card: 0.3 }),
  collation: 'zh-CN',
});

/** The defaults with `overrides` applied; throws a RangeError for a value the rules cannot use. */
export function supervisionConfig(
  overrides: Partial<Omit<SupervisionConfig, 'weights'>> & { weights?: Partial<RankingWeights> } = {},
): SupervisionConfig {
  const config: SupervisionConfig = {
    ...DEFAULT_SUPERVISION_CONFIG,
    ...overrides,
    weights: { ...DEFAULT_SUPERVISION_CONFIG.weights, ...overrides.weights },
  };
  // Both constructors throw a RangeError for an unknown zone or locale.
  new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone });
  new Intl.Collator(config.collation);
  if (!Number.isFinite(config.aheadFactor) || config.aheadFactor < 1) {
    throw new RangeError(`aheadFactor must be a number ≥ 1, got ${config.aheadFactor}`);
  }
  const weights = Object.values(config.weights);
  if (weights.some((weight) => !Number.isFinite(weight) || weight < 0) || weights.every((weight) => weight === 0)) {
    throw new RangeError(`ranking weights must be non-negative and not all zero, got ${JSON.stringify(config.weights)}`);
  }
  return config;
}
