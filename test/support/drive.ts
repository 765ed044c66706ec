/**
 * Drives a scenario through the real stack the way people would: a designer deploys the
 * diagram, a supervisor starts the matter and sends messages, each unit's user completes
 * its tasks from the inbox, and timers fire in real time.
 */
import { matterWorkflowId, signalUpdate } from '../../workflows/api';
import { appContext } from '../../services/context';
import { completeJob, throwJobError } from '../../services/jobs';
import type { MachineClient } from '../../services/machine-clients';
import { startInstance } from '../../services/process-instances';
import type { Scenario } from '../scenarios/elements';
import type { Stack } from './stack';
import { eventually } from './wait';

/** The seeded user who works for each unit. */
export const USER_OF_UNIT: Record<string, string> = { office: 'supervisor', housing: 'zhujian', transport: 'jiaotong', education: 'jiaoyu', 'dev-reform': 'fagai' };

/** The job worker of the scenarios: it serves every job type. */
const SCENARIO_WORKER: MachineClient = { id: 'scenario-worker', scopes: ['jobs:*'] };

export class Driver {
  private readonly tokens: Record<string, string> = {};

  constructor(private readonly stack: Stack) {}

  async token(user: string): Promise<string> {
    return (this.tokens[user] ??= await this.stack.login(user));
  }

  private async ok(user: string, options: Parameters<Stack['call']>[1], status = 200) {
    const res = await this.stack.call(await this.token(user), options);
    if (res.status !== status) throw new Error(`${options.method} ${options.url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async matter(id: string) {
    return this.ok('supervisor', { method: 'GET', url: `/api/matters/${id}` });
  }

  /** Runs the scenario; resolves with the matter once it has reached the scenario's status. */
  async run(scenario: Scenario) {
    const deployed = await this.stack.call(await this.token('designer'), {
      method: 'POST',
      url: '/api/process-definitions',
      payload: scenario.xml,
      headers: { 'content-type': 'application/xml' },
    });
    if (deployed.status >= 300) throw new Error(`deploy: ${JSON.stringify(deployed.body)}`);
    // A matter that a message, signal or timer starts has no form: it starts as their services start it.
    const { id } = scenario.startEvent
      ? { id: (await startInstance(appContext(this.stack.knex, { client: this.stack.client, taskQueue: this.stack.taskQueue }), { processKey: deployed.body.key, variables: scenario.variables ?? {}, startEventId: scenario.startEvent, startedBy: 'supervisor' })).matterId }
      : await this.ok(
          'supervisor',
          { method: 'POST', url: '/api/matters', payload: { processKey: deployed.body.key, title: scenario.name, variables: scenario.variables ?? {} } },
          201,
        );
    const timersFired: Record<string, number> = {};
    for (const step of scenario.steps) {
      if ('complete' in step) {
        const task = await eventually(() => this.stack.knex('tasks').where({ matter_id: id, element_id: step.complete, status: 'open' }).orderByRaw('created_at, length(id), id').first());
        const user = USER_OF_UNIT[task.candidate_units[0]];
        await this.ok(user, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables: step.variables ?? {} } });
      } else if ('message' in step) {
        await this.ok('supervisor', { method: 'POST', url: `/api/matters/${id}/messages/${step.message}`, payload: { variables: step.variables ?? {} } });
      } else if ('job' in step) {
        // An external worker's answer, as the job API gives it.
        const job = await eventually(() => this.stack.knex('jobs').where({ matter_id: id, element_id: step.job }).first());
        const ctx = appContext(this.stack.knex, { client: this.stack.client, taskQueue: this.stack.taskQueue });
        if (step.errorCode === undefined) await completeJob(ctx, SCENARIO_WORKER, String(job.key), step.variables ?? {});
        else await throwJobError(ctx, SCENARIO_WORKER, String(job.key), { errorCode: step.errorCode, errorMessage: '', variables: step.variables ?? {} });
      } else if ('signal' in step) {
        // The signal broadcast's own Update, delivered to this one matter.
        await this.stack.client.workflow
          .getHandle(matterWorkflowId(id))
          .executeUpdate(signalUpdate, { args: [{ signalName: step.signal, variables: step.variables ?? {} }] });
      } else {
        const count = (timersFired[step.timer] = (timersFired[step.timer] ?? 0) + 1);
        await eventually(async () => {
          const m = await this.matter(id);
          return m.completedElements.filter((c: { elementId: string }) => c.elementId === step.timer).length >= count;
        });
      }
    }
    return eventually(async () => {
      const m = await this.matter(id);
      // Status comes from the workflow, open tasks from the read model its last projection updates.
      const settled = m.status === 'running' || m.openTasks.length === 0;
      return m.status === scenario.status && m.activeElements.length === (scenario.waiting ?? []).length && settled ? m : undefined;
    });
  }
}
