/** A matter's annual, monthly and weekly plan items: supervisors set them, each unit completes its own. */
import { request } from './client';
import type { Items, NewPlanItem, PlanItem, PlanItemChanges, PlanItemCompletion } from './types';
import { useApi } from './useApi';

const matterPlansPath = (matterId: string) => `/api/matters/${encodeURIComponent(matterId)}/plans`;
const planPath = (id: string) => `/api/plans/${encodeURIComponent(id)}`;

/** A plan item as it is added; `dueDate` is YYYY-MM-DD. */
export type PlanItemInput = NewPlanItem;

export const useMatterPlans = (matterId: string) => useApi<Items<PlanItem>>(matterPlansPath(matterId));

export const addPlanItem = (matterId: string, item: PlanItemInput) => request(matterPlansPath(matterId), { method: 'POST', body: item });

/** Changes an item not yet completed; a quantity of null leaves it without one. */
export const changePlanItem = (id: string, item: PlanItemChanges) =>
  request(planPath(id), { method: 'PATCH', body: item });

export const removePlanItem = (id: string) => request(planPath(id), { method: 'DELETE' });

/** The unit reports the item done, with its evidence and, for a quantified item, what it achieved. */
export const completePlanItem = (id: string, completion: PlanItemCompletion) =>
  request(`${planPath(id)}/complete`, { method: 'POST', body: completion });
