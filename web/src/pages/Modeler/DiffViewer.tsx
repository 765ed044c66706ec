/** One version of a diagram, read-only (bpmn-js NavigatedViewer), its changed elements marked by kind. */
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import type { ChangeKind } from './diff';

/** The marker class of a change of this kind (styled in DiffPage.css). */
export const diffMarker = (kind: ChangeKind) => `diff-${kind}`;

const FOCUS = 'diff-focus';

export function DiffViewer({ xml, marks, focus, label }: { xml?: string; marks: Array<{ id: string; kind: ChangeKind }>; focus?: { id: string }; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | undefined>(undefined);
  const [imported, setImported] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const instance = new NavigatedViewer({ container: container.current! });
    viewer.current = instance;
    return () => {
      viewer.current = undefined;
      instance.destroy();
    };
  }, []);

  useEffect(() => {
    const instance = viewer.current;
    if (!instance || xml === undefined) return;
    let current = true;
    instance.importXML(xml).then(
      () => {
        if (!current) return;
        setError(undefined);
        instance.get<Canvas>('canvas').zoom('fit-viewport');
        setImported(xml);
      },
      (caught: Error) => {
        if (current) setError(caught.message);
      },
    );
    return () => {
      current = false;
    };
  }, [xml]);

  // The marks, once the diagram they belong to is on the canvas.
  useEffect(() => {
    const instance = viewer.current;
    if (!instance || imported === undefined || imported !== xml) return;
    const canvas = instance.get<Canvas>('canvas');
    const registry = instance.get<ElementRegistry>('elementRegistry');
    const placed = marks.filter((mark) => registry.get(mark.id));
    for (const mark of placed) canvas.addMarker(mark.id, diffMarker(mark.kind));
    return () => {
      if (viewer.current !== instance) return;
      for (const mark of placed) if (registry.get(mark.id)) canvas.removeMarker(mark.id, diffMarker(mark.kind));
    };
  }, [imported, xml, marks]);

  // The change clicked in the list: outlined and scrolled into view, when this version has it.
  useEffect(() => {
    const instance = viewer.current;
    if (!instance || !focus || imported === undefined) return;
    const canvas = instance.get<Canvas>('canvas');
    const element = instance.get<ElementRegistry>('elementRegistry').get(focus.id);
    if (!element) return;
    canvas.addMarker(focus.id, FOCUS);
    canvas.scrollToElement(element as Parameters<Canvas['scrollToElement']>[0]);
    return () => {
      if (viewer.current === instance && instance.get<ElementRegistry>('elementRegistry').get(focus.id)) canvas.removeMarker(focus.id, FOCUS);
    };
  }, [focus, imported]);

  return (
    <div className="modeler-diff-pane">
      <div className="modeler-diff-label">{label}</div>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <div className="modeler-diff-canvas" ref={container} data-testid={`diff-${label}`} />
    </div>
  );
}
