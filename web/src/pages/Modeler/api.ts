/** The modeler page's calls: deploy the diagram drawn. (Reading a deployed diagram is api/processes.ts's.) */
import { requestJson, requestText } from '../../api/client';
import type { Deployment } from '../../../../contract/process-definitions';

export type { Deployment };

/** Deploys the XML as a .bpmn upload; a diagram the compiler refuses is a 400 ApiError whose `errors` name the elements. */
export function deployDiagram(xml: string, fileName: string): Promise<Deployment> {
  const form = new FormData();
  form.append('file', new File([xml], fileName, { type: 'application/xml' }));
  return requestJson<Deployment>('/api/process-definitions', { method: 'POST', body: form });
}

/** A deployed diagram: the version given, or the latest. */
export function fetchDiagram(key: string, version?: number): Promise<string> {
  const query = version === undefined ? '' : `?version=${version}`;
  return requestText(`/api/process-definitions/${encodeURIComponent(key)}/xml${query}`);
}
