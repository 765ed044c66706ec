/**
 * Five-colour lights (五色灯) on nodes and matters: white 白 not started, blue 蓝 ahead,
 * green 绿 on schedule, yellow 黄 exception, red 红 lagging or overdue.
 */
import { compareDates, localDateOf, startOfNextDay, toLocalDate, type Instant, type LocalDate } from './calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from './config';

export type Light = 'white' | 'blue' | 'green' | 'yellow' | 'red';

/** All lights, in the order of severity a matter's light is chosen by (white never wins). */
export const LIGHTS: readonly Light[] = ['white', 'blue', 'green', 'yellow', 'red'];

/** A task or sub-matter with a planned due date. */
export interface SupervisedNode {
  /** A calendar date, or an instant read as the calendar date it falls on in the organisation's zone. */
  dueDate: LocalDate | Instant;
  startedAt?: Instant;
  completedAt?: Instant;
  /** Its latest report was returned, or a problem flagged on it is unresolved. */
  openException?: boolean;
}

type NodeState =
  | { status: 'notStarted' }
  | { status: 'active' }
  | { status: 'completed'; completedOn: LocalDate };

/** Where the node stood at `now`; timestamps after `now` have not happened yet. */
function stateAt(node: SupervisedNode, now: Instant, timeZone: string): NodeState {
  if (node.completedAt !== undefined && node.completedAt <= now) {
    return { status: 'completed', completedOn: localDateOf(node.completedAt, timeZone) };
  }
  if (node.startedAt !== undefined && node.startedAt <= now) return { status: 'active' };
  return { status: 'notStarted' };
}

/** The node's light at `now`; the first matching rule wins. */
export function nodeLight(node: SupervisedNode, now: Instant, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Light {
  const due = toLocalDate(node.dueDate, config.timeZone);
  const state = stateAt(node, now, config.timeZone);
  switch (state.status) {
    case 'notStarted':
      return 'white';
    case 'active':
      if (compareDates(localDateOf(now, config.timeZone), due) > 0) return 'red';
      return node.openException ? 'yellow' : 'green';
    case 'completed': {
      // A node finished late stays red: it lagged.
      const order = compareDates(state.completedOn, due);
      return order > 0 ? 'red' : order < 0 ? 'blue' : 'green';
    }
  }
}

/**
 * When the node's light changes if nobody acts: the first moment of the day after its due date,
 * for a started, unfinished node that is not red yet. The caller sets a timer for it.
 */
export function nextLightChangeAt(
  node: SupervisedNode,
  now: Instant,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Instant | undefined {
  if (stateAt(node, now, config.timeZone).status !== 'active') return undefined;
  const turnsRedAt = startOfNextDay(toLocalDate(node.dueDate, config.timeZone), config.timeZone);
  return turnsRedAt > now ? turnsRedAt : undefined;
}

/** The worst of `lights`, red > yellow > green > blue; white when none is lit. */
export function worstLight(lights: Iterable<Light>): Light {
  let worst: Light = 'white';
  for (const light of lights) {
    if (LIGHTS.indexOf(light) > LIGHTS.indexOf(worst)) worst = light;
  }
  return worst;
}

/** A matter as far as its light is concerned: its own nodes and its sub-matters. */
export interface SupervisedMatter {
  nodes: SupervisedNode[];
  subMatters?: SupervisedMatter[];
}

/** The worst light among the matter's started nodes and its sub-matters; white while nothing has started. */
export function matterLight(
  matter: SupervisedMatter,
  now: Instant,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Light {
  return worstLight([
    ...matter.nodes.map((node) => nodeLight(node, now, config)),
    ...(matter.subMatters ?? []).map((subMatter) => matterLight(subMatter, now, config)),
  ]);
}
