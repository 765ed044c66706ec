/** The server's clock: business time, and the drill (演练) it runs on, if any. */
import { useApi } from './useApi';

export interface Clock {
  now: string;
  drill?: { start: string; dayMs: number };
}

export const useClock = () => useApi<Clock>('/api/clock');
