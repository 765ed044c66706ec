/**
 * Service tasks a diagram can bind to by task type (zeebe:taskDefinition type, camunda:type).
 * Throw bpmnError(code, message) to raise a BPMN error that an error boundary event can catch.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { DecisionEvaluationError, evaluateDecision } from '../bpmn/dmn';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { findDecision } from '../services/decisions';
import { DomainError } from '../services/errors';
import { deadlineTimers } from '../supervision/deadlines';
import { notify as notifyOnce } from '../services/notifications';
import { existingUnitIds } from '../services/organisation';
import type { Variables } from '../workflows/engine/state';
import type { BuiltInTaskType, ServiceTaskInput } from '../workflows/activities';

export type ServiceTask = (knex: Knex, input: ServiceTaskInput) => Promise<Variables>;

/** A BPMN error: not retried, and caught by an error boundary event with the same code. */
export function bpmnError(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'BpmnError', message, details: [code], nonRetryable: true });
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : String(value ?? '').split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Notifies units and people: variables `notifyUnits`, `notifyUsers` (lists or comma-separated),
 * `notifyMessage` and `notifyKind` (info, warning, overdue, urge…). Written once per execution.
 */
const notify: ServiceTask = async (knex, { matterId, instanceKey, elementId, variables }) => {
  const units = list(variables.notifyUnits);
  const users = list(variables.notifyUsers);
  const message = String(variables.notifyMessage ?? elementId);
  const kind = String(variables.notifyKind ?? 'info');
  if (units.length + users.length === 0) throw bpmnError('NO_RECIPIENTS', 'notifyUnits and notifyUsers name nobody');
  const knownUnits = await existingUnitIds(knex, units);
  const unknown = units.filter((u) => !knownUnits.includes(u));
  if (unknown.length > 0) throw bpmnError('UNKNOWN_UNIT', `no such unit: ${unknown.join(', ')}`);
  await notifyOnce(knex, [{ unitIds: units, usernames: users, matterId, elementId, message, kind, dedupeKey: `${matterId}/${instanceKey}` }]);
  return { notifiedUnits: units, notifiedUsers: users };
};

/** Recomputes a deadline's warning and overdue instants (variables `deadline`, `warnDays`): after an extension. */
const deadlineTimersService: ServiceTask = async (_knex, { variables }) => {
  const deadline = String(variables.deadline ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw bpmnError('BAD_DEADLINE', `deadline "${deadline}" is not a date YYYY-MM-DD`);
  return { ...deadlineTimers(deadline, Number(variables.warnDays ?? 3), DEFAULT_SUPERVISION_CONFIG.timeZone) };
};

/**
 * A business rule task (zeebe:calledDecision): evaluates the latest deployed version of the decision
 * (header `decisionId`) with the task's variables into the header `resultVariable`. A decision not
 * deployed, or one that fails, is not retried: the matter records an incident on the task, and
 * retrying it after the decision is deployed or fixed evaluates it again.
 */
const decision: ServiceTask = async (knex, { headers, variables }) => {
  const decisionId = headers?.decisionId;
  const resultVariable = headers?.resultVariable;
  if (!decisionId || !resultVariable) throw ApplicationFailure.nonRetryable('the business rule task names no decisionId and resultVariable', 'DecisionFailed');
  const row = await findDecision(knex, decisionId).catch((err: unknown) => {
    if (err instanceof DomainError && err.kind === 'not-found') {
      throw ApplicationFailure.nonRetryable(`no decision "${decisionId}" is deployed: deploy the DMN file that defines it, then retry`, 'DecisionNotFound');
    }
    throw err;
  });
  try {
    return { [resultVariable]: evaluateDecision(row.requirements, decisionId, variables) };
  } catch (err) {
    if (err instanceof DecisionEvaluationError) throw ApplicationFailure.nonRetryable(`${err.message} (version ${row.version})`, 'DecisionFailed');
    throw err;
  }
};

export const serviceTasks: Record<BuiltInTaskType, ServiceTask> = { notify, 'deadline-timers': deadlineTimersService, decision };
