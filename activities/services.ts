/**
 * Service tasks a diagram can bind to by task type (zeebe:taskDefinition type, camunda:type).
 * Throw ApplicationFailure with type 'BpmnError' and the error code as its first detail to
 * raise a BPMN error that an error boundary event can catch.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { ServiceTaskInput } from './index';
import type { Variables } from '../workflows/engine/state';

export type ServiceTask = (knex: Knex, input: ServiceTaskInput) => Promise<Variables>;

/** A BPMN error: not retried, and caught by an error boundary event with the same code. */
export function bpmnError(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'BpmnError', message, details: [code], nonRetryable: true });
}

/** Sends a notification to units: variables `notifyUnits` (list or comma-separated) and `notifyMessage`. */
const notify: ServiceTask = async (knex, { matterId, instanceKey, elementId, variables }) => {
  const units = Array.isArray(variables.notifyUnits)
    ? variables.notifyUnits.map(String)
    : String(variables.notifyUnits ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const message = String(variables.notifyMessage ?? elementId);
  if (units.length === 0) throw bpmnError('NO_RECIPIENTS', 'notifyUnits names no unit');
  const known = await knex('units').whereIn('id', units).pluck('id');
  const unknown = units.filter((u) => !known.includes(u));
  if (unknown.length > 0) throw bpmnError('UNKNOWN_UNIT', `no such unit: ${unknown.join(', ')}`);
  await knex('notifications')
    .insert(units.map((unit) => ({ unit_id: unit, matter_id: matterId, element_id: elementId, message, dedupe_key: `${matterId}/${instanceKey}/${unit}` })))
    .onConflict('dedupe_key')
    .ignore();
  return { notifiedUnits: units };
};

export const serviceTasks: Record<string, ServiceTask> = { notify };

export const SERVICE_TASK_TYPES = Object.keys(serviceTasks);
