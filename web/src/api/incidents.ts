/** Incidents: listed for supervisors and administrators, retried and resolved by administrators. */
import { requestJson } from './client';
import type { Incident, Variables } from './types';

export const listIncidents = (status?: 'open' | 'resolved') =>
  requestJson<{ items: Incident[] }>(`/api/incidents${status ? `?status=${status}` : ''}`);

/** Tries the incident again, after setting `variables` on the matter (the fix for what was refused). */
export const retryIncident = (id: string, variables?: Variables) =>
  requestJson<Incident>(`/api/incidents/${encodeURIComponent(id)}/retry`, { method: 'POST', body: variables ? { variables } : {} });

/** Accepts the incident as it is. */
export const resolveIncident = (id: string) => requestJson<Incident>(`/api/incidents/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: {} });
