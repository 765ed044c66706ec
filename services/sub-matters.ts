/**
 * Decomposition (任务颗粒分解): a matter splits into sub-matters by unit or region, to any depth,
 * each its own workflow; their quantified targets roll up to the parent, and so do their lights.
 */
import type { Knex } from 'knex';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import type { Light } from '../supervision/lights';
import { measureProgress, type Progress } from '../supervision/progress';
import type { User } from '../supervision/access';
import { invalidInput, conflict } from './errors';
import { type MatterRow, type NewMatter, createMatter, findVisibleMatter, linkMatter, matterData } from './matters';
import { matterLights } from './lights';
import type { TemporalContext } from './context';

/** Registers a sub-matter under a matter; it must fit inside its parent (deadline, same target measure). */
export async function createSubMatter(knex: Knex, temporal: TemporalContext, parentId: string, request: NewMatter, user: User): Promise<{ id: string }> {
  const parent = await knex<MatterRow>('matters').where({ id: parentId }).first();
  if (!parent) throw invalidInput(`no matter ${parentId}`);
  if (!['draft', 'running'].includes(parent.status)) throw conflict(`matter ${parentId} is ${parent.status}: it takes no new sub-matters`);
  const data = request.data ?? {};
  const errors = [];
  if (parent.deadline && typeof data.deadline === 'string' && data.deadline > parent.deadline) {
    errors.push({ path: 'deadline', message: `a sub-matter is due by its parent's deadline ${parent.deadline}` });
  }
  const parentTarget = parent.target as { indicator: string; measure: string } | null;
  const target = data.target as { measure?: string } | undefined;
  if (parentTarget && target && target.measure !== parentTarget.measure) {
    errors.push({ path: 'target.measure', message: `the target rolls up to the parent's, measured in ${parentTarget.measure}` });
  }
  if (errors.length > 0) throw invalidInput('the sub-matter does not fit its parent', errors);
  // Unnamed elements are inherited from the parent: its source, type, assigner, leader, period.
  const { title: _title, coUnits: _coUnits, target: _target, ...inherited } = parent.source ? matterData(parent) : {};
  const { id } = await createMatter(knex, temporal, { ...request, data: { ...inherited, ...data } }, user);
  await linkMatter(knex, id, { parentId });
  return { id };
}

export interface RollupNode {
  id: string;
  title: string;
  status: string;
  leadUnit?: string;
  light: Light;
  target?: { indicator: string; measure: string; value: number };
  /** Reached so far: its own reported `achieved`, or the sum of its sub-matters'. */
  achieved?: number;
  progress?: Progress;
  subMatters: RollupNode[];
}

/** The matter with every sub-matter below it: targets and achievements summed upwards, lights worst-of. */
export async function rollup(knex: Knex, id: string, user: User, now: number): Promise<RollupNode> {
  const root = await findVisibleMatter(knex, id, user);
  const rows: MatterRow[] = (
    await knex.raw(
      `with recursive tree as (select * from matters where id = ? union all select m.* from matters m join tree t on m.parent_id = t.id) select * from tree`,
      [root.id],
    )
  ).rows;
  const lights = await matterLights(knex, rows.map((r) => r.id), now);
  const children = new Map<string, MatterRow[]>();
  for (const row of rows) if (row.parent_id) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row]);

  const build = (row: MatterRow): RollupNode => {
    const subMatters = (children.get(row.id) ?? []).map(build);
    const target = row.target as RollupNode['target'] | null;
    const own = Number((row.variables as { achieved?: unknown }).achieved);
    const summed = subMatters.filter((s) => s.achieved !== undefined);
    const achieved = subMatters.length > 0 && summed.length > 0 ? summed.reduce((sum, s) => sum + s.achieved!, 0) : Number.isFinite(own) ? own : undefined;
    const progress =
      target && achieved !== undefined && row.assigned_date && row.deadline
        ? measureProgress({ target: target.value, actual: achieved, startDate: row.assigned_date, deadline: row.deadline }, now, DEFAULT_SUPERVISION_CONFIG)
        : undefined;
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      leadUnit: row.lead_unit ?? undefined,
      light: lights.get(row.id) ?? 'white',
      target: target ?? undefined,
      achieved,
      progress,
      subMatters,
    };
  };
  return build(root);
}
