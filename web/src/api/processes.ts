/** The deployed process definitions (BPMN diagrams). */
import type { Items, ProcessDefinition } from './types';
import { useApi } from './useApi';

/** The latest version of each definition; with `load` false, nothing is loaded. */
export const useProcessDefinitions = (load = true) => useApi<Items<ProcessDefinition>>(load ? '/api/process-definitions' : null);

/** A definition's BPMN XML: the version given, or the latest. */
export function useProcessXml(key: string, version?: number) {
  const query = version === undefined ? '' : `?version=${version}`;
  return useApi<string>(`/api/process-definitions/${encodeURIComponent(key)}/xml${query}`, 'text');
}
