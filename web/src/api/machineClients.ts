/** Machine clients of the job API (/v2): listed, registered and revoked by administrators. */
import { request, requestJson } from './client';
import type { Items, MachineClient } from './types';
import { useApi } from './useApi';

export const useMachineClients = () => useApi<Items<MachineClient>>('/api/machine-clients');

/** Registers a client; the answer carries its secret, shown this once. */
export const addMachineClient = (client: { id: string; description?: string; scopes: string[] }) =>
  requestJson<MachineClient & { secret: string }>('/api/machine-clients', { method: 'POST', body: client });

export const revokeMachineClient = (id: string) => request(`/api/machine-clients/${encodeURIComponent(id)}`, { method: 'DELETE' });
