import { createContext, useContext } from 'react';
import type { Unit, User } from './api/types';

export interface Session {
  user: User;
  units: Unit[];
  unitName: (unitId: string) => string;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user and the unit register; only rendered below the login gate. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}

/** Supervisors and admins register, edit, start, urge and terminate matters. */
export function supervises(user: User): boolean {
  return user.role === 'supervisor' || user.role === 'admin';
}

/** A responsible unit's people: its handlers and its head. */
export function isUnitUser(user: User): boolean {
  return user.role === 'handler' || user.role === 'head';
}
