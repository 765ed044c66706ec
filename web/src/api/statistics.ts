/** Counts of the matters the filters match, grouped by unit, source, type or month. */
import { filterQuery, type MatterFilters } from '../matterFilters';
import type { GroupBy, Statistics } from './types';
import { useApi } from './useApi';

export function useStatistics(filters: MatterFilters, groupBy: GroupBy) {
  const query = filterQuery(filters);
  query.set('groupBy', groupBy);
  return useApi<Statistics>(`/api/statistics?${query}`);
}
