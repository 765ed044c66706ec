/**
 * Service tasks a diagram can bind to by task type (zeebe:taskDefinition type, camunda:type).
 * Throw ApplicationFailure with type 'BpmnError' and the error code as its first detail to
 * raise a BPMN error that an error boundary event can catch.
 */
import type { Knex } from 'knex';
import type { ServiceTaskInput } from './index';
import type { Variables } from '../workflows/engine/state';

export type ServiceTask = (knex: Knex, input: ServiceTaskInput) => Promise<Variables>;

/** Sends a notification to units: variables `notifyUnits` (list or comma-separated) and `notifyMessage`. */
const notify: ServiceTask = async (knex, { matterId, instanceKey, elementId, variables }) => {
  const units = Array.isArray(variables.notifyUnits)
    ? variables.notifyUnits.map(String)
    : String(variables.notifyUnits ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const message = String(variables.notifyMessage ?? elementId);
  if (units.length > 0) {
    await knex('notifications')
      .insert(units.map((unit) => ({ unit_id: unit, matter_id: matterId, element_id: elementId, message, dedupe_key: `${matterId}/${instanceKey}/${unit}` })))
      .onConflict('dedupe_key')
      .ignore();
  }
  return { notifiedUnits: units };
};

export const serviceTasks: Record<string, ServiceTask> = { notify };

export const SERVICE_TASK_TYPES = Object.keys(serviceTasks);
