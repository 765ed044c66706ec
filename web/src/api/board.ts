/** The ranking board (天工榜). */
import type { Board, PeriodKind } from './types';
import { useApi } from './useApi';

/** The board of the week, month or year holding `date` (YYYY-MM-DD). */
export const useBoard = (period: PeriodKind, date: string) => useApi<Board>(`/api/board?period=${period}&date=${date}`);
