/** A matter's page: what GET /matters/:id shows, gathered from the workflow and the read model. */
import type { AppContext } from './context';
import { matterIncidents } from './incidents';
import { matterLights } from './lights';
import { type MatterRow, matterState, matterView, projected } from './matters';
import { openTasksOf, taskView } from './tasks';

/** A matter's page: its record, light, the workflow's state (or the read model's when it cannot answer), open tasks and incidents. */
export async function matterPage(ctx: AppContext, row: MatterRow) {
  const { knex } = ctx;
  const state = await matterState(knex, ctx.temporal, row);
  await projected(knex, row.id, state.seq);
  const tasks = await openTasksOf(knex, row.id);
  const lights = await matterLights(knex, [row.id], ctx.now());
  const incidents = await matterIncidents(knex, row.id);
  return {
    ...matterView(row),
    light: lights.get(row.id),
    status: state.status,
    variables: state.variables,
    activeElements: state.activeElements,
    completedElements: state.completedElements.map((c) => ({ ...c, startedAt: new Date(c.startedAt).toISOString(), completedAt: new Date(c.completedAt).toISOString() })),
    openTasks: tasks.map((task) => taskView(task, ctx.now())),
    failure: state.failure,
    incidents,
    stale: 'stale' in state ? state.stale : undefined,
  };
}
