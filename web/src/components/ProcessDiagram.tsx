import { lazy, Suspense } from 'react';
import { useProcessXml } from '../api/processes';
import { useIsPhone } from '../useIsPhone';
import type { BpmnDiagramProps } from './BpmnDiagram';
import { ErrorAlert, PageLoading } from './PageState';

// bpmn-js is large: it loads only when a diagram is on screen.
const BpmnDiagram = lazy(() => import('./BpmnDiagram'));

interface ProcessDiagramProps extends Pick<BpmnDiagramProps, 'active' | 'completed' | 'failed'> {
  processKey: string;
  /** The latest deployed version when omitted. */
  version?: number;
}

/** The deployed diagram of a process definition, fetched as BPMN XML and shown read-only. */
export function ProcessDiagram({ processKey, version, ...highlights }: ProcessDiagramProps) {
  const isPhone = useIsPhone();
  const xml = useProcessXml(processKey, version);

  if (xml.error) return <ErrorAlert error={xml.error} onRetry={xml.reload} />;
  if (xml.data === undefined) return <PageLoading />;
  return (
    <Suspense fallback={<PageLoading />}>
      <BpmnDiagram xml={xml.data} {...highlights} height={isPhone ? 260 : 480} />
    </Suspense>
  );
}
