/**
 * The five-colour lights of tasks and matters, computed from the read model with the rules in
 * supervision/ at the moment asked: a task turns red the day after its due date though nobody acted.
 */
import type { Knex } from 'knex';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config';
import { type Light, nodeLight, worstLight } from '../supervision/lights';
import type { UnitNode } from '../supervision/board';

/** The task columns the rules read. */
export interface NodeRow {
  id: string;
  matter_id: string;
  status: string;
  candidate_units: string[];
  properties: Record<string, unknown> | null;
  due_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
}

/** A task is a node when it has a due date; withdrawn tasks are not. */
export function taskNode(row: NodeRow): UnitNode | undefined {
  if (!row.due_at || row.status === 'cancelled') return undefined;
  return {
    unitId: row.candidate_units[0] ?? '',
    dueDate: row.due_at.getTime(),
    startedAt: row.created_at.getTime(),
    completedAt: row.status === 'completed' && row.completed_at ? row.completed_at.getTime() : undefined,
    openException: row.properties?.exception === true,
  };
}

export function taskLight(row: NodeRow, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Light | undefined {
  const node = taskNode(row);
  return node && nodeLight(node, now, config);
}

/**
 * Each matter's light: the worst of its own nodes' and of every sub-matter's below it (white while
 * none has started). The matters are ids or a subquery selecting them, so a province's worth of
 * matters is one statement, not one binding per matter.
 */
export async function matterLights(
  knex: Knex,
  matterIds: readonly string[] | Knex.QueryBuilder,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<Map<string, Light>> {
  if (Array.isArray(matterIds) && matterIds.length === 0) return new Map();
  const roots = knex('matters').select('id', knex.raw('id as root')).whereIn('id', matterIds as string[]);
  const tree: Array<{ id: string; root: string }> = await knex
    .withRecursive('d', (q) => q.select('id', 'root').from(roots.as('r')).unionAll((u) => u.select('m.id', 'd.root').from('matters as m').join('d', 'm.parent_id', 'd.id')))
    .select('id', 'root')
    .from('d');
  const lights = new Map<string, Light[]>(tree.filter((t) => t.id === t.root).map((t) => [t.root, []]));
  const rootsOf = new Map<string, string[]>();
  for (const { id, root } of tree) rootsOf.set(id, [...(rootsOf.get(id) ?? []), root]);
  const rows = await knex<NodeRow>('tasks').whereIn('matter_id', [...rootsOf.keys()]).whereNotNull('due_at').whereNot('status', 'cancelled');
  for (const row of rows) {
    const light = taskLight(row, now, config);
    if (light) for (const root of rootsOf.get(row.matter_id) ?? []) lights.get(root)!.push(light);
  }
  return new Map([...lights].map(([id, list]) => [id, worstLight(list)]));
}
