/** The decision pages' calls: the deployed decisions, one decision's DMN file, and deploying files together. */
import { requestJson, requestText } from '../../api/client';
import { useApi } from '../../api/useApi';
import type { Items } from '../../api/types';
import type { Decision } from '../../../../contract/decisions';
import type { DeploymentResult } from '../../../../contract/deployments';

export type { Decision, DeploymentResult };

/** The latest version of every deployed decision. */
export const useDecisions = () => useApi<Items<Decision>>('/api/decisions');

/** The DMN file a decision was deployed in: the version given, or the latest. */
export function fetchDecisionXml(key: string, version?: number): Promise<string> {
  const query = version === undefined ? '' : `?version=${version}`;
  return requestText(`/api/decisions/${encodeURIComponent(key)}/xml${query}`);
}

/**
 * Deploys the files together (.bpmn, .dmn, .form), all or nothing; a file the server refuses is a
 * 400 ApiError whose `errors` name the file and element.
 */
export function deployFiles(files: File[]): Promise<DeploymentResult> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return requestJson<DeploymentResult>('/api/deployments', { method: 'POST', body: form });
}
