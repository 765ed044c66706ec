/** Tasks: the caller's inbox, one task, and claiming, handing on and completing it. */
import { request, requestJson } from './client';
import type { CompleteTaskResult, Items, Task, TaskWithVariables, Variables } from './types';
import { useApi } from './useApi';

const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/** The caller's tasks (their unit's, named to them, or held by them), open or completed. */
export const useTasks = (status: 'open' | 'completed') => useApi<Items<Task>>(`/api/tasks?status=${status}`);

export const useTask = (id: string) => useApi<TaskWithVariables>(taskPath(id));

/** Takes the task (认领) so only the caller works on it. */
export const claimTask = (id: string) => request(`${taskPath(id)}/claim`, { method: 'POST' });

/** Gives a claimed task back to its units. */
export const unclaimTask = (id: string) => request(`${taskPath(id)}/unclaim`, { method: 'POST' });

/** Hands the task to another unit (转交). */
export const delegateTask = (id: string, unitId: string) => request(`${taskPath(id)}/delegate`, { method: 'POST', body: { unitId } });

/** Completes the task; a retry with the same idempotency key completes it once. */
export const completeTask = (id: string, variables: Variables, idempotencyKey: string) =>
  requestJson<CompleteTaskResult>(`${taskPath(id)}/complete`, { method: 'POST', body: { variables }, headers: { 'Idempotency-Key': idempotencyKey } });
