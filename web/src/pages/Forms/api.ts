/** The form pages' calls: deployed forms, and deploying one as a `.form` file. */
import { requestJson } from '../../api/client';
import { useApi } from '../../api/useApi';
import type { Items } from '../../api/types';
import type { Form, FormSchema as DeployedSchema } from '../../../../contract/forms';
import type { DeploymentResult } from '../../../../contract/deployments';

export type { Form };

/** A form-js schema: its id and components, its name, and whatever else form-js writes. */
export type FormSchema = DeployedSchema & { name?: string; [property: string]: unknown };

/** The latest version of every deployed form. */
export const useForms = () => useApi<Items<Form>>('/api/forms');

/** A deployed form's schema: the version given, or the latest. */
export function fetchForm(key: string, version?: number): Promise<FormSchema> {
  const query = version === undefined ? '' : `?version=${version}`;
  return requestJson<FormSchema>(`/api/forms/${encodeURIComponent(key)}${query}`);
}

/** Deploys the schema as a `.form` upload (POST /api/deployments); a refusal is a 400 ApiError naming what is wrong. */
export function deployForm(schema: FormSchema): Promise<DeploymentResult> {
  const upload = new FormData();
  upload.append('file', new File([JSON.stringify(schema, null, 2)], `${schema.id}.form`, { type: 'application/json' }));
  return requestJson<DeploymentResult>('/api/deployments', { method: 'POST', body: upload });
}
