/**
 * The matter's five-colour light as its workflow sees it, for the `Light` search attribute: the
 * worst of its task nodes' lights (tasks with a due date), by the rules in supervision/. A finished
 * node's light never changes again, so finished nodes fold into one settled light that travels
 * through continue-as-new; open nodes are judged at each projection and when the next one would
 * turn red by itself.
 */
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { type Light, nextLightChangeAt, nodeLight, worstLight } from '../supervision/lights';
import type { SupervisedNode } from '../supervision/lights';
import type { TaskState } from './engine/state';

function node(task: TaskState): SupervisedNode | undefined {
  if (task.dueAt === undefined || task.status === 'cancelled') return undefined;
  return {
    dueDate: task.dueAt,
    startedAt: task.createdAt,
    completedAt: task.status === 'completed' ? task.completedAt : undefined,
    openException: task.properties?.exception === true,
  };
}

export class MatterLight {
  constructor(private settled: Light = 'white') {}

  /** Folds in tasks that have closed (they are forgotten by the interpreter once projected). */
  settle(closed: TaskState[], now: number): void {
    const lights = closed.map(node).filter((n): n is SupervisedNode => n !== undefined).map((n) => nodeLight(n, now, DEFAULT_SUPERVISION_CONFIG));
    this.settled = worstLight([this.settled, ...lights]);
  }

  get settledLight(): Light {
    return this.settled;
  }

  light(open: TaskState[], now: number): Light {
    const lights = open.map(node).filter((n): n is SupervisedNode => n !== undefined).map((n) => nodeLight(n, now, DEFAULT_SUPERVISION_CONFIG));
    return worstLight([this.settled, ...lights]);
  }

  /** When an open node's light would change with nobody acting; undefined when none would. */
  nextChange(open: TaskState[], now: number): number | undefined {
    const times = open
      .map(node)
      .filter((n): n is SupervisedNode => n !== undefined)
      .map((n) => nextLightChangeAt(n, now, DEFAULT_SUPERVISION_CONFIG))
      .filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }
}
