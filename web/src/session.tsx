import { createContext, useContext } from 'react';
import type { Unit, User } from './api/types';
import type { Names } from './names';

export interface Session extends Names {
  user: User;
  units: Unit[];
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user and the unit register; only rendered below the login gate. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}
