import type { User } from './api/types';

/** How the UI names what the API gives by id: units by their name, people by their display name. */
export interface Names {
  unitName: (unitId: string) => string;
  userName: (username: string) => string;
}

/** Looks a key up in a register of names; a key the register lacks (or names blankly) shows as itself. */
export function nameLookup(names: ReadonlyMap<string, string>): (key: string) => string {
  return (key) => names.get(key) || key;
}

/** People's display names, the signed-in user's own always among them. */
export function userNameLookup(user: Pick<User, 'username' | 'displayName'>, names: ReadonlyMap<string, string>): (username: string) => string {
  return nameLookup(new Map([...names, [user.username, user.displayName]]));
}
