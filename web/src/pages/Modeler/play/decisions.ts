/** The decisions a play evaluates: the latest deployed version of each, read (GET only) from the server and parsed in the browser. */
import { parseDmn, type DecisionRequirements } from '../../../../../bpmn/dmn';
import { asApiError, requestText } from '../../../api/client';

/** The DMN file the decision was deployed in; undefined when no such decision is deployed. */
export async function fetchDecision(decisionId: string): Promise<DecisionRequirements | undefined> {
  let xml: string;
  try {
    xml = await requestText(`/api/decisions/${encodeURIComponent(decisionId)}/xml`);
  } catch (error) {
    if (asApiError(error).status === 404) return undefined;
    throw error;
  }
  const parsed = await parseDmn(xml);
  return parsed.ok ? parsed.requirements : undefined;
}
