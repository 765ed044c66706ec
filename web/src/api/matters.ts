/** Matters: registering, editing, starting, urging and ending them; their records; the search over them. */
import { pageQuery, type MatterFilters } from '../matterFilters';
import { request, requestJson } from './client';
import type { AuditEntry, HistoryEntry, Items, Matter, NewMatter, RollupNode, SearchPage } from './types';
import { useApi } from './useApi';

const matterPath = (id: string) => `/api/matters/${encodeURIComponent(id)}`;

/** One matter; `null` loads nothing. */
export const useMatter = (id: string | null) => useApi<Matter>(id === null ? null : matterPath(id));

export type { NewMatter };

export const registerMatter = (matter: NewMatter) => requestJson<{ id: string }>('/api/matters', { method: 'POST', body: matter });

/** Changes the data elements named; an optional one set to null is cleared. */
export const editMatter = (id: string, changes: Record<string, unknown>) => request(matterPath(id), { method: 'PATCH', body: changes });

/** Distributes a draft: its workflow starts. */
export const startMatter = (id: string) => request(`${matterPath(id)}/start`, { method: 'POST' });

/** Deletes a draft. */
export const deleteMatter = (id: string) => request(matterPath(id), { method: 'DELETE' });

/** Ends a running matter early (意外结束), for the reason given. */
export const terminateMatter = (id: string, reason: string) => request(`${matterPath(id)}/terminate`, { method: 'POST', body: { reason } });

/** Urges one responsible unit (催办); with a null message the flow uses its default wording. */
export const urgeUnit = (id: string, unitId: string, urgeMessage: string | null) =>
  request(`${matterPath(id)}/messages/urge`, { method: 'POST', body: { correlationKey: unitId, variables: { urgeMessage } } });

/** The caller's unit asks for a later deadline (延期申请); `requestedDeadline` is YYYY-MM-DD. */
export const requestExtension = (id: string, requestedDeadline: string, extensionReason: string) =>
  request(`${matterPath(id)}/messages/extension`, { method: 'POST', body: { variables: { requestedDeadline, extensionReason } } });

/** The matter's history, element by element from its workflow, instructions among it; `null` loads nothing. */
export const useMatterHistory = (id: string | null) => useApi<Items<HistoryEntry>>(id === null ? null : `${matterPath(id)}/history`);

/** Who registered, edited, started or ended the matter; `null` loads nothing. */
export const useMatterAudit = (id: string | null) => useApi<Items<AuditEntry>>(id === null ? null : `${matterPath(id)}/audit`);

/** The matter and its sub-matters as a tree, targets and achievements summed upwards. */
export const useMatterRollup = (id: string) => useApi<RollupNode>(`${matterPath(id)}/rollup`);

/** One page of the matters the filters match, and how many match in all. */
export const useMatterSearch = (filters: MatterFilters, page: number, pageSize: number) =>
  useApi<SearchPage>(`/api/matters/search?${pageQuery(filters, page, pageSize)}`);
