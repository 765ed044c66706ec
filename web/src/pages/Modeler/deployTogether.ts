/**
 * Deploying the diagram with the .dmn and .form files attached to it, in one deployment (all or
 * nothing): a diagram whose decision is not deployed yet deploys with it in one go.
 */
import { ApiError } from '../../api/client';
import type { ProblemDetail } from '../../api/types';
import { deployFiles } from '../Decisions/api';
import { deployDiagram, type Deployment } from './api';

/** A problem in another file than the diagram names that file: the diagram's elements are the modeler's to select. */
const inDiagram = (diagramFile: string) => (problem: ProblemDetail) =>
  problem.file && problem.file !== diagramFile ? { ...problem, elementId: undefined, message: `${problem.file}${problem.elementId ? ` ${problem.elementId}` : ''}：${problem.message}` } : problem;

/** Deploys the diagram, alone or with the files attached; answers as deploying the diagram alone does. */
export async function deployTogether(xml: string, fileName: string, attachments: File[]): Promise<Deployment> {
  if (attachments.length === 0) return deployDiagram(xml, fileName);
  const toDiagram = inDiagram(fileName);
  let result;
  try {
    result = await deployFiles([new File([xml], fileName, { type: 'application/xml' }), ...attachments]);
  } catch (error) {
    if (error instanceof ApiError && error.body?.errors) throw new ApiError(error.status, { ...error.body, errors: error.body.errors.map(toDiagram) });
    throw error;
  }
  const warnings = result.warnings.map(toDiagram).map(({ elementId, message }) => ({ elementId, message }));
  const [first, ...others] = result.processes;
  if (!first) throw new ApiError(400, { error: 'Bad Request', message: `${fileName} has no executable process` });
  return { ...first, warnings, processes: [first, ...others].map((process) => ({ ...process, warnings: [] })) };
}
