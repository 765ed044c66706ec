/** A matter's annual, monthly and weekly plan items: supervisors set them, each unit completes its own. */
import { request } from './client';
import type { Items, PlanItem, PlanKind } from './types';
import { useApi } from './useApi';

const matterPlansPath = (matterId: string) => `/api/matters/${encodeURIComponent(matterId)}/plans`;
const planPath = (id: string) => `/api/plans/${encodeURIComponent(id)}`;

/** A plan item as it is added; `dueDate` is YYYY-MM-DD. */
export interface PlanItemInput {
  unitId: string;
  plan: PlanKind;
  title: string;
  dueDate: string;
  quantity?: number;
}

export const useMatterPlans = (matterId: string) => useApi<Items<PlanItem>>(matterPlansPath(matterId));

export const addPlanItem = (matterId: string, item: PlanItemInput) => request(matterPlansPath(matterId), { method: 'POST', body: item });

/** Changes an item not yet completed; a quantity of null leaves it without one. */
export const changePlanItem = (id: string, item: Omit<PlanItemInput, 'quantity'> & { quantity: number | null }) =>
  request(planPath(id), { method: 'PATCH', body: item });

export const removePlanItem = (id: string) => request(planPath(id), { method: 'DELETE' });

/** The unit reports the item done, with its evidence and, for a quantified item, what it achieved. */
export const completePlanItem = (id: string, completion: { evidence: string; achieved?: number }) =>
  request(`${planPath(id)}/complete`, { method: 'POST', body: completion });
