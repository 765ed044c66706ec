import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './BpmnDiagram.css';
import { text } from '../i18n';

export interface BpmnDiagramProps {
  xml: string;
  /** Element ids to highlight as running now. */
  active?: string[];
  /** Element ids to tint as done; an element both done and running again shows as running. */
  completed?: string[];
  /** The element a failed matter stopped at. */
  failed?: string;
  height: number;
}

const zoomStep = 1.25;

/** diagram-js centres a fitted diagram when `center` is 'auto', which its typings leave out. */
interface FittingCanvas {
  zoom(scale: 'fit-viewport', center: 'auto'): number;
}

function fitViewport(canvas: Canvas): void {
  (canvas as unknown as FittingCanvas).zoom('fit-viewport', 'auto');
}

/**
 * diagram-js pans with a mouse only. On a touch screen a sideways swipe pans the diagram, while an
 * up-or-down swipe still scrolls the page (CSS `touch-action: pan-y` hands those to the browser).
 */
function panByTouch(element: HTMLElement, canvas: Canvas): () => void {
  let last: { x: number; y: number } | null = null;
  const down = (event: PointerEvent) => {
    if (event.pointerType === 'touch') last = { x: event.clientX, y: event.clientY };
  };
  const move = (event: PointerEvent) => {
    if (!last) return;
    canvas.scroll({ dx: event.clientX - last.x, dy: event.clientY - last.y });
    last = { x: event.clientX, y: event.clientY };
  };
  const up = () => {
    last = null;
  };
  element.addEventListener('pointerdown', down);
  element.addEventListener('pointermove', move);
  element.addEventListener('pointerup', up);
  element.addEventListener('pointercancel', up);
  return () => {
    element.removeEventListener('pointerdown', down);
    element.removeEventListener('pointermove', move);
    element.removeEventListener('pointerup', up);
    element.removeEventListener('pointercancel', up);
  };
}

/** A read-only BPMN diagram (bpmn-js NavigatedViewer: drag to pan, wheel to zoom) with run-state markers. */
export default function BpmnDiagram({ xml, active = [], completed = [], failed = '', height }: BpmnDiagramProps) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string>();
  // Joined so the effect below re-runs when the ids change, not when a parent re-renders with new arrays.
  const activeIds = active.join(' ');
  const completedIds = completed.join(' ');

  useEffect(() => {
    const instance = new NavigatedViewer({ container: container.current! });
    viewer.current = instance;
    const element = container.current!;
    const canvas = instance.get<Canvas>('canvas');
    // The canvas caches its size; tell it when the page layout changes it.
    const observer = new ResizeObserver(() => canvas.resized());
    observer.observe(element);
    const stopPanning = panByTouch(element, canvas);
    return () => {
      stopPanning();
      observer.disconnect();
      instance.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = viewer.current!;
    let current = true;
    instance.importXML(xml).then(
      () => {
        if (!current) return;
        setError(undefined);
        const canvas = instance.get<Canvas>('canvas');
        const registry = instance.get<ElementRegistry>('elementRegistry');
        const mark = (ids: string, marker: string) => {
          for (const id of ids.split(' ')) if (id && registry.get(id)) canvas.addMarker(id, marker);
        };
        mark(completedIds, 'diagram-completed');
        mark(activeIds, 'diagram-active');
        mark(failed, 'diagram-failed');
        fitViewport(canvas);
      },
      (importError: Error) => {
        if (current) setError(importError.message);
      },
    );
    return () => {
      current = false;
    };
  }, [xml, activeIds, completedIds, failed]);

  const zoom = (factor: number | 'fit') => {
    const canvas = viewer.current?.get<Canvas>('canvas');
    if (!canvas) return;
    if (factor === 'fit') fitViewport(canvas);
    else canvas.zoom(canvas.zoom() * factor);
  };

  return (
    <>
      {error ? <Alert type="error" showIcon title={text.processDefinition.diagramFailed} description={error} /> : null}
      <div className="bpmn-diagram" style={{ height }}>
        <div ref={container} className="bpmn-diagram-canvas" />
        <Space.Compact className="bpmn-diagram-zoom">
          <Button icon={<ZoomInOutlined />} aria-label={text.processDefinition.zoomIn} onClick={() => zoom(zoomStep)} />
          <Button
            icon={<ZoomOutOutlined />}
            aria-label={text.processDefinition.zoomOut}
            onClick={() => zoom(1 / zoomStep)}
          />
          <Button icon={<CompressOutlined />} aria-label={text.processDefinition.fit} onClick={() => zoom('fit')} />
        </Space.Compact>
      </div>
    </>
  );
}
