/** A matter's page: what GET /matters/:id shows, gathered from the workflow and the read model. */
import { type MatterSnapshot, matterWorkflowId, stateQuery } from '../workflows/api';
import type { AppContext } from './context';
import { matterIncidents } from './incidents';
import { matterLights } from './lights';
import { type MatterRow, matterState, matterView, projected } from './matters';
import { type TaskRow, openTasksOf, taskView } from './tasks';

/** A matter's page: its record, light, the workflow's state (or the read model's when it cannot answer), open tasks and incidents. */
export async function matterPage(ctx: AppContext, row: MatterRow) {
  const { knex } = ctx;
  const state = await matterState(knex, ctx.temporal, row);
  await projected(knex, row.id, state.seq);
  const tasks = await openTasksOf(knex, row.id);
  const lights = await matterLights(knex, [row.id], ctx.now());
  const incidents = await matterIncidents(knex, row.id);
  const callPaths = await callPathsOf(ctx, row.id, state.activeElements, tasks);
  return {
    ...matterView(row),
    light: lights.get(row.id),
    status: state.status,
    variables: state.variables,
    activeElements: state.activeElements,
    completedElements: state.completedElements.map((c) => ({ ...c, startedAt: new Date(c.startedAt).toISOString(), completedAt: new Date(c.completedAt).toISOString() })),
    openTasks: tasks.map((task) => {
      const callPath = callPaths.get(task.workflow_id);
      return { ...taskView(task, ctx.now()), ...(callPath && { callPath }) };
    }),
    failure: state.failure,
    incidents,
    stale: 'stale' in state ? state.stale : undefined,
  };
}

type ActiveElement = MatterSnapshot['activeElements'][number];

/**
 * Where the called processes holding open tasks were called: by workflow id (the caller's, then each call
 * activity's instance id), the call activities' element ids. Each caller's waiting elements name them:
 * the matter's state, then its called processes' own, asked as needed.
 */
async function callPathsOf(ctx: AppContext, matterId: string, active: ActiveElement[], tasks: TaskRow[]): Promise<Map<string, string[]>> {
  const root = matterWorkflowId(matterId);
  const activeOf = new Map<string, Promise<ActiveElement[]>>([[root, Promise.resolve(active)]]);
  const waitingIn = (workflowId: string) => {
    let known = activeOf.get(workflowId);
    if (!known) {
      known = ctx.temporal.client.workflow.getHandle(workflowId).query(stateQuery).then((s) => s.activeElements, () => []);
      activeOf.set(workflowId, known);
    }
    return known;
  };
  const paths = new Map<string, string[]>();
  for (const workflowId of new Set(tasks.map((t) => t.workflow_id))) {
    if (!workflowId.startsWith(`${root}/`)) continue;
    const path: string[] = [];
    let caller = root;
    for (const instanceId of workflowId.slice(root.length + 1).split('/')) {
      // A multi-instance call's inner instances are not among the waiting elements: its instance id stands in.
      path.push((await waitingIn(caller)).find((a) => a.instanceId === instanceId)?.elementId ?? instanceId);
      caller = `${caller}/${instanceId}`;
    }
    paths.set(workflowId, path);
  }
  return paths;
}
