/** The modeler's calls for the server check and the versions of a process. */
import { requestJson } from '../../api/client';
import type { DeploymentCheck } from '../../../../contract/deployments';
import type { ProcessVersion } from '../../../../contract/process-definitions';

export type { DeploymentCheck, ProcessVersion };

/** The server's dry run of deploying the diagram: the compiler's errors and warnings, nothing stored. */
export function checkDiagram(xml: string, fileName: string, signal?: AbortSignal): Promise<DeploymentCheck> {
  const form = new FormData();
  form.append('file', new File([xml], fileName, { type: 'application/xml' }));
  return requestJson<DeploymentCheck>('/api/deployments/check', { method: 'POST', body: form, signal });
}

/** Every deployed version of a process, newest first. */
export async function fetchVersions(key: string): Promise<ProcessVersion[]> {
  return (await requestJson<{ items: ProcessVersion[] }>(`/api/process-definitions/${encodeURIComponent(key)}/versions`)).items;
}
