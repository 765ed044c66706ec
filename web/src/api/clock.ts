/** The server's clock: business time, and the drill (演练) it runs on, if any. */
import type { Clock } from './types';
import { useApi } from './useApi';


export const useClock = () => useApi<Clock>('/api/clock');
