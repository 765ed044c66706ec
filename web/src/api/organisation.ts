/** The organisation: units, users, leaders in charge, and its workbook. */
import { download, request, requestJson, uploadFile } from './client';
import type { Items, LeaderInCharge, NewUnit, NewUser, OrganisationImportResult, Unit, UnitNode, User, UserChanges, UserRecord } from './types';
import { useApi } from './useApi';

const unitPath = (id: string) => `/api/units/${encodeURIComponent(id)}`;

/** The unit register, flat. */
export const listUnits = () => requestJson<Items<Unit>>('/api/units');

/** The unit register as a tree, for the administrator. */
export const useUnitTree = () => useApi<Items<UnitNode>>('/api/units?tree=1');

/** What a unit is besides its id; a unit without a parent sits at the top. */
export type UnitInput = Omit<NewUnit, 'id'>;

export const addUnit = (id: string, unit: UnitInput) => request('/api/units', { method: 'POST', body: { id, ...unit } });

export const changeUnit = (id: string, unit: UnitInput) => request(unitPath(id), { method: 'PATCH', body: unit });

export const removeUnit = (id: string) => request(unitPath(id), { method: 'DELETE' });

/** Every user's display name by username, for showing people by name. */
export const listUserNames = () => requestJson<Items<Pick<User, 'username' | 'displayName'>>>('/api/users/names');

/** The users as the administrator manages them. */
export const useUsers = () => useApi<Items<UserRecord>>('/api/users');

/** The users who are leaders, to name a matter's leader in charge. */
export const useLeaderUsers = () => useApi<Items<User>>('/api/users?role=leader');

export type { NewUser };

/** A user's changes; a password left out stays as it was. */
export type UserChange = UserChanges;

export const addUser = (user: NewUser) => request('/api/users', { method: 'POST', body: user });

export const changeUser = (id: number, change: UserChange) => request(`/api/users/${id}`, { method: 'PATCH', body: change });

/** The leaders in charge and the units each is in charge of. */
export const useLeaders = () => useApi<Items<LeaderInCharge>>('/api/leaders');

export const setLeaderUnits = (username: string, unitIds: string[]) =>
  request(`/api/leaders/${encodeURIComponent(username)}/units`, { method: 'PUT', body: { unitIds } });

export const downloadOrganisationTemplate = () => download('/api/organisation/template.xlsx', 'organisation.xlsx');

/** Creates or updates the workbook's units, users and leaders in charge, all or none. */
export const importOrganisation = (file: File) => uploadFile<OrganisationImportResult>('/api/organisation/import', file);
